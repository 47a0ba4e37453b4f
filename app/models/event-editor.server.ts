import YAML from 'yaml'
import { yamlFrontMatter } from '../../db/content/problems'
import { saveEvent, type SaveEventOutcome } from '../../db/events/queries'
import { eventRecordSchema, type EventRecord } from '../../db/events/record'
import { audit } from '../utils/audit.server'
import { isCountryCode } from '../utils/countries.server'
import { db } from '../utils/db.server'
import type { Viewer } from '../utils/permissions.server'
import { sendPromotionNotices, type EventRow } from './events.server'

/**
 * Staff edit an event as its content file: YAML front matter and a Markdown description,
 * checked by the same schema as `npm run content:import` — one set of rules, and an event
 * can move between the portal and content/events/ without loss.
 */

export function recordFromRow(row: EventRow, invitees: string[]): EventRecord {
	const location = { venue: row.venue ?? undefined, city: row.city ?? undefined, country: row.country ?? undefined }
	return {
		id: row.id,
		title: row.title,
		type: row.type as EventRecord['type'],
		timezone: row.timezone,
		start: row.start_local,
		end: row.end_local,
		location: location.venue || location.city || location.country ? location : undefined,
		online_url: row.online_url ?? undefined,
		organizer: row.organizer,
		regions: JSON.parse(row.regions),
		visibility: row.visibility,
		invitees,
		status: row.status,
		agenda: JSON.parse(row.agenda),
		documents: JSON.parse(row.documents),
		registration: { mode: row.registration_mode, capacity: row.capacity ?? undefined, deadline: row.deadline_local ?? undefined },
		show_participants: row.show_participants === 1,
		sample: row.sample === 1,
		body: row.description,
	}
}

/** The editable text of an event: front matter without empty fields, then the description. */
export function sourceOf(record: EventRecord): string {
	const { body, ...front } = record
	const clean = JSON.parse(JSON.stringify(front)) as Record<string, unknown>
	for (const [k, v] of Object.entries(clean)) if ((Array.isArray(v) && !v.length) || v === false) delete clean[k]
	return `---\n${YAML.stringify(clean, { lineWidth: 0 })}---\n\n${body}\n`
}

export function newEventTemplate(): string {
	return `---
id: regional-meeting-2027-example
title: Regional meeting of the practitioners' network
type: regional-meeting
timezone: Africa/Lagos
start: "2027-02-10T09:00"
end: "2027-02-11T17:00"
location:
  venue: Conference centre
  city: Abuja
  country: NGA
organizer: UNODC Global Firearms Programme
regions: [west-central-africa]
visibility: regions
status: planned
registration:
  mode: open
  capacity: 40
  deadline: "2027-02-01"
agenda:
  - time: "09:00"
    title: Opening
---

What the meeting is for, in a few paragraphs of Markdown.
`
}

export interface EditorProblem {
	field: string
	message: string
}

export async function parseEventSource(source: string): Promise<{ record: EventRecord } | { problems: EditorProblem[] }> {
	const parsed = yamlFrontMatter(source)
	if ('problem' in parsed) return { problems: [{ field: 'front matter', message: parsed.problem }] }
	if (!parsed.matter.trim()) return { problems: [{ field: 'front matter', message: 'Start with the YAML front matter between --- lines.' }] }
	const result = eventRecordSchema.safeParse({ ...parsed.data, body: parsed.body })
	if (!result.success) return { problems: result.error.issues.map((i) => ({ field: i.path.join('.') || '(event)', message: i.message })) }
	const record = result.data
	const problems: EditorProblem[] = []
	const regions = new Set((await db().selectFrom('regions').select('slug').execute()).map((r) => r.slug))
	for (const r of record.regions) if (!regions.has(r)) problems.push({ field: 'regions', message: `Unknown region ${r}.` })
	if (record.location?.country && !isCountryCode(record.location.country)) problems.push({ field: 'location.country', message: `${record.location.country} is not an ISO 3166-1 alpha-3 code.` })
	return problems.length ? { problems } : { record }
}

export async function eventSource(id: string): Promise<string | null> {
	const row = await db().selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
	if (!row) return null
	const invitees = (await db().selectFrom('event_invitees').select('email').where('event_id', '=', id).orderBy('email').execute()).map((i) => i.email)
	return sourceOf(recordFromRow(row, invitees))
}

/** Saves from the editor; `expectId` pins an edit to its event (renaming would orphan registrations). */
export async function saveFromEditor(viewer: Viewer, source: string, ip: string, expectId?: string): Promise<{ kind: 'saved'; id: string; outcome: SaveEventOutcome } | { kind: 'problems'; problems: EditorProblem[] }> {
	const parsed = await parseEventSource(source)
	if ('problems' in parsed) return { kind: 'problems', problems: parsed.problems }
	const record = parsed.record
	if (expectId && record.id !== expectId) return { kind: 'problems', problems: [{ field: 'id', message: `The id of an existing event cannot change (it is ${expectId}).` }] }
	if (!expectId && (await db().selectFrom('events').select('id').where('id', '=', record.id).executeTakeFirst()))
		return { kind: 'problems', problems: [{ field: 'id', message: `An event with the id ${record.id} exists already; choose another id.` }] }
	const outcome = await db()
		.transaction()
		.execute(async (trx) => {
			const saved = await saveEvent(trx, record, { actorId: viewer.id, source: 'portal' })
			if (saved.kind !== 'invalid' && saved.kind !== 'unchanged')
				await audit(trx, { actorId: viewer.id, action: `event.${saved.kind}`, objectType: 'event', objectId: record.id, ip, detail: { changes: saved.changes } })
			return saved
		})
	if (outcome.kind === 'invalid') return { kind: 'problems', problems: [{ field: outcome.field, message: outcome.message }] }
	if (outcome.promoted.length) await sendPromotionNotices(record.id)
	return { kind: 'saved', id: record.id, outcome }
}

/** Cancel, postpone or confirm in one click: the same save path, so SEQUENCE and notices follow. */
export async function setEventStatus(viewer: Viewer, id: string, status: EventRecord['status']): Promise<SaveEventOutcome | null> {
	const row = await db().selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
	if (!row) return null
	const invitees = (await db().selectFrom('event_invitees').select('email').where('event_id', '=', id).execute()).map((i) => i.email)
	const outcome = await db()
		.transaction()
		.execute(async (trx) => {
			const saved = await saveEvent(trx, { ...recordFromRow(row, invitees), status }, { actorId: viewer.id, source: 'portal' })
			await audit(trx, { actorId: viewer.id, action: `event.status.${status}`, objectType: 'event', objectId: id })
			return saved
		})
	if (outcome.kind !== 'invalid' && outcome.promoted.length) await sendPromotionNotices(id)
	return outcome
}
