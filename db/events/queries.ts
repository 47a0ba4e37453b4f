import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { enqueue } from '../../search/outbox'
import { canSeeEvent } from '../../app/utils/permissions.server'
import type { Database } from '../schema'
import { deadlineInstant, eventInstants, type EventRecord } from './record'

/**
 * Saving an event (importer and staff editor alike): one transaction writes the row, its
 * invitees and a revision naming what changed. SEQUENCE goes up with every change so
 * calendar clients replace their copy; a change of time, place or status is marked
 * material, and the server's background job tells the registrants once.
 */

export type SaveEventOutcome = { kind: 'created' | 'updated' | 'unchanged'; changes: string[]; promoted: string[] } | { kind: 'invalid'; field: string; message: string }

/** Fields whose change registrants must hear about. */
const MATERIAL = new Set(['start_local', 'end_local', 'timezone', 'venue', 'city', 'country', 'online_url', 'status'])

export function eventRow(record: EventRecord, now: number) {
	const instants = eventInstants(record)
	if (!instants) throw new Error(`eventRow: ${record.id} has no valid instants (validate first)`)
	return {
		id: record.id,
		title: record.title,
		type: record.type,
		start_local: record.start,
		end_local: record.end,
		timezone: record.timezone,
		all_day: instants.allDay ? 1 : 0,
		start_utc: instants.startUtc,
		end_utc: instants.endUtc,
		venue: record.location?.venue ?? null,
		city: record.location?.city ?? null,
		country: record.location?.country ?? null,
		online_url: record.online_url ?? null,
		organizer: record.organizer,
		regions: JSON.stringify(record.regions),
		visibility: record.visibility,
		status: record.status,
		description: record.body,
		agenda: JSON.stringify(record.agenda),
		documents: JSON.stringify(record.documents),
		registration_mode: record.registration.mode,
		capacity: record.registration.capacity ?? null,
		deadline_local: record.registration.deadline ?? null,
		deadline_utc: deadlineInstant(record.registration.deadline, record.timezone),
		show_participants: record.show_participants ? 1 : 0,
		sample: record.sample ? 1 : 0,
		updated_at: now,
	}
}

type Row = ReturnType<typeof eventRow>

function hashOf(row: Row, invitees: string[]) {
	const { updated_at: _u, ...rest } = row
	return crypto.createHash('sha256').update(JSON.stringify([rest, [...invitees].sort()])).digest('hex')
}

export async function saveEvent(
	db: Kysely<Database> | Transaction<Database>,
	record: EventRecord,
	opts: { actorId: string | null; source: 'portal' | 'import'; now?: number },
): Promise<SaveEventOutcome> {
	const now = opts.now ?? Math.floor(Date.now() / 1000)
	const row = eventRow(record, now)
	const invitees = [...new Set(record.invitees)]
	const hash = hashOf(row, invitees)
	const run = async (trx: Transaction<Database>): Promise<SaveEventOutcome> => {
		const existing = await trx.selectFrom('events').selectAll().where('id', '=', record.id).executeTakeFirst()
		if (existing?.content_hash === hash) return { kind: 'unchanged', changes: [], promoted: [] }
		if (row.capacity != null) {
			const taken = await trx
				.selectFrom('event_registrations')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('event_id', '=', record.id)
				.where('status', '=', 'registered')
				.executeTakeFirst()
			if (Number(taken?.n ?? 0) > row.capacity)
				return { kind: 'invalid', field: 'registration.capacity', message: `capacity ${row.capacity} is below the ${taken?.n} people already registered; decline or move some first.` }
		}
		const beforeInvitees = existing ? (await trx.selectFrom('event_invitees').select('email').where('event_id', '=', record.id).execute()).map((i) => i.email).sort() : []
		const changes: Record<string, [unknown, unknown]> = {}
		if (existing) {
			for (const [k, v] of Object.entries(row)) if (k !== 'updated_at' && (existing as Record<string, unknown>)[k] !== v) changes[k] = [(existing as Record<string, unknown>)[k], v]
			if (JSON.stringify(beforeInvitees) !== JSON.stringify([...invitees].sort())) changes.invitees = [beforeInvitees.length, invitees.length]
			await trx
				.updateTable('events')
				.set({ ...row, sequence: existing.sequence + 1, content_hash: hash })
				.where('id', '=', record.id)
				.execute()
		} else {
			await trx
				.insertInto('events')
				.values({ ...row, sequence: 0, content_hash: hash, created_at: now })
				.execute()
		}
		await trx.deleteFrom('event_invitees').where('event_id', '=', record.id).execute()
		if (invitees.length) await trx.insertInto('event_invitees').values(invitees.map((email) => ({ event_id: record.id, email }))).execute()
		// The index learns of it in the same transaction (its access tags follow visibility and invitees).
		await enqueue(trx, 'event', record.id)
		const material = !!existing && Object.keys(changes).some((k) => MATERIAL.has(k))
		await trx
			.insertInto('event_revisions')
			.values({ event_id: record.id, changed_by: opts.actorId, source: opts.source, changes: JSON.stringify(existing ? changes : { created: [null, record.title] }), material: material ? 1 : 0, notified_at: null, created_at: now })
			.execute()
		// Free places never sit beside a waiting list: after any change (more room, no limit any
		// more, or someone who was skipped invited again), it moves up, first come first served.
		const promoted: string[] = []
		if (existing && row.registration_mode === 'open' && row.status !== 'cancelled') {
			const taken = Number((await trx.selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', record.id).where('status', '=', 'registered').executeTakeFirst())?.n ?? 0)
			const room = row.capacity == null ? Number.MAX_SAFE_INTEGER : row.capacity - taken
			if (room > 0) promoted.push(...(await promoteWaiting(trx, { id: record.id, visibility: row.visibility, regions: row.regions }, room, now)))
		}
		return { kind: existing ? 'updated' : 'created', changes: Object.keys(changes), promoted }
	}
	return 'isTransaction' in db && db.isTransaction ? run(db as Transaction<Database>) : (db as Kysely<Database>).transaction().execute(run)
}

/** Of these users, those who may see the event (canSeeEvent: role, regions, invitation). */
export async function usersWhoMaySee(q: Kysely<Database> | Transaction<Database>, event: { id: string; visibility: string; regions: string }, userIds: string[]): Promise<Set<string>> {
	if (!userIds.length) return new Set()
	const users = await q.selectFrom('users').select(['id', 'role', 'email']).where('id', 'in', userIds).execute()
	const regions = await q.selectFrom('user_regions').select(['user_id', 'region_slug']).where('user_id', 'in', userIds).execute()
	const invited = new Set((await q.selectFrom('event_invitees').select('email').where('event_id', '=', event.id).execute()).map((i) => i.email))
	const regionsOf = (id: string) => regions.filter((g) => g.user_id === id).map((g) => g.region_slug)
	return new Set(users.filter((u) => canSeeEvent({ role: u.role, regions: regionsOf(u.id) }, event, invited.has(u.email.toLowerCase()))).map((u) => u.id))
}

/**
 * Moves up to `room` people from the waiting list to registered, first come first served,
 * skipping anyone who may no longer see the event (their region or invitation changed, or
 * their account is no longer active): they stay on the list, and nobody tells them anything.
 * Returns who moved up, in order; sendPromotionNotices (app/models/events.server.ts) tells them.
 */
export async function promoteWaiting(
	trx: Transaction<Database>,
	event: { id: string; visibility: string; regions: string },
	room: number,
	now: number,
	/** A registration staff just put on the list themselves: it stays there. */
	exceptRegistration: number | null = null,
): Promise<string[]> {
	const waiting = await trx
		.selectFrom('event_registrations')
		.innerJoin('users', 'users.id', 'event_registrations.user_id')
		.select(['event_registrations.id', 'event_registrations.user_id'])
		.where('event_registrations.event_id', '=', event.id)
		.where('event_registrations.status', '=', 'waitlisted')
		.$if(exceptRegistration !== null, (qb) => qb.where('event_registrations.id', '!=', exceptRegistration as number))
		.where('users.status', '=', 'active')
		.orderBy('event_registrations.created_at')
		.orderBy('event_registrations.id')
		.execute()
	const allowed = await usersWhoMaySee(trx, event, waiting.map((w) => w.user_id))
	const chosen = waiting.filter((w) => allowed.has(w.user_id)).slice(0, room)
	// The notice is owed from here on (sendPromotionNotices), whichever process made the move.
	for (const w of chosen)
		await trx
			.updateTable('event_registrations')
			.set((eb) => ({ status: 'registered', updated_at: now, promoted_at: now, promotion_count: eb('promotion_count', '+', 1) }))
			.where('id', '=', w.id)
			.execute()
	return chosen.map((w) => w.user_id)
}
