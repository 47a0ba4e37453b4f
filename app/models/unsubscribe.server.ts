import * as z from 'zod'
import { db } from '../utils/db.server'
import { publicOrigin } from '../utils/env.server'
import { absoluteUrl } from '../utils/mail.server'
import { signPayload, verifyPayload } from '../utils/signed-links.server'

/**
 * Every email carries a link that stops that kind of email without logging in. The link
 * holds a signed (user, scope) pair; it works until the member resubscribes, and does
 * nothing but lower what is mailed, so a forwarded email can never grant anything.
 */
export type UnsubscribeScope =
	| { kind: 'thread'; id: number } // stop watching a thread
	| { kind: 'forum'; slug: string } // stop watching a forum
	| { kind: 'saved-search'; id: number } // no more email for one saved search
	| { kind: 'forum-email' } // no forum email at all (mentions, replies, moderation)
	| { kind: 'digest' } // no daily digest: every daily choice becomes in-portal only
	| { kind: 'message-email' } // no email about new direct messages
	| { kind: 'event-email' } // no email about events (registration, reminders, changes)
	| { kind: 'guidance-email' } // no email about new guidance on subscribed themes

const scopeSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('thread'), id: z.number().int().positive() }),
	z.object({ kind: z.literal('forum'), slug: z.string().max(100) }),
	z.object({ kind: z.literal('saved-search'), id: z.number().int().positive() }),
	z.object({ kind: z.literal('forum-email') }),
	z.object({ kind: z.literal('digest') }),
	z.object({ kind: z.literal('message-email') }),
	z.object({ kind: z.literal('event-email') }),
	z.object({ kind: z.literal('guidance-email') }),
])
const tokenSchema = z.object({ u: z.string().min(1).max(100), s: scopeSchema })

const PURPOSE = 'unsubscribe'

export function unsubscribeUrl(userId: string, scope: UnsubscribeScope): string {
	return absoluteUrl(publicOrigin(), `/unsubscribe/${signPayload(PURPOSE, { u: userId, s: scope })}`)
}

export function readUnsubscribeToken(token: string): { userId: string; scope: UnsubscribeScope } | null {
	const parsed = tokenSchema.safeParse(verifyPayload(PURPOSE, token))
	return parsed.success ? { userId: parsed.data.u, scope: parsed.data.s } : null
}

/** What the confirmation page says the link will stop. */
export function describeScope(scope: UnsubscribeScope): string {
	switch (scope.kind) {
		case 'thread':
			// No title: the member may have lost access to the thread since the email was sent.
			return 'notifications about one thread you watch'
		case 'forum':
			return 'notifications about new threads in a forum you watch'
		case 'saved-search':
			return 'emails for one of your saved searches'
		case 'forum-email':
			return 'all forum emails (you will still see notifications in the portal)'
		case 'digest':
			return 'the daily digest email (notifications stay in the portal)'
		case 'message-email':
			return 'emails about new direct messages (they stay in your portal inbox)'
		case 'event-email':
			return 'emails about events: registrations, reminders and changes (they stay in your notifications)'
		case 'guidance-email':
			return 'emails about new guidance on the themes you follow (they stay in your notifications)'
	}
}

export async function applyUnsubscribe(userId: string, scope: UnsubscribeScope): Promise<void> {
	const q = db()
	// Whatever it stops, an unsubscribe also cancels the member's emails waiting to be tried
	// again: nothing is mailed after someone asked for less mail (it stays in the portal).
	await q.updateTable('notifications').set({ email_retry_at: null }).where('user_id', '=', userId).where('email_retry_at', 'is not', null).execute()
	switch (scope.kind) {
		case 'thread':
			await q.deleteFrom('watches').where('user_id', '=', userId).where('target_type', '=', 'thread').where('target_id', '=', String(scope.id)).execute()
			return
		case 'forum':
			await q.deleteFrom('watches').where('user_id', '=', userId).where('target_type', '=', 'forum').where('target_id', '=', scope.slug).execute()
			return
		case 'saved-search':
			await q.updateTable('saved_searches').set({ email: 'none' }).where('id', '=', scope.id).where('user_id', '=', userId).execute()
			return
		case 'forum-email':
			await q.updateTable('users').set({ forum_email: 'none' }).where('id', '=', userId).execute()
			return
		case 'message-email':
			await q.updateTable('users').set({ message_email: 'none' }).where('id', '=', userId).execute()
			return
		case 'event-email':
			await q.updateTable('users').set({ event_email: 'none' }).where('id', '=', userId).execute()
			return
		case 'guidance-email':
			await q.updateTable('users').set({ guidance_email: 'none' }).where('id', '=', userId).execute()
			return
		case 'digest':
			await q.transaction().execute(async (trx) => {
				await trx.updateTable('users').set({ forum_email: 'none' }).where('id', '=', userId).where('forum_email', '=', 'daily').execute()
				await trx.updateTable('users').set({ message_email: 'none' }).where('id', '=', userId).where('message_email', '=', 'daily').execute()
				await trx.updateTable('users').set({ event_email: 'none' }).where('id', '=', userId).where('event_email', '=', 'daily').execute()
				await trx.updateTable('users').set({ guidance_email: 'none' }).where('id', '=', userId).where('guidance_email', '=', 'daily').execute()
				await trx.updateTable('saved_searches').set({ email: 'none' }).where('user_id', '=', userId).where('email', '=', 'daily').execute()
				await trx.updateTable('notifications').set({ emailed_at: Math.floor(Date.now() / 1000) }).where('user_id', '=', userId).where('email', '=', 'daily').where('emailed_at', 'is', null).execute()
			})
			return
	}
}
