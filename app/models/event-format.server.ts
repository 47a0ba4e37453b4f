import { DateTime } from 'luxon'
import { isValidZone } from '../../db/events/record'

/**
 * Times are shown in the viewer's zone — the one on their profile, else the one their
 * browser reported (a cookie set by a one-line script), else UTC — with the event's own
 * zone alongside. All-day events are dates, the same everywhere.
 */
export function viewerZone(request: Request, viewer: { timezone: string | null } | null): string {
	if (viewer?.timezone && isValidZone(viewer.timezone)) return viewer.timezone
	const fromBrowser = decodeURIComponent(request.headers.get('cookie')?.match(/(?:^|;\s*)tz=([^;]+)/)?.[1] ?? '')
	return fromBrowser && isValidZone(fromBrowser) ? fromBrowser : 'UTC'
}

export function formatRange(e: { start_utc: number; end_utc: number; all_day: number; start_local: string; end_local: string }, zone: string): string {
	if (e.all_day) {
		const start = DateTime.fromISO(e.start_local)
		const end = DateTime.fromISO(e.end_local)
		if (e.start_local === e.end_local) return start.toFormat('ccc d LLL yyyy')
		if (start.hasSame(end, 'month')) return `${start.toFormat('d')}–${end.toFormat('d LLL yyyy')}`
		return `${start.toFormat('d LLL')} – ${end.toFormat('d LLL yyyy')}`
	}
	const start = DateTime.fromSeconds(e.start_utc, { zone })
	const end = DateTime.fromSeconds(e.end_utc, { zone })
	const tail = zone === 'UTC' ? 'UTC' : `${start.toFormat('ZZZZ')}`
	if (start.hasSame(end, 'day')) return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} ${tail}`
	return `${start.toFormat('ccc d LLL yyyy HH:mm')} – ${end.toFormat('ccc d LLL yyyy HH:mm')} ${tail}`
}

/** "in your time" and "local time at the event" (only when they differ). */
export function eventTimes(e: Parameters<typeof formatRange>[0] & { timezone: string }, zone: string) {
	const yours = formatRange(e, zone)
	const theirs = e.all_day ? null : formatRange(e, e.timezone)
	return { yours, local: theirs && theirs !== yours ? `${theirs} (${e.timezone})` : null, zone }
}

