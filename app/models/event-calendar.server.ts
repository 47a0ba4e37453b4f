import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { DateTime } from 'luxon'
import { publicOrigin } from '../utils/env.server'
import { markdownToText } from '../utils/markdown.server'
import type { VisibleEvent } from './events.server'

/**
 * RFC 5545 output through ical-generator. Timed events are written in UTC (DTSTART:…Z),
 * computed from the event's local time and IANA zone, so every client shows the right
 * instant on either side of a clock change without needing our VTIMEZONE; all-day events
 * are DATE values with an exclusive DTEND. The UID never changes; SEQUENCE grows with
 * every edit, and a cancelled event says STATUS:CANCELLED.
 */

const STATUS: Record<VisibleEvent['status'], ICalEventStatus> = {
	planned: ICalEventStatus.TENTATIVE,
	postponed: ICalEventStatus.TENTATIVE,
	confirmed: ICalEventStatus.CONFIRMED,
	cancelled: ICalEventStatus.CANCELLED,
}

export function eventUid(id: string): string {
	return `${id}@${new URL(publicOrigin()).hostname}`
}

export function calendarFor(events: VisibleEvent[], name: string): string {
	const origin = publicOrigin()
	const calendar = ical({ name, prodId: { company: 'UNODC Practitioners Portal', product: 'events', language: 'EN' }, method: ICalCalendarMethod.PUBLISH })
	for (const e of events) {
		const url = `${origin}/events/${e.id}`
		const place = [e.venue, e.city, e.country].filter(Boolean).join(', ')
		calendar.createEvent({
			id: eventUid(e.id),
			sequence: e.sequence,
			stamp: new Date(e.updated_at * 1000),
			lastModified: new Date(e.updated_at * 1000),
			created: new Date(e.created_at * 1000),
			summary: e.status === 'cancelled' ? `Cancelled: ${e.title}` : e.status === 'postponed' ? `Postponed: ${e.title}` : e.title,
			status: STATUS[e.status],
			...(e.all_day
				? {
						allDay: true,
						start: DateTime.fromISO(e.start_local, { zone: e.timezone }),
						end: DateTime.fromISO(e.end_local, { zone: e.timezone }).plus({ days: 1 }),
					}
				: { start: new Date(e.start_utc * 1000), end: new Date(e.end_utc * 1000) }),
			location: place || (e.online_url ? 'Online' : null),
			url,
			description: [markdownToText(e.description).slice(0, 4000), e.online_url ? `Join online: ${e.online_url}` : '', `Details: ${url}`].filter(Boolean).join('\n\n'),
		})
	}
	return calendar.toString()
}

export function icsResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
