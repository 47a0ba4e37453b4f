import type { LoaderFunctionArgs } from '@remix-run/node'
import * as z from 'zod'
import { POSTS_PER_PAGE, postsOf, threadForViewer } from '~/models/forums.server'
import { canModerateForum, requireApiViewer } from '~/utils/permissions.server'
import { attachmentsOf } from '~/models/attachments.server'

/** GET /api/threads/:id?page= — posts of a thread the caller may read, 404 otherwise. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(params.threadId)
	const found = id.success ? await threadForViewer(viewer, id.data) : null
	if (!found) return Response.json({ error: 'Not found.' }, { status: 404 })
	const page = z.coerce.number().int().min(1).max(10_000).safeParse(new URL(request.url).searchParams.get('page') ?? 1)
	if (!page.success) return Response.json({ error: 'page must be a whole number from 1.' }, { status: 400 })
	const posts = await postsOf(found.thread.id, page.data, { moderator: canModerateForum(viewer, found.forum) })
	const files = await attachmentsOf(
		'post',
		posts.filter((p) => p.html).map((p) => p.id),
	)
	return Response.json({
		id: found.thread.id,
		title: found.thread.title,
		forum: found.forum.slug,
		total_posts: found.thread.post_count,
		page: page.data,
		per_page: POSTS_PER_PAGE,
				locked: found.thread.locked === 1,
		pinned: found.thread.pinned === 1,
		posts: posts.map((p) => ({
			id: p.id,
			author: p.author_name,
			author_handle: p.author_handle,
			body_markdown: p.body,
			body_html: p.html,
			deleted: !!p.deleted_at,
			hidden: !!p.hidden_at,
			edited_at: p.edited_at ? new Date(p.edited_at * 1000).toISOString() : null,
			created_at: new Date(p.created_at * 1000).toISOString(),
			attachments: (files.get(p.id) ?? []).map((a) => ({ filename: a.filename, size: a.size, kind: a.kind, url: `/attachments/${a.id}` })),
		})),
	})
}
