import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifications-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.MAIL_DIR = path.join(dir, 'mail')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { notify, sendDueDigests, unreadCount, markRead } = await import('./notifications.server')
const { readUnsubscribeToken, applyUnsubscribe } = await import('./unsubscribe.server')

const mails = () => (fs.existsSync(process.env.MAIL_DIR!) ? fs.readdirSync(process.env.MAIL_DIR!).map((f) => JSON.parse(fs.readFileSync(path.join(process.env.MAIL_DIR!, f), 'utf8'))) : [])

beforeAll(async () => {
	await migrateToLatest(database().db)
	await database()
		.db.insertInto('users')
		.values([
			{ id: 'u1', email: 'daily@test.portal', name: 'Daily', role: 'member', status: 'active', created_at: 0 },
			{ id: 'u2', email: 'gone@test.portal', name: 'Gone', role: 'member', status: 'suspended', created_at: 0 },
			{ id: 'u3', email: 'reader@test.portal', name: 'Reader', role: 'member', status: 'active', created_at: 0 },
		])
		.execute()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('notifications', () => {
	test('a dedupe key notifies once; unread counts follow reading', async () => {
		expect(await notify('u3', { kind: 'saved-search', title: 'Read case', url: '/cases/R', dedupeKey: 'k:R', email: 'daily', unsubscribe: { kind: 'digest' } })).toBe(true)
		expect(await notify('u3', { kind: 'saved-search', title: 'Read case', url: '/cases/R', dedupeKey: 'k:R', email: 'daily', unsubscribe: { kind: 'digest' } })).toBe(false)
		expect(await unreadCount('u3')).toBe(1)
		await markRead('u3', 'all')
		expect(await unreadCount('u3')).toBe(0)
		await notify('u1', { kind: 'saved-search', title: 'New case A', url: '/cases/A', dedupeKey: 'k:A', email: 'daily', unsubscribe: { kind: 'digest' } })
		await notify('u1', { kind: 'saved-search', title: 'New case B', url: '/cases/B', dedupeKey: 'k:B', email: 'daily', unsubscribe: { kind: 'digest' } })
	})

	test('the daily digest gathers pending items in one mail, once a day, and skips suspended accounts', async () => {
		await notify('u2', { kind: 'saved-search', title: 'Never sent', url: '/cases/X', dedupeKey: 'k:X', email: 'daily', unsubscribe: { kind: 'digest' } })
		const now = Math.floor(Date.now() / 1000)
		expect(await sendDueDigests(now)).toBe(1)
		const first = mails()
		expect(first).toHaveLength(1)
		expect(first[0].to).toBe('daily@test.portal')
		expect(first[0].subject).toBe('Your daily digest: 2 new items')
		expect(first[0].text).toContain('New case A')
		expect(first[0].text).toContain('New case B')
		// Nothing new: nothing sent. Something new within the day: it waits.
		expect(await sendDueDigests(now + 60)).toBe(0)
		await notify('u1', { kind: 'saved-search', title: 'New case C', url: '/cases/C', dedupeKey: 'k:C', email: 'daily', unsubscribe: { kind: 'digest' } })
		expect(await sendDueDigests(now + 3600)).toBe(0)
		expect(await sendDueDigests(now + 86_400)).toBe(1)
		expect(mails()).toHaveLength(2)
		expect(mails().some((m) => m.to === 'gone@test.portal' || m.to === 'reader@test.portal')).toBe(false)
	})

	test('an immediate notification is emailed at once', async () => {
		await notify('u1', { kind: 'saved-search', title: 'Urgent case D', url: '/cases/D', dedupeKey: 'k:D', email: 'immediate', unsubscribe: { kind: 'forum-email' } })
		const sent = mails().find((m) => m.subject === 'Urgent case D')
		expect(sent?.text).toContain('/cases/D')
	})

	test('every email carries a signed unsubscribe link that works once read back, and a forged one does not', async () => {
		const digest = mails().find((m) => m.subject.startsWith('Your daily digest'))
		const token = digest?.text.match(/\/unsubscribe\/(\S+)/)?.[1]
		expect(token).toBeTruthy()
		const read = readUnsubscribeToken(token!)
		expect(read).toEqual({ userId: 'u1', scope: { kind: 'digest' } })
		// Changing the payload (another user) breaks the signature.
		const [payload, signature] = token!.split('.')
		const forged = Buffer.from(JSON.stringify({ u: 'u3', s: { kind: 'digest' } })).toString('base64url')
		expect(readUnsubscribeToken(`${forged}.${signature}`)).toBeNull()
		expect(readUnsubscribeToken(`${payload}.${signature}x`)).toBeNull()

		await database().db.updateTable('users').set({ forum_email: 'daily' }).where('id', '=', 'u1').execute()
		await applyUnsubscribe(read!.userId, read!.scope)
		const user = await database().db.selectFrom('users').select('forum_email').where('id', '=', 'u1').executeTakeFirstOrThrow()
		expect(user.forum_email).toBe('none')

		const immediate = mails().find((m) => m.subject === 'Urgent case D')
		expect(readUnsubscribeToken(immediate!.text.match(/\/unsubscribe\/(\S+)/)![1])).toEqual({ userId: 'u1', scope: { kind: 'forum-email' } })
	})
})
