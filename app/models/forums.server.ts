import { sql } from 'kysely'
import type { ForumsTable } from '../../db/schema'
import { enqueue } from '../../search/outbox'
import type { SearchDocument } from '../../search/types'
import { db } from '../utils/db.server'
import { markdownToText, renderMarkdown } from '../utils/markdown.server'
import { canReadForum, forumAccessTags, type Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'

export const POSTS_PER_PAGE = 20
export const THREADS_PER_PAGE = 30

type Forum = ForumsTable

/** The forums this viewer may read, with their counts and latest activity. */
export async function forumsFor(viewer: Viewer) {
	const forums = await db()
		.selectFrom('forums')
		.leftJoin('threads', 'threads.forum_slug', 'forums.slug')
		.select([
			'forums.slug',
			'forums.name',
			'forums.kind',
			'forums.region_slug',
			'forums.description',
			(eb) => eb.fn.count<number>('threads.id').as('thread_count'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>('threads.post_count'), sql<number>`0`).as('post_count'),
			(eb) => eb.fn.max<number | null>('threads.last_post_at').as('last_activity'),
		])
		.groupBy('forums.slug')
		.orderBy('forums.sort_order')
		.execute()
	return forums.filter((f) => canReadForum(viewer, f))
}

export async function forumForViewer(viewer: Viewer, slug: string): Promise<Forum | null> {
	const forum = await db().selectFrom('forums').selectAll().where('slug', '=', slug).executeTakeFirst()
	return forum && canReadForum(viewer, forum) ? forum : null
}

export async function threadsOf(viewer: Viewer, forumSlug: string, page: number) {
	const rows = await db()
		.selectFrom('threads')
		.leftJoin('users', 'users.id', 'threads.author_id')
		.leftJoin('thread_reads', (j) => j.onRef('thread_reads.thread_id', '=', 'threads.id').on('thread_reads.user_id', '=', viewer.id))
		.select([
			'threads.id',
			'threads.title',
			'threads.pinned',
			'threads.locked',
			'threads.post_count',
			'threads.last_post_at',
			'users.name as author_name',
			'thread_reads.last_read_post_id',
			(eb) => eb.selectFrom('posts').select((e) => e.fn.max<number>('posts.id').as('m')).whereRef('posts.thread_id', '=', 'threads.id').as('last_post_id'),
		])
		.where('threads.forum_slug', '=', forumSlug)
		.orderBy('threads.pinned', 'desc')
		.orderBy('threads.last_post_at', 'desc')
		.limit(THREADS_PER_PAGE)
		.offset((page - 1) * THREADS_PER_PAGE)
		.execute()
	const total = await db().selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).where('forum_slug', '=', forumSlug).executeTakeFirst()
	return {
		total: Number(total?.n ?? 0),
		threads: rows.map((r) => ({ ...r, unread: r.last_post_id != null && (r.last_read_post_id ?? 0) < r.last_post_id })),
	}
}

export async function threadForViewer(viewer: Viewer, id: number) {
	const thread = await db().selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst()
	if (!thread) return null
	const forum = await forumForViewer(viewer, thread.forum_slug)
	return forum ? { thread, forum } : null
}

export async function postsOf(threadId: number, page: number) {
	const rows = await db()
		.selectFrom('posts')
		.leftJoin('users', 'users.id', 'posts.author_id')
		.select(['posts.id', 'posts.body', 'posts.created_at', 'posts.edited_at', 'posts.deleted_at', 'users.name as author_name', 'users.id as author_id'])
		.where('posts.thread_id', '=', threadId)
		.orderBy('posts.id')
		.limit(POSTS_PER_PAGE)
		.offset((page - 1) * POSTS_PER_PAGE)
		.execute()
	return rows.map((p) => ({ ...p, html: p.deleted_at ? '' : renderMarkdown(p.body), body: p.deleted_at ? '' : p.body }))
}

export class ForumWriteRefused extends Error {}

export async function createThread(viewer: Viewer, forum: Forum, input: { title: string; body: string; tags: string[] }) {
	if (!canReadForum(viewer, forum)) throw new ForumWriteRefused('Not found')
	const now = nowSeconds()
	return db()
		.transaction()
		.execute(async (trx) => {
			const thread = await trx
				.insertInto('threads')
				.values({ forum_slug: forum.slug, title: input.title, author_id: viewer.id, tags: JSON.stringify(input.tags), pinned: 0, locked: 0, post_count: 1, last_post_at: now, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow()
			const post = await trx.insertInto('posts').values({ thread_id: thread.id, author_id: viewer.id, body: input.body, created_at: now }).returning('id').executeTakeFirstOrThrow()
			await trx.insertInto('thread_reads').values({ user_id: viewer.id, thread_id: thread.id, last_read_post_id: post.id }).execute()
			await enqueue(trx, 'thread', String(thread.id))
			return thread.id
		})
}

export async function replyTo(viewer: Viewer, threadId: number, body: string): Promise<{ kind: 'ok'; postId: number; page: number } | { kind: 'locked' } | { kind: 'not-found' }> {
	const found = await threadForViewer(viewer, threadId)
	if (!found) return { kind: 'not-found' }
	if (found.thread.locked) return { kind: 'locked' }
	const now = nowSeconds()
	return db()
		.transaction()
		.execute(async (trx) => {
			const post = await trx.insertInto('posts').values({ thread_id: threadId, author_id: viewer.id, body, created_at: now }).returning('id').executeTakeFirstOrThrow()
			const updated = await trx
				.updateTable('threads')
				.set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: now }))
				.where('id', '=', threadId)
				.returning('post_count')
				.executeTakeFirstOrThrow()
			await enqueue(trx, 'thread', String(threadId))
			return { kind: 'ok' as const, postId: post.id, page: Math.ceil(updated.post_count / POSTS_PER_PAGE) }
		})
}

export async function markThreadRead(viewer: Viewer, threadId: number, lastPostId: number) {
	await db()
		.insertInto('thread_reads')
		.values({ user_id: viewer.id, thread_id: threadId, last_read_post_id: lastPostId })
		.onConflict((oc) => oc.columns(['user_id', 'thread_id']).doUpdateSet({ last_read_post_id: sql`max(last_read_post_id, excluded.last_read_post_id)` }))
		.execute()
}

/** A thread as the index holds it: its title and every visible post, readable by the forum's audience only. */
export async function threadDocument(id: number): Promise<SearchDocument | null> {
	const thread = await db().selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst()
	if (!thread) return null
	const forum = await db().selectFrom('forums').selectAll().where('slug', '=', thread.forum_slug).executeTakeFirst()
	if (!forum) return null
	const posts = await db().selectFrom('posts').select('body').where('thread_id', '=', id).where('deleted_at', 'is', null).orderBy('id').execute()
	return {
		key: `thread:${id}`,
		type: 'thread',
		id: String(id),
		title: thread.title,
		body: posts.map((p) => markdownToText(p.body)).join('\n'),
		exactTerms: [],
		language: 'und',
		date: new Date(thread.last_post_at * 1000).toISOString().slice(0, 10),
		facets: { forum: [forum.slug], tag: JSON.parse(thread.tags) as string[] },
		access: forumAccessTags(forum),
		url: `/threads/${id}`,
	}
}
