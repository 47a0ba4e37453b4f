import * as z from 'zod'

import { noControl } from '../utils/validation'

// Shared by the forms and their actions (client-safe).

export const postBody = z
	.string({ error: 'Write something first.' })
	.trim()
	.min(1, 'Write something first.')
	.max(50_000, 'A post has at most 50,000 characters.')
	.refine(noControl, 'Remove control characters.')

export const newThreadSchema = z.object({
	title: z.string({ error: 'Give the thread a title.' }).trim().min(3, 'Give the thread a title (at least 3 characters).').max(200, 'At most 200 characters.').refine(noControl, 'Remove control characters.'),
	body: postBody,
	tags: z
		.string()
		.max(300)
		.optional()
		.transform((s) => [...new Set((s ?? '').split(/[,，]/).map((t) => t.trim().toLowerCase()).filter(Boolean))])
		.pipe(z.array(z.string().max(40, 'A tag has at most 40 characters.').regex(/^[\p{L}\p{N} -]+$/u, 'Tags use letters, digits, spaces and hyphens.')).max(5, 'At most 5 tags.')),
})

export const replySchema = z.object({ body: postBody })

/** How long a moderator may silence a member, in days. */
export const SILENCE_DAYS = [1, 3, 7, 30] as const

const postId = z.coerce.number({ error: 'Unknown post.' }).int().positive().max(Number.MAX_SAFE_INTEGER)
const reason = (required: boolean) =>
	required
		? z.string({ error: 'Give a reason.' }).trim().min(3, 'Give a reason (at least 3 characters).').max(500, 'At most 500 characters.').refine(noControl, 'Remove control characters.')
		: z.string().trim().max(500, 'At most 500 characters.').refine(noControl, 'Remove control characters.').optional().default('')

/** The small forms on a thread page (flag, watch, moderate), told apart by `intent`. */
export const threadIntentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('flag'), postId, reason: reason(true) }),
	z.object({ intent: z.enum(['delete', 'restore']), postId }),
	z.object({ intent: z.enum(['watch', 'unwatch']) }),
	z.object({ intent: z.literal('hide'), postId, reason: reason(true) }),
	z.object({ intent: z.literal('unhide'), postId, reason: reason(false) }),
	z.object({ intent: z.literal('dismiss'), postId, reason: reason(false) }),
	z.object({ intent: z.enum(['pin', 'unpin', 'lock', 'unlock']), reason: reason(false) }),
	z.object({ intent: z.literal('move'), forum: z.string({ error: 'Choose a forum.' }).min(1, 'Choose a forum.').max(100), reason: reason(false) }),
	z.object({ intent: z.literal('silence'), postId, days: z.coerce.number().pipe(z.union([z.literal(1), z.literal(3), z.literal(7), z.literal(30)], { error: 'Choose 1, 3, 7 or 30 days.' })), reason: reason(true) }),
])
export type ThreadIntent = z.infer<typeof threadIntentSchema>
