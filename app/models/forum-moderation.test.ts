import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-moderation-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { moderationQueue } = await import('./forum-moderation.server')

const moderatorOfBalkans = { id: 'mod', email: 'mod@test.portal', name: 'Mod', role: 'moderator', status: 'active', preferredLanguage: 'en', timezone: 'UTC', regions: ['western-balkans'], sessionId: '' } as const

beforeAll(async () => {
	await migrateToLatest(database().db)
	const sqlite = database().sqlite
	sqlite.exec(`
		INSERT INTO regions (slug, name) VALUES ('western-balkans', 'Western Balkans'), ('caribbean', 'Caribbean');
		INSERT INTO forums (slug, name, kind, region_slug) VALUES ('western-balkans', 'Western Balkans', 'region', 'western-balkans'), ('caribbean', 'Caribbean', 'region', 'caribbean');
		INSERT INTO users (id, email, name, role, status, created_at) VALUES ('mod', 'mod@test.portal', 'Mod', 'moderator', 'active', 0), ('m', 'm@test.portal', 'Member', 'member', 'active', 0);
		INSERT INTO threads (id, forum_slug, title, author_id, last_post_at, created_at) VALUES (1, 'caribbean', 'Busy elsewhere', 'm', 0, 0), (2, 'western-balkans', 'Ours', 'm', 0, 0);
		INSERT INTO posts (id, thread_id, author_id, body, created_at) VALUES (1, 2, 'm', 'A post in our forum', 0);
	`)
	// 600 older open flags in a forum this moderator does not moderate, then one in theirs.
	const post = sqlite.prepare(`INSERT INTO posts (thread_id, author_id, body, created_at) VALUES (1, 'm', ?, 0)`)
	const flag = sqlite.prepare(`INSERT INTO post_flags (post_id, flagged_by, reason, created_at) VALUES (?, 'mod', ?, ?)`)
	sqlite.transaction(() => {
		for (let i = 0; i < 600; i++) flag.run(post.run(`Post ${i}`).lastInsertRowid, 'spam', i)
		flag.run(1, 'Names a witness', 1000)
	})()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('moderation queue', () => {
	test('a moderator sees the flags of their forums, however many are open elsewhere', async () => {
		const queue = await moderationQueue({ ...moderatorOfBalkans, regions: [...moderatorOfBalkans.regions] })
		expect(queue.map((e) => e.post.post_id)).toEqual([1])
		expect(queue[0].flags.map((f) => f.reason)).toEqual(['Names a witness'])
	})

	test('a member moderates nothing', async () => {
		expect(await moderationQueue({ ...moderatorOfBalkans, id: 'm', role: 'member', regions: ['western-balkans'] })).toEqual([])
	})
})

describe('deleting and restoring posts', () => {
	test("a moderator's delete of someone else's post and every restore reach the moderation log; an author deleting their own post does not", async () => {
		const { setPostDeleted } = await import('./forums.server')
		const { moderationLog } = await import('./forum-moderation.server')
		const moderator = { ...moderatorOfBalkans, regions: [...moderatorOfBalkans.regions] }
		const author = { ...moderator, id: 'm', role: 'member' as const }
		const logged = async () => (await moderationLog({ page: 1 })).entries.filter((e) => e.objectId === '1').map((e) => [e.action, e.actor])
		expect(await setPostDeleted(author, 1, true, '192.0.2.1')).toBe('ok')
		expect(await logged()).toEqual([])
		expect(await setPostDeleted(moderator, 1, false, '192.0.2.2')).toBe('ok')
		expect(await setPostDeleted(moderator, 1, true, '192.0.2.2')).toBe('ok')
		// Newest first.
		expect(await logged()).toEqual([
			['post.delete', 'Mod'],
			['post.restore', 'Mod'],
		])
	})
})
