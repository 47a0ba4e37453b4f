import { sql } from 'kysely'
import type { SearchDocument } from '../../search/types'
import { db } from '../utils/db.server'
import { markdownToText, renderMarkdown } from '../utils/markdown.server'
import type { Viewer } from '../utils/permissions.server'
import { visibleEventIds } from './events.server'

/** The Working Group's recommendations: browse by meeting, theme and article; each links to guidance and cases on the same articles. */

const parse = (s: string) => JSON.parse(s) as string[]

export async function recommendationsList(filter: { meeting?: string; theme?: string; article?: string }) {
	let q = db()
		.selectFrom('recommendations')
		.select(['recommendations.id', 'recommendations.number', 'recommendations.meeting_number', 'recommendations.theme', 'recommendations.articles', 'recommendations.summary'])
	if (filter.meeting) q = q.where('recommendations.meeting_event_id', '=', filter.meeting)
	if (filter.theme) q = q.where('recommendations.theme', '=', filter.theme)
	if (filter.article) q = q.where(sql<boolean>`exists (select 1 from json_each(recommendations.articles) where value = ${filter.article})`)
	const rows = await q.orderBy('recommendations.meeting_number').orderBy(sql`cast(recommendations.number as integer)`).orderBy('recommendations.number').execute()
	return rows.map((r) => ({ ...r, articles: parse(r.articles), summaryText: markdownToText(r.summary) }))
}

/** Meetings to filter by: only those the viewer may open (a restricted meeting is not named, not even by its id). */
export async function meetingsWithRecommendations(viewer: Viewer) {
	const meetings = await db()
		.selectFrom('recommendations')
		.innerJoin('events', 'events.id', 'recommendations.meeting_event_id')
		.select(['events.id', 'recommendations.meeting_number', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('events.id')
		.orderBy('recommendations.meeting_number')
		.execute()
	const visible = await visibleEventIds(
		viewer,
		meetings.map((m) => m.id),
	)
	return meetings.filter((m) => visible.has(m.id))
}

/** A recommendation is public; the meeting that adopted it is named and linked only for a viewer who may open that event. */
export async function recommendationPage(viewer: Viewer, id: string) {
	if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(id)) return null
	const r = await db()
		.selectFrom('recommendations')
		.leftJoin('events', 'events.id', 'recommendations.meeting_event_id')
		.selectAll('recommendations')
		.select(['events.title as meeting_title'])
		.where('recommendations.id', '=', id)
		.executeTakeFirst()
	if (!r) return null
	const meetingVisible = r.meeting_event_id !== null && (await visibleEventIds(viewer, [r.meeting_event_id])).has(r.meeting_event_id)
	const meeting = meetingVisible ? { id: r.meeting_event_id as string, title: r.meeting_title } : null
	const articles = parse(r.articles)
	const onArticles = (column: string) => sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where value in (${sql.join(articles.length ? articles : ['-'])}))`
	// Guidance: documents that cite it, or share an article; their current published version.
	const guidance = await db()
		.selectFrom('guidance_versions as v')
		.select(['v.document_id as id', 'v.title'])
		.where('v.version', '=', (eb) => eb.selectFrom('guidance_versions as w').select((e) => e.fn.max('w.version').as('m')).whereRef('w.document_id', '=', 'v.document_id'))
		.where((eb) => eb.or([sql<boolean>`exists (select 1 from json_each(v.related_recommendations) where value = ${id})`, onArticles('v.articles')]))
		.limit(20)
		.execute()
	const cases = articles.length
		? await db().selectFrom('cases').select(['id', 'title', 'country', 'decision_date']).where('status', '=', 'published').where(onArticles('cases.protocol_articles')).orderBy('decision_date', 'desc').limit(10).execute()
		: []
	return { ...r, meeting_event_id: undefined, meeting_title: undefined, meeting, articles, html: renderMarkdown(r.summary), guidance, cases }
}

export async function recommendationDocument(id: string): Promise<SearchDocument | null> {
	const r = await db().selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst()
	if (!r) return null
	return {
		key: `recommendation:${id}`,
		type: 'recommendation',
		id,
		title: `Recommendation ${r.number} of the ${ordinal(r.meeting_number)} meeting of the Working Group on Firearms`,
		body: [markdownToText(r.summary), r.status_notes, r.document_symbol].join('\n'),
		exactTerms: [r.document_symbol],
		language: 'en',
		date: null,
		facets: { theme: [r.theme], article: parse(r.articles) },
		access: ['all'],
		url: `/recommendations/${id}`,
	}
}

export function ordinal(n: number): string {
	const s = ['th', 'st', 'nd', 'rd']
	const v = n % 100
	return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`
}
