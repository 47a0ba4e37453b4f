import type { EmailPreference, Role } from '../../db/schema'
import { db } from '../utils/db.server'
import { canReadForum } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import { notify } from './notifications.server'
import type { UnsubscribeScope } from './unsubscribe.server'
import type { MessageRef } from '../utils/mail.server'

/**
 * Who hears about what happens in the forums: watchers of a thread or forum, members
 * @mentioned in a post, and authors whose posts a moderator acted on. Every recipient is
 * checked against the forum's read rule when the notification is made (regions change),
 * so a mention of someone outside the region tells them nothing, not even that it exists.
 */

type ForumRef = { slug: string; kind: string; region_slug: string | null }

// ---------- watching ----------

export async function isWatching(userId: string, type: 'thread' | 'forum', id: string | number) {
	const row = await db().selectFrom('watches').select('user_id').where('user_id', '=', userId).where('target_type', '=', type).where('target_id', '=', String(id)).executeTakeFirst()
	return !!row
}

export async function setWatching(userId: string, type: 'thread' | 'forum', id: string | number, on: boolean) {
	if (on)
		await db()
			.insertInto('watches')
			.values({ user_id: userId, target_type: type, target_id: String(id), created_at: nowSeconds() })
			.onConflict((oc) => oc.doNothing())
			.execute()
	else await db().deleteFrom('watches').where('user_id', '=', userId).where('target_type', '=', type).where('target_id', '=', String(id)).execute()
}

// ---------- mentions ----------

/** Handles mentioned in a post (`@amina.diallo`), outside code; e-mail addresses do not count. */
export function mentionedHandles(body: string): string[] {
	const withoutCode = body.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')
	const handles = new Set<string>()
	for (const m of withoutCode.matchAll(/(^|[^\p{L}\p{N}_.@/])@([a-z0-9](?:[a-z0-9.]{0,38}[a-z0-9])?)/giu)) handles.add(m[2].toLowerCase())
	return [...handles].slice(0, 20)
}

// ---------- fan-out ----------

interface Recipient {
	id: string
	role: Role
	forum_email: EmailPreference
	regions: string[]
}

async function recipients(ids: string[]): Promise<Recipient[]> {
	if (!ids.length) return []
	const users = await db().selectFrom('users').select(['id', 'role', 'forum_email']).where('id', 'in', ids).where('status', '=', 'active').execute()
	const regions = await db().selectFrom('user_regions').select(['user_id', 'region_slug']).where('user_id', 'in', ids).execute()
	return users.map((u) => ({ ...u, regions: regions.filter((r) => r.user_id === u.id).map((r) => r.region_slug) }))
}

async function watchersOf(type: 'thread' | 'forum', id: string): Promise<string[]> {
	return (await db().selectFrom('watches').select('user_id').where('target_type', '=', type).where('target_id', '=', id).execute()).map((w) => w.user_id)
}

async function mentioned(body: string): Promise<string[]> {
	const handles = mentionedHandles(body)
	if (!handles.length) return []
	return (await db().selectFrom('users').select('id').where('handle', 'in', handles).execute()).map((u) => u.id)
}

/** After a new post (a new thread's first post or a reply) has been committed. */
export async function notifyAboutPost(input: {
	postId: number
	threadId: number
	threadTitle: string
	forum: ForumRef
	forumName: string
	authorId: string
	authorName: string
	body: string
	newThread: boolean
	page: number
}) {
	const url = `/threads/${input.threadId}?page=${input.page}#post-${input.postId}`
	const mentionIds = new Set(await mentioned(input.body))
	const watcherIds = new Set(input.newThread ? await watchersOf('forum', input.forum.slug) : await watchersOf('thread', String(input.threadId)))
	const everyone = [...new Set([...mentionIds, ...watcherIds])].filter((id) => id !== input.authorId)
	for (const r of await recipients(everyone)) {
		if (!canReadForum(r, input.forum)) continue
		const mention = mentionIds.has(r.id)
		const scope: UnsubscribeScope = mention ? { kind: 'forum-email' } : input.newThread ? { kind: 'forum', slug: input.forum.slug } : { kind: 'thread', id: input.threadId }
		await notify(r.id, {
			kind: mention ? 'mention' : input.newThread ? 'new-thread' : 'reply',
			title: mention
				? { id: 'forums.notify.mention', values: { author: input.authorName, thread: input.threadTitle } }
				: input.newThread
					? { id: 'forums.notify.newThread', values: { forum: input.forumName, forumSlug: input.forum.slug, thread: input.threadTitle } }
					: { id: 'forums.notify.reply', values: { author: input.authorName, thread: input.threadTitle } },
			url,
			// One notification per post and person, whatever the reasons (and after edits).
			dedupeKey: `post:${input.postId}`,
			email: r.forum_email,
			unsubscribe: scope,
		})
	}
}

/** Mentions added by an edit: only people not already told about this post hear of it. */
export async function notifyNewMentions(input: { postId: number; threadId: number; threadTitle: string; forum: ForumRef; authorId: string; authorName: string; before: string; after: string }) {
	const before = new Set(mentionedHandles(input.before))
	const added = mentionedHandles(input.after).filter((h) => !before.has(h))
	if (!added.length) return
	const ids = (await db().selectFrom('users').select('id').where('handle', 'in', added).execute()).map((u) => u.id).filter((id) => id !== input.authorId)
	for (const r of await recipients(ids)) {
		if (!canReadForum(r, input.forum)) continue
		await notify(r.id, {
			kind: 'mention',
			title: { id: 'forums.notify.mention', values: { author: input.authorName, thread: input.threadTitle } },
			url: `/threads/${input.threadId}#post-${input.postId}`,
			dedupeKey: `post:${input.postId}`,
			email: r.forum_email,
			unsubscribe: { kind: 'forum-email' },
		})
	}
}

/** A moderator hid, restored, locked or moved something of theirs: the author is told why. */
export async function notifyModeration(input: { userId: string | null; actorId: string; title: MessageRef; url: string; forum: ForumRef; key: string }) {
	if (!input.userId || input.userId === input.actorId) return
	const [r] = await recipients([input.userId])
	if (!r || !canReadForum(r, input.forum)) return
	await notify(r.id, { kind: 'moderation', title: input.title, url: input.url, dedupeKey: input.key, email: r.forum_email, unsubscribe: { kind: 'forum-email' } })
}
