import { sql } from 'kysely'
import { activityChart, columnChart, rowChart, worldMap } from '../utils/charts.server'
import { countryName } from '../utils/countries.server'
import { db } from '../utils/db.server'
import { canReadForum, type Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import { eventsFor } from './events.server'
import { listRegions } from './regions.server'
import { taxonomy } from './taxonomy.server'

/**
 * The figures behind /insights, as plain numbers for one viewer. Every count goes through
 * the rule that decides whether this viewer may open the thing counted, so a total never
 * betrays something the viewer could not find by browsing:
 * - cases: published only, for everyone (staff see drafts in the editor, not in figures
 *   members may be shown on a projector); published cases carry no region restriction;
 * - forum posts: only in forums `canReadForum` opens to the viewer, never hidden or deleted;
 * - events: only those `eventsFor` returns (its `canSeeEvent` rule: regions, invitations).
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

export async function insightsFor(viewer: InsightViewer, now = nowSeconds()): Promise<InsightFigures> {
	const [regions, terms] = await Promise.all([listRegions(), taxonomy()])
	const regionNames = new Map(regions.map((r) => [r.slug, r.name]))
	const [cases, forums, events] = await Promise.all([caseFigures(regionNames, new Map(terms.crime_types.map((t) => [t.slug, t.en]))), forumFigures(viewer, now), eventFigures(viewer, regionNames, now)])
	return { cases, forums, events }
}

const byCountDesc = <T extends { count: number; name: string }>(a: T, b: T) => b.count - a.count || a.name.localeCompare(b.name)

async function caseFigures(regionNames: Map<string, string>, crimeTypeNames: Map<string, string>): Promise<InsightFigures['cases']> {
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
		byRegion: [...regions].map(([slug, r]) => ({ slug, name: slug === null ? 'No region' : (regionNames.get(slug) ?? slug), ...r })),
		crimeTypes: [...crimeTypes].map(([slug, count]) => ({ slug, name: crimeTypeNames.get(slug) ?? slug, count })).sort(byCountDesc),
		byCountry: [...countries].map(([code, count]) => ({ code, name: countryName(code), count })).sort(byCountDesc),
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

async function forumFigures(viewer: InsightViewer, now: number): Promise<InsightFigures['forums']> {
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
			return { slug: f.slug, name: f.name, posts, total: posts.reduce((a, b) => a + b, 0) }
		}),
	}
}

async function eventFigures(viewer: InsightViewer, regionNames: Map<string, string>, now: number): Promise<InsightFigures['events']> {
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
			.map(([slug, count]) => ({ slug, name: slug === null ? 'All regions (not tied to one)' : (regionNames.get(slug) ?? slug), count }))
			// Regions first in their own order, the region-less row last.
			.sort((a, b) => Number(a.slug === null) - Number(b.slug === null)),
	}
}

// ---------- the dashboard's charts ----------

/** Crime types drawn as their own series; the rest are summed as "other" (more colours would not be told apart). */
const CRIME_TYPE_SERIES = 5

/** The figures as chart geometry (app/utils/charts.server.ts) with titles and one-line summaries. */
export function insightCharts(figures: InsightFigures) {
	const { cases, forums, events } = figures
	const busiestYear = cases.byYear.reduce<{ year: number; count: number } | null>((a, b) => (!a || b.count > a.count ? b : a), null)
	const shown = cases.crimeTypes.slice(0, CRIME_TYPE_SERIES)
	const others = cases.crimeTypes.slice(CRIME_TYPE_SERIES)
	const crimeSeries = [...shown.map((t) => ({ key: t.slug, name: t.name })), ...(others.length ? [{ key: 'other', name: `Other crime types (${others.length})` }] : [])]
	const crimeValues = (r: InsightFigures['cases']['byRegion'][number]) => [...shown.map((t) => r.crimeTypes[t.slug] ?? 0), ...(others.length ? [others.reduce((n, t) => n + (r.crimeTypes[t.slug] ?? 0), 0)] : [])]
	const postsTotal = forums.activity.reduce((n, f) => n + f.total, 0)
	const topRegion = [...events.byRegion].filter((r) => r.slug !== null).sort((a, b) => b.count - a.count)[0]
	return {
		/** Which crime types the stacked chart draws on their own, and which it sums as "other" (the table follows it). */
		crimeTypeSeries: { shown: shown.map((t) => t.slug), others: others.map((t) => t.slug) },
		byYear: columnChart({
			id: 'chart-years',
			title: 'Published cases by year of decision',
			summary: cases.total
				? `${cases.total} published cases decided from ${cases.byYear[0].year} to ${cases.byYear.at(-1)!.year}; the most in ${busiestYear!.year} (${busiestYear!.count}).`
				: 'No published case yet.',
			items: cases.byYear.map((y) => ({ key: String(y.year), label: String(y.year), value: y.count, tooltip: `${y.year}: ${y.count}` })),
		}),
		byRegion: rowChart({
			id: 'chart-regions',
			title: 'Crime types in published cases, by region',
			summary: `For each region, its published cases by crime type: ${shown.map((t) => t.name).join(', ')}${others.length ? ' and other crime types' : ''}. A case with several crime types counts once for each.`,
			series: crimeSeries,
			rows: cases.byRegion.map((r) => ({ key: r.slug ?? 'none', label: `${r.name} — ${r.count} case${r.count === 1 ? '' : 's'}`, values: crimeValues(r), totalLabel: '' })),
		}),
		map: worldMap({ id: 'chart-map', title: 'Published cases by country', counts: cases.byCountry, href: (code) => `/cases?country=${code}` }),
		activity: activityChart({ months: forums.months, forums: forums.activity }),
		activitySummary: `${postsTotal} post${postsTotal === 1 ? '' : 's'} in the ${forums.activity.length} forum${forums.activity.length === 1 ? '' : 's'} you can read, over the last twelve months.`,
		events: rowChart({
			id: 'chart-events',
			title: 'Upcoming events by region',
			summary: events.total
				? `${events.total} upcoming event${events.total === 1 ? '' : 's'} you can see${topRegion?.count ? `; the most in ${topRegion.name} (${topRegion.count})` : ''}. An event of several regions counts in each.`
				: 'No upcoming event you can see.',
			series: [{ key: 'events', name: 'Upcoming events' }],
			rows: events.byRegion.map((r) => ({ key: r.slug ?? 'none', label: r.name, values: [r.count], totalLabel: String(r.count) })),
		}),
	}
}
