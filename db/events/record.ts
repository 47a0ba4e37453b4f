import { DateTime, IANAZone } from 'luxon'
import * as z from 'zod'
import { isCalendarDate, listItem, longText, optionalText, text } from '../validation'

/**
 * An event record as editors write it: content files (Markdown with YAML front matter) and
 * the staff form share this schema. Pure: no database, so the importer, the editor and the
 * tests use the same rules.
 *
 * Times are written as the organisers think of them — local wall-clock time in the event's
 * IANA zone (`2026-03-27T10:00` in Europe/Vienna) — or as dates for all-day events. The
 * instants (UTC) are derived here with the zone's rules, daylight saving included.
 */

import { EVENT_TYPES } from './types'
export { EVENT_TYPES }
export const EVENT_VISIBILITIES = ['members', 'regions', 'invite-only'] as const
export const EVENT_STATUSES = ['planned', 'confirmed', 'postponed', 'cancelled'] as const
export const REGISTRATION_MODES = ['none', 'open', 'approval'] as const
export type EventType = (typeof EVENT_TYPES)[number]
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number]
export type EventStatus = (typeof EVENT_STATUSES)[number]
export type RegistrationMode = (typeof REGISTRATION_MODES)[number]

const httpsUrl = z.url({ protocol: /^https?$/, error: 'Use a full http(s) address.' }).max(2000)

/** YAML turns an unquoted 2026-03-27 into a Date: accept both, keep the text. */
const localValue = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 16).replace('T00:00', '') : v.trim()))

export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/

export function isValidZone(zone: string): boolean {
	return IANAZone.isValidZone(zone)
}

/** The instant a local wall-clock time names in a zone (Luxon applies the zone's DST rules). */
export function localToInstant(local: string, zone: string): DateTime | null {
	const dt = DateTime.fromISO(local, { zone })
	if (!dt.isValid) return null
	// A time skipped by a spring-forward change does not exist: refuse it rather than guess.
	if (LOCAL_DATE_TIME.test(local) && dt.toFormat("yyyy-MM-dd'T'HH:mm") !== local) return null
	return dt
}

const agendaItemSchema = z.object({
	time: z
		.string()
		.trim()
		// A time of day that exists (00:00-23:59), on a calendar date when one is given.
		.refine((v) => {
			const m = /^(?:(\d{4}-\d{2}-\d{2})T)?([01]\d|2[0-3]):[0-5]\d$/.exec(v)
			return m !== null && (m[1] === undefined || isCalendarDate(m[1]))
		}, 'Write agenda times as HH:MM or YYYY-MM-DDTHH:MM.')
		.optional(),
	title: text(300, 'An agenda item title'),
	speakers: z.array(listItem(200)).max(20).default([]),
	documents: z.array(z.object({ title: text(300, 'A document title'), url: httpsUrl })).max(20).default([]),
})

const documentSchema = z.object({
	title: text(300, 'A document title'),
	url: httpsUrl,
	language: z.string().regex(/^[a-z]{2}$/, 'Use a two-letter language code, like en.').default('en'),
})

export const eventRecordSchema = z
	.object({
		id: z
			.string({ error: 'id is required.' })
			.trim()
			.regex(/^[a-z0-9][a-z0-9-]{2,79}$/, 'An id is 3–80 lower-case letters, digits and hyphens, like wgf-2023-10th.'),
		title: text(300, 'The title'),
		type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}.` }),
		timezone: z
			.string({ error: 'timezone is required (an IANA zone such as Europe/Vienna).' })
			.trim()
			.refine(isValidZone, 'Unknown time zone: use an IANA name such as Europe/Vienna or Africa/Lagos.'),
		start: localValue.pipe(z.string().refine((v) => LOCAL_DATE_TIME.test(v) || LOCAL_DATE.test(v), 'Write start as YYYY-MM-DDTHH:MM, or YYYY-MM-DD for an all-day event.')),
		end: localValue.pipe(z.string().refine((v) => LOCAL_DATE_TIME.test(v) || LOCAL_DATE.test(v), 'Write end as YYYY-MM-DDTHH:MM, or YYYY-MM-DD for an all-day event.')),
		location: z
			.object({
				venue: optionalText(300),
				city: optionalText(200),
				country: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 3166-1 alpha-3 code, like AUT.').optional(),
			})
			.optional(),
		online_url: httpsUrl.optional(),
		organizer: text(300, 'The organizer'),
		regions: z.array(z.string().regex(/^[a-z0-9-]+$/)).max(20).default([]),
		visibility: z.enum(EVENT_VISIBILITIES, { error: `visibility must be one of ${EVENT_VISIBILITIES.join(', ')}.` }).optional(),
		invitees: z.array(z.email({ error: 'Invitees are account email addresses.' }).transform((e) => e.toLowerCase())).max(500).default([]),
		status: z.enum(EVENT_STATUSES, { error: `status must be one of ${EVENT_STATUSES.join(', ')}.` }).default('planned'),
		agenda: z.array(agendaItemSchema).max(200).default([]),
		documents: z.array(documentSchema).max(100).default([]),
		registration: z
			.object({
				mode: z.enum(REGISTRATION_MODES, { error: `registration mode must be one of ${REGISTRATION_MODES.join(', ')}.` }).default('none'),
				capacity: z.number({ error: 'capacity is a whole number.' }).int('capacity is a whole number.').positive('capacity must be at least 1.').max(100_000).optional(),
				deadline: localValue.pipe(z.string().refine((v) => LOCAL_DATE_TIME.test(v) || LOCAL_DATE.test(v), 'Write the deadline as YYYY-MM-DD or YYYY-MM-DDTHH:MM.')).optional(),
			})
			.default({ mode: 'none' }),
		show_participants: z.boolean().default(false),
		sample: z.boolean().default(false),
		body: longText(100_000, 'At most 100,000 characters.').default(''),
	})
	.transform((e) => ({
		...e,
		// Operations are need-to-know unless staff chose otherwise.
		visibility: e.visibility ?? (e.type === 'cross-border-operation' ? ('invite-only' as const) : ('members' as const)),
	}))
	.superRefine((e, ctx) => {
		const allDay = LOCAL_DATE.test(e.start)
		if (allDay !== LOCAL_DATE.test(e.end)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'start and end must both be dates (all-day) or both date-times.' })
		const times = eventInstants(e)
		if (!times) ctx.addIssue({ code: 'custom', path: ['start'], message: `start or end is not a real time in ${e.timezone} (a clock change may skip it).` })
		else if (times.endUtc <= times.startUtc && !(allDay && e.end === e.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' })
		else if (times.endUtc < times.startUtc) ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' })
		if (e.visibility === 'regions' && !e.regions.length) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'An event visible to regions needs at least one region.' })
		if (!e.location?.city && !e.location?.venue && !e.online_url) ctx.addIssue({ code: 'custom', path: ['location'], message: 'Give a location (venue or city) or an online_url.' })
		if (e.registration.mode === 'none' && (e.registration.capacity || e.registration.deadline)) ctx.addIssue({ code: 'custom', path: ['registration', 'mode'], message: 'Capacity and deadline need registration (open or approval).' })
		if (e.registration.deadline && !localToInstant(e.registration.deadline, e.timezone)) ctx.addIssue({ code: 'custom', path: ['registration', 'deadline'], message: 'The deadline is not a real time in the event’s zone.' })
	})

export type EventRecord = z.output<typeof eventRecordSchema>

/**
 * Start and end as Unix seconds. All-day events run from local midnight of the first day
 * to local midnight after the last (the end date is inclusive, as people write it).
 */
export function eventInstants(e: { start: string; end: string; timezone: string }): { startUtc: number; endUtc: number; allDay: boolean } | null {
	const allDay = LOCAL_DATE.test(e.start)
	const start = localToInstant(e.start, e.timezone)
	const endBase = localToInstant(e.end, e.timezone)
	if (!start || !endBase) return null
	const end = allDay ? endBase.plus({ days: 1 }) : endBase
	return { startUtc: Math.floor(start.toSeconds()), endUtc: Math.floor(end.toSeconds()), allDay }
}

export function deadlineInstant(deadline: string | undefined, zone: string): number | null {
	if (!deadline) return null
	const dt = localToInstant(deadline, zone)
	if (!dt) return null
	// A date-only deadline means the end of that day in the event's zone.
	return Math.floor((LOCAL_DATE.test(deadline) ? dt.endOf('day') : dt).toSeconds())
}
