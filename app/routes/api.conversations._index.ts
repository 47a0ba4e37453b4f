import type { LoaderFunctionArgs } from '@remix-run/node'
import { conversationsOf } from '~/models/messages.server'
import { requireMessagesApiViewer } from '~/utils/permissions.server'

/** GET /api/conversations — the caller's own conversations, newest first. */
export async function loader({ context }: LoaderFunctionArgs) {
	const viewer = requireMessagesApiViewer(context)
	const conversations = await conversationsOf(viewer)
	return Response.json({
		conversations: conversations.map((c) => ({ id: c.id, subject: c.subject, with: c.with, unread: c.unread, last_message_at: new Date(c.lastMessageAt * 1000).toISOString(), url: `/api/conversations/${c.id}` })),
	})
}
