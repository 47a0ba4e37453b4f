import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment: set it before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database, db } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { hashPassword } = await import('../utils/passwords.server')
const accounts = await import('./accounts.server')
const { loginBlocked } = await import('../utils/rate-limit.server')

beforeAll(async () => {
	await migrateToLatest(database().db)
	await db()
		.insertInto('users')
		.values({ id: 'ann', email: 'ann@test.portal', name: 'Ann', handle: 'ann', role: 'member', status: 'active', password_hash: await hashPassword('the right passphrase'), created_at: 0 })
		.execute()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('account flows an attacker could lean on', () => {
	test('a flood of access requests from one address stops after a few; another address is not held back', async () => {
		const request = (n: number) => ({ name: `Requester ${n}`, email: `r${n}@agency.example`, organisation: 'Agency', country: 'BRA', jobTitle: 'Analyst', regions: ['latin-america'], reason: 'Casework.' })
		for (let n = 0; n < accounts.ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR; n++) expect(await accounts.requestAccess(request(n), '203.0.113.9')).toBe('sent')
		expect(await accounts.requestAccess(request(99), '203.0.113.9')).toBe('limited')
		expect(await db().selectFrom('users').select('id').where('email', '=', 'r99@agency.example').executeTakeFirst()).toBeUndefined()
		expect(await accounts.requestAccess(request(100), '198.51.100.7')).toBe('sent')
	})

	test('a request made in someone else’s name does not block their invitation: the invitation takes the row over', async () => {
		const admin = { id: 'ann', role: 'admin' as const, ip: '127.0.0.1' }
		const squat = { name: 'Mallory', email: 'Judge.C@court.example', organisation: 'Nowhere', country: 'BRA', jobTitle: 'None', regions: ['latin-america'], reason: 'Squatting.' }
		expect(await accounts.requestAccess(squat, '203.0.113.50')).toBe('sent')
		expect(await accounts.inviteUser(admin, { email: 'judge.c@court.example', role: 'member', regions: [] }, 'https://portal.example.org')).toBe('invited')
		const mail = fs.readdirSync(path.join(dir, 'mail')).map((f) => fs.readFileSync(path.join(dir, 'mail', f), 'utf8')).find((m) => m.includes('judge.c@court.example'))
		const token = mail?.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1]
		expect(token, 'the invitation email carries its link').toBeTruthy()
		const accepted = await accounts.acceptInvitation(token!, { name: 'Judge Carla', organisation: 'Supreme Court', country: 'BRA', jobTitle: 'Judge', password: 'a judge’s own passphrase' })
		expect(accepted.kind).toBe('ok')
		const rows = await db().selectFrom('users').select(['id', 'name', 'status', 'request_reason']).where('email', '=', 'judge.c@court.example').execute()
		expect(rows).toEqual([{ id: (accepted as { userId: string }).userId, name: 'Judge Carla', status: 'active', request_reason: '' }])
		// An account someone really uses still blocks an invitation.
		expect(await accounts.inviteUser(admin, { email: 'ann@test.portal', role: 'member', regions: [] }, 'https://portal.example.org')).toBe('exists')
	})

	test('failures in a member’s name from many addresses lock out strangers, not the member at an address they signed in from', async () => {
		const { recordLoginAttempt } = await import('../utils/rate-limit.server')
		const email = 'ben@test.portal'
		await recordLoginAttempt(email, '198.51.100.20', true) // the member's office, last week or today
		for (let i = 0; i < 12; i++) await recordLoginAttempt(email, `203.0.113.${100 + i}`, false)
		expect(await loginBlocked(email, '198.51.100.99')).toBe(true) // a new address: the account is throttled
		expect(await loginBlocked(email, '198.51.100.20')).toBe(false) // the office still gets in
		// The office has its own limit all the same.
		for (let i = 0; i < 10; i++) await recordLoginAttempt(email, '198.51.100.20', false)
		expect(await loginBlocked(email, '198.51.100.20')).toBe(true)
	})

	test('guessing the current password on the profile page counts as failed logins, and stops at the login limit', async () => {
		const ip = '192.0.2.44'
		for (let i = 0; i < 10; i++) expect(await accounts.changePassword('ann', `guess ${i}`, 'a brand new passphrase', ip)).toBe('wrong')
		expect(await loginBlocked('ann@test.portal', ip)).toBe(true)
		// Blocked even with the right password, as the sign-in page would be.
		expect(await accounts.changePassword('ann', 'the right passphrase', 'a brand new passphrase', ip)).toBe('blocked')
		// Elsewhere the member, signed in, can still change it although their account is under attack.
		expect(await loginBlocked('ann@test.portal', '192.0.2.45')).toBe(true)
		expect(await accounts.changePassword('ann', 'the right passphrase', 'a brand new passphrase', '192.0.2.45')).toBe('changed')
	})
})
