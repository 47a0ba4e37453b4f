import type { LoaderFunctionArgs } from '@remix-run/node'
import { directoryProfile } from '~/models/directory.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/people/:handle — one member as the caller may see them. */
export async function loader({ context, params }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const profile = await directoryProfile(viewer, params.handle ?? '')
	// Unlisted, unknown and inactive members answer alike, so the API confirms no account.
	if (!profile) return Response.json({ error: 'Not found.' }, { status: 404 })
	return Response.json(profile, { headers: { 'Cache-Control': 'private, no-store' } })
}
