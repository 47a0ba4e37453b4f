import type { Selectable } from 'kysely'
import type { EventsTable, RegistrationStatus } from '../../db/schema'
import type { EventRecord } from '../../db/events/record'
import { audit } from '../utils/audit.server'
import { spreadsheetCsv } from '../utils/csv.server'
import { db } from '../utils/db.server'
import { markdownToText, renderMarkdown } from '../utils/markdown.server'
import { canSeeEvent, eventAccessTags, twoFactorRequired, type Viewer } from '../utils/permissions.server'
import { promoteWaiting, usersWhoMaySee } from '../../db/events/queries'
import type { SearchDocument } from '../../search/types'
import { signPayload, verifyPayload } from '../utils/signed-links.server'
import { DAY, nowSeconds } from '../utils/time'
import { notify } from './notifications.server'
import type { MessageRef } from '../utils/mail.server'
import { directoryProfiles } from './directory.server'

/**
 * Events: who may see them (one rule, used by pages, API, ICS and feeds), registration
 * with capacity, waiting list and approval, reminders and change notices.
 */

export type EventRow = Selectable<EventsTable>
type EventViewer = Pick<Viewer, 'id' | 'role' | 'regions' | 'email'>

const isStaff = (v: Pick<Viewer, 'role'>) => v.role === 'staff' || v.role === 'admin'

// ---------- visibility (who may see an event at all: canSeeEvent, in permissions) ----------

/** Where an operation takes place (and its link) is need-to-know: invitees and staff only. */
export function seesLogistics(viewer: EventViewer, event: Pick<EventRow, 'type'>, invited: boolean): boolean {
	return event.type !== 'cross-border-operation' || invited || isStaff(viewer)
}

async function invitedTo(viewer: EventViewer, eventIds: string[]): Promise<Set<string>> {
	if (!eventIds.length) return new Set()
	const rows = await db().selectFrom('event_invitees').select('event_id').where('email', '=', viewer.email.toLowerCase()).where('event_id', 'in', eventIds).execute()
	return new Set(rows.map((r) => r.event_id))
}

/** Of these events, the ones the viewer may see: for pages that mention an event (a recommendation's meeting) without opening it. */
export async function visibleEventIds(viewer: EventViewer, eventIds: string[]): Promise<Set<string>> {
	const ids = [...new Set(eventIds)]
	if (!ids.length) return new Set()
	const rows = await db().selectFrom('events').select(['id', 'visibility', 'regions']).where('id', 'in', ids).execute()
	const invited = await invitedTo(viewer, ids)
	return new Set(rows.filter((r) => canSeeEvent(viewer, r, invited.has(r.id))).map((r) => r.id))
}

export interface EventFilter {
	from?: number
	to?: number
	type?: string
	region?: string
	/** Past events newest first; otherwise soonest first. */
	past?: boolean
}

/** Every event the viewer may see in a window, filtered before counting or paging. */
export async function eventsFor(viewer: EventViewer, filter: EventFilter = {}) {
	let q = db().selectFrom('events').selectAll()
	if (filter.from != null) q = q.where('end_utc', '>', filter.from)
	if (filter.to != null) q = q.where('start_utc', '<', filter.to)
	if (filter.type) q = q.where('type', '=', filter.type)
	const rows = await q.orderBy('start_utc', filter.past ? 'desc' : 'asc').execute()
	// Any event may name invitees (an outsider invited to a regional workshop sees it too).
	const invited = await invitedTo(
		viewer,
		rows.map((r) => r.id),
	)
	return rows
		.filter((r) => canSeeEvent(viewer, r, invited.has(r.id)))
		.filter((r) => !filter.region || (JSON.parse(r.regions) as string[]).includes(filter.region))
		.map((r) => redact(viewer, r, invited.has(r.id)))
}

function redact(viewer: EventViewer, row: EventRow, invited: boolean) {
	const logistics = seesLogistics(viewer, row, invited)
	return { ...row, venue: logistics ? row.venue : null, city: logistics ? row.city : null, country: logistics ? row.country : null, online_url: logistics ? row.online_url : null, logisticsHidden: !logistics, invited }
}

export type VisibleEvent = ReturnType<typeof redact>

export async function eventForViewer(viewer: EventViewer, id: string): Promise<VisibleEvent | null> {
	if (!/^[a-z0-9][a-z0-9-]{2,79}$/.test(id)) return null
	const row = await db().selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
	if (!row) return null
	const invited = (await invitedTo(viewer, [id])).has(id)
	return canSeeEvent(viewer, row, invited) ? redact(viewer, row, invited) : null
}

export function eventDetails(event: VisibleEvent) {
	return {
		regions: JSON.parse(event.regions) as string[],
		agenda: JSON.parse(event.agenda) as EventRecord['agenda'],
		documents: JSON.parse(event.documents) as EventRecord['documents'],
		descriptionHtml: renderMarkdown(event.description),
	}
}

// ---------- registration ----------

export type RegistrationOutcome =
	| { kind: 'ok'; status: RegistrationStatus }
	/** Why not, as a catalogue message: the route says it in the reader's language. */
	| { kind: 'refused'; message: MessageRef }

async function registeredCount(eventId: string) {
	const row = await db().selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'registered').executeTakeFirst()
	return Number(row?.n ?? 0)
}

export async function registrationOf(userId: string, eventId: string) {
	return (await db().selectFrom('event_registrations').select(['status', 'created_at']).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst()) ?? null
}

export async function registrationSummary(eventId: string) {
	const rows = await db().selectFrom('event_registrations').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('event_id', '=', eventId).groupBy('status').execute()
	const of = (s: RegistrationStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0)
	return { registered: of('registered'), waitlisted: of('waitlisted'), pending: of('pending') }
}

/** Registers the viewer: open events take them while there is room, then wait-list; approval events hold them as pending. */
export async function register(viewer: Viewer, eventId: string): Promise<RegistrationOutcome | null> {
	const event = await eventForViewer(viewer, eventId)
	if (!event) return null
	const now = nowSeconds()
	if (event.registration_mode === 'none') return { kind: 'refused', message: { id: 'events.refused.noRegistration' } }
	if (event.status === 'cancelled') return { kind: 'refused', message: { id: 'events.refused.cancelled' } }
	if (event.end_utc < now) return { kind: 'refused', message: { id: 'events.refused.over' } }
	if (event.deadline_utc && event.deadline_utc < now) return { kind: 'refused', message: { id: 'events.refused.closed' } }
	const status = await db()
		.transaction()
		.execute(async (trx) => {
			const existing = await trx.selectFrom('event_registrations').select(['id', 'status']).where('event_id', '=', eventId).where('user_id', '=', viewer.id).executeTakeFirst()
			// Registering twice (two tabs, a resubmitted form) changes nothing and tells nobody again.
			if (existing && existing.status !== 'cancelled') return { status: existing.status, changed: false }
			const taken = Number(
				(await trx.selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'registered').executeTakeFirst())?.n ?? 0,
			)
			const next: RegistrationStatus = event.registration_mode === 'approval' ? 'pending' : event.capacity != null && taken >= event.capacity ? 'waitlisted' : 'registered'
			// Registering again starts afresh: an earlier move up from the waiting list owes no notice any more.
			if (existing)
				await trx
					.updateTable('event_registrations')
					.set((eb) => ({ status: next, updated_at: now, decided_by: null, promotion_notified_count: eb.ref('promotion_count') }))
					.where('id', '=', existing.id)
					.execute()
			else await trx.insertInto('event_registrations').values({ event_id: eventId, user_id: viewer.id, status: next, created_at: now, updated_at: now, decided_by: null }).execute()
			return { status: next, changed: true }
		})
	if (status.status === 'declined') return { kind: 'refused', message: { id: 'events.refused.declined' } }
	if (status.changed) await tellRegistrant(viewer.id, event, status.status, `registration:${now}`)
	return { kind: 'ok', status: status.status }
}

export async function cancelRegistration(viewer: Viewer, eventId: string): Promise<boolean | null> {
	const event = await eventForViewer(viewer, eventId)
	if (!event) return null
	const now = nowSeconds()
	const promoted = await db()
		.transaction()
		.execute(async (trx) => {
			const existing = await trx.selectFrom('event_registrations').select(['id', 'status']).where('event_id', '=', eventId).where('user_id', '=', viewer.id).executeTakeFirst()
			if (!existing || existing.status === 'cancelled' || existing.status === 'declined') return undefined
			await trx.updateTable('event_registrations').set({ status: 'cancelled', updated_at: now }).where('id', '=', existing.id).execute()
			// A freed place goes to the first on the waiting list.
			return existing.status === 'registered' ? promoteFromWaitlist(trx, event) : null
		})
	if (promoted === undefined) return false
	await tellRegistrant(viewer.id, event, 'cancelled', `registration:${now}`)
	if (promoted) await sendPromotionNotices(eventId)
	return true
}

/** The first on the waiting list who may still see the event takes a freed place (others wait, untold). */
async function promoteFromWaitlist(
	trx: import('kysely').Transaction<import('../../db/schema').Database>,
	event: Pick<EventRow, 'id' | 'capacity' | 'visibility' | 'regions'>,
	exceptRegistration: number | null = null,
): Promise<string | null> {
	const taken = Number((await trx.selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).where('status', '=', 'registered').executeTakeFirst())?.n ?? 0)
	if (event.capacity != null && taken >= event.capacity) return null
	return (await promoteWaiting(trx, event, 1, nowSeconds(), exceptRegistration))[0] ?? null
}

const STATUS_MESSAGES: Record<RegistrationStatus, string> = {
	registered: 'events.notify.registered',
	waitlisted: 'events.notify.waitlisted',
	pending: 'events.notify.pending',
	declined: 'events.notify.declined',
	cancelled: 'events.notify.cancelled',
}

export async function tellRegistrant(userId: string, event: Pick<EventRow, 'id' | 'title'>, status: RegistrationStatus, key: string) {
	const user = await db().selectFrom('users').select('event_email').where('id', '=', userId).executeTakeFirst()
	if (!user) return
	await notify(userId, {
		kind: 'event-registration',
		title: { id: STATUS_MESSAGES[status], values: { title: event.title } },
		url: `/events/${event.id}`,
		dedupeKey: `event:${event.id}:${key}:${status}`,
		email: user.event_email,
		unsubscribe: { kind: 'event-email' },
	})
}

// ---------- staff: registrations ----------

export async function registrationsOf(eventId: string) {
	return db()
		.selectFrom('event_registrations')
		.innerJoin('users', 'users.id', 'event_registrations.user_id')
		.select(['event_registrations.id', 'event_registrations.status', 'event_registrations.created_at', 'users.id as user_id', 'users.name', 'users.email', 'users.organisation', 'users.country'])
		.where('event_registrations.event_id', '=', eventId)
		.orderBy('event_registrations.created_at')
		.orderBy('event_registrations.id')
		.execute()
}

/**
 * Who is coming, when the organizer allows it — as the directory lets this viewer see each
 * person (one privacy rule): members who are not listed appear only as "a member".
 */
export async function participantsOf(eventId: string, viewer: EventViewer) {
	const rows = await db()
		.selectFrom('event_registrations')
		.innerJoin('users', 'users.id', 'event_registrations.user_id')
		.select(['users.handle'])
		.where('event_registrations.event_id', '=', eventId)
		.where('event_registrations.status', '=', 'registered')
		.orderBy('users.name')
		.execute()
	const profiles = await directoryProfiles(
		viewer,
		rows.flatMap((r) => (r.handle ? [r.handle] : [])),
	)
	const listed = rows.flatMap((r) => {
		const p = r.handle ? profiles.get(r.handle) : null
		return p ? [{ name: p.name, handle: p.handle, organisation: p.organisation ?? null }] : []
	})
	return { listed, unlisted: rows.length - listed.length }
}

export async function decideRegistration(staff: Viewer, eventId: string, registrationId: number, decision: 'approve' | 'decline' | 'waitlist'): Promise<RegistrationOutcome | null> {
	const event = await eventForViewer(staff, eventId)
	if (!event) return null
	const now = nowSeconds()
	const result = await db()
		.transaction()
		.execute(async (trx) => {
			const reg = await trx.selectFrom('event_registrations').select(['id', 'user_id', 'status']).where('id', '=', registrationId).where('event_id', '=', eventId).executeTakeFirst()
			if (!reg) return null
			let next: RegistrationStatus = decision === 'decline' ? 'declined' : 'waitlisted'
			if (decision === 'approve') {
				const taken = Number((await trx.selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'registered').executeTakeFirst())?.n ?? 0)
				next = event.capacity != null && taken >= event.capacity && reg.status !== 'registered' ? 'waitlisted' : 'registered'
			}
			// The decision is told below; an earlier move up from the waiting list owes no notice any more.
			await trx
				.updateTable('event_registrations')
				.set((eb) => ({ status: next, updated_at: now, decided_by: staff.id, promotion_notified_count: eb.ref('promotion_count') }))
				.where('id', '=', reg.id)
				.execute()
			// Staff who put someone on the list meant it, even with places free: the place goes to the next in line.
			const promoted = reg.status === 'registered' && next !== 'registered' ? await promoteFromWaitlist(trx, event, reg.id) : null
			return { userId: reg.user_id, status: next, promoted }
		})
	if (!result) return null
	await tellRegistrant(result.userId, event, result.status, `decision:${now}`)
	if (result.promoted) await sendPromotionNotices(eventId)
	return { kind: 'ok', status: result.status }
}

/** The registration list as a spreadsheet; every export is audited (it carries names and emails). */
export async function exportRegistrationsCsv(staff: Viewer, eventId: string, ip: string): Promise<string> {
	const rows = await registrationsOf(eventId)
	await audit(db(), { actorId: staff.id, action: 'event.registrations_exported', objectType: 'event', objectId: eventId, ip, detail: { rows: rows.length } })
	return spreadsheetCsv(
		['name', 'email', 'organisation', 'country', 'status', 'registered_at'],
		rows.map((r) => [r.name, r.email, r.organisation, r.country, r.status, new Date(r.created_at * 1000).toISOString()]),
	)
}

export async function revisionsOf(eventId: string) {
	return db()
		.selectFrom('event_revisions')
		.leftJoin('users', 'users.id', 'event_revisions.changed_by')
		.select(['event_revisions.id', 'event_revisions.source', 'event_revisions.changes', 'event_revisions.created_at', 'users.name as editor'])
		.where('event_id', '=', eventId)
		.orderBy('event_revisions.id', 'desc')
		.limit(100)
		.execute()
}

// ---------- background: reminders and change notices ----------

/** Registrants who may still see the event (regions and invitations change): nobody else is told anything about it. */
async function stillSeeing<T extends { user_id: string }>(event: Pick<EventRow, 'id' | 'visibility' | 'regions'>, registrants: T[]): Promise<T[]> {
	if (!registrants.length || event.visibility === 'members') return registrants
	const allowed = await usersWhoMaySee(db(), event, registrants.map((r) => r.user_id))
	return registrants.filter((r) => allowed.has(r.user_id))
}

/**
 * Registered participants hear 24 hours before the start. The dedupe key names the event
 * and its start instant, so a restart (or a second server) never sends a reminder twice,
 * and a rescheduled event gets a fresh reminder.
 */
export async function sendDueReminders(now = nowSeconds()): Promise<number> {
	const due = await db()
		.selectFrom('events')
		.innerJoin('event_registrations', 'event_registrations.event_id', 'events.id')
		.innerJoin('users', 'users.id', 'event_registrations.user_id')
		.select(['events.id', 'events.title', 'events.start_utc', 'events.visibility', 'events.regions', 'users.id as user_id', 'users.event_email'])
		.where('events.start_utc', '>', now)
		.where('events.start_utc', '<=', now + DAY)
		.where('events.status', '!=', 'cancelled')
		.where('event_registrations.status', '=', 'registered')
		.where('users.status', '=', 'active')
		.execute()
	let sent = 0
	const allowed = new Set<string>()
	for (const eventId of new Set(due.map((d) => d.id))) {
		const rows = due.filter((d) => d.id === eventId)
		for (const r of await stillSeeing(rows[0], rows)) allowed.add(`${eventId}:${r.user_id}`)
	}
	for (const d of due) {
		if (!allowed.has(`${d.id}:${d.user_id}`)) continue
		const created = await notify(d.user_id, {
			kind: 'event-reminder',
			title: { id: 'events.notify.reminder', values: { title: d.title } },
			url: `/events/${d.id}`,
			dedupeKey: `event-reminder:${d.id}:${d.start_utc}`,
			email: d.event_email,
			unsubscribe: { kind: 'event-email' },
		})
		if (created) sent++
	}
	return sent
}

/**
 * Tells everyone moved up from a waiting list (promoteWaiting counts the move in the same
 * transaction), whoever made the move: a cancellation, a staff decision, the editor or an
 * import run in another process. Request handlers call it for their own event right after
 * their commit, so the notice is immediate; the background timer sweeps everything (imports,
 * a crash before the call). Each row is read again just before telling, so a member declined
 * or put back on the list meanwhile, a cancelled or finished event, or someone who may no
 * longer see the event is marked done without a word. The dedupe key names the registration
 * and the move's number: two sweeps at once, or a crash between telling and marking, never
 * tell anyone twice, and a second move is a second notice.
 */
export async function sendPromotionNotices(eventId?: string): Promise<number> {
	const owed = await db()
		.selectFrom('event_registrations')
		.select(['id', 'event_id', 'promotion_count'])
		.whereRef('promotion_count', '>', 'promotion_notified_count')
		.$if(eventId !== undefined, (q) => q.where('event_id', '=', eventId as string))
		.orderBy('id')
		.limit(200)
		.execute()
	let told = 0
	for (const o of owed) {
		const r = await db()
			.selectFrom('event_registrations')
			.innerJoin('events', 'events.id', 'event_registrations.event_id')
			.innerJoin('users', 'users.id', 'event_registrations.user_id')
			.select([
				'event_registrations.status',
				'event_registrations.promotion_count',
				'events.title',
				'events.status as event_status',
				'events.end_utc',
				'events.visibility',
				'events.regions',
				'users.id as user_id',
				'users.status as user_status',
				'users.event_email',
			])
			.where('event_registrations.id', '=', o.id)
			.executeTakeFirst()
		// A newer move than the one read above is told by its own pass.
		if (r && r.promotion_count !== o.promotion_count) continue
		const stillOwed = r !== undefined && r.status === 'registered' && r.user_status === 'active' && r.event_status !== 'cancelled' && r.end_utc > nowSeconds()
		if (stillOwed && (await stillSeeing({ id: o.event_id, visibility: r.visibility, regions: r.regions }, [r])).length) {
			const created = await notify(r.user_id, {
				kind: 'event-registration',
				title: { id: STATUS_MESSAGES.registered, values: { title: r.title } },
				url: `/events/${o.event_id}`,
				dedupeKey: `event:${o.event_id}:promoted:${o.id}:${o.promotion_count}`,
				email: r.event_email,
				unsubscribe: { kind: 'event-email' },
			})
			if (created) told++
		}
		await db()
			.updateTable('event_registrations')
			.set({ promotion_notified_count: o.promotion_count })
			.where('id', '=', o.id)
			.where('promotion_notified_count', '<', o.promotion_count)
			.execute()
	}
	return told
}

/** Changes of time, place or status, from the portal or an import: every registrant is told once. */
export async function sendChangeNotices(): Promise<number> {
	const pending = await db()
		.selectFrom('event_revisions')
		.innerJoin('events', 'events.id', 'event_revisions.event_id')
		.select(['event_revisions.id', 'event_revisions.changes', 'events.id as event_id', 'events.title', 'events.status', 'events.visibility', 'events.regions'])
		.where('event_revisions.material', '=', 1)
		.where('event_revisions.notified_at', 'is', null)
		.orderBy('event_revisions.id')
		.limit(50)
		.execute()
	for (const rev of pending) {
		const changed = Object.keys(JSON.parse(rev.changes) as Record<string, unknown>)
		const title: MessageRef = changed.includes('status')
			? rev.status === 'cancelled'
				? { id: 'events.notify.changeCancelled', values: { title: rev.title } }
				: { id: 'events.notify.changeStatus', values: { title: rev.title, status: rev.status } }
			: changed.some((c) => ['start_local', 'end_local', 'timezone'].includes(c))
				? { id: 'events.notify.changeTime', values: { title: rev.title } }
				: { id: 'events.notify.changePlace', values: { title: rev.title } }
		const everyone = await db()
			.selectFrom('event_registrations')
			.innerJoin('users', 'users.id', 'event_registrations.user_id')
			.select(['users.id', 'users.id as user_id', 'users.event_email'])
			.where('event_registrations.event_id', '=', rev.event_id)
			.where('event_registrations.status', 'in', ['registered', 'waitlisted', 'pending'])
			.where('users.status', '=', 'active')
			.execute()
		const registrants = await stillSeeing({ id: rev.event_id, visibility: rev.visibility, regions: rev.regions }, everyone)
		for (const r of registrants)
			await notify(r.id, {
				kind: 'event-change',
				title,
				url: `/events/${rev.event_id}`,
				dedupeKey: `event-change:${rev.id}`,
				email: r.event_email,
				unsubscribe: { kind: 'event-email' },
			})
		await db().updateTable('event_revisions').set({ notified_at: nowSeconds() }).where('id', '=', rev.id).execute()
	}
	return pending.length
}

// ---------- personal calendar feeds ----------

const FEED_PURPOSE = 'calendar-feed'

export async function feedUrlPath(userId: string): Promise<string | null> {
	const user = await db().selectFrom('users').select('calendar_feed_version').where('id', '=', userId).executeTakeFirst()
	if (user?.calendar_feed_version == null || user.calendar_feed_version <= 0) return null
	return `/events/feed/${signPayload(FEED_PURPOSE, { u: userId, v: user.calendar_feed_version })}.ics`
}

/**
 * Creating a feed or replacing its secret moves the version on, so every older URL stops
 * working. Turning the feed off stores the next version negated: versions handed out only
 * ever grow, so no revoked URL can come back, however fast someone clicks.
 */
export async function renewFeed(userId: string, enabled: boolean) {
	const user = await db().selectFrom('users').select('calendar_feed_version').where('id', '=', userId).executeTakeFirstOrThrow()
	const next = Math.abs(user.calendar_feed_version ?? 0) + 1
	await db()
		.updateTable('users')
		.set({ calendar_feed_version: enabled ? next : -next })
		.where('id', '=', userId)
		.execute()
}

/** The viewer a feed URL stands for, or null if the secret is unknown, revoked or its account is not active. */
export async function viewerForFeed(token: string): Promise<EventViewer | null> {
	const payload = verifyPayload(FEED_PURPOSE, token) as { u?: unknown; v?: unknown } | null
	if (!payload || typeof payload.u !== 'string' || typeof payload.v !== 'number') return null
	const user = await db().selectFrom('users').select(['id', 'email', 'role', 'status', 'calendar_feed_version', 'two_factor_enabled_at']).where('id', '=', payload.u).executeTakeFirst()
	if (!user || user.status !== 'active' || payload.v <= 0 || user.calendar_feed_version !== payload.v) return null
	// Like an API token, a feed does not stand in for staff who have not set up their second factor.
	if (twoFactorRequired(user.role) && user.two_factor_enabled_at === null) return null
	const regions = await db().selectFrom('user_regions').select('region_slug').where('user_id', '=', user.id).execute()
	return { id: user.id, email: user.email, role: user.role, regions: regions.map((r) => r.region_slug) }
}

/** The API's shape of an event (location fields absent when need-to-know hides them). */
export function eventApiView(e: VisibleEvent) {
	return {
		id: e.id,
		title: e.title,
		type: e.type,
		status: e.status,
		timezone: e.timezone,
		all_day: e.all_day === 1,
		start_local: e.start_local,
		end_local: e.end_local,
		start: new Date(e.start_utc * 1000).toISOString(),
		end: new Date(e.end_utc * 1000).toISOString(),
		...(e.logisticsHidden ? {} : { location: { venue: e.venue, city: e.city, country: e.country }, online_url: e.online_url }),
		organizer: e.organizer,
		regions: JSON.parse(e.regions) as string[],
		visibility: e.visibility,
		registration: { mode: e.registration_mode, capacity: e.capacity, deadline: e.deadline_utc ? new Date(e.deadline_utc * 1000).toISOString() : null },
		sequence: e.sequence,
		url: `/events/${e.id}`,
		ics: `/events/${e.id}.ics`,
	}
}

/**
 * An event as the index holds it, readable by exactly those who may see it. Where an
 * operation takes place is need-to-know even among those who may see it, so it is never
 * indexed: a search for the place cannot reveal the operation.
 */
export async function eventDocument(id: string): Promise<SearchDocument | null> {
	const row = await db().selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
	if (!row) return null
	const invitees = (await db().selectFrom('event_invitees').select('email').where('event_id', '=', id).execute()).map((i) => i.email)
	const regions = JSON.parse(row.regions) as string[]
	const agenda = (JSON.parse(row.agenda) as EventRecord['agenda']).map((a) => a.title)
	const place = row.type === 'cross-border-operation' ? [] : [row.venue, row.city].filter(Boolean)
	return {
		key: `event:${id}`,
		type: 'event',
		id,
		title: row.title,
		body: [markdownToText(row.description), ...agenda, row.organizer, ...place].join('\n'),
		exactTerms: [],
		language: 'en',
		date: new Date(row.start_utc * 1000).toISOString().slice(0, 10),
		facets: { event_type: [row.type], region: regions },
		access: eventAccessTags({ visibility: row.visibility, regions }, invitees),
		url: `/events/${id}`,
	}
}
