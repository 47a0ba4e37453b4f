import type { LoaderFunctionArgs } from '@remix-run/node'
import * as z from 'zod'
import { conversationForViewer, messagesOf, participantsOf } from '~/models/messages.server'
import { requireMessagesApiViewer } from '~/utils/permissions.server'

/** GET /api/conversations/:id?page= — participants only; everyone else (staff included) gets 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireMessagesApiViewer(context)
	const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(params.conversationId)
	const conversation = id.success ? await conversationForViewer(viewer, id.data) : null
	if (!conversation) return Response.json({ error: 'Not found.' }, { status: 404 })
	const page = z.coerce.number().int().min(1).max(100_000).safeParse(new URL(request.url).searchParams.get('page') ?? 1)
	if (!page.success) return Response.json({ error: 'page must be a whole number from 1.' }, { status: 400 })
	const { messages, total, pages } = await messagesOf(viewer, conversation.id, page.data)
	const participants = await participantsOf(conversation.id)
	return Response.json({
		id: conversation.id,
		subject: conversation.subject,
		participants: participants.map((p) => ({ name: p.name, handle: p.handle, left: !!p.left_at })),
		total_messages: total,
		page: page.data,
		pages,
		messages: messages.map((m) => ({
			id: m.id,
			author: m.author,
			body_markdown: m.body,
			body_html: m.html,
			created_at: new Date(m.createdAt * 1000).toISOString(),
			attachments: m.attachments.map((a) => ({ filename: a.filename, size: a.size, kind: a.kind, url: `/attachments/${a.id}` })),
		})),
	})
}
