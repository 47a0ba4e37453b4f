import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ICAL from 'ical.js'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment: set it before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-'))
Object.assign(process.env, {
	DATABASE_PATH: path.join(dir, 'portal.db'),
	MAIL_DIR: path.join(dir, 'mail'),
	SIGNING_KEY_FILE: path.join(dir, 'signing.key'),
	PORTAL_ORIGIN: 'https://portal.example.org',
})

const { database, db } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { saveEvent } = await import('../../db/events/queries')
const { importEvents } = await import('../../db/content/events')
const { eventRecordSchema } = await import('../../db/events/record')
const events = await import('./events.server')
const { calendarFor } = await import('./event-calendar.server')
const { endAllAccess } = await import('./accounts.server')

type V = Parameters<typeof events.register>[0]
const viewer = (id: string, opts: Partial<V> = {}): V => ({ id, name: id, email: `${id}@test.portal`, role: 'member', status: 'active', preferredLanguage: 'en', timezone: null, regions: [], sessionId: '', ...opts })
const HOUR = 3600
const now = () => Math.floor(Date.now() / 1000)

async function save(input: Record<string, unknown>) {
	const record = eventRecordSchema.parse({ title: 'An event', type: 'workshop', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', ...input })
	const outcome = await saveEvent(db(), record, { actorId: null, source: 'portal' })
	if (outcome.kind === 'invalid') throw new Error(outcome.message)
	return record
}
const localIn = (hours: number, zone = 'Europe/Vienna') => new Date(Date.now() + hours * HOUR * 1000).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16).replace(' ', 'T')

function parseIcs(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text))
	return calendar.getAllSubcomponents('vevent').map((c) => {
		const e = new ICAL.Event(c)
		return { uid: e.uid, start: e.startDate, end: e.endDate, sequence: e.sequence, status: c.getFirstPropertyValue('status') }
	})
}

beforeAll(async () => {
	await migrateToLatest(database().db)
	await db().insertInto('regions').values({ slug: 'caribbean', name: 'The Caribbean', name_zh: null, countries: '[]', sort_order: 1 }).execute()
	await db()
		.insertInto('users')
		.values(['ana', 'ben', 'cho', 'dan', 'eve', 'staff'].map((id) => ({ id, email: `${id}@test.portal`, name: id, handle: id, role: id === 'staff' ? ('staff' as const) : ('member' as const), status: 'active' as const, created_at: 0 })))
		.execute()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('calendar output (parsed with ical.js, an independent parser)', () => {
	test('instants are right on either side of the spring and autumn clock changes, and in a zone without DST', async () => {
		const cases: Array<[string, string, string, string]> = [
			['vienna-before-spring', 'Europe/Vienna', '2027-03-26T10:00', '2027-03-26T09:00:00.000Z'],
			['vienna-after-spring', 'Europe/Vienna', '2027-03-30T10:00', '2027-03-30T08:00:00.000Z'],
			['vienna-before-autumn', 'Europe/Vienna', '2027-10-29T10:00', '2027-10-29T08:00:00.000Z'],
			['vienna-after-autumn', 'Europe/Vienna', '2027-11-02T10:00', '2027-11-02T09:00:00.000Z'],
			['almaty-spring', 'Asia/Almaty', '2027-03-30T10:00', '2027-03-30T05:00:00.000Z'],
			['almaty-autumn', 'Asia/Almaty', '2027-11-02T10:00', '2027-11-02T05:00:00.000Z'],
		]
		for (const [id, timezone, start] of cases) await save({ id, timezone, start, end: start.replace('T10:00', 'T12:00') })
		const staff = viewer('staff', { role: 'staff' })
		const parsed = parseIcs(calendarFor(await events.eventsFor(staff, {}), 'test'))
		for (const [id, , , expected] of cases) {
			const e = parsed.find((p) => p.uid === `${id}@portal.example.org`)!
			expect(e.start.toJSDate().toISOString(), id).toBe(expected)
			expect(e.end.toJSDate().getTime() - e.start.toJSDate().getTime(), id).toBe(2 * HOUR * 1000)
		}
	})

	test('all-day events are DATE values with an exclusive end', async () => {
		await save({ id: 'all-day-meeting', start: '2027-05-03', end: '2027-05-04' })
		const [e] = parseIcs(calendarFor([(await events.eventForViewer(viewer('ana'), 'all-day-meeting'))!], 'test'))
		expect(e.start.isDate).toBe(true)
		expect(e.start.toString()).toBe('2027-05-03')
		expect(e.end.toString()).toBe('2027-05-05')
	})

	test('the UID stays, SEQUENCE grows with each change, and a cancelled event says so', async () => {
		await save({ id: 'changing', start: '2027-06-01T10:00', end: '2027-06-01T11:00' })
		const first = parseIcs(calendarFor([(await events.eventForViewer(viewer('ana'), 'changing'))!], 't'))[0]
		await save({ id: 'changing', start: '2027-06-01T14:00', end: '2027-06-01T15:00' })
		await save({ id: 'changing', start: '2027-06-01T14:00', end: '2027-06-01T15:00', status: 'cancelled' })
		const last = parseIcs(calendarFor([(await events.eventForViewer(viewer('ana'), 'changing'))!], 't'))[0]
		expect(last.uid).toBe(first.uid)
		expect(last.sequence).toBe(first.sequence + 2)
		expect(last.status).toBe('CANCELLED')
	})
})

describe('visibility', () => {
	test('regions, invitations and need-to-know logistics', async () => {
		await save({ id: 'caribbean-only', visibility: 'regions', regions: ['caribbean'], start: localIn(48), end: localIn(50) })
		await save({ id: 'operation-x', type: 'cross-border-operation', invitees: ['eve@test.portal'], start: localIn(48), end: localIn(50), location: { venue: 'Port warehouse 4', city: 'Kingston' } })
		await save({ id: 'operation-open', type: 'cross-border-operation', visibility: 'members', invitees: ['eve@test.portal'], start: localIn(48), end: localIn(50), location: { venue: 'Secret place', city: 'Bridgetown' } })
		const outsider = viewer('ana')
		const caribbean = viewer('ben', { regions: ['caribbean'] })
		const invitee = viewer('eve')
		expect(await events.eventForViewer(outsider, 'caribbean-only')).toBeNull()
		expect(await events.eventForViewer(caribbean, 'caribbean-only')).not.toBeNull()
		expect(await events.eventForViewer(outsider, 'operation-x')).toBeNull()
		expect((await events.eventForViewer(invitee, 'operation-x'))?.venue).toBe('Port warehouse 4')
		expect((await events.eventForViewer(viewer('staff', { role: 'staff' }), 'operation-x'))?.venue).toBe('Port warehouse 4')
		// An operation staff opened to members still hides where it happens from non-invitees.
		expect(await events.eventForViewer(outsider, 'operation-open')).toMatchObject({ venue: null, city: null, logisticsHidden: true })
		const listed = (await events.eventsFor(outsider, { from: now() })).map((e) => e.id)
		expect(listed).not.toContain('caribbean-only')
		expect(listed).not.toContain('operation-x')
		// Someone invited by email to a regional workshop outside their regions finds it in the list too.
		await save({ id: 'caribbean-guest', visibility: 'regions', regions: ['caribbean'], invitees: ['eve@test.portal'], start: localIn(48), end: localIn(50) })
		expect(await events.eventForViewer(invitee, 'caribbean-guest')).not.toBeNull()
		expect((await events.eventsFor(invitee, { from: now() })).map((e) => e.id)).toContain('caribbean-guest')
		expect((await events.eventsFor(outsider, { from: now() })).map((e) => e.id)).not.toContain('caribbean-guest')
	})
})

describe('registration', () => {
	test('capacity, waiting list and promotion when a place frees up', async () => {
		await save({ id: 'small-room', start: localIn(72), end: localIn(74), registration: { mode: 'open', capacity: 2 } })
		expect(await events.register(viewer('ana'), 'small-room')).toEqual({ kind: 'ok', status: 'registered' })
		expect(await events.register(viewer('ben'), 'small-room')).toEqual({ kind: 'ok', status: 'registered' })
		expect(await events.register(viewer('cho'), 'small-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		expect(await events.cancelRegistration(viewer('ana'), 'small-room')).toBe(true)
		expect((await events.registrationOf('cho', 'small-room'))?.status).toBe('registered')
		const told = await db().selectFrom('notifications').select('title').where('user_id', '=', 'cho').orderBy('id').execute()
		expect(told.map((t) => t.title)).toEqual(['You are on the waiting list for “An event”', 'You are registered for “An event”'])
	})

	test('approval: pending until staff decide; capacity cannot drop below those registered', async () => {
		await save({ id: 'by-approval', start: localIn(72), end: localIn(74), registration: { mode: 'approval', capacity: 5 } })
		expect(await events.register(viewer('dan'), 'by-approval')).toEqual({ kind: 'ok', status: 'pending' })
		const [reg] = await events.registrationsOf('by-approval')
		expect(await events.decideRegistration(viewer('staff', { role: 'staff' }), 'by-approval', reg.id, 'approve')).toEqual({ kind: 'ok', status: 'registered' })
		const shrink = eventRecordSchema.parse({ id: 'small-room', title: 'An event', type: 'workshop', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', start: localIn(72), end: localIn(74), registration: { mode: 'open', capacity: 1 } })
		expect(await saveEvent(db(), shrink, { actorId: null, source: 'portal' })).toEqual({ kind: 'invalid', field: 'registration.capacity', message: 'capacity 1 is below the 2 people already registered; decline or move some first.' })
	})
})

describe('reminders and change notices', () => {
	test('a reminder goes out once, even when the scheduler runs again in a new process', async () => {
		await save({ id: 'tomorrow-morning', start: localIn(10), end: localIn(12), registration: { mode: 'open' } })
		await events.register(viewer('eve'), 'tomorrow-morning')
		expect(await events.sendDueReminders()).toBe(1)
		expect(await events.sendDueReminders()).toBe(0)
		// A restart: a separate process opens the same database file and runs the scheduler.
		const script = `const m = await import(${JSON.stringify(path.resolve('app/models/events.server.ts'))}); console.log(await m.sendDueReminders())`
		const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: process.env, encoding: 'utf8' })
		expect(out.trim()).toBe('0')
		const reminders = await db().selectFrom('notifications').select('title').where('user_id', '=', 'eve').where('kind', '=', 'event-reminder').execute()
		expect(reminders).toHaveLength(1)
	})

	test('a change of time tells the registrants once; a rescheduled event gets a fresh reminder', async () => {
		await events.sendChangeNotices() // earlier tests' changes
		await save({ id: 'tomorrow-morning', start: localIn(11), end: localIn(13), registration: { mode: 'open' } })
		expect(await events.sendChangeNotices()).toBe(1)
		expect(await events.sendChangeNotices()).toBe(0)
		const notices = await db().selectFrom('notifications').select('title').where('user_id', '=', 'eve').where('kind', '=', 'event-change').execute()
		expect(notices.map((n) => n.title)).toEqual(['“An event” has a new date or time'])
		expect(await events.sendDueReminders()).toBe(1)
	})
})

describe('fixes found in review', () => {
	test('registering twice tells nobody twice; raising capacity moves the waiting list up', async () => {
		await save({ id: 'grows', start: localIn(96), end: localIn(98), registration: { mode: 'open', capacity: 1 } })
		await events.register(viewer('ana'), 'grows')
		await events.register(viewer('ana'), 'grows')
		expect(await db().selectFrom('notifications').select('id').where('user_id', '=', 'ana').where('url', '=', '/events/grows').execute()).toHaveLength(1)
		expect(await events.register(viewer('ben'), 'grows')).toEqual({ kind: 'ok', status: 'waitlisted' })
		const bigger = eventRecordSchema.parse({ id: 'grows', title: 'An event', type: 'workshop', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', start: localIn(96), end: localIn(98), registration: { mode: 'open', capacity: 3 } })
		expect(await saveEvent(db(), bigger, { actorId: null, source: 'portal' })).toMatchObject({ kind: 'updated', promoted: ['ben'] })
		expect((await events.registrationOf('ben', 'grows'))?.status).toBe('registered')
	})

	test('a move up made by content:import is told by the background sweep, once; someone who cancelled first hears nothing', async () => {
		await events.sendPromotionNotices() // moves up made by earlier tests
		await save({ id: 'imported-room', start: localIn(100), end: localIn(102), registration: { mode: 'open', capacity: 1 } })
		await events.register(viewer('ana'), 'imported-room')
		expect(await events.register(viewer('ben'), 'imported-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		expect(await events.register(viewer('cho'), 'imported-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		// The import runs in its own process, which sends nothing: it only records the move.
		const contentDir = fs.mkdtempSync(path.join(dir, 'content-'))
		fs.mkdirSync(path.join(contentDir, 'events'))
		const front = { id: 'imported-room', title: 'An event', type: 'workshop', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', start: localIn(100), end: localIn(102), registration: { mode: 'open', capacity: 3 } }
		fs.writeFileSync(path.join(contentDir, 'events', 'imported-room.md'), `---\n${YAML.stringify(front)}---\nAgenda to follow.\n`)
		const imported = await importEvents(db(), contentDir)
		expect(imported.problems).toEqual([])
		expect(imported.saved).toMatchObject([{ id: 'imported-room', kind: 'updated', promoted: ['ben', 'cho'] }])
		expect(await events.cancelRegistration(viewer('cho'), 'imported-room')).toBe(true)
		const titles = async (user: string) => (await db().selectFrom('notifications').select('title').where('user_id', '=', user).where('url', '=', '/events/imported-room').orderBy('id').execute()).map((t) => t.title)
		expect(await titles('ben')).toEqual(['You are on the waiting list for “An event”'])
		expect(await events.sendPromotionNotices()).toBe(1)
		expect(await events.sendPromotionNotices()).toBe(0)
		expect(await titles('ben')).toEqual(['You are on the waiting list for “An event”', 'You are registered for “An event”'])
		expect(await titles('cho')).toEqual(['You are on the waiting list for “An event”', 'Your registration is cancelled for “An event”'])
	})

	test('someone declined before the notice goes out hears only that; a cancelled event moves nobody up', async () => {
		await events.sendPromotionNotices() // moves up made by earlier tests
		const record = (capacity: number, status = 'planned') =>
			eventRecordSchema.parse({ id: 'turns', title: 'An event', type: 'workshop', status, timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', start: localIn(130), end: localIn(132), registration: { mode: 'open', capacity } })
		await saveEvent(db(), record(1), { actorId: null, source: 'portal' })
		await events.register(viewer('ana'), 'turns')
		await events.register(viewer('ben'), 'turns')
		await events.register(viewer('cho'), 'turns')
		await events.register(viewer('dan'), 'turns')
		expect(await saveEvent(db(), record(1, 'cancelled'), { actorId: null, source: 'import' })).toMatchObject({ kind: 'updated', promoted: [] })
		expect(await saveEvent(db(), record(2, 'cancelled'), { actorId: null, source: 'import' })).toMatchObject({ kind: 'updated', promoted: [] })
		expect((await events.registrationOf('ben', 'turns'))?.status).toBe('waitlisted')
		expect(await saveEvent(db(), record(4), { actorId: null, source: 'import' })).toMatchObject({ kind: 'updated', promoted: ['ben', 'cho', 'dan'] })
		const cho = await db().selectFrom('event_registrations').select('id').where('event_id', '=', 'turns').where('user_id', '=', 'cho').executeTakeFirstOrThrow()
		await events.decideRegistration(viewer('staff', { role: 'staff' }), 'turns', cho.id, 'decline')
		const titles = async (user: string) => (await db().selectFrom('notifications').select('title').where('user_id', '=', user).where('url', '=', '/events/turns').orderBy('id').execute()).map((t) => t.title)
		expect(await events.sendPromotionNotices()).toBe(2)
		expect(await titles('ben')).toEqual(['You are on the waiting list for “An event”', 'You are registered for “An event”'])
		expect((await titles('cho')).slice(-1)[0]).toMatch(/declined/)
		expect(await titles('cho')).not.toContain('You are registered for “An event”')
		expect(await events.sendPromotionNotices()).toBe(0)
	})

	test('the staff event editor reads YAML front matter only: JavaScript front matter is refused, never run', async () => {
		const { saveFromEditor, parseEventSource } = await import('./event-editor.server')
		const staff = viewer('staff', { role: 'staff' })
		const js = '---js\n(globalThis.__editorRan = true, { id: "js-probe", title: "x", type: "workshop", timezone: "Europe/Vienna", location: { city: "Vienna" }, organizer: "x" })\n---\n\nbody\n'
		for (const source of [js, js.replace('---js', '---javascript'), js.replace('---js', '--- js')])
			expect(await saveFromEditor(staff, source, '127.0.0.1')).toEqual({ kind: 'problems', problems: [{ field: 'front matter', message: expect.stringMatching(/must be YAML/) }] })
		expect((globalThis as { __editorRan?: boolean }).__editorRan).toBeUndefined()
		expect(await db().selectFrom('events').select('id').where('id', '=', 'js-probe').executeTakeFirst()).toBeUndefined()
		// The editor reads back what it writes: an unquoted agenda time is a time (YAML 1.2), not 14 × 60 minutes.
		const unquoted = '---\nid: agenda-times\ntitle: An event\ntype: workshop\ntimezone: Europe/Vienna\nstart: "2030-01-01T09:00"\nend: "2030-01-01T17:00"\nlocation:\n  city: Vienna\norganizer: UNODC\nagenda:\n  - time: 14:00\n    title: Session\n---\n'
		expect(await parseEventSource(unquoted)).toMatchObject({ record: { agenda: [{ time: '14:00', title: 'Session' }] } })
		// Plain YAML (a trailing space after the fence included) still reads.
		const yaml = '---  \nid: yaml-ok\ntitle: An event\ntype: workshop\ntimezone: Europe/Vienna\nstart: "2030-01-01T09:00"\nend: "2030-01-01T17:00"\nlocation:\n  city: Vienna\norganizer: UNODC\n---\n\nBody.\n'
		expect(await parseEventSource(yaml)).toMatchObject({ record: { id: 'yaml-ok', body: 'Body.' } })
	})

	test('someone staff move to the waiting list stays there, and the freed place goes to the next in line', async () => {
		await events.sendPromotionNotices() // moves up made by earlier tests
		const staff = viewer('staff', { role: 'staff' })
		const record = (capacity: number) =>
			eventRecordSchema.parse({ id: 'held', title: 'An event', type: 'workshop', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', start: localIn(140), end: localIn(142), registration: { mode: 'open', capacity } })
		await saveEvent(db(), record(10), { actorId: null, source: 'portal' })
		await events.register(viewer('ana'), 'held')
		const ana = await db().selectFrom('event_registrations').select('id').where('event_id', '=', 'held').where('user_id', '=', 'ana').executeTakeFirstOrThrow()
		// Places are free and nobody else waits: ana is held on the list, not moved straight back.
		expect(await events.decideRegistration(staff, 'held', ana.id, 'waitlist')).toEqual({ kind: 'ok', status: 'waitlisted' })
		expect((await events.registrationOf('ana', 'held'))?.status).toBe('waitlisted')
		expect(await events.sendPromotionNotices()).toBe(0)

		// With others waiting, the staff move frees a place for the first of them, not for the one moved.
		await saveEvent(db(), eventRecordSchema.parse({ ...record(1), id: 'held-full' }), { actorId: null, source: 'portal' })
		for (const who of ['ben', 'cho', 'dan']) await events.register(viewer(who), 'held-full')
		const ben = await db().selectFrom('event_registrations').select('id').where('event_id', '=', 'held-full').where('user_id', '=', 'ben').executeTakeFirstOrThrow()
		await events.decideRegistration(staff, 'held-full', ben.id, 'waitlist')
		const status = async (who: string) => (await events.registrationOf(who, 'held-full'))?.status
		expect([await status('ben'), await status('cho'), await status('dan')]).toEqual(['waitlisted', 'registered', 'waitlisted'])
		const last = async (user: string) => (await db().selectFrom('notifications').select('title').where('user_id', '=', user).where('url', '=', '/events/held-full').orderBy('id', 'desc').executeTakeFirst())?.title
		expect(await last('cho')).toBe('You are registered for “An event”')
		expect(await last('ben')).toBe('You are on the waiting list for “An event”')
		expect(await events.sendPromotionNotices()).toBe(0)
	})

	test('a revoked calendar feed address never works again, however fast it is renewed', async () => {
		const urls: string[] = []
		for (let i = 0; i < 5; i++) {
			await events.renewFeed('dan', true)
			urls.push((await events.feedUrlPath('dan'))!)
		}
		await events.renewFeed('dan', false)
		expect(await events.feedUrlPath('dan')).toBeNull()
		await events.renewFeed('dan', true)
		const token = (u: string) => u.replace('/events/feed/', '').replace(/\.ics$/, '')
		for (const u of urls) expect(await events.viewerForFeed(token(u))).toBeNull()
		const current = token((await events.feedUrlPath('dan'))!)
		expect(await events.viewerForFeed(current)).toMatchObject({ id: 'dan' })
		// "Log out everywhere" on the profile page, a password change or reset also ends the feed address.
		await endAllAccess('dan')
		expect(await events.viewerForFeed(current)).toBeNull()
		expect(await events.feedUrlPath('dan')).toBeNull()
	})

	test('someone no longer invited hears nothing more about the operation', async () => {
		await save({ id: 'op-change', type: 'cross-border-operation', invitees: ['cho@test.portal'], start: localIn(100), end: localIn(102), registration: { mode: 'open' } })
		await events.register(viewer('cho'), 'op-change')
		await events.sendChangeNotices()
		await save({ id: 'op-change', type: 'cross-border-operation', invitees: [], start: localIn(101), end: localIn(103), registration: { mode: 'open' } })
		await events.sendChangeNotices()
		const told = await db().selectFrom('notifications').select('title').where('user_id', '=', 'cho').where('url', '=', '/events/op-change').execute()
		expect(told.map((t) => t.title)).toEqual(['You are registered for “An event”'])
	})

	test('raising the capacity moves up only those who may still see the event; someone no longer invited stays waiting and hears nothing', async () => {
		const op = (invitees: string[], capacity: number) => save({ id: 'op-room', type: 'cross-border-operation', invitees, start: localIn(110), end: localIn(112), registration: { mode: 'open', capacity } })
		await op(['ana@test.portal', 'eve@test.portal', 'dan@test.portal'], 1)
		expect(await events.register(viewer('ana'), 'op-room')).toEqual({ kind: 'ok', status: 'registered' })
		expect(await events.register(viewer('eve'), 'op-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		expect(await events.register(viewer('dan'), 'op-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		// Eve is taken off the operation and a place opens in the same edit: Dan, next in line and still invited, takes it.
		const bigger = eventRecordSchema.parse({ id: 'op-room', title: 'An event', type: 'cross-border-operation', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', invitees: ['ana@test.portal', 'dan@test.portal'], start: localIn(110), end: localIn(112), registration: { mode: 'open', capacity: 2 } })
		expect(await saveEvent(db(), bigger, { actorId: null, source: 'portal' })).toMatchObject({ kind: 'updated', promoted: ['dan'] })
		expect((await events.registrationOf('eve', 'op-room'))?.status).toBe('waitlisted')
		expect((await events.registrationOf('dan', 'op-room'))?.status).toBe('registered')
		// The staff editor tells whoever moved up, and nobody else.
		const staff = viewer('staff', { role: 'staff' })
		const { saveFromEditor, eventSource } = await import('./event-editor.server')
		const edited = (await eventSource('op-room'))!.replace(/capacity: 2/, 'capacity: 3')
		expect(edited).toContain('capacity: 3')
		expect(await saveFromEditor(staff, edited, '127.0.0.1', 'op-room')).toMatchObject({ kind: 'saved', outcome: { promoted: [] } })
		const toEve = await db().selectFrom('notifications').select('title').where('user_id', '=', 'eve').where('url', '=', '/events/op-room').execute()
		expect(toEve.map((t) => t.title)).toEqual(['You are on the waiting list for “An event”'])
		expect((await events.registrationOf('eve', 'op-room'))?.status).toBe('waitlisted')
		// Invited again, with a place free and the capacity unchanged: she moves up at once.
		const again = (await eventSource('op-room'))!.replace('- dan@test.portal', '- dan@test.portal\n  - eve@test.portal')
		expect(again).toContain('eve@test.portal')
		expect(await saveFromEditor(staff, again, '127.0.0.1', 'op-room')).toMatchObject({ kind: 'saved', outcome: { promoted: ['eve'] } })
		expect((await events.registrationOf('eve', 'op-room'))?.status).toBe('registered')
	})
})


describe('in the member’s language', () => {
	const mailsTo = (email: string) => {
		const mailDir = process.env.MAIL_DIR!
		return fs.existsSync(mailDir) ? fs.readdirSync(mailDir).map((f) => JSON.parse(fs.readFileSync(path.join(mailDir, f), 'utf8'))).filter((m) => m.to === email) : []
	}
	const titlesOf = async (userId: string, eventId: string) => (await db().selectFrom('notifications').select('title').where('user_id', '=', userId).where('url', '=', `/events/${eventId}`).orderBy('id').execute()).map((n) => n.title)

	test('a Chinese-speaking member’s registration notices and their emails are in Chinese; an English-speaking one’s are as before', async () => {
		await db()
			.insertInto('users')
			.values([
				{ id: 'li', email: 'li@test.portal', name: 'Li', handle: 'li', role: 'member', status: 'active', preferred_language: 'zh', created_at: 0 },
				{ id: 'fay', email: 'fay@test.portal', name: 'Fay', handle: 'fay', role: 'member', status: 'active', preferred_language: 'en', created_at: 0 },
			])
			.execute()
		await save({ id: 'zh-room', title: 'Tracing workshop', start: localIn(120), end: localIn(122), registration: { mode: 'open', capacity: 1 } })
		expect(await events.register(viewer('fay'), 'zh-room')).toEqual({ kind: 'ok', status: 'registered' })
		expect(await events.register(viewer('li', { preferredLanguage: 'zh' }), 'zh-room')).toEqual({ kind: 'ok', status: 'waitlisted' })
		expect(await events.cancelRegistration(viewer('fay'), 'zh-room')).toBe(true)
		expect(await titlesOf('li', 'zh-room')).toEqual(['您已进入“Tracing workshop”的候补名单', '您已报名参加“Tracing workshop”'])
		expect(await titlesOf('fay', 'zh-room')).toEqual(['You are registered for “Tracing workshop”', 'Your registration is cancelled for “Tracing workshop”'])
		// Event emails are immediate by default: subject and wrapper follow the recipient's language.
		const zhMail = mailsTo('li@test.portal').find((m) => m.subject === '您已报名参加“Tracing workshop”')
		expect(zhMail?.text).toContain('在门户中打开：https://portal.example.org/events/zh-room')
		expect(zhMail?.text).toMatch(/退订（无需登录）：https:\/\/portal\.example\.org\/unsubscribe\//)
		expect(zhMail?.text).not.toMatch(/Open it|Unsubscribe/)
		const enMail = mailsTo('fay@test.portal').find((m) => m.subject === 'You are registered for “Tracing workshop”')
		expect(enMail?.text).toMatch(
			/^You are registered for “Tracing workshop”\n\nOpen it in the portal: https:\/\/portal\.example\.org\/events\/zh-room\n\nYou chose to receive these emails immediately; change that in the portal\.\nUnsubscribe \(no login needed\): https:\/\/portal\.example\.org\/unsubscribe\/\S+$/,
		)

		// A change of time: each registrant is told in their own language.
		await events.sendChangeNotices()
		await save({ id: 'zh-room', title: 'Tracing workshop', start: localIn(121), end: localIn(123), registration: { mode: 'open', capacity: 1 } })
		await events.sendChangeNotices()
		expect((await titlesOf('li', 'zh-room')).at(-1)).toBe('“Tracing workshop”的日期或时间已更改')
	})

	test('a refused registration names its reason as a catalogue message, which the page says in the reader’s language', async () => {
		const { serverT } = await import('../i18n/intl.server')
		await save({ id: 'no-registration', start: localIn(72), end: localIn(74), registration: { mode: 'none' } })
		const outcome = await events.register(viewer('li', { preferredLanguage: 'zh' }), 'no-registration')
		expect(outcome).toEqual({ kind: 'refused', message: { id: 'events.refused.noRegistration' } })
		if (outcome?.kind !== 'refused') throw new Error('expected a refusal')
		expect(serverT('en')(outcome.message.id, outcome.message.values)).toBe('This event does not take registrations.')
		expect(serverT('zh')(outcome.message.id, outcome.message.values)).toBe('此活动不接受报名。')
	})
})

describe('suspension', () => {
	test('ends every way in, and reinstatement brings none back: sessions, API tokens, the calendar feed address', async () => {
		const { setSuspended } = await import('./accounts.server')
		const { createApiToken, userForApiToken } = await import('./api-tokens.server')
		const admin = { id: 'staff', role: 'admin' as const, ip: '127.0.0.1' }
		await events.renewFeed('eve', true)
		const feed = (await events.feedUrlPath('eve'))!.match(/\/events\/feed\/(.+)\.ics$/)![1]
		const created = await createApiToken('eve', 'script', '127.0.0.1')
		if (created.kind !== 'ok') throw new Error('token not created')
		expect(await userForApiToken(created.token)).not.toBeNull()
		expect(await events.viewerForFeed(feed)).not.toBeNull()
		expect(await setSuspended(admin, 'eve', true)).toBe(true)
		expect(await userForApiToken(created.token)).toBeNull()
		expect(await events.viewerForFeed(feed)).toBeNull()
		expect(await setSuspended(admin, 'eve', false)).toBe(true)
		expect(await userForApiToken(created.token)).toBeNull()
		expect(await events.viewerForFeed(feed)).toBeNull()
	})
})

describe('pages that mention an event', () => {
	test('a recommendation names and links its meeting only for a viewer who may open that meeting', async () => {
		const { recommendationPage, meetingsWithRecommendations } = await import('./recommendations.server')
		await save({ id: 'closed-session', title: 'Jaguar closed session', type: 'working-group-meeting', visibility: 'invite-only', invitees: ['ana@test.portal'], start: localIn(160), end: localIn(162) })
		await db()
			.insertInto('recommendations')
			.values({ id: 'closed-r01', meeting_event_id: 'closed-session', meeting_number: 99, number: '1', theme: 'tracing', articles: '["8"]', document_symbol: 'X/1', status_notes: '', summary: 'Trace.', content_hash: '', updated_at: 0 })
			.execute()
		const invited = await recommendationPage(viewer('ana'), 'closed-r01')
		expect(invited?.meeting).toEqual({ id: 'closed-session', title: 'Jaguar closed session' })
		const outsider = await recommendationPage(viewer('ben'), 'closed-r01')
		expect(outsider?.number).toBe('1') // the recommendation itself is public
		expect(outsider?.meeting).toBeNull()
		expect(JSON.stringify(outsider)).not.toMatch(/Jaguar|closed-session/)
		expect((await meetingsWithRecommendations(viewer('ana'))).map((m) => m.id)).toContain('closed-session')
		expect((await meetingsWithRecommendations(viewer('ben'))).map((m) => m.id)).not.toContain('closed-session')
	})
})

describe('search follows every write at once', () => {
	test('an invitee taken off an operation no longer finds it in search, without waiting for the background pass', async () => {
		// The index is filled as the server fills it, without the background timer (which would send notices mid-test).
		process.env.PORTAL_WORKER_ROLE = 'web'
		const { startSearch, stopSearch } = await import('../utils/search.server')
		const { searchEverything } = await import('./global-search.server')
		await startSearch()
		try {
			const operation = (invitees: string[]) =>
				eventRecordSchema.parse({ id: 'op-quill', title: 'Operation Quillfeather', type: 'cross-border-operation', timezone: 'Europe/Vienna', location: { city: 'Vienna' }, organizer: 'UNODC', invitees, start: localIn(150), end: localIn(152) })
			const found = async (who: string) => (await searchEverything(viewer(who), { q: 'Quillfeather', page: 1 })).hits.map((h) => h.id)
			// Written the way the editor and content:import write: a transaction with its outbox row, nothing else.
			await saveEvent(db(), operation(['ana@test.portal', 'ben@test.portal']), { actorId: null, source: 'portal' })
			expect(await found('ana')).toEqual(['op-quill'])
			expect(await found('cho')).toEqual([])
			await saveEvent(db(), operation(['ben@test.portal']), { actorId: null, source: 'import' })
			expect(await found('ana')).toEqual([])
			expect(await found('ben')).toEqual(['op-quill'])
		} finally {
			await stopSearch()
			delete process.env.PORTAL_WORKER_ROLE
		}
	})
})
