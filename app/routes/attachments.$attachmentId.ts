import fs from 'node:fs'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentResponse, attachmentRow, attachmentStoragePath } from '~/models/attachments.server'
import { postForViewer } from '~/models/forums.server'
import { messageReadableBy } from '~/models/messages.server'
import { guidanceAttachmentReadable } from '~/models/guidance.server'
import { can, requireViewer } from '~/utils/permissions.server'

/**
 * GET /attachments/:id — a file is served only to someone who may read what it is attached
 * to, by the same rules as the post itself (hidden posts: moderators only; deleted: nobody).
 * Message attachments: the conversation's current participants only.
 * Everyone else gets the same 404 as for an id that never existed.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const row = await attachmentRow(params.attachmentId ?? '')
	const notFound = () => new Response('Not found', { status: 404 })
	if (!row) throw notFound()
	if (row.parent_type === 'post') {
		const found = await postForViewer(viewer, row.parent_id)
		if (!found || found.post.deleted_at || (found.post.hidden_at && !found.canModerate)) throw notFound()
	} else if (row.parent_type === 'guidance') {
		if (!guidanceAttachmentReadable(row, can(viewer, 'publish:content'))) throw notFound()
	} else if (!(await messageReadableBy(viewer, row.parent_id))) {
		// Messages: current participants only — staff and admins included in "everyone else".
		throw notFound()
	}
	if (!fs.existsSync(attachmentStoragePath(row.id))) throw notFound()
	return attachmentResponse(row)
}
