import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarFor, icsResponse } from '~/models/event-calendar.server'
import { eventsFor, viewerForFeed } from '~/models/events.server'
import { nowSeconds } from '~/utils/time'

/**
 * GET /events/feed/<secret>.ics — a member's personal feed for calendar clients, which have
 * no session: the signed secret stands for the member, and the feed holds exactly the
 * events they may see (an operation appears only for its invitees). A revoked or unknown
 * secret gets 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const viewer = await viewerForFeed(params.token ?? '')
	if (!viewer) throw new Response('Not found', { status: 404 })
	// From a year back, so recent meetings stay in the calendar.
	const events = await eventsFor(viewer, { from: nowSeconds() - 365 * 24 * 3600 })
	return icsResponse(calendarFor(events, 'Practitioners Portal events'), 'portal-events.ics')
}
