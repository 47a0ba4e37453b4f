import type { Kysely, Transaction } from 'kysely'
import { enqueue } from '../../search/outbox'
import type { CaseRow, Database } from '../schema'
import type { CaseRecord } from './record'

type Executor = Kysely<Database> | Transaction<Database>
const nowSeconds = () => Math.floor(Date.now() / 1000)

const JSON_FIELDS = ['crime_types', 'protocol_articles', 'convention_articles', 'cross_cutting', 'defendants', 'firearms', 'keywords', 'sources'] as const
const COMPARED_FIELDS = [
	'title',
	'country',
	'region',
	'court',
	'court_level',
	'decision_date',
	'docket',
	'legal_system',
	...JSON_FIELDS,
	'outcome',
	'language',
	'status',
	'sample',
	'body',
] as const

function recordToColumns(record: CaseRecord, region: string | null) {
	return {
		title: record.title,
		country: record.country,
		region,
		court: record.court,
		court_level: record.court_level,
		decision_date: record.decision_date,
		docket: record.docket,
		legal_system: record.legal_system,
		crime_types: JSON.stringify(record.crime_types),
		protocol_articles: JSON.stringify(record.protocol_articles),
		convention_articles: JSON.stringify(record.convention_articles),
		cross_cutting: JSON.stringify(record.cross_cutting),
		defendants: JSON.stringify(record.defendants),
		firearms: JSON.stringify(record.firearms),
		outcome: record.outcome,
		keywords: JSON.stringify(record.keywords),
		language: record.language,
		sources: JSON.stringify(record.sources),
		status: record.status,
		sample: record.sample ? 1 : 0,
		body: record.body,
	}
}

export function rowToRecord(row: CaseRow): CaseRecord {
	return {
		id: row.id,
		title: row.title,
		country: row.country,
		region: row.region ?? undefined,
		court: row.court,
		court_level: row.court_level as CaseRecord['court_level'],
		decision_date: row.decision_date,
		docket: row.docket,
		legal_system: row.legal_system as CaseRecord['legal_system'],
		crime_types: JSON.parse(row.crime_types),
		protocol_articles: JSON.parse(row.protocol_articles),
		convention_articles: JSON.parse(row.convention_articles),
		cross_cutting: JSON.parse(row.cross_cutting),
		defendants: JSON.parse(row.defendants),
		firearms: JSON.parse(row.firearms),
		outcome: row.outcome as CaseRecord['outcome'],
		keywords: JSON.parse(row.keywords),
		language: row.language,
		sources: JSON.parse(row.sources),
		status: row.status,
		sample: row.sample === 1,
		body: row.body,
	}
}

export interface SaveOutcome {
	changed: boolean
	created: boolean
	/** True the first time the case becomes published: the moment saved-search alerts fire. */
	firstPublished: boolean
	revision: number
	changedFields: string[]
}

/**
 * Upserts a case, keeps a revision of what was saved and queues it for the search index,
 * all in one transaction. Saving identical content writes nothing (imports are idempotent).
 */
export async function saveCase(
	db: Kysely<Database>,
	record: CaseRecord,
	region: string | null,
	meta: { authorId: string | null; source: 'portal' | 'import' },
): Promise<SaveOutcome> {
	return db.transaction().execute(async (trx) => {
		const existing = await trx.selectFrom('cases').selectAll().where('id', '=', record.id).executeTakeFirst()
		const columns = recordToColumns(record, region)
		const changedFields = existing
			? COMPARED_FIELDS.filter((f) => (existing as Record<string, unknown>)[f] !== (columns as Record<string, unknown>)[f])
			: [...COMPARED_FIELDS]
		if (existing && changedFields.length === 0)
			return { changed: false, created: false, firstPublished: false, revision: existing.revision, changedFields: [] }
		const now = nowSeconds()
		const revision = (existing?.revision ?? 0) + 1
		const firstPublished = record.status === 'published' && !existing?.first_published_at
		if (existing) {
			await trx
				.updateTable('cases')
				.set({ ...columns, revision, updated_at: now, first_published_at: existing.first_published_at ?? (firstPublished ? now : null) })
				.where('id', '=', record.id)
				.execute()
		} else {
			await trx
				.insertInto('cases')
				.values({ id: record.id, ...columns, revision, created_at: now, updated_at: now, first_published_at: firstPublished ? now : null })
				.execute()
		}
		await trx
			.insertInto('case_revisions')
			.values({
				case_id: record.id,
				revision,
				author_id: meta.authorId,
				source: meta.source,
				changed_fields: JSON.stringify(changedFields),
				snapshot: JSON.stringify({ ...record, region }),
				created_at: now,
			})
			.execute()
		await enqueue(trx, 'case', record.id)
		if (firstPublished) await trx.insertInto('case_alerts_pending').values({ case_id: record.id, created_at: now }).onConflict((oc) => oc.doNothing()).execute()
		return { changed: true, created: !existing, firstPublished, revision, changedFields }
	})
}

export async function caseById(db: Executor, id: string) {
	return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function caseRevisions(db: Executor, id: string) {
	return db
		.selectFrom('case_revisions')
		.leftJoin('users', 'users.id', 'case_revisions.author_id')
		.select(['case_revisions.id', 'case_revisions.revision', 'case_revisions.source', 'case_revisions.changed_fields', 'case_revisions.snapshot', 'case_revisions.created_at', 'users.name as author_name'])
		.where('case_revisions.case_id', '=', id)
		.orderBy('case_revisions.revision', 'desc')
		.execute()
}

/**
 * Published cases that share Protocol articles, crime types or the country, best first:
 * shared crime types and articles weigh more than the same country.
 */
export async function relatedCases(db: Executor, row: CaseRow, limit = 5) {
	const crimeTypes: string[] = JSON.parse(row.crime_types)
	const articles: string[] = JSON.parse(row.protocol_articles)
	const candidates = await db
		.selectFrom('cases')
		.select(['id', 'title', 'country', 'decision_date', 'crime_types', 'protocol_articles'])
		.where('status', '=', 'published')
		.where('id', '!=', row.id)
		.execute()
	return candidates
		.map((c) => {
			const ct: string[] = JSON.parse(c.crime_types)
			const pa: string[] = JSON.parse(c.protocol_articles)
			const sharedCrimeTypes = ct.filter((x) => crimeTypes.includes(x))
			const sharedArticles = pa.filter((x) => articles.includes(x))
			const score = sharedCrimeTypes.length * 3 + sharedArticles.length * 2 + (c.country === row.country ? 2 : 0)
			return { id: c.id, title: c.title, country: c.country, decision_date: c.decision_date, score, sharedCrimeTypes, sharedArticles, sameCountry: c.country === row.country }
		})
		.filter((c) => c.score > 0)
		.sort((a, b) => b.score - a.score || b.decision_date.localeCompare(a.decision_date))
		.slice(0, limit)
}
