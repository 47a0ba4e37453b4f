import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database and key file named by the environment: set them before importing.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messages-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.MAIL_DIR = path.join(dir, 'mail')
process.env.ATTACHMENT_DIR = path.join(dir, 'attachments')
process.env.MESSAGE_KEY_FILE = path.join(dir, 'message-keys.json')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const messages = await import('./messages.server')
const { rotateKeyFile } = await import('./message-keys.server')
const { decryptText, MessageDecryptionError } = await import('../utils/message-crypto.server')
const { attachmentResponse, attachmentRow } = await import('./attachments.server')

type V = Parameters<typeof messages.startConversation>[0]
const viewer = (id: string, role: V['role'] = 'member'): V => ({ id, name: id.toUpperCase(), email: `${id}@t`, role, status: 'active', preferredLanguage: 'en', timezone: null, regions: [], sessionId: '' })
const pdf = Buffer.from('%PDF-1.4\n%secret seizure list\n%%EOF\n')

beforeAll(async () => {
	await migrateToLatest(database().db)
	await database()
		.db.insertInto('users')
		.values(['ana', 'ben', 'cho', 'staff'].map((id) => ({ id, email: `${id}@test.portal`, name: id.toUpperCase(), handle: id, role: id === 'staff' ? ('staff' as const) : ('member' as const), status: 'active' as const, created_at: 0 })))
		.execute()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('direct messages', () => {
	let conversationId = 0

	test('only participants can open a conversation; staff are not participants', async () => {
		const started = await messages.startConversation(viewer('ana'), { to: ['@ben'], subject: 'Lomé container', body: 'The consignee is Kwame Enterprises.', files: [{ filename: 'list.pdf', bytes: pdf, contentType: 'application/pdf' }] })
		expect(started.kind).toBe('ok')
		conversationId = started.kind === 'ok' ? started.id : 0
		expect(await messages.conversationForViewer(viewer('ben'), conversationId)).toMatchObject({ subject: 'Lomé container' })
		expect(await messages.conversationForViewer(viewer('cho'), conversationId)).toBeNull()
		expect(await messages.conversationForViewer(viewer('staff', 'staff'), conversationId)).toBeNull()
		expect((await messages.conversationsOf(viewer('ben')))[0]).toMatchObject({ subject: 'Lomé container', unread: 1, with: ['ANA'] })
	})

	test('subjects, bodies, attachment names and files are not stored in plain text', async () => {
		database().sqlite.pragma('wal_checkpoint(TRUNCATE)')
		const raw = fs.readFileSync(process.env.DATABASE_PATH!)
		for (const secret of ['Kwame Enterprises', 'Lomé container', 'list.pdf']) expect(raw.includes(Buffer.from(secret))).toBe(false)
		const [file] = fs.readdirSync(process.env.ATTACHMENT_DIR!, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
		expect(fs.readFileSync(path.join(file.parentPath, file.name)).includes(Buffer.from('secret seizure list'))).toBe(false)
	})

	test('a ciphertext moved to another conversation fails its integrity check', async () => {
		const row = await database().db.selectFrom('messages').select('body_enc').where('conversation_id', '=', conversationId).executeTakeFirstOrThrow()
		expect(decryptText(row.body_enc, `message:${conversationId}`)).toBe('The consignee is Kwame Enterprises.')
		expect(() => decryptText(row.body_enc, `message:${conversationId + 1}`)).toThrow(MessageDecryptionError)
	})

	test('a blocked member’s messages stop arriving, and they are not told', async () => {
		await messages.setBlocked(viewer('ben'), 'ana', true)
		const sent = await messages.postMessage(viewer('ana'), conversationId, 'Are you there?', [])
		expect(sent.kind).toBe('ok') // the writer sees a normal send
		const forBen = await messages.messagesOf(viewer('ben'), conversationId)
		expect(forBen.messages.map((m) => m.body)).toEqual([])
		expect(await messages.unreadMessageCount(viewer('ben'))).toBe(0)
		const notes = await database().db.selectFrom('notifications').select('dedupe_key').where('user_id', '=', 'ben').execute()
		expect(notes.map((n) => n.dedupe_key)).toEqual([expect.stringMatching(/^message:/)]) // only the first message, from before the block
		await messages.setBlocked(viewer('ben'), 'ana', false)
		expect((await messages.messagesOf(viewer('ben'), conversationId)).messages).toHaveLength(2)
	})

	test('rotating the key re-encrypts everything, retires the old key, and every message still reads', async () => {
		const before = JSON.parse(fs.readFileSync(process.env.MESSAGE_KEY_FILE!, 'utf8')).current as string
		const report = await rotateKeyFile()
		expect(report.retired).toEqual([before])
		expect(report.reencrypted).toEqual({ subjects: 1, messages: 2, attachments: 1 })
		const file = JSON.parse(fs.readFileSync(process.env.MESSAGE_KEY_FILE!, 'utf8'))
		expect(Object.keys(file.keys)).toEqual([report.newKeyId])
		expect((await messages.messagesOf(viewer('ana'), conversationId)).messages.map((m) => m.body)).toEqual(['The consignee is Kwame Enterprises.', 'Are you there?'])
		const attachment = await database().db.selectFrom('attachments').select('id').executeTakeFirstOrThrow()
		const response = attachmentResponse((await attachmentRow(attachment.id))!)
		expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true)
		expect(response.headers.get('content-disposition')).toContain('filename="list.pdf"')
	})

	test('leaving a conversation closes it to the member who left', async () => {
		expect(await messages.leaveConversation(viewer('ben'), conversationId)).toBe(true)
		expect(await messages.conversationForViewer(viewer('ben'), conversationId)).toBeNull()
		expect(await messages.messageReadableBy(viewer('ben'), 1)).toBe(false)
		expect(await messages.messageReadableBy(viewer('ana'), 1)).toBe(true)
	})

	test('the notice of a new message is in each recipient’s language, and names the writer only', async () => {
		await database().db.insertInto('users').values({ id: 'dai', email: 'dai@test.portal', name: 'DAI', handle: 'dai', role: 'member', status: 'active', preferred_language: 'zh', created_at: 0 }).execute()
		const started = await messages.startConversation(viewer('cho'), { to: ['@dai', '@ben'], subject: 'Serial numbers', body: 'Three were filed off.', files: [] })
		expect(started.kind).toBe('ok')
		const titleOf = async (userId: string) => (await database().db.selectFrom('notifications').select('title').where('user_id', '=', userId).where('url', '=', `/messages/${started.kind === 'ok' ? started.id : 0}`).executeTakeFirstOrThrow()).title
		expect(await titleOf('dai')).toBe('CHO给您发送了一条消息')
		expect(await titleOf('ben')).toBe('CHO sent you a message')
		const mails = fs.readdirSync(process.env.MAIL_DIR!).map((f) => JSON.parse(fs.readFileSync(path.join(process.env.MAIL_DIR!, f), 'utf8')))
		const zh = mails.find((m) => m.to === 'dai@test.portal')
		expect(zh.subject).toBe('CHO给您发送了一条消息')
		expect(zh.text).toContain('在门户中打开：')
		expect(zh.text).toContain('退订（无需登录）：')
		for (const secret of ['Serial numbers', 'Three were filed off']) expect(zh.text).not.toContain(secret)
		expect(mails.find((m) => m.to === 'ben@test.portal' && m.subject === 'CHO sent you a message')?.text).toContain('Open it in the portal: ')
	})

	test('an unlisted member cannot be found by handle: refused in the words used for a handle nobody has, except by staff and by someone already writing with them', async () => {
		await database().db.insertInto('users').values({ id: 'eko', email: 'eko@test.portal', name: 'EKO', handle: 'eko', role: 'member', status: 'active', created_at: 0 }).execute()
		await database()
			.db.insertInto('directory_profiles')
			.values(['eko', 'ben'].map((user_id) => ({ user_id, listed: 0, organisation_type: '' as const, languages: '[]', expertise: '[]', bio: '', visibility: '{}', updated_at: 0 })))
			.execute()
		const refused = await messages.resolveRecipients(viewer('ana'), ['@eko'])
		expect(refused).toEqual({ ids: [], error: 'No member with the handle @eko.' })
		expect((await messages.resolveRecipients(viewer('ana'), ['@nobody'])).error).toBe('No member with the handle @nobody.')
		expect(await messages.resolveRecipients(viewer('staff', 'staff'), ['@eko'])).toEqual({ ids: ['eko'], error: null })
		// Ana already has a conversation with Ben, who has since left the directory; Eko has none with him.
		expect(await messages.resolveRecipients(viewer('ana'), ['@ben'])).toEqual({ ids: ['ben'], error: null })
		expect((await messages.resolveRecipients(viewer('eko'), ['@ben'])).error).toBe('No member with the handle @ben.')
	})
})
