import { z } from 'zod'

// Shared by the forms and their actions (client-safe).
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)

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
