import { sql } from 'kysely'
import { enqueue } from '../../search/outbox'
import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { storedHtml } from '../utils/markdown.server'
import { canModerateForum, canReadForum, type Viewer } from '../utils/permissions.server'
import { DAY, nowSeconds } from '../utils/time'
import { notifyModeration } from './forum-notify.server'
import { postForViewer, refreshCaseRefs, threadForViewer } from './forums.server'

/**
 * Flags, the review queue and every moderator action. Moderators act in the forums of
 * their own regions, staff and admins everywhere (permissions.server decides); each
 * action is written to the append-only audit log with who, what, when and why.
 */

export type ModerationOutcome = 'ok' | 'not-found' | 'forbidden' | 'invalid'

// ---------- flags ----------

export async function flagPost(viewer: Viewer, postId: number, reason: string): Promise<'ok' | 'not-found' | 'own' | 'already'> {
	const found = await postForViewer(viewer, postId)
	if (!found || found.post.deleted_at) return 'not-found'
	if (found.isAuthor) return 'own'
	const inserted = await db()
		.insertInto('post_flags')
		.values({ post_id: postId, flagged_by: viewer.id, reason, created_at: nowSeconds(), resolved_at: null, resolved_by: null, resolution: null })
		.onConflict((oc) => oc.doNothing())
		.returning('id')
		.executeTakeFirst()
	return inserted ? 'ok' : 'already'
}

/** Open flags in the forums this viewer moderates, one entry per post. */
export async function moderationQueue(viewer: Viewer) {
	// The forums are few: decide in code which this viewer moderates (permissions.server is
	// the one place that knows), then let SQL take the oldest flags among those only, so
	// a busy forum elsewhere cannot push this moderator's flags past the limit.
	const forums = await db().selectFrom('forums').select(['slug', 'kind', 'region_slug']).execute()
	const moderated = forums.filter((f) => canModerateForum(viewer, f)).map((f) => f.slug)
	if (!moderated.length) return []
	const rows = await db()
		.selectFrom('post_flags')
		.innerJoin('posts', 'posts.id', 'post_flags.post_id')
		.innerJoin('threads', 'threads.id', 'posts.thread_id')
		.innerJoin('forums', 'forums.slug', 'threads.forum_slug')
		.leftJoin('users as author', 'author.id', 'posts.author_id')
		.leftJoin('users as flagger', 'flagger.id', 'post_flags.flagged_by')
		.select([
			'post_flags.id as flag_id',
			'post_flags.reason',
			'post_flags.created_at as flagged_at',
			'flagger.name as flagger_name',
			'posts.id as post_id',
			'posts.body',
			'posts.body_html',
			'posts.body_renderer',
			'posts.hidden_at',
			'posts.deleted_at',
			'author.name as author_name',
			'author.id as author_id',
			'threads.id as thread_id',
			'threads.title as thread_title',
			'forums.slug as forum_slug',
			'forums.name as forum_name',
			'forums.kind',
			'forums.region_slug',
		])
		.where('post_flags.resolved_at', 'is', null)
		.where('threads.forum_slug', 'in', moderated)
		.orderBy('post_flags.created_at')
		.limit(500)
		.execute()
	// `by` is null for a former member: the page names them in the reader's language.
	const byPost = new Map<number, { post: Omit<(typeof rows)[number], 'body_html' | 'body_renderer'>; html: string; flags: Array<{ reason: string; by: string | null; at: number }> }>()
	for (const { body_html, body_renderer, ...r } of rows) {
		const entry = byPost.get(r.post_id) ?? { post: r, html: storedHtml({ body: r.body, body_html, body_renderer }), flags: [] }
		entry.flags.push({ reason: r.reason, by: r.flagger_name, at: r.flagged_at })
		byPost.set(r.post_id, entry)
	}
	return [...byPost.values()]
}

// ---------- posts ----------

/** Hide (or restore) a post; hiding settles its open flags. The author is told, with the reason. */
export async function setPostHidden(viewer: Viewer, postId: number, hidden: boolean, reason: string, ip: string): Promise<ModerationOutcome> {
	const found = await postForViewer(viewer, postId)
	if (!found) return 'not-found'
	if (!found.canModerate) return 'forbidden'
	const now = nowSeconds()
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx
				.updateTable('posts')
				.set(hidden ? { hidden_at: now, hidden_by: viewer.id, hidden_reason: reason } : { hidden_at: null, hidden_by: null, hidden_reason: null })
				.where('id', '=', postId)
				.execute()
			if (hidden)
				await trx.updateTable('post_flags').set({ resolved_at: now, resolved_by: viewer.id, resolution: 'hidden' }).where('post_id', '=', postId).where('resolved_at', 'is', null).execute()
			await refreshCaseRefs(trx, found.thread.id)
			await enqueue(trx, 'thread', String(found.thread.id))
			await audit(trx, {
				actorId: viewer.id,
				action: hidden ? 'moderation.post.hide' : 'moderation.post.unhide',
				objectType: 'post',
				objectId: String(postId),
				ip,
				detail: { forum: found.forum.slug, thread: found.thread.id, author: found.post.author_id, reason },
			})
		})
	await notifyModeration({
		userId: found.post.author_id,
		actorId: viewer.id,
		forum: found.forum,
		title: hidden ? { id: 'forums.notify.hidden', values: { thread: found.thread.title, reason } } : { id: 'forums.notify.restored', values: { thread: found.thread.title } },
		url: `/threads/${found.thread.id}#post-${postId}`,
		key: `moderation:post:${postId}:${hidden ? 'hide' : 'unhide'}:${now}`,
	})
	return 'ok'
}

/** The flags were not warranted: they leave the queue, the post stays. */
export async function dismissFlags(viewer: Viewer, postId: number, reason: string, ip: string): Promise<ModerationOutcome> {
	const found = await postForViewer(viewer, postId)
	if (!found) return 'not-found'
	if (!found.canModerate) return 'forbidden'
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx.updateTable('post_flags').set({ resolved_at: nowSeconds(), resolved_by: viewer.id, resolution: 'dismissed' }).where('post_id', '=', postId).where('resolved_at', 'is', null).execute()
			await audit(trx, { actorId: viewer.id, action: 'moderation.flags.dismiss', objectType: 'post', objectId: String(postId), ip, detail: { forum: found.forum.slug, thread: found.thread.id, reason } })
		})
	return 'ok'
}

// ---------- threads ----------

export async function setThreadState(viewer: Viewer, threadId: number, change: { pinned: boolean } | { locked: boolean }, reason: string, ip: string): Promise<ModerationOutcome> {
	const found = await threadForViewer(viewer, threadId)
	if (!found) return 'not-found'
	if (!canModerateForum(viewer, found.forum)) return 'forbidden'
	const [field, on] = 'pinned' in change ? (['pinned', change.pinned] as const) : (['locked', change.locked] as const)
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx
				.updateTable('threads')
				.set({ [field]: on ? 1 : 0 })
				.where('id', '=', threadId)
				.execute()
			await audit(trx, {
				actorId: viewer.id,
				action: `moderation.thread.${field === 'pinned' ? (on ? 'pin' : 'unpin') : on ? 'lock' : 'unlock'}`,
				objectType: 'thread',
				objectId: String(threadId),
				ip,
				detail: { forum: found.forum.slug, reason },
			})
		})
	if (field === 'locked')
		await notifyModeration({
			userId: found.thread.author_id,
			actorId: viewer.id,
			forum: found.forum,
			title: on
				? reason
					? { id: 'forums.notify.lockedReason', values: { thread: found.thread.title, reason } }
					: { id: 'forums.notify.locked', values: { thread: found.thread.title } }
				: { id: 'forums.notify.reopened', values: { thread: found.thread.title } },
			url: `/threads/${threadId}`,
			key: `moderation:thread:${threadId}:${on ? 'lock' : 'unlock'}:${nowSeconds()}`,
		})
	return 'ok'
}

/** Moving needs the right to moderate both forums; readers of the old forum may lose sight of it. */
export async function moveThread(viewer: Viewer, threadId: number, toSlug: string, reason: string, ip: string): Promise<ModerationOutcome> {
	const found = await threadForViewer(viewer, threadId)
	if (!found) return 'not-found'
	const target = await db().selectFrom('forums').selectAll().where('slug', '=', toSlug).executeTakeFirst()
	if (!target || !canReadForum(viewer, target)) return 'invalid'
	if (!canModerateForum(viewer, found.forum) || !canModerateForum(viewer, target)) return 'forbidden'
	if (target.slug === found.forum.slug) return 'ok'
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx.updateTable('threads').set({ forum_slug: target.slug }).where('id', '=', threadId).execute()
			await enqueue(trx, 'thread', String(threadId))
			await audit(trx, { actorId: viewer.id, action: 'moderation.thread.move', objectType: 'thread', objectId: String(threadId), ip, detail: { from: found.forum.slug, to: target.slug, reason } })
		})
	await notifyModeration({
		userId: found.thread.author_id,
		actorId: viewer.id,
		forum: target,
		title: { id: 'forums.notify.moved', values: { thread: found.thread.title, forum: target.name, forumSlug: target.slug } },
		url: `/threads/${threadId}`,
		key: `moderation:thread:${threadId}:move:${nowSeconds()}`,
	})
	return 'ok'
}

/** Forums a moderator may move a thread to. */
export async function moveTargets(viewer: Viewer) {
	const forums = await db().selectFrom('forums').selectAll().orderBy('sort_order').execute()
	return forums.filter((f) => canModerateForum(viewer, f)).map((f) => ({ slug: f.slug, name: f.name, kind: f.kind, region_slug: f.region_slug }))
}

// ---------- members ----------

/** A silenced member keeps reading the forum but cannot post in it until the period ends. */
export async function silenceMember(viewer: Viewer, postId: number, days: number, reason: string, ip: string): Promise<ModerationOutcome> {
	const found = await postForViewer(viewer, postId)
	if (!found || !found.post.author_id) return 'not-found'
	if (!found.canModerate) return 'forbidden'
	const target = await db().selectFrom('users').select(['id', 'role', 'name']).where('id', '=', found.post.author_id).executeTakeFirst()
	// Moderators cannot silence staff, admins, other moderators or themselves.
	if (!target || target.id === viewer.id || target.role !== 'member') return 'forbidden'
	const until = nowSeconds() + days * DAY
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx.insertInto('forum_silences').values({ user_id: target.id, forum_slug: found.forum.slug, until, reason, created_by: viewer.id, created_at: nowSeconds() }).execute()
			await audit(trx, { actorId: viewer.id, action: 'moderation.member.silence', objectType: 'user', objectId: target.id, ip, detail: { forum: found.forum.slug, days, reason, post: postId } })
		})
	await notifyModeration({
		userId: target.id,
		actorId: viewer.id,
		forum: found.forum,
		title: { id: 'forums.notify.silenced', values: { forum: found.forum.name, forumSlug: found.forum.slug, days, reason } },
		url: `/forums/${found.forum.slug}`,
		key: `moderation:silence:${found.forum.slug}:${until}`,
	})
	return 'ok'
}

// ---------- the log ----------

/** Every moderator action, newest first, with the names behind the ids (staff only, see the route). */
export async function moderationLog(filter: { forum?: string; page: number }) {
	let q = db()
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_id')
		.select(['audit_log.id', 'audit_log.action', 'audit_log.object_type', 'audit_log.object_id', 'audit_log.detail', 'audit_log.created_at', 'users.name as actor_name'])
		.where('audit_log.action', 'like', 'moderation.%')
	if (filter.forum) q = q.where(sql<string>`coalesce(json_extract(audit_log.detail, '$.forum'), json_extract(audit_log.detail, '$.from'))`, '=', filter.forum)
	const rows = await q
		.orderBy('audit_log.id', 'desc')
		.limit(51)
		.offset((filter.page - 1) * 50)
		.execute()
	return {
		more: rows.length > 50,
		entries: rows.slice(0, 50).map((r) => {
			const detail = JSON.parse(r.detail) as Record<string, unknown>
			return {
				id: r.id,
				action: r.action.replace(/^moderation\./, ''),
				objectType: r.object_type,
				objectId: r.object_id,
				/** null for a former member (the page names them in the reader's language). */
				actor: r.actor_name,
				reason: typeof detail.reason === 'string' ? detail.reason : '',
				forum: String(detail.forum ?? (detail.from ? `${detail.from} → ${detail.to}` : '')),
				thread: typeof detail.thread === 'number' ? detail.thread : r.object_type === 'thread' ? Number(r.object_id) : null,
				at: r.created_at,
			}
		}),
	}
}
