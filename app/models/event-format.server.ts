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

/** English keeps its compact fixed patterns ("Mon 14 Oct 2024, 10:00"); other languages use their own date order and month names. */
const isEnglish = (tag: string) => tag === 'en' || tag.startsWith('en-')

const dateParts = { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' } as const
const timeParts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const

/** A calendar date (all-day events), the same in every zone. */
function localDate(d: DateTime, tag: string, withWeekday = true): string {
	const { weekday, ...rest } = dateParts
	return new Intl.DateTimeFormat(tag, { ...(withWeekday ? { weekday } : {}), ...rest, timeZone: 'UTC' }).format(Date.UTC(d.year, d.month - 1, d.day))
}

const localTime = (d: DateTime, tag: string) => new Intl.DateTimeFormat(tag, { ...timeParts, timeZone: d.zoneName ?? 'UTC' }).format(d.toJSDate())
const localDateTime = (d: DateTime, tag: string) => new Intl.DateTimeFormat(tag, { ...dateParts, ...timeParts, timeZone: d.zoneName ?? 'UTC' }).format(d.toJSDate())

/** The zone's short name after a time: "UTC", or the offset name in the reader's language ("GMT+2"). */
const zoneTail = (d: DateTime, zone: string, tag: string) => (zone === 'UTC' ? 'UTC' : d.setLocale(tag).toFormat('ZZZZ'))

export function formatRange(e: { start_utc: number; end_utc: number; all_day: number; start_local: string; end_local: string }, zone: string, tag = 'en'): string {
	if (e.all_day) {
		const start = DateTime.fromISO(e.start_local).setLocale(tag)
		const end = DateTime.fromISO(e.end_local).setLocale(tag)
		if (!isEnglish(tag)) return e.start_local === e.end_local ? localDate(start, tag) : `${localDate(start, tag, false)} – ${localDate(end, tag, false)}`
		if (e.start_local === e.end_local) return start.toFormat('ccc d LLL yyyy')
		if (start.hasSame(end, 'month')) return `${start.toFormat('d')}–${end.toFormat('d LLL yyyy')}`
		return `${start.toFormat('d LLL')} – ${end.toFormat('d LLL yyyy')}`
	}
	const start = DateTime.fromSeconds(e.start_utc, { zone }).setLocale(tag)
	const end = DateTime.fromSeconds(e.end_utc, { zone }).setLocale(tag)
	const tail = zoneTail(start, zone, tag)
	if (!isEnglish(tag)) {
		if (start.hasSame(end, 'day')) return `${localDateTime(start, tag)}–${localTime(end, tag)} ${tail}`
		return `${localDateTime(start, tag)} – ${localDateTime(end, tag)} ${tail}`
	}
	if (start.hasSame(end, 'day')) return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} ${tail}`
	return `${start.toFormat('ccc d LLL yyyy HH:mm')} – ${end.toFormat('ccc d LLL yyyy HH:mm')} ${tail}`
}

/** "in your time" and "local time at the event" (only when they differ), in the reader's language (`tag`, a BCP 47 tag). */
export function eventTimes(e: Parameters<typeof formatRange>[0] & { timezone: string }, zone: string, tag = 'en') {
	const yours = formatRange(e, zone, tag)
	const theirs = e.all_day ? null : formatRange(e, e.timezone, tag)
	return { yours, local: theirs && theirs !== yours ? `${theirs} (${e.timezone})` : null, zone }
}

/** One moment (a registration deadline) in the viewer's zone and language. */
export function formatMoment(seconds: number, zone: string, tag = 'en'): string {
	const d = DateTime.fromSeconds(seconds, { zone }).setLocale(tag)
	if (isEnglish(tag)) return d.toFormat('ccc d LLL yyyy, HH:mm ZZZZ')
	return `${localDateTime(d, tag)} ${d.toFormat('ZZZZ')}`
}

/** A month's name and year ("October 2024"), for the month calendar. */
export function formatMonth(month: DateTime, tag = 'en'): string {
	return isEnglish(tag) ? month.toFormat('LLLL yyyy') : month.setLocale(tag).toLocaleString({ month: 'long', year: 'numeric' })
}
