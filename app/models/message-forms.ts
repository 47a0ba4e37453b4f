import * as z from 'zod'
import { postBody } from './forum-forms'

// Shared by the message forms and their actions (client-safe).
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)

export const newConversationSchema = z.object({
	to: z
		.string({ error: 'Choose at least one member to write to.' })
		.max(1000)
		.transform((s) => [...new Set(s.split(/[\s,，;]+/).map((h) => h.replace(/^@/, '').trim().toLowerCase()).filter(Boolean))])
		.pipe(z.array(z.string().regex(/^[a-z0-9.]{1,40}$/, 'Handles use letters, digits and dots (e.g. amina.diallo).')).min(1, 'Choose at least one member to write to.').max(19, 'A conversation has at most 20 participants.')),
	subject: z.string({ error: 'Give the conversation a subject.' }).trim().min(1, 'Give the conversation a subject.').max(200, 'At most 200 characters.').refine(noControl, 'Remove control characters.'),
	body: postBody,
})

export const messageSchema = z.object({ body: postBody })
