import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forums-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')
process.env.MAIL_DIR = path.join(dir, 'mail')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { editPost, postsOf, replyTo, rerenderStalePosts, setPostDeleted, threadDocument } = await import('./forums.server')
const { MARKDOWN_RENDERER } = await import('../utils/markdown.server')

const member = { id: 'm', email: 'm@test.portal', name: 'Member', role: 'member', status: 'active', preferredLanguage: 'en', timezone: 'UTC', regions: ['caribbean'], sessionId: '' } as const
const viewer = { ...member, regions: [...member.regions] }
const stored = (id: number) => database().sqlite.prepare('SELECT body_html, body_text, body_renderer FROM posts WHERE id = ?').get(id) as { body_html: string | null; body_text: string | null; body_renderer: number }
const shown = async (id: number, moderator = false) => (await postsOf(1, 1, { moderator })).find((p) => p.id === id)

beforeAll(async () => {
	await migrateToLatest(database().db)
	database().sqlite.exec(`
		INSERT INTO regions (slug, name) VALUES ('caribbean', 'Caribbean');
		INSERT INTO forums (slug, name, kind, region_slug) VALUES ('caribbean', 'Caribbean', 'region', 'caribbean');
		INSERT INTO users (id, email, name, role, status, created_at) VALUES ('m', 'm@test.portal', 'Member', 'member', 'active', 0);
		INSERT INTO threads (id, forum_slug, title, author_id, post_count, last_post_at, created_at) VALUES (1, 'caribbean', 'Parcels', 'm', 1, 0, 0);
		INSERT INTO posts (id, thread_id, author_id, body, created_at) VALUES (1, 1, 'm', 'Written **before** HTML was kept', 0);
	`)
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('posts keep their rendered HTML and text', () => {
	test('a reply is stored rendered and sanitized, and a page shows the stored HTML without rendering again', async () => {
		const reply = await replyTo(viewer, 1, 'Seized **frames** <img src=x onerror=alert(1)> [x](javascript:alert(1))')
		if (reply.kind !== 'ok') throw new Error(reply.kind)
		const kept = stored(reply.postId)
		expect(kept.body_renderer).toBe(MARKDOWN_RENDERER)
		expect(kept.body_html).toContain('<strong>frames</strong>')
		expect(kept.body_html).not.toMatch(/<img|href="javascript:/i)
		// What the page shows is the stored HTML: a changed copy in the database shows as changed.
		database().sqlite.prepare('UPDATE posts SET body_html = ? WHERE id = ?').run('<p>as stored</p>', reply.postId)
		expect((await shown(reply.postId))?.html).toBe('<p>as stored</p>')
	})

	test('HTML from an older renderer, or none (posts written before it was kept), is rendered from the Markdown instead', async () => {
		expect(stored(1).body_html).toBeNull()
		expect((await shown(1))?.html).toBe('<p>Written <strong>before</strong> HTML was kept</p>\n')
		database().sqlite.prepare('UPDATE posts SET body_html = ?, body_renderer = ? WHERE id = 1').run('<p>old renderer</p>', MARKDOWN_RENDERER - 1)
		expect((await shown(1))?.html).toBe('<p>Written <strong>before</strong> HTML was kept</p>\n')
	})

	test('an edit stores the new text rendered', async () => {
		const reply = await replyTo(viewer, 1, 'First _draft_')
		if (reply.kind !== 'ok') throw new Error(reply.kind)
		expect(await editPost(viewer, reply.postId, 'Second **version**')).toBe('ok')
		expect(stored(reply.postId)).toEqual({ body_html: '<p>Second <strong>version</strong></p>\n', body_text: 'Second version', body_renderer: MARKDOWN_RENDERER })
		expect((await shown(reply.postId))?.html).toBe('<p>Second <strong>version</strong></p>\n')
	})

	test("a deleted post's stored HTML reaches nobody's page", async () => {
		const reply = await replyTo(viewer, 1, 'Names a **witness**')
		if (reply.kind !== 'ok') throw new Error(reply.kind)
		expect(await setPostDeleted(viewer, reply.postId, true)).toBe('ok')
		for (const moderator of [false, true]) {
			const post = await shown(reply.postId, moderator)
			expect(post?.html).toBe('')
			expect(JSON.stringify(post)).not.toContain('witness')
		}
	})

	test('the search index takes the stored text of each post, or extracts it from Markdown made by an older renderer', async () => {
		const reply = await replyTo(viewer, 1, 'Parcels of **slides** via [courier](https://example.org)')
		if (reply.kind !== 'ok') throw new Error(reply.kind)
		expect(stored(reply.postId).body_text).toBe('Parcels of slides via courier')
		database().sqlite.prepare('UPDATE posts SET body_text = ? WHERE id = ?').run('as stored', reply.postId)
		expect((await threadDocument(1))?.body.split('\n')).toContain('as stored')
		database().sqlite.prepare('UPDATE posts SET body_renderer = ? WHERE id = ?').run(MARKDOWN_RENDERER - 1, reply.postId)
		const body = (await threadDocument(1))?.body.split('\n') ?? []
		expect(body).toContain('Parcels of slides via courier')
		expect(body).not.toContain('as stored')
		// Posts written before text was kept (null) are extracted too.
		expect(body).toContain('Written before HTML was kept')
	})

	test('the background pass makes again what another renderer made, and leaves current posts alone', async () => {
		const { sqlite } = database()
		// Post 1 was written before HTML was kept and then given an older renderer's HTML (above);
		// these two were made by an older renderer and by none; a current post's HTML is marked.
		const older = Number(sqlite.prepare(`INSERT INTO posts (thread_id, author_id, body, body_html, body_text, body_renderer, created_at) VALUES (1, 'm', 'Old **one**', '<p>stale</p>', 'stale', ?, 0)`).run(MARKDOWN_RENDERER - 1).lastInsertRowid)
		const none = Number(sqlite.prepare(`INSERT INTO posts (thread_id, author_id, body, created_at) VALUES (1, 'm', 'Never _rendered_', 0)`).run().lastInsertRowid)
		const current = await replyTo(viewer, 1, 'Current')
		if (current.kind !== 'ok') throw new Error(current.kind)
		sqlite.prepare('UPDATE posts SET body_html = ? WHERE id = ?').run('<p>marked</p>', current.postId)
		let made = 0
		for (let pass = 0; pass < 10; pass++) made += await rerenderStalePosts(1_000)
		expect(stored(1)).toEqual({ body_html: '<p>Written <strong>before</strong> HTML was kept</p>\n', body_text: 'Written before HTML was kept', body_renderer: MARKDOWN_RENDERER })
		expect(stored(older)).toEqual({ body_html: '<p>Old <strong>one</strong></p>\n', body_text: 'Old one', body_renderer: MARKDOWN_RENDERER })
		expect(stored(none)).toEqual({ body_html: '<p>Never <em>rendered</em></p>\n', body_text: 'Never rendered', body_renderer: MARKDOWN_RENDERER })
		expect(stored(current.postId).body_html).toBe('<p>marked</p>')
		const left = sqlite.prepare('SELECT count(*) FROM posts WHERE body_renderer != ?').pluck().get(MARKDOWN_RENDERER)
		expect(left).toBe(0)
		expect(made).toBeGreaterThanOrEqual(3)
	})
})

