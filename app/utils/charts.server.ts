import fs from 'node:fs'
import { createRequire } from 'node:module'
import { geoEqualEarth, geoPath, type GeoContext } from 'd3-geo'
import { scaleBand, scaleLinear, scalePoint, scaleThreshold } from 'd3-scale'
import { area, curveMonotoneX, line } from 'd3-shape'
import countries from 'i18n-iso-countries'
import { feature } from 'topojson-client'
import type { Topology, GeometryCollection } from 'topojson-specification'
import type { ActivityChartData, ChartSeries, ColumnChartData, PatternKind, RowChartData, WorldMapData } from '../components/charts'
import { serverIntl } from '../i18n/intl.server'
import { localeInfo, type Locale } from '../i18n/locales'

/**
 * Chart geometry, computed on the server with d3 (scales, shapes, projection) and handed to
 * app/components/charts.tsx as plain numbers and path strings: the browser never loads a
 * charting library, and the page is complete without JavaScript.
 *
 * Colours: every fill has at least 3:1 contrast with the white page (WCAG 1.4.11), text on
 * bars is white with a dark halo, and series also differ by texture (see Pattern).
 *
 * Text: every title, summary, label and legend is in the reader's language (the `insights`
 * catalogue), numbers and months are formatted with Intl for the locale's tag; the caller
 * passes names of content (regions, countries, forums) already in that language.
 */

const BRAND = '#0b4f8a'
/** Dark enough for white text and 3:1 against white; textures tell them apart without colour. */
const SERIES: Array<{ colour: string; pattern: PatternKind }> = [
	{ colour: '#0b4f8a', pattern: 'none' },
	{ colour: '#a84f00', pattern: 'diagonal' },
	{ colour: '#00695c', pattern: 'dots' },
	{ colour: '#6a3d9a', pattern: 'cross' },
	{ colour: '#a1213b', pattern: 'horizontal' },
	{ colour: '#55606e', pattern: 'none' },
]
/** Light to dark; the lightest still stands apart from land without cases, and case countries are outlined. */
const MAP_CLASSES = ['#b9d3ec', '#7fb0dc', '#4a88c2', '#1f5f9e', '#0b3a66']

const monthFormats = new Map<Locale, Intl.DateTimeFormat>()
const listFormats = new Map<Locale, Intl.ListFormat>()

/**
 * `2025-03` → `Mar 2025` (`2025年3月` in Chinese). Made on the server only and handed to the page
 * as text, so server and browser render the same label whatever locale data the browser has.
 */
export function monthLabel(ym: string, locale: Locale = 'en'): string {
	let format = monthFormats.get(locale)
	if (!format) monthFormats.set(locale, (format = new Intl.DateTimeFormat(localeInfo(locale).tag, { year: 'numeric', month: 'short', timeZone: 'UTC' })))
	return format.format(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1, 1))
}

/**
 * What chart text needs in one language: `t` (the catalogue), `number` (grouped digits in the
 * locale's style) and `list` (`A, B, C` in English, `A、B、C` in Chinese: a plain enumeration, no "and").
 */
export function chartFormat(locale: Locale = 'en') {
	const intl = serverIntl(locale)
	let lists = listFormats.get(locale)
	if (!lists) listFormats.set(locale, (lists = new Intl.ListFormat(localeInfo(locale).tag, { style: 'narrow', type: 'conjunction' })))
	const listFormat = lists
	return {
		locale,
		tag: localeInfo(locale).tag,
		t: (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values),
		number: (n: number) => intl.formatNumber(n),
		list: (items: string[]) => listFormat.format(items),
	}
}

const integerTicks = (scale: { ticks(count: number): number[] }, count: number) => scale.ticks(count).filter((t) => Number.isInteger(t))

// ---------- columns (cases by year) ----------

export function columnChart(opts: { id: string; title: string; summary: string; items: Array<{ key: string; label: string; value: number; tooltip: string }>; locale?: Locale }): ColumnChartData {
	const { number } = chartFormat(opts.locale)
	const width = 400
	const height = 220
	const plot = { left: 30, right: width - 6, top: 18, bottom: height - 28 }
	const x = scaleBand<string>()
		.domain(opts.items.map((i) => i.key))
		.range([plot.left, plot.right])
		.paddingInner(0.2)
		.paddingOuter(0.1)
	const y = scaleLinear()
		.domain([0, Math.max(1, ...opts.items.map((i) => i.value))])
		.nice()
		.range([plot.bottom, plot.top])
	// A category label needs about 30 units: thin them out when bars are narrower.
	const every = Math.max(1, Math.ceil(30 / x.step()))
	return {
		id: opts.id,
		title: opts.title,
		summary: opts.summary,
		width,
		height,
		plot,
		colour: BRAND,
		yTicks: integerTicks(y, 4).map((t) => ({ y: round(y(t)), label: number(t) })),
		xLabels: opts.items.filter((_, i) => i % every === 0).map((i) => ({ x: round(x(i.key)! + x.bandwidth() / 2), label: i.label })),
		bars: opts.items.map((i) => ({ key: i.key, label: i.tooltip, value: i.value, x: round(x(i.key)!), y: round(y(i.value)), width: round(x.bandwidth()), height: round(plot.bottom - y(i.value)) })),
	}
}

// ---------- rows (regions; stacked by crime type, or a single series) ----------

export function rowChart(opts: {
	id: string
	title: string
	summary: string
	series: Array<{ key: string; name: string }>
	rows: Array<{ key: string; label: string; values: number[]; totalLabel: string }>
}): RowChartData {
	const width = 400
	const left = 2
	const rowHeight = 46
	const x = scaleLinear()
		.domain([0, Math.max(1, ...opts.rows.map((r) => sum(r.values)))])
		.range([0, width - left - 64])
	const series: ChartSeries[] = opts.series.map((s, i) => ({ ...s, ...SERIES[Math.min(i, SERIES.length - 1)] }))
	// The last series is "other" when there are many: it keeps the neutral grey.
	if (series.length > 1) Object.assign(series[series.length - 1], SERIES[SERIES.length - 1])
	return {
		id: opts.id,
		title: opts.title,
		summary: opts.summary,
		width,
		height: opts.rows.length * rowHeight + 4,
		left,
		series,
		rows: opts.rows.map((r, i) => {
			const top = i * rowHeight
			let at = left
			const segments = r.values.flatMap((value, s) => {
				if (!value) return []
				const w = x(value)
				// A single series has its total after the bar; stacked segments carry their own numbers where they fit.
				const segment = { series: s, x: round(at), width: round(w), value, showValue: opts.series.length > 1 && w >= String(value).length * 8 + 6 }
				at += w
				return [segment]
			})
			return { key: r.key, label: r.label, total: sum(r.values), totalLabel: r.totalLabel, labelY: top + 14, barY: top + 20, barHeight: 18, totalX: round(at + 6), segments }
		}),
	}
}

// ---------- small multiples (forum activity) ----------

export function activityChart(opts: { months: string[]; forums: Array<{ slug: string; name: string; posts: number[]; total: number }>; locale?: Locale }): ActivityChartData {
	const { t, number } = chartFormat(opts.locale)
	const month = (ym: string) => monthLabel(ym, opts.locale)
	const first = month(opts.months[0])
	const last = month(opts.months[opts.months.length - 1])
	const width = 200
	const height = 74
	const baseline = 56
	const yMax = Math.max(1, ...opts.forums.flatMap((f) => f.posts))
	// One scale for every forum: small multiples only compare when they share it.
	const x = scalePoint<string>().domain(opts.months).range([6, width - 6])
	const y = scaleLinear().domain([0, yMax]).range([baseline, 14])
	const px = (m: string) => x(m) ?? 0
	const shape = area<{ month: string; value: number }>()
		.x((d) => px(d.month))
		.y0(baseline)
		.y1((d) => y(d.value))
		.curve(curveMonotoneX)
		.digits(1)
	const edge = line<{ month: string; value: number }>()
		.x((d) => px(d.month))
		.y((d) => y(d.value))
		.curve(curveMonotoneX)
		.digits(1)
	return {
		width,
		height,
		baseline,
		yMax,
		yMaxY: round(y(yMax)),
		first,
		last,
		forums: opts.forums.map((f) => {
			const data = opts.months.map((month, i) => ({ month, value: f.posts[i] ?? 0 }))
			const busiest = data.reduce((a, b) => (b.value > a.value ? b : a), data[0])
			return {
				slug: f.slug,
				name: f.name,
				total: f.total,
				summary: f.total
					? t('insights.chart.activity.summary', { count: f.total, first, last, busiest: month(busiest.month), busiestCount: number(busiest.value) })
					: t('insights.chart.activity.none', { first, last }),
				area: shape(data) ?? '',
				line: edge(data) ?? '',
				points: data.map((d) => ({ x: round(px(d.month)), y: round(y(d.value)), value: d.value, month: month(d.month) })),
			}
		}),
	}
}

// ---------- the world map ----------

interface BaseCountry {
	/** ISO 3166-1 alpha-3, as our cases use it; null for territories without one (N. Cyprus, Somaliland). */
	code: string | null
	d: string
}

const MAP_WIDTH = 960
let basemap: { height: number; countries: BaseCountry[] } | undefined

/**
 * The projected outline of every country, computed once per process: it depends on nobody
 * and nothing in the database. world-atlas numbers countries by ISO 3166 numeric code;
 * Kosovo has none there (nor in ISO), so it is matched by name to the XKX our content uses.
 */
function worldOutlines() {
	if (basemap) return basemap
	const file = createRequire(import.meta.url).resolve('world-atlas/countries-110m.json')
	const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>
	const all = feature(topology, topology.objects.countries)
	// Antarctica has no cases and would take a fifth of the height.
	const features = all.features.filter((f) => f.id !== '010')
	const projection = geoEqualEarth().fitWidth(MAP_WIDTH, { type: 'FeatureCollection', features })
	const bounds = geoPath(projection).bounds({ type: 'FeatureCollection', features })
	basemap = {
		height: Math.ceil(bounds[1][1]) + 1,
		countries: features.map((f) => {
			const context = new CompactPath()
			geoPath(projection, context)(f)
			const code = f.id != null ? (countries.numericToAlpha3(String(f.id)) ?? null) : f.properties?.name === 'Kosovo' ? 'XKX' : null
			return { code, d: context.toString() }
		}),
	}
	return basemap
}

/**
 * A path context that writes whole-unit, relative coordinates: at 960 units wide a unit is at
 * most a screen pixel, and the map's markup shrinks to less than half of d3's default output
 * (it travels twice: in the HTML and in the hydration data).
 */
class CompactPath implements GeoContext {
	private out = ''
	private x = 0
	private y = 0
	private startX = 0
	private startY = 0
	private last = ''
	private pair(dx: number, dy: number) {
		return `${dx}${dy < 0 ? '' : ' '}${dy}`
	}
	moveTo(px: number, py: number) {
		const x = Math.round(px)
		const y = Math.round(py)
		// Each country starts absolute, so countries can be concatenated into one path.
		this.out += this.out ? `m${this.pair(x - this.x, y - this.y)}` : `M${x} ${y}`
		this.x = this.startX = x
		this.y = this.startY = y
		this.last = 'm'
	}
	lineTo(px: number, py: number) {
		const x = Math.round(px)
		const y = Math.round(py)
		if (x === this.x && y === this.y) return
		const p = this.pair(x - this.x, y - this.y)
		this.out += this.last === 'l' ? (x - this.x < 0 ? p : ` ${p}`) : `l${p}`
		this.x = x
		this.y = y
		this.last = 'l'
	}
	closePath() {
		this.out += 'z'
		// After z the current point is the subpath's start (SVG paths), not the last vertex.
		this.x = this.startX
		this.y = this.startY
		this.last = 'z'
	}
	// Canvas methods d3 may name but never needs for polygons (arc draws point features).
	beginPath() {}
	arc() {}
	toString() {
		return this.out
	}
}

/** `counts` name each country in the reader's language (countryName(code, locale)); the map sorts and labels by that name. */
export function worldMap(opts: { id: string; title: string; counts: Array<{ code: string; name: string; count: number }>; href: (code: string) => string; locale?: Locale }): WorldMapData {
	const { t, number, list, tag } = chartFormat(opts.locale)
	const world = worldOutlines()
	const withCases = new Map(opts.counts.filter((c) => c.count > 0).map((c) => [c.code, c]))
	const max = Math.max(1, ...[...withCases.values()].map((c) => c.count))
	// At most five classes of whole numbers: 1–2, 3–4… (a class never splits a number).
	const size = Math.ceil(max / Math.min(5, max))
	const classes = Math.ceil(max / size)
	const colours = classes === 1 ? [MAP_CLASSES[3]] : Array.from({ length: classes }, (_, i) => MAP_CLASSES[Math.round((i * (MAP_CLASSES.length - 1)) / (classes - 1))])
	const colour = scaleThreshold<number, string>()
		.domain(Array.from({ length: classes - 1 }, (_, i) => (i + 1) * size + 1))
		.range(colours)
	const drawn = new Set<string>()
	const countriesWithCases: WorldMapData['countries'] = []
	const basemapParts: string[] = []
	for (const c of world.countries) {
		const cases = c.code ? withCases.get(c.code) : undefined
		if (!cases) {
			basemapParts.push(c.d)
			continue
		}
		drawn.add(cases.code)
		const { name } = cases
		countriesWithCases.push({ code: cases.code, name, count: cases.count, d: c.d, fill: colour(cases.count), href: opts.href(cases.code), label: t('insights.chart.map.country', { country: name, count: cases.count }) })
	}
	countriesWithCases.sort((a, b) => a.name.localeCompare(b.name, tag))
	const ranked = [...withCases.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, tag))
	const top = ranked.slice(0, 3).map((c) => t('insights.chart.map.top', { country: c.name, count: number(c.count) }))
	return {
		id: opts.id,
		title: opts.title,
		summary: ranked.length ? t('insights.chart.map.summary', { count: ranked.length, top: list(top) }) : t('insights.years.empty'),
		width: MAP_WIDTH,
		height: world.height,
		basemap: basemapParts.join(''),
		countries: countriesWithCases,
		legend: colours.map((fill, i) => {
			const from = i * size + 1
			const to = Math.min(max, (i + 1) * size)
			return { fill, label: from === to ? t('insights.chart.map.legendOne', { count: from }) : t('insights.chart.map.legendRange', { from: number(from), to: number(to) }) }
		}),
		undrawn: ranked.filter((c) => !drawn.has(c.code)).map((c) => ({ code: c.code, name: c.name, count: c.count, href: opts.href(c.code) })),
	}
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
const round = (n: number) => Math.round(n * 10) / 10
