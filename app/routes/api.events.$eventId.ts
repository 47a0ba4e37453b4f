import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventApiView, eventDetails, eventForViewer } from '~/models/events.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/events/:id — 404 for anyone who may not see it, exactly like the page. */
export async function loader({ context, params }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const event = await eventForViewer(viewer, params.eventId ?? '')
	if (!event) return Response.json({ error: 'Not found.' }, { status: 404 })
	const { agenda, documents } = eventDetails(event)
	return Response.json({ ...eventApiView(event), description_markdown: event.description, agenda, documents })
}
