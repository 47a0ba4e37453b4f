import type { LoaderFunctionArgs } from '@remix-run/node'
import * as z from 'zod'
import { forumForViewer, THREADS_PER_PAGE, threadsOf } from '~/models/forums.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/forums/:slug/threads?page= — 404 for a forum the caller may not read. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) return Response.json({ error: 'Not found.' }, { status: 404 })
	const page = z.coerce.number().int().min(1).max(10_000).safeParse(new URL(request.url).searchParams.get('page') ?? 1)
	if (!page.success) return Response.json({ error: 'page must be a whole number from 1.' }, { status: 400 })
	const { total, threads } = await threadsOf(viewer, forum.slug, page.data)
	return Response.json({
		total,
		page: page.data,
		per_page: THREADS_PER_PAGE,
		threads: threads.map((t) => ({ id: t.id, title: t.title, pinned: t.pinned === 1, locked: t.locked === 1, posts: t.post_count, last_post_at: new Date(t.last_post_at * 1000).toISOString(), unread: t.unread })),
	})
}
