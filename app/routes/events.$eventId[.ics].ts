import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarFor, icsResponse } from '~/models/event-calendar.server'
import { eventForViewer } from '~/models/events.server'
import { requireViewer } from '~/utils/permissions.server'

/** GET /events/:id.ics — one event for the viewer's calendar, by the same visibility rule as its page. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const event = await eventForViewer(viewer, params.eventId ?? '')
	if (!event) throw new Response('Not found', { status: 404 })
	return icsResponse(calendarFor([event], event.title), `${event.id}.ics`)
}
