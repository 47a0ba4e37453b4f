import { sql } from 'kysely'
import type { Locale } from '../i18n/locales'
import { activityChart, chartFormat, columnChart, rowChart, worldMap } from '../utils/charts.server'
import { countryName } from '../utils/countries.server'
import { db } from '../utils/db.server'
import { canReadForum, type Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import { eventsFor } from './events.server'
import { forumNamer } from './forum-names.server'
import { listRegions } from './regions.server'
import { taxonomy } from './taxonomy.server'
import { regionName, termName } from './case-labels.server'

/**
 * The figures behind /insights, as plain numbers for one viewer. Every count goes through
 * the rule that decides whether this viewer may open the thing counted, so a total never
 * betrays something the viewer could not find by browsing:
 * - cases: published only, for everyone (staff see drafts in the editor, not in figures
 *   members may be shown on a projector); published cases carry no region restriction;
 * - forum posts: only in forums `canReadForum` opens to the viewer, never hidden or deleted;
 * - events: only those `eventsFor` returns (the `canSeeEvent` rule in permissions: regions, invitations).
 *
 * Names are in the reader's language: regions, crime types and the region forums in Chinese
 * when the content has a Chinese name (English otherwise), countries in any of the six
 * languages, and the portal's own rows ("No region", the interregional forum) from the catalogue.
 */

export type InsightViewer = Pick<Viewer, 'id' | 'role' | 'regions' | 'email'>

export interface InsightFigures {
	cases: {
		total: number
		/** Every year from the first to the last decision, gaps included (an empty year is a fact too). */
		byYear: Array<{ year: number; count: number }>
		/** Every region, in the regions' order; `crimeTypes` counts cases per crime type (a case may have several). */
		byRegion: Array<{ slug: string | null; name: string; count: number; crimeTypes: Record<string, number> }>
		/** Crime types that occur, most frequent first. */
		crimeTypes: Array<{ slug: string; name: string; count: number }>
		/** ISO 3166-1 alpha-3, most cases first. */
		byCountry: Array<{ code: string; name: string; count: number }>
	}
	forums: {
		/** The last twelve calendar months (UTC), oldest first, as `YYYY-MM`. */
		months: string[]
		/** Forums the viewer may read, in the forums' order: visible posts per month. */
		activity: Array<{ slug: string; name: string; posts: number[]; total: number }>
	}
	events: {
		total: number
		/** Every region, then `slug: null` for events not tied to a region; an event of two regions counts in both. */
		byRegion: Array<{ slug: string | null; name: string; count: number }>
	}
}

export async function insightsFor(viewer: InsightViewer, now = nowSeconds(), locale: Locale = 'en'): Promise<InsightFigures> {
	const [regions, terms] = await Promise.all([listRegions(), taxonomy()])
	const regionNames = new Map(regions.map((r) => [r.slug, regionName(r, locale)]))
	const crimeTypeNames = new Map(terms.crime_types.map((t) => [t.slug, { en: t.en, name: termName(t, locale) }]))
	const [cases, forums, events] = await Promise.all([caseFigures(regionNames, crimeTypeNames, locale), forumFigures(viewer, now, locale), eventFigures(viewer, regionNames, now, locale)])
	return { cases, forums, events }
}

const byCountDesc =
	(tag: string) =>
	<T extends { count: number; name: string }>(a: T, b: T) =>
		b.count - a.count || a.name.localeCompare(b.name, tag)

async function caseFigures(regionNames: Map<string, string>, crimeTypeNames: Map<string, { en: string; name: string }>, locale: Locale): Promise<InsightFigures['cases']> {
	const { t, tag } = chartFormat(locale)
	// Four short columns of every published case, tallied here: crime types are a JSON array,
	// and one pass over a few thousand rows costs less than a query per chart.
	const rows = await db().selectFrom('cases').select(['decision_date', 'country', 'region', 'crime_types']).where('status', '=', 'published').execute()
	const years = new Map<number, number>()
	const countries = new Map<string, number>()
	const crimeTypes = new Map<string, number>()
	const regions = new Map<string | null, { count: number; crimeTypes: Record<string, number> }>([...regionNames.keys()].map((slug) => [slug, { count: 0, crimeTypes: {} }]))
	for (const row of rows) {
		const year = Number(row.decision_date.slice(0, 4))
		years.set(year, (years.get(year) ?? 0) + 1)
		countries.set(row.country, (countries.get(row.country) ?? 0) + 1)
		const region = regions.get(row.region) ?? regions.set(row.region, { count: 0, crimeTypes: {} }).get(row.region)!
		region.count++
		// A malformed array would be an importer bug; it must not take the dashboard down with it.
		const types = new Set(safeStringArray(row.crime_types))
		for (const t of types) {
			region.crimeTypes[t] = (region.crimeTypes[t] ?? 0) + 1
			crimeTypes.set(t, (crimeTypes.get(t) ?? 0) + 1)
		}
	}
	const known = [...years.keys()]
	const first = Math.min(...known)
	const last = Math.max(...known)
	return {
		total: rows.length,
		byYear: known.length ? Array.from({ length: last - first + 1 }, (_, i) => ({ year: first + i, count: years.get(first + i) ?? 0 })) : [],
		byRegion: [...regions].map(([slug, r]) => ({ slug, name: slug === null ? t('insights.region.none') : (regionNames.get(slug) ?? slug), ...r })),
		// Ties are broken by the English name, so every language draws the same crime types as their own series.
		crimeTypes: [...crimeTypes]
			.map(([slug, count]) => ({ slug, en: crimeTypeNames.get(slug)?.en ?? slug, name: crimeTypeNames.get(slug)?.name ?? slug, count }))
			.sort((a, b) => b.count - a.count || a.en.localeCompare(b.en, 'en'))
			.map(({ slug, name, count }) => ({ slug, name, count })),
		byCountry: [...countries].map(([code, count]) => ({ code, name: countryName(code, locale), count })).sort(byCountDesc(tag)),
	}
}

function safeStringArray(json: string): string[] {
	try {
		const value: unknown = JSON.parse(json)
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
	} catch {
		return []
	}
}

/** `YYYY-MM` of the twelve calendar months up to and including the one `now` falls in (UTC). */
export function lastTwelveMonths(now: number): string[] {
	const d = new Date(now * 1000)
	return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11 + i, 1)).toISOString().slice(0, 7))
}

async function forumFigures(viewer: InsightViewer, now: number, locale: Locale): Promise<InsightFigures['forums']> {
	const forumName = (await forumNamer(locale)).name
	const months = lastTwelveMonths(now)
	const forums = (await db().selectFrom('forums').select(['slug', 'name', 'kind', 'region_slug']).orderBy('sort_order').execute()).filter((f) => canReadForum(viewer, f))
	if (!forums.length) return { months, activity: [] }
	const since = Math.floor(Date.parse(`${months[0]}-01T00:00:00Z`) / 1000)
	const rows = await db()
		.selectFrom('posts')
		.innerJoin('threads', 'threads.id', 'posts.thread_id')
		.select(['threads.forum_slug', sql<string>`strftime('%Y-%m', posts.created_at, 'unixepoch')`.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
		.where('threads.forum_slug', 'in', forums.map((f) => f.slug))
		.where('posts.created_at', '>=', since)
		.where('posts.created_at', '<=', now)
		// What readers cannot see is not activity they can see: moderator-hidden and deleted posts stay out.
		.where('posts.deleted_at', 'is', null)
		.where('posts.hidden_at', 'is', null)
		.groupBy(['threads.forum_slug', 'month'])
		.execute()
	return {
		months,
		activity: forums.map((f) => {
			const posts = months.map((m) => Number(rows.find((r) => r.forum_slug === f.slug && r.month === m)?.n ?? 0))
			return { slug: f.slug, name: forumName(f), posts, total: posts.reduce((a, b) => a + b, 0) }
		}),
	}
}

async function eventFigures(viewer: InsightViewer, regionNames: Map<string, string>, now: number, locale: Locale): Promise<InsightFigures['events']> {
	const { t } = chartFormat(locale)
	// eventsFor applies canSeeEvent; "upcoming" means not started yet (it also returns events under way) and not cancelled.
	const upcoming = (await eventsFor(viewer, { from: now })).filter((e) => e.start_utc > now && e.status !== 'cancelled')
	const counts = new Map<string | null, number>([...regionNames.keys()].map((slug) => [slug, 0]))
	counts.set(null, 0)
	for (const e of upcoming) {
		const regions = new Set(safeStringArray(e.regions))
		if (!regions.size) counts.set(null, counts.get(null)! + 1)
		for (const r of regions) counts.set(r, (counts.get(r) ?? 0) + 1)
	}
	return {
		total: upcoming.length,
		byRegion: [...counts]
			.map(([slug, count]) => ({ slug, name: slug === null ? t('insights.region.all') : (regionNames.get(slug) ?? slug), count }))
			// Regions first in their own order, the region-less row last.
			.sort((a, b) => Number(a.slug === null) - Number(b.slug === null)),
	}
}

// ---------- the dashboard's charts ----------

/** Crime types drawn as their own series; the rest are summed as "other" (more colours would not be told apart). */
const CRIME_TYPE_SERIES = 5

/**
 * The figures as chart geometry (app/utils/charts.server.ts) with titles and one-line summaries,
 * in the reader's language (`figures` should come from `insightsFor` in the same locale, for the names).
 */
export function insightCharts(figures: InsightFigures, locale: Locale = 'en') {
	const { t, number, list } = chartFormat(locale)
	const { cases, forums, events } = figures
	const busiestYear = cases.byYear.reduce<{ year: number; count: number } | null>((a, b) => (!a || b.count > a.count ? b : a), null)
	const shown = cases.crimeTypes.slice(0, CRIME_TYPE_SERIES)
	const others = cases.crimeTypes.slice(CRIME_TYPE_SERIES)
	const crimeSeries = [...shown.map((c) => ({ key: c.slug, name: c.name })), ...(others.length ? [{ key: 'other', name: t('insights.chart.regions.otherSeries', { count: number(others.length) }) }] : [])]
	const crimeValues = (r: InsightFigures['cases']['byRegion'][number]) => [...shown.map((c) => r.crimeTypes[c.slug] ?? 0), ...(others.length ? [others.reduce((n, c) => n + (r.crimeTypes[c.slug] ?? 0), 0)] : [])]
	const postsTotal = forums.activity.reduce((n, f) => n + f.total, 0)
	const topRegion = [...events.byRegion].filter((r) => r.slug !== null).sort((a, b) => b.count - a.count)[0]
	const regionsSummary = shown.length
		? others.length
			? t('insights.chart.regions.summaryOthers', { crimeTypes: list(shown.map((c) => c.name)) })
			: t('insights.chart.regions.summary', { crimeTypes: list(shown.map((c) => c.name)) })
		: cases.total
			? t('insights.chart.regions.summaryNone')
			: t('insights.years.empty')
	return {
		/** Which crime types the stacked chart draws on their own, and which it sums as "other" (the table follows it). */
		crimeTypeSeries: { shown: shown.map((c) => c.slug), others: others.map((c) => c.slug) },
		byYear: columnChart({
			id: 'chart-years',
			title: t('insights.chart.years.title'),
			summary: cases.total
				? t('insights.chart.years.summary', {
						total: cases.total,
						first: String(cases.byYear[0].year),
						last: String(cases.byYear.at(-1)!.year),
						busiest: String(busiestYear!.year),
						busiestCount: number(busiestYear!.count),
					})
				: t('insights.years.empty'),
			// Years are names of years, not quantities: never grouped (2021, not 2,021).
			items: cases.byYear.map((y) => ({ key: String(y.year), label: String(y.year), value: y.count, tooltip: t('insights.chart.years.bar', { year: String(y.year), count: number(y.count) }) })),
			locale,
		}),
		byRegion: rowChart({
			id: 'chart-regions',
			title: t('insights.chart.regions.title'),
			summary: regionsSummary,
			series: crimeSeries,
			rows: cases.byRegion.map((r) => ({ key: r.slug ?? 'none', label: t('insights.chart.regions.row', { region: r.name, count: r.count }), values: crimeValues(r), totalLabel: '' })),
		}),
		map: worldMap({ id: 'chart-map', title: t('insights.chart.map.title'), counts: cases.byCountry, href: (code) => `/cases?country=${code}`, locale }),
		activity: activityChart({ months: forums.months, forums: forums.activity, locale }),
		activitySummary: t('insights.forums.summary', { posts: postsTotal, forums: forums.activity.length }),
		events: rowChart({
			id: 'chart-events',
			title: t('insights.chart.events.title'),
			summary: events.total
				? topRegion?.count
					? t('insights.chart.events.summaryTop', { count: events.total, region: topRegion.name, regionCount: number(topRegion.count) })
					: t('insights.chart.events.summary', { count: events.total })
				: t('insights.chart.events.none'),
			series: [{ key: 'events', name: t('insights.chart.events.series') }],
			rows: events.byRegion.map((r) => ({ key: r.slug ?? 'none', label: r.name, values: [r.count], totalLabel: number(r.count) })),
		}),
	}
}
