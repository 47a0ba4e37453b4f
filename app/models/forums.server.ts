import { sql } from 'kysely'
import type { ForumsTable } from '../../db/schema'
import { enqueue } from '../../search/outbox'
import type { SearchDocument } from '../../search/types'
import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { detectLanguage } from '../utils/content-language.server'
import { MARKDOWN_RENDERER, storedHtml, storedMarkdown, storedText } from '../utils/markdown.server'
import { accessTagsFor, canModerateForum, canReadForum, forumAccessTags, type Viewer } from '../utils/permissions.server'
import { searchIndex } from '../utils/search.server'
import { nowSeconds } from '../utils/time'
import { recordAttachments, withStoredFiles, type CheckedUpload } from './attachments.server'
import { notifyAboutPost, notifyNewMentions } from './forum-notify.server'

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
	// The page's ids come first, from the index alone: joining before OFFSET made SQLite join
	// every skipped thread too (3 ms at page 100 of a 16,000-thread forum, 0.2 ms this way).
	const pageIds = db()
		.selectFrom('threads')
		.select('id')
		.where('forum_slug', '=', forumSlug)
		.orderBy('pinned', 'desc')
		.orderBy('last_post_at', 'desc')
		.orderBy('id', 'desc')
		.limit(THREADS_PER_PAGE)
		.offset((page - 1) * THREADS_PER_PAGE)
	const rows = await db()
		.selectFrom(pageIds.as('page'))
		.innerJoin('threads', 'threads.id', 'page.id')
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
		.orderBy('threads.pinned', 'desc')
		.orderBy('threads.last_post_at', 'desc')
		.orderBy('threads.id', 'desc')
		.execute()
	const total = await db().selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).where('forum_slug', '=', forumSlug).executeTakeFirst()
	return {
		total: Number(total?.n ?? 0),
		threads: rows.map((r) => ({ ...r, unread: r.last_post_id != null && (r.last_read_post_id ?? 0) < r.last_post_id })),
	}
}

export async function postIsInThread(postId: number, threadId: number): Promise<boolean> {
	return !!(await db().selectFrom('posts').select('id').where('id', '=', postId).where('thread_id', '=', threadId).executeTakeFirst())
}

export async function threadForViewer(viewer: Viewer, id: number) {
	const thread = await db().selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst()
	if (!thread) return null
	const forum = await forumForViewer(viewer, thread.forum_slug)
	return forum ? { thread, forum } : null
}

/**
 * A page of posts. Deleted posts lose their text for everyone; hidden posts keep it only
 * for the forum's moderators (who may restore them).
 */
export async function postsOf(threadId: number, page: number, opts: { moderator: boolean }) {
	// The page's ids first, from the index alone (see threadsOf).
	const pageIds = db()
		.selectFrom('posts')
		.select('id')
		.where('thread_id', '=', threadId)
		.orderBy('id')
		.limit(POSTS_PER_PAGE)
		.offset((page - 1) * POSTS_PER_PAGE)
	const rows = await db()
		.selectFrom(pageIds.as('page'))
		.innerJoin('posts', 'posts.id', 'page.id')
		.leftJoin('users', 'users.id', 'posts.author_id')
		// Whether the author is in the directory: the new-message form refuses the unlisted (see resolveRecipients).
		.leftJoin('directory_profiles', 'directory_profiles.user_id', 'posts.author_id')
		.select(['posts.id', 'posts.body', 'posts.body_html', 'posts.body_renderer', 'posts.language', 'posts.created_at', 'posts.edited_at', 'posts.deleted_at', 'posts.hidden_at', 'posts.hidden_reason', 'users.name as author_name', 'users.id as author_id', 'users.handle as author_handle'])
		.select((eb) => eb.fn.coalesce('directory_profiles.listed', eb.lit(1)).as('author_listed'))
		.orderBy('posts.id')
		.execute()
	return rows.map(({ body_html, body_renderer, ...p }) => {
		const visible = !p.deleted_at && (!p.hidden_at || opts.moderator)
		return {
			...p,
			html: visible ? storedHtml({ body: p.body, body_html, body_renderer }) : '',
			body: visible ? p.body : '',
			hidden_reason: opts.moderator ? p.hidden_reason : null,
		}
	})
}

export type WriteOutcome<T> = ({ kind: 'ok' } & T) | { kind: 'silenced'; until: number }

/** A silenced member reads but cannot post in that forum until the silence ends. */
export async function silencedUntil(userId: string, forumSlug: string): Promise<number | null> {
	const row = await db()
		.selectFrom('forum_silences')
		.select((eb) => eb.fn.max<number>('until').as('until'))
		.where('user_id', '=', userId)
		.where('forum_slug', '=', forumSlug)
		.where('until', '>', nowSeconds())
		.executeTakeFirst()
	return row?.until ?? null
}

/** Notifications must never undo or fail a committed post. */
async function afterCommit(work: () => Promise<void>) {
	try {
		await work()
	} catch (error) {
		console.error('Forum notifications failed after a committed post:', error)
	}
}

export async function createThread(
	viewer: Viewer,
	forum: Forum,
	input: { title: string; body: string; tags: string[]; files?: CheckedUpload[] },
): Promise<WriteOutcome<{ threadId: number }>> {
	if (!canReadForum(viewer, forum)) throw new Error('createThread: forum not readable')
	const until = await silencedUntil(viewer.id, forum.slug)
	if (until) return { kind: 'silenced', until }
	const now = nowSeconds()
	// Rendered before the transaction: its write lock is held for the inserts only.
	const rendered = storedMarkdown(input.body)
	const created = await withStoredFiles(input.files ?? [], {}, (stored) =>
		db()
			.transaction()
			.execute(async (trx) => {
				const thread = await trx
					.insertInto('threads')
					.values({ forum_slug: forum.slug, title: input.title, author_id: viewer.id, tags: JSON.stringify(input.tags), pinned: 0, locked: 0, post_count: 1, last_post_at: now, created_at: now })
					.returning('id')
					.executeTakeFirstOrThrow()
				const post = await trx.insertInto('posts').values({ thread_id: thread.id, author_id: viewer.id, ...rendered, language: detectLanguage(input.body, viewer.preferredLanguage), created_at: now }).returning('id').executeTakeFirstOrThrow()
				await recordAttachments(trx, 'post', post.id, viewer.id, stored)
				await trx.insertInto('thread_reads').values({ user_id: viewer.id, thread_id: thread.id, last_read_post_id: post.id }).execute()
				// Watching one's own threads is the default (the member can stop from the thread page).
				await trx.insertInto('watches').values({ user_id: viewer.id, target_type: 'thread', target_id: String(thread.id), created_at: now }).execute()
				await refreshCaseRefs(trx, thread.id)
				await enqueue(trx, 'thread', String(thread.id))
				return { threadId: thread.id, postId: post.id }
			}),
	)
	await afterCommit(() =>
		notifyAboutPost({ ...created, threadTitle: input.title, forum, forumName: forum.name, authorId: viewer.id, authorName: viewer.name, body: input.body, newThread: true, page: 1 }),
	)
	return { kind: 'ok', threadId: created.threadId }
}

export async function replyTo(
	viewer: Viewer,
	threadId: number,
	body: string,
	files: CheckedUpload[] = [],
): Promise<{ kind: 'ok'; postId: number; page: number } | { kind: 'locked' } | { kind: 'not-found' } | { kind: 'rate-limited' } | { kind: 'silenced'; until: number }> {
	const found = await threadForViewer(viewer, threadId)
	if (!found) return { kind: 'not-found' }
	// Existence and lock first: a refusal for those must not be reported as a rate limit.
	if (found.thread.locked) return { kind: 'locked' }
	const until = await silencedUntil(viewer.id, found.forum.slug)
	if (until) return { kind: 'silenced', until }
	if (await overPostingLimit(viewer, 'posts')) return { kind: 'rate-limited' }
	const now = nowSeconds()
	const rendered = storedMarkdown(body)
	const posted = await withStoredFiles(files, {}, (stored) =>
		db()
			.transaction()
			.execute(async (trx) => {
				const post = await trx.insertInto('posts').values({ thread_id: threadId, author_id: viewer.id, ...rendered, language: detectLanguage(body, viewer.preferredLanguage), created_at: now }).returning('id').executeTakeFirstOrThrow()
				await recordAttachments(trx, 'post', post.id, viewer.id, stored)
				const updated = await trx
					.updateTable('threads')
					.set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: now }))
					.where('id', '=', threadId)
					.returning('post_count')
					.executeTakeFirstOrThrow()
				// A reply can only add references (edits, deletes and hides recompute them all).
				await addCaseRefs(trx, threadId, caseIdsIn(body))
				await enqueue(trx, 'thread', String(threadId))
				return { postId: post.id, page: Math.ceil(updated.post_count / POSTS_PER_PAGE) }
			}),
	)
	await afterCommit(() =>
		notifyAboutPost({
			postId: posted.postId,
			threadId,
			threadTitle: found.thread.title,
			forum: found.forum,
			forumName: found.forum.name,
			authorId: viewer.id,
			authorName: viewer.name,
			body,
			newThread: false,
			page: posted.page,
		}),
	)
	return { kind: 'ok', ...posted }
}

/** Where the viewer's first unread post is (page and id), or null when they have read everything. */
export async function firstUnread(viewer: Viewer, threadId: number): Promise<{ page: number; postId: number } | null> {
	const read = await db().selectFrom('thread_reads').select('last_read_post_id').where('user_id', '=', viewer.id).where('thread_id', '=', threadId).executeTakeFirst()
	const next = await db()
		.selectFrom('posts')
		.select('id')
		.where('thread_id', '=', threadId)
		.where('id', '>', read?.last_read_post_id ?? 0)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst()
	if (!next) return null
	const before = await db().selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId).where('id', '<', next.id).executeTakeFirst()
	return { page: Math.floor(Number(before?.n ?? 0) / POSTS_PER_PAGE) + 1, postId: next.id }
}

export async function markThreadRead(viewer: Viewer, threadId: number, lastPostId: number) {
	// Most views move nothing forward: a read avoids a durable (fsync'd) write on every page view.
	const current = await db().selectFrom('thread_reads').select('last_read_post_id').where('user_id', '=', viewer.id).where('thread_id', '=', threadId).executeTakeFirst()
	if (current && current.last_read_post_id >= lastPostId) return
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
	const posts = await db().selectFrom('posts').select(['body', 'body_text', 'body_renderer']).where('thread_id', '=', id).where('deleted_at', 'is', null).where('hidden_at', 'is', null).orderBy('id').execute()
	return {
		key: `thread:${id}`,
		type: 'thread',
		id: String(id),
		title: thread.title,
		body: posts.map(storedText).join('\n'),
		exactTerms: [],
		language: 'und',
		date: new Date(thread.last_post_at * 1000).toISOString().slice(0, 10),
		facets: { forum: [forum.slug], tag: JSON.parse(thread.tags) as string[] },
		access: forumAccessTags(forum),
		url: `/threads/${id}`,
	}
}

// ---------- case references ----------

/** Case ids a text mentions: bare ids (BRA004) and links to /cases/ID. */
export function caseIdsIn(text: string): string[] {
	const ids = new Set<string>()
	for (const m of text.matchAll(/\/cases\/([A-Za-z]{3}\d{3,6})\b/g)) ids.add(m[1].toUpperCase())
	for (const m of text.matchAll(/\b([A-Z]{3}\d{3,6})\b/g)) ids.add(m[1])
	return [...ids].slice(0, 50)
}

/** Recomputes a thread's case references from its visible posts (only published cases count). */
export async function refreshCaseRefs(trx: import('kysely').Transaction<import('../../db/schema').Database>, threadId: number) {
	const posts = await trx.selectFrom('posts').select('body').where('thread_id', '=', threadId).where('deleted_at', 'is', null).where('hidden_at', 'is', null).execute()
	const ids = [...new Set(posts.flatMap((p) => caseIdsIn(p.body)))]
	await trx.deleteFrom('thread_case_refs').where('thread_id', '=', threadId).execute()
	if (!ids.length) return
	const existing = await trx.selectFrom('cases').select('id').where('id', 'in', ids).where('status', '=', 'published').execute()
	if (existing.length) await trx.insertInto('thread_case_refs').values(existing.map((c) => ({ thread_id: threadId, case_id: c.id }))).execute()
}

async function addCaseRefs(trx: import('kysely').Transaction<import('../../db/schema').Database>, threadId: number, ids: string[]) {
	if (!ids.length) return
	const existing = await trx.selectFrom('cases').select('id').where('id', 'in', ids).where('status', '=', 'published').execute()
	if (existing.length)
		await trx
			.insertInto('thread_case_refs')
			.values(existing.map((c) => ({ thread_id: threadId, case_id: c.id })))
			.onConflict((oc) => oc.doNothing())
			.execute()
}

/** Published cases a thread refers to, for the case cards. */
export async function casesReferencedBy(threadId: number) {
	return db()
		.selectFrom('thread_case_refs')
		.innerJoin('cases', 'cases.id', 'thread_case_refs.case_id')
		.select(['cases.id', 'cases.title', 'cases.country', 'cases.decision_date'])
		.where('thread_case_refs.thread_id', '=', threadId)
		.where('cases.status', '=', 'published')
		.orderBy('cases.id')
		.execute()
}

/** Threads that discuss a case, only from forums the viewer may read. */
export async function threadsAboutCase(viewer: Viewer, caseId: string) {
	const rows = await db()
		.selectFrom('thread_case_refs')
		.innerJoin('threads', 'threads.id', 'thread_case_refs.thread_id')
		.innerJoin('forums', 'forums.slug', 'threads.forum_slug')
		.select(['threads.id', 'threads.title', 'threads.last_post_at', 'forums.name as forum_name', 'forums.kind', 'forums.region_slug'])
		.where('thread_case_refs.case_id', '=', caseId)
		.orderBy('threads.last_post_at', 'desc')
		.limit(200)
		.execute()
	return rows.filter((r) => canReadForum(viewer, r)).slice(0, 20)
}

/** Forums the viewer may start a thread in (every forum they can read). */
export async function postableForums(viewer: Viewer) {
	const forums = await db().selectFrom('forums').selectAll().orderBy('sort_order').execute()
	return forums.filter((f) => canReadForum(viewer, f)).map((f) => ({ slug: f.slug, name: f.name, kind: f.kind, region_slug: f.region_slug }))
}

// ---------- editing, deleting, restoring ----------

export async function postForViewer(viewer: Viewer, postId: number) {
	const post = await db().selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst()
	if (!post) return null
	const found = await threadForViewer(viewer, post.thread_id)
	if (!found) return null
	return { post, ...found, isAuthor: post.author_id === viewer.id, canModerate: canModerateForum(viewer, found.forum) }
}

/** Authors edit their own live posts; the previous text is kept for moderators. */
export async function editPost(viewer: Viewer, postId: number, body: string): Promise<'ok' | 'not-found' | 'forbidden'> {
	const found = await postForViewer(viewer, postId)
	if (!found || found.post.deleted_at) return 'not-found'
	if (!found.isAuthor) return 'forbidden'
	// A hidden post, a locked thread or a silence also stop edits (else editing would get round them).
	if (!found.canModerate && (found.post.hidden_at || found.thread.locked || (await silencedUntil(viewer.id, found.forum.slug)))) return 'forbidden'
	if (found.post.body === body) return 'ok'
	const now = nowSeconds()
	const rendered = storedMarkdown(body)
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx.insertInto('post_revisions').values({ post_id: postId, body: found.post.body, edited_by: viewer.id, created_at: now }).execute()
			await trx.updateTable('posts').set({ ...rendered, language: detectLanguage(body, viewer.preferredLanguage), edited_at: now }).where('id', '=', postId).execute()
			await refreshCaseRefs(trx, found.thread.id)
			await enqueue(trx, 'thread', String(found.thread.id))
		})
	await afterCommit(() =>
		notifyNewMentions({ postId, threadId: found.thread.id, threadTitle: found.thread.title, forum: found.forum, authorId: viewer.id, authorName: viewer.name, before: found.post.body, after: body }),
	)
	return 'ok'
}

/**
 * Soft delete by the author or a moderator; only moderators restore. A moderator deleting
 * someone else's post, and every restore, is a moderator action: it goes to the audit log
 * with the other moderation actions (the moderation log reads `moderation.%`).
 */
export async function setPostDeleted(viewer: Viewer, postId: number, deleted: boolean, ip?: string): Promise<'ok' | 'not-found' | 'forbidden'> {
	const found = await postForViewer(viewer, postId)
	if (!found) return 'not-found'
	if (deleted ? !(found.isAuthor || found.canModerate) : !found.canModerate) return 'forbidden'
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx
				.updateTable('posts')
				.set(deleted ? { deleted_at: nowSeconds(), deleted_by: viewer.id } : { deleted_at: null, deleted_by: null })
				.where('id', '=', postId)
				.execute()
			await refreshCaseRefs(trx, found.thread.id)
			await enqueue(trx, 'thread', String(found.thread.id))
			if (!deleted || !found.isAuthor)
				await audit(trx, {
					actorId: viewer.id,
					action: deleted ? 'moderation.post.delete' : 'moderation.post.restore',
					objectType: 'post',
					objectId: String(postId),
					ip,
					detail: { forum: found.forum.slug, thread: found.thread.id, author: found.post.author_id },
				})
		})
	return 'ok'
}

export async function postHistory(postId: number) {
	return db()
		.selectFrom('post_revisions')
		.leftJoin('users', 'users.id', 'post_revisions.edited_by')
		.select(['post_revisions.id', 'post_revisions.body', 'post_revisions.created_at', 'users.name as editor'])
		.where('post_id', '=', postId)
		.orderBy('post_revisions.id', 'desc')
		.execute()
}

// ---------- stored HTML made again ----------

/**
 * Post ids read per step: one indexed range read and at most one transaction, and at most
 * this many renders (about 0.1 ms each), so a step never holds the event loop long.
 */
const RERENDER_SPAN = 500
/** How far this process has looked; null once every post is current (new posts always are). */
let rerenderCursor: number | null = 0

/**
 * Posts whose HTML and text another renderer made (an older version after a sanitizer upgrade,
 * or none, before migration 0017) are made again by the background pass, a few ranges of ids
 * at a time, so every stored post reaches the current renderer without slowing any request.
 * Until then they are rendered when shown (storedHtml). An edit made meanwhile wins: a row is
 * updated only while its Markdown is still the one that was rendered.
 * Returns how many posts were made again.
 */
export async function rerenderStalePosts(budgetMs = 50): Promise<number> {
	if (rerenderCursor === null) return 0
	const started = performance.now()
	const last = (await db().selectFrom('posts').select((eb) => eb.fn.max<number>('id').as('id')).executeTakeFirst())?.id ?? 0
	let made = 0
	while (rerenderCursor !== null && performance.now() - started < budgetMs) {
		const from: number = rerenderCursor
		const stale = await db()
			.selectFrom('posts')
			.select(['id', 'body'])
			.where('id', '>', from)
			.where('id', '<=', from + RERENDER_SPAN)
			.where('body_renderer', '!=', MARKDOWN_RENDERER)
			.execute()
		// Rendered before the transaction: its write lock is held for the updates only.
		const rendered = stale.map((p) => ({ id: p.id, ...storedMarkdown(p.body) }))
		if (rendered.length)
			await db()
				.transaction()
				.execute(async (trx) => {
					for (const { id, body, ...stored } of rendered) await trx.updateTable('posts').set(stored).where('id', '=', id).where('body', '=', body).execute()
				})
		made += rendered.length
		rerenderCursor = from + RERENDER_SPAN >= last ? null : from + RERENDER_SPAN
	}
	return made
}

// ---------- rate limits ----------

const HOUR = 3600
/** Threads and posts an hour; accounts younger than a day get a third of it. */
export const LIMITS = { threads: 5, posts: 30 }

export async function overPostingLimit(viewer: Viewer, kind: 'threads' | 'posts'): Promise<boolean> {
	const since = nowSeconds() - HOUR
	const user = await db().selectFrom('users').select('created_at').where('id', '=', viewer.id).executeTakeFirst()
	const young = !!user && user.created_at > nowSeconds() - 24 * HOUR
	const limit = young ? Math.max(1, Math.floor(LIMITS[kind] / 3)) : LIMITS[kind]
	const row =
		kind === 'threads'
			? await db().selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', viewer.id).where('created_at', '>=', since).executeTakeFirst()
			: await db().selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', viewer.id).where('created_at', '>=', since).executeTakeFirst()
	return Number(row?.n ?? 0) >= limit
}

// ---------- search ----------

/** Threads matching a query, in one forum or across every forum the viewer may read; filtered inside the engine. */
export async function searchThreads(viewer: Viewer, q: string, page: number, forumSlug?: string) {
	const { result, degraded } = await searchIndex({
		q,
		types: ['thread'],
		filters: forumSlug ? { forum: [forumSlug] } : {},
		facets: ['forum'],
		sort: 'relevance',
		page,
		perPage: 20,
		access: accessTagsFor(viewer),
	})
	return { ...result, degraded }
}
