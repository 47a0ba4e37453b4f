import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Selectable, Transaction } from 'kysely'
import type { Database, GuidanceDocumentsTable, GuidanceVersionsTable } from '../../db/schema'
import { guidanceFieldsSchema } from '../../db/guidance/record'
import { enqueue } from '../../search/outbox'
import type { SearchDocument } from '../../search/types'
import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { markdownToText, renderMarkdown } from '../utils/markdown.server'
import type { Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import { notify } from './notifications.server'
import { attachmentsOf, recordAttachments, withStoredFiles, type CheckedUpload } from './attachments.server'

/**
 * Guidance: staff write a draft, another staff member reviews and publishes it. Readers
 * only ever see published versions; each publication is kept, so earlier versions stay
 * readable with their change notes. Language versions share a translation group.
 */

type Version = Selectable<GuidanceVersionsTable>
const parse = (s: string) => JSON.parse(s) as string[]

/** The current published version of every document (the highest version number). */
function latestVersions() {
	return db()
		.selectFrom('guidance_versions as v')
		.innerJoin('guidance_documents as d', 'd.id', 'v.document_id')
		.where('v.version', '=', (eb) => eb.selectFrom('guidance_versions as w').select((e) => e.fn.max('w.version').as('m')).whereRef('w.document_id', '=', 'v.document_id'))
}

export interface GuidanceFilter {
	theme?: string
	article?: string
	region?: string
	language?: string
}

export async function publishedGuidance(filter: GuidanceFilter = {}) {
	let q = latestVersions().select(['v.document_id as id', 'v.version', 'v.title', 'v.summary', 'v.themes', 'v.articles', 'v.regions', 'v.published_at', 'd.language', 'd.translation_group', 'd.sample'])
	if (filter.language) q = q.where('d.language', '=', filter.language)
	if (filter.theme) q = q.where(sql<boolean>`exists (select 1 from json_each(v.themes) where value = ${filter.theme})`)
	if (filter.article) q = q.where(sql<boolean>`exists (select 1 from json_each(v.articles) where value = ${filter.article})`)
	// A document for every region (no regions listed) applies to the region asked for too.
	if (filter.region) q = q.where(sql<boolean>`(json_array_length(v.regions) = 0 or exists (select 1 from json_each(v.regions) where value = ${filter.region}))`)
	const rows = await q.orderBy('v.published_at', 'desc').execute()
	return rows.map((r) => ({ ...r, themes: parse(r.themes), articles: parse(r.articles), regions: parse(r.regions) }))
}

export async function guidanceForReader(id: string, version?: number) {
	if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(id)) return null
	const versions = await db().selectFrom('guidance_versions').select(['version', 'change_note', 'published_at']).where('document_id', '=', id).orderBy('version', 'desc').execute()
	if (!versions.length) return null
	const wanted = version ?? versions[0].version
	const row = await db().selectFrom('guidance_versions').selectAll().where('document_id', '=', id).where('version', '=', wanted).executeTakeFirst()
	if (!row) return null
	const doc = await db().selectFrom('guidance_documents').select(['language', 'translation_group', 'sample']).where('id', '=', id).executeTakeFirstOrThrow()
	const translations = await latestVersions()
		.select(['v.document_id as id', 'd.language', 'v.title'])
		.where('d.translation_group', '=', doc.translation_group)
		.where('v.document_id', '!=', id)
		.execute()
	return { version: row, current: versions[0].version, versions, language: doc.language, sample: doc.sample === 1, translations, html: renderMarkdown(row.body) }
}

/** Cases and recommendations the document links to, only those that exist (and cases that are published). */
export async function guidanceLinks(v: Pick<Version, 'related_cases' | 'related_recommendations'>) {
	const caseIds = parse(v.related_cases)
	const recIds = parse(v.related_recommendations)
	return {
		cases: caseIds.length ? await db().selectFrom('cases').select(['id', 'title']).where('id', 'in', caseIds).where('status', '=', 'published').execute() : [],
		recommendations: recIds.length ? await db().selectFrom('recommendations').select(['id', 'number', 'meeting_number', 'summary']).where('id', 'in', recIds).execute() : [],
	}
}

// ---------- staff workflow ----------

export type GuidanceFields = ReturnType<typeof guidanceFieldsSchema.parse>

/**
 * What a reviewer is shown of a draft, as a short digest: the publish form carries it, and
 * publish() refuses a draft whose text has changed since (see there).
 */
export function draftFingerprint(doc: Pick<Selectable<GuidanceDocumentsTable>, 'title' | 'summary' | 'body' | 'themes' | 'articles' | 'regions' | 'related_cases' | 'related_recommendations'>): string {
	const shown = [doc.title, doc.summary, doc.body, doc.themes, doc.articles, doc.regions, doc.related_cases, doc.related_recommendations]
	return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16)
}

export async function workingCopies() {
	const rows = await db()
		.selectFrom('guidance_documents as d')
		.leftJoin('users as a', 'a.id', 'd.author_id')
		.leftJoin('users as s', 's.id', 'd.submitted_by')
		.select(['d.id', 'd.title', 'd.language', 'd.status', 'd.updated_at', 'a.name as author', 's.name as submitter'])
		.select(['d.summary', 'd.body', 'd.themes', 'd.articles', 'd.regions', 'd.related_cases', 'd.related_recommendations'])
		.where('d.status', '!=', 'published')
		.orderBy('d.updated_at', 'desc')
		.execute()
	return rows.map(({ summary, body, themes, articles, regions, related_cases, related_recommendations, ...row }) => ({
		...row,
		fingerprint: draftFingerprint({ title: row.title, summary, body, themes, articles, regions, related_cases, related_recommendations }),
	}))
}

export async function workingCopy(id: string) {
	return (await db().selectFrom('guidance_documents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

function fieldColumns(f: GuidanceFields) {
	return {
		title: f.title,
		summary: f.summary,
		body: f.body,
		themes: JSON.stringify(f.themes),
		articles: JSON.stringify(f.articles),
		regions: JSON.stringify(f.regions),
		related_cases: JSON.stringify(f.related_cases),
		related_recommendations: JSON.stringify(f.related_recommendations),
	}
}

/** Files go with the document (every version shows them); written before, removed if the save fails. */
async function attachFiles(viewer: Viewer, id: string, files: CheckedUpload[], save: (trx: Transaction<Database>) => Promise<void>) {
	await withStoredFiles(files, {}, (stored) =>
		db()
			.transaction()
			.execute(async (trx) => {
				await save(trx)
				if (!stored.length) return
				const row = await trx.selectFrom('guidance_documents').select(sql<number>`rowid`.as('rowid')).where('id', '=', id).executeTakeFirstOrThrow()
				await recordAttachments(trx, 'guidance', row.rowid, viewer.id, stored)
			}),
	)
}

/** The files of a version as readers see it: those released by that version or an earlier one. */
export async function guidanceAttachments(id: string, version: number) {
	const row = await db().selectFrom('guidance_documents').select(sql<number>`rowid`.as('rowid')).where('id', '=', id).executeTakeFirst()
	if (!row) return []
	const released = new Set(
		(await db().selectFrom('attachments').select('id').where('parent_type', '=', 'guidance').where('parent_id', '=', row.rowid).where('published_in_version', '<=', version).execute()).map((a) => a.id),
	)
	return ((await attachmentsOf('guidance', [row.rowid])).get(row.rowid) ?? []).filter((a) => released.has(a.id))
}

/** Who may fetch a guidance attachment: staff always; members once a publication has released it (never from a draft). */
export function guidanceAttachmentReadable(attachment: { published_in_version: number | null }, staff: boolean): boolean {
	return staff || attachment.published_in_version != null
}

export async function createDraft(viewer: Viewer, input: { id: string; language: string; translationOf?: string; fields: GuidanceFields; files?: CheckedUpload[] }): Promise<'ok' | 'exists' | 'no-original'> {
	if (await workingCopy(input.id)) return 'exists'
	const original = input.translationOf ? await workingCopy(input.translationOf) : null
	if (input.translationOf && !original) return 'no-original'
	const now = nowSeconds()
	await attachFiles(viewer, input.id, input.files ?? [], (trx) => insertDraft(trx, viewer, input, original?.translation_group, now))
	return 'ok'
}

async function insertDraft(trx: Transaction<Database>, viewer: Viewer, input: { id: string; language: string; fields: GuidanceFields }, group: string | undefined, now: number) {
	await trx
		.insertInto('guidance_documents')
		.values({
			id: input.id,
			translation_group: group ?? input.id,
			language: input.language,
			status: 'draft',
			...fieldColumns(input.fields),
			author_id: viewer.id,
			submitted_by: null,
			submitted_at: null,
			change_note: '',
			sample: 0,
			created_at: now,
			updated_at: now,
		})
		.execute()
}

/** Editing a published document starts a new draft; readers keep the published version meanwhile. */
export async function updateDraft(viewer: Viewer, id: string, fields: GuidanceFields, files: CheckedUpload[] = []): Promise<boolean> {
	if (!(await workingCopy(id))) return false
	await attachFiles(viewer, id, files, async (trx) => {
		await trx
			.updateTable('guidance_documents')
			.set({ ...fieldColumns(fields), status: 'draft', author_id: viewer.id, submitted_by: null, submitted_at: null, updated_at: nowSeconds() })
			.where('id', '=', id)
			.execute()
	})
	return true
}

export async function submitForReview(viewer: Viewer, id: string): Promise<'ok' | 'not-found' | 'not-draft'> {
	const doc = await workingCopy(id)
	if (!doc) return 'not-found'
	if (doc.status !== 'draft') return 'not-draft'
	await db().updateTable('guidance_documents').set({ status: 'in_review', submitted_by: viewer.id, submitted_at: nowSeconds() }).where('id', '=', id).execute()
	return 'ok'
}

export type PublishOutcome = { kind: 'ok'; version: number } | { kind: 'not-found' } | { kind: 'not-in-review' } | { kind: 'same-person' } | { kind: 'changed' }

/**
 * A second pair of eyes: the reviewer must be neither the author of the draft nor the one who
 * submitted it, and publishes the text they were shown. `seen` is the draftFingerprint of the
 * page they published from (the draft itself, or the review queue); a draft whose text differs
 * now is refused. The checks run inside the writing transaction.
 */
export async function publish(reviewer: Viewer, id: string, changeNote: string, ip: string, seen: string): Promise<PublishOutcome> {
	const now = nowSeconds()
	// The outcome, and what followers are told once the publication is committed.
	const { outcome, published } = await db()
		.transaction()
		.execute(async (trx): Promise<{ outcome: PublishOutcome; published?: { title: string; themes: string } }> => {
			const doc = await trx.selectFrom('guidance_documents').selectAll().where('id', '=', id).executeTakeFirst()
			if (!doc) return { outcome: { kind: 'not-found' } }
			if (doc.status !== 'in_review') return { outcome: { kind: 'not-in-review' } }
			if (doc.author_id === reviewer.id || doc.submitted_by === reviewer.id) return { outcome: { kind: 'same-person' } }
			if (draftFingerprint(doc) !== seen) return { outcome: { kind: 'changed' } }
			const latest = await trx.selectFrom('guidance_versions').select((eb) => eb.fn.max('version').as('m')).where('document_id', '=', id).executeTakeFirst()
			const next = Number(latest?.m ?? 0) + 1
			await trx
				.insertInto('guidance_versions')
				.values({
					document_id: id,
					version: next,
					title: doc.title,
					summary: doc.summary,
					body: doc.body,
					themes: doc.themes,
					articles: doc.articles,
					regions: doc.regions,
					related_cases: doc.related_cases,
					related_recommendations: doc.related_recommendations,
					change_note: changeNote,
					published_at: now,
					published_by: reviewer.id,
					author_id: doc.author_id,
				})
				.execute()
			await trx.updateTable('guidance_documents').set({ status: 'published', change_note: changeNote, updated_at: now }).where('id', '=', id).execute()
			// Files added to this draft are released with it, and not before.
			const rowid = (await trx.selectFrom('guidance_documents').select(sql<number>`rowid`.as('rowid')).where('id', '=', id).executeTakeFirstOrThrow()).rowid
			await trx.updateTable('attachments').set({ published_in_version: next }).where('parent_type', '=', 'guidance').where('parent_id', '=', rowid).where('published_in_version', 'is', null).execute()
			await enqueue(trx, 'guidance', id)
			await audit(trx, { actorId: reviewer.id, action: 'guidance.publish', objectType: 'guidance', objectId: id, ip, detail: { version: next, author: doc.author_id, changeNote } })
			return { outcome: { kind: 'ok', version: next }, published: { title: doc.title, themes: doc.themes } }
		})
	if (outcome.kind === 'ok' && published) await notifySubscribers(id, published.title, parse(published.themes), outcome.version)
	return outcome
}

export async function returnToDraft(id: string): Promise<boolean> {
	const r = await db().updateTable('guidance_documents').set({ status: 'draft', submitted_by: null, submitted_at: null }).where('id', '=', id).where('status', '=', 'in_review').executeTakeFirst()
	return Number(r.numUpdatedRows) > 0
}

// ---------- theme subscriptions ----------

export async function subscribedThemes(userId: string): Promise<string[]> {
	return (await db().selectFrom('theme_subscriptions').select('theme').where('user_id', '=', userId).execute()).map((t) => t.theme)
}

export async function setThemeSubscription(userId: string, theme: string, on: boolean) {
	if (on)
		await db()
			.insertInto('theme_subscriptions')
			.values({ user_id: userId, theme, created_at: nowSeconds() })
			.onConflict((oc) => oc.doNothing())
			.execute()
	else await db().deleteFrom('theme_subscriptions').where('user_id', '=', userId).where('theme', '=', theme).execute()
}

/** Guidance is for every member, so every subscriber to one of its themes hears of it, once per version. */
async function notifySubscribers(id: string, title: string, themes: string[], version: number) {
	if (!themes.length) return
	const subscribers = await db()
		.selectFrom('theme_subscriptions')
		.innerJoin('users', 'users.id', 'theme_subscriptions.user_id')
		.select(['users.id', 'users.guidance_email'])
		.distinct()
		.where('theme_subscriptions.theme', 'in', themes)
		.where('users.status', '=', 'active')
		.execute()
	for (const s of subscribers)
		await notify(s.id, {
			kind: 'guidance',
			title: { id: version === 1 ? 'email.notify.guidanceNew' : 'email.notify.guidanceUpdated', values: { title } },
			url: `/guidance/${id}`,
			dedupeKey: `guidance:${id}:${version}`,
			email: s.guidance_email,
			unsubscribe: { kind: 'guidance-email' },
		})
}

// ---------- search ----------

export async function guidanceDocument(id: string): Promise<SearchDocument | null> {
	const found = await guidanceForReader(id)
	if (!found) return null
	const v = found.version
	return {
		key: `guidance:${id}`,
		type: 'guidance',
		id,
		title: v.title,
		body: [v.summary, markdownToText(v.body)].join('\n'),
		exactTerms: [],
		language: found.language,
		date: new Date(v.published_at * 1000).toISOString().slice(0, 10),
		facets: { theme: parse(v.themes), article: parse(v.articles), language: [found.language] },
		access: ['all'],
		url: `/guidance/${id}`,
	}
}
