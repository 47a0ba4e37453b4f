import { sql, type Kysely, type Transaction } from 'kysely'
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
 * Published cases that share crime types, Protocol articles or the country, best first:
 * a shared crime type weighs 3, a shared article 2, the same country 2. Scored in SQL
 * over json_each so the page stays fast however large the library grows.
 */
export async function relatedCases(db: Executor, row: CaseRow, limit = 5) {
	const crimeTypes: string[] = JSON.parse(row.crime_types)
	const articles: string[] = JSON.parse(row.protocol_articles)
	const result = await sql<{ id: string; title: string; country: string; decision_date: string; score: number }>`
		with scores(id, points) as (
			select c.id, 3 from cases c, json_each(c.crime_types) j
				where c.status = 'published' and j.value in (select value from json_each(${JSON.stringify(crimeTypes)}))
			union all
			select c.id, 2 from cases c, json_each(c.protocol_articles) j
				where c.status = 'published' and j.value in (select value from json_each(${JSON.stringify(articles)}))
			union all
			select id, 2 from cases where status = 'published' and country = ${row.country}
		)
		select c.id, c.title, c.country, c.decision_date, sum(s.points) as score
		from scores s join cases c on c.id = s.id
		where c.id != ${row.id}
		group by c.id
		order by score desc, c.decision_date desc
		limit ${limit}`.execute(db)
	return result.rows
}
