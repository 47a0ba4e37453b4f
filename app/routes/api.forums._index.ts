import type { LoaderFunctionArgs } from '@remix-run/node'
import { forumsFor } from '~/models/forums.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/forums — the forums the caller may read. */
export async function loader({ context }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const forums = await forumsFor(viewer)
	return Response.json({
		forums: forums.map((f) => ({ slug: f.slug, name: f.name, kind: f.kind, region: f.region_slug, threads: Number(f.thread_count), posts: Number(f.post_count), last_activity: f.last_activity ? new Date(Number(f.last_activity) * 1000).toISOString() : null })),
	})
}
