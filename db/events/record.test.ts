import { describe, expect, test } from 'vitest'
import { eventInstants, eventRecordSchema } from './record'

const base = {
	id: 'test-event',
	title: 'Test event',
	type: 'workshop',
	timezone: 'Europe/Vienna',
	start: '2027-03-26T10:00',
	end: '2027-03-26T12:00',
	location: { city: 'Vienna', country: 'AUT' },
	organizer: 'UNODC',
}
const iso = (s: number) => new Date(s * 1000).toISOString()
const problems = (input: Record<string, unknown>) => {
	const r = eventRecordSchema.safeParse(input)
	return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('event records', () => {
	test('local times become the right instants on either side of the clock changes', () => {
		// Vienna: CET (UTC+1) until 28 March 2027, CEST (UTC+2) after; back to CET on 31 October 2027.
		expect(iso(eventInstants({ ...base, start: '2027-03-26T10:00', end: '2027-03-26T12:00' })!.startUtc)).toBe('2027-03-26T09:00:00.000Z')
		expect(iso(eventInstants({ ...base, start: '2027-03-30T10:00', end: '2027-03-30T12:00' })!.startUtc)).toBe('2027-03-30T08:00:00.000Z')
		expect(iso(eventInstants({ ...base, start: '2027-10-29T10:00', end: '2027-10-29T12:00' })!.startUtc)).toBe('2027-10-29T08:00:00.000Z')
		expect(iso(eventInstants({ ...base, start: '2027-11-02T10:00', end: '2027-11-02T12:00' })!.startUtc)).toBe('2027-11-02T09:00:00.000Z')
		// Almaty keeps one offset all year.
		expect(iso(eventInstants({ ...base, timezone: 'Asia/Almaty', start: '2027-03-26T10:00', end: '2027-03-26T12:00' })!.startUtc)).toBe('2027-03-26T05:00:00.000Z')
		expect(iso(eventInstants({ ...base, timezone: 'Asia/Almaty', start: '2027-10-29T10:00', end: '2027-10-29T12:00' })!.startUtc)).toBe('2027-10-29T05:00:00.000Z')
		// An event across the spring change is one hour shorter than its wall-clock span.
		const across = eventInstants({ ...base, start: '2027-03-27T12:00', end: '2027-03-28T12:00' })!
		expect(across.endUtc - across.startUtc).toBe(23 * 3600)
	})

	test('all-day events run from local midnight to the midnight after their last day', () => {
		const days = eventInstants({ ...base, start: '2027-05-03', end: '2027-05-04' })!
		expect(days.allDay).toBe(true)
		expect(iso(days.startUtc)).toBe('2027-05-02T22:00:00.000Z')
		expect(iso(days.endUtc)).toBe('2027-05-04T22:00:00.000Z')
	})

	test('bad input gets clear messages', () => {
		expect(problems({ ...base, end: '2027-03-26T09:00' })).toEqual(['end: The end must be after the start.'])
		expect(problems({ ...base, timezone: 'Mars/Olympus' })[0]).toMatch(/^timezone: Unknown time zone/)
		expect(problems({ ...base, start: '2027-03-26', end: '2027-03-26T12:00' })).toContain('end: start and end must both be dates (all-day) or both date-times.')
		// 02:30 does not exist in Vienna on the morning of the spring change.
		expect(problems({ ...base, start: '2027-03-28T02:30', end: '2027-03-28T04:00' })[0]).toMatch(/not a real time in Europe\/Vienna/)
		expect(problems({ ...base, visibility: 'regions' })).toEqual(['regions: An event visible to regions needs at least one region.'])
		expect(problems({ ...base, registration: { mode: 'open', capacity: 0 } })).toEqual(['registration.capacity: capacity must be at least 1.'])
		expect(problems({ ...base, location: undefined })).toEqual(['location: Give a location (venue or city) or an online_url.'])
	})

	test('operations are invite-only unless staff choose otherwise', () => {
		const op = eventRecordSchema.parse({ ...base, type: 'cross-border-operation', invitees: ['Officer@Example.org'] })
		expect(op.visibility).toBe('invite-only')
		expect(op.invitees).toEqual(['officer@example.org'])
		expect(eventRecordSchema.parse({ ...base, type: 'cross-border-operation', visibility: 'regions', regions: ['caribbean'] }).visibility).toBe('regions')
		expect(eventRecordSchema.parse(base).visibility).toBe('members')
	})
})

describe('event record text and agenda times', () => {
	test('agenda times must exist: 99:99 and 30 February are refused, 23:59 and a leap day are read', () => {
		const agenda = (time: string) => problems({ ...base, agenda: [{ time, title: 'Item' }] })
		for (const bad of ['99:99', '24:00', '12:60', '2024-02-30T10:00', '2023-02-29T09:00']) expect(agenda(bad), bad).toEqual(['agenda.0.time: Write agenda times as HH:MM or YYYY-MM-DDTHH:MM.'])
		for (const good of ['00:00', '23:59', '2024-02-29T09:30']) expect(agenda(good), good).toEqual([])
	})

	test('control characters are refused in speakers and the description; line breaks and tabs are kept', () => {
		expect(problems({ ...base, agenda: [{ title: 'Item', speakers: ['A\u0000B'] }] })).toEqual(['agenda.0.speakers.0: Contains control characters.'])
		expect(problems({ ...base, body: 'Text\u001b[2J' })).toEqual(['body: Contains control characters.'])
		expect(problems({ ...base, body: 'Line one\n\tLine two\r\n' })).toEqual([])
	})
})

