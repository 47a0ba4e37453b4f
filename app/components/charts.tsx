import type { ReactNode } from 'react'
import { useT } from '~/i18n'

/**
 * Accessible SVG charts, drawn from geometry the server computed (app/utils/charts.server.ts):
 * this file imports no charting library and nothing from *.server.ts, so the same markup
 * renders on the server, hydrates in the browser and works without JavaScript.
 *
 * Each chart is an image with a title and a one-sentence summary (role="img", labelled by
 * its <title>, described by its <desc>), carries its numbers as text on the drawing (not colour alone),
 * and comes with a table of the same figures (ChartTable). Only presentation attributes
 * and classes are used: the CSP forbids inline styles.
 */

export type PatternKind = 'none' | 'diagonal' | 'dots' | 'cross' | 'horizontal'

export interface ChartSeries {
	key: string
	name: string
	colour: string
	pattern: PatternKind
}

export interface ColumnChartData {
	id: string
	title: string
	summary: string
	width: number
	height: number
	plot: { left: number; right: number; top: number; bottom: number }
	yTicks: Array<{ y: number; label: string }>
	xLabels: Array<{ x: number; label: string }>
	bars: Array<{ key: string; label: string; value: number; x: number; y: number; width: number; height: number }>
	colour: string
}

export interface RowChartData {
	id: string
	title: string
	summary: string
	width: number
	height: number
	series: ChartSeries[]
	rows: Array<{
		key: string
		label: string
		total: number
		totalLabel: string
		labelY: number
		barY: number
		barHeight: number
		totalX: number
		segments: Array<{ series: number; x: number; width: number; value: number; showValue: boolean }>
	}>
	left: number
}

export interface ActivityChartData {
	width: number
	height: number
	baseline: number
	first: string
	last: string
	yMax: number
	yMaxY: number
	forums: Array<{
		slug: string
		name: string
		total: number
		summary: string
		area: string
		line: string
		points: Array<{ x: number; y: number; value: number; month: string }>
	}>
}

export interface WorldMapData {
	id: string
	title: string
	summary: string
	width: number
	height: number
	/** Every country without cases, as one path (one DOM node instead of ~170). */
	basemap: string
	countries: Array<{ code: string; name: string; count: number; d: string; fill: string; href: string; label: string }>
	legend: Array<{ label: string; fill: string }>
	/** Countries with cases that are too small to be drawn at this scale. */
	undrawn: Array<{ code: string; name: string; count: number; href: string }>
}

function Pattern({ id, series }: { id: string; series: ChartSeries }) {
	// A white texture over the colour: series stay apart in greyscale and for colour-blind readers.
	return (
		<pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse">
			<rect width={6} height={6} fill={series.colour} />
			{series.pattern === 'diagonal' ? <path d="M-1 1l2-2M0 6l6-6M5 7l2-2" stroke="#ffffff" strokeOpacity={0.55} strokeWidth={1.5} /> : null}
			{series.pattern === 'cross' ? <path d="M0 3h6M3 0v6" stroke="#ffffff" strokeOpacity={0.55} strokeWidth={1} /> : null}
			{series.pattern === 'horizontal' ? <path d="M0 1.5h6M0 4.5h6" stroke="#ffffff" strokeOpacity={0.55} strokeWidth={1} /> : null}
			{series.pattern === 'dots' ? <circle cx={3} cy={3} r={1.2} fill="#ffffff" fillOpacity={0.7} /> : null}
		</pattern>
	)
}

const fillOf = (chartId: string, series: ChartSeries, index: number) => (series.pattern === 'none' ? series.colour : `url(#${chartId}-pattern-${index})`)

function Labelled({ id, title, summary, width, height, className, children }: { id: string; title: string; summary: string; width: number; height: number; className?: string; children: ReactNode }) {
	return (
		<svg viewBox={`0 0 ${width} ${height}`} className={`chart${className ? ` ${className}` : ''}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
			<title id={`${id}-title`}>{title}</title>
			<desc id={`${id}-desc`}>{summary}</desc>
			{children}
		</svg>
	)
}

/** Vertical bars with their value on top: one category axis (years), one value axis. */
export function ColumnChart({ chart }: { chart: ColumnChartData }) {
	const { plot } = chart
	return (
		<Labelled {...chart}>
			<g className="chart-grid">
				{chart.yTicks.map((t) => (
					<g key={t.label}>
						<line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
						<text x={plot.left - 6} y={t.y} textAnchor="end" dominantBaseline="middle">
							{t.label}
						</text>
					</g>
				))}
			</g>
			{chart.bars.map((b) => (
				<g key={b.key}>
					<rect x={b.x} y={b.y} width={b.width} height={b.height} fill={chart.colour}>
						<title>{b.label}</title>
					</rect>
					{b.value > 0 ? (
						<text x={b.x + b.width / 2} y={b.y - 4} textAnchor="middle" className="chart-value">
							{b.value}
						</text>
					) : null}
				</g>
			))}
			<line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="chart-axis" />
			{chart.xLabels.map((l) => (
				<text key={l.label} x={l.x} y={plot.bottom + 16} textAnchor="middle">
					{l.label}
				</text>
			))}
		</Labelled>
	)
}

/** Horizontal bars, one per row with its label above it, optionally stacked by series; the total follows each bar. */
export function RowChart({ chart }: { chart: RowChartData }) {
	const t = useT()
	const stacked = chart.series.length > 1
	return (
		<Labelled {...chart}>
			<defs>
				{chart.series.map((s, i) => (s.pattern === 'none' ? null : <Pattern key={s.key} id={`${chart.id}-pattern-${i}`} series={s} />))}
			</defs>
			{chart.rows.map((row) => (
				<g key={row.key}>
					<text x={chart.left} y={row.labelY} className="chart-label">
						{row.label}
					</text>
					<line x1={chart.left} x2={chart.left} y1={row.barY - 2} y2={row.barY + row.barHeight + 2} className="chart-axis" />
					{row.segments.map((s) => (
						<g key={s.series}>
							<rect x={s.x} y={row.barY} width={s.width} height={row.barHeight} fill={fillOf(chart.id, chart.series[s.series], s.series)} className={stacked ? 'chart-segment' : undefined}>
								<title>{t('insights.chart.tip.segment', { label: row.label, series: chart.series[s.series].name, value: s.value })}</title>
							</rect>
							{s.showValue ? (
								<text x={s.x + s.width / 2} y={row.barY + row.barHeight / 2} textAnchor="middle" dominantBaseline="central" className="chart-inside">
									{s.value}
								</text>
							) : null}
						</g>
					))}
					<text x={row.totalX} y={row.barY + row.barHeight / 2} dominantBaseline="central" className="chart-value">
						{row.totalLabel}
					</text>
				</g>
			))}
		</Labelled>
	)
}

export function ChartLegend({ chartId, series }: { chartId: string; series: ChartSeries[] }) {
	const t = useT()
	return (
		<ul className="chart-legend" aria-label={t('insights.chart.legend')}>
			{series.map((s, i) => (
				<li key={s.key}>
					<svg viewBox="0 0 16 16" className="chart-swatch" aria-hidden="true">
						{s.pattern === 'none' ? null : (
							<defs>
								<Pattern id={`${chartId}-legend-${i}`} series={s} />
							</defs>
						)}
						<rect width={16} height={16} fill={s.pattern === 'none' ? s.colour : `url(#${chartId}-legend-${i})`} />
					</svg>
					{s.name}
				</li>
			))}
		</ul>
	)
}

/** Small multiples: one area chart per forum on a shared scale, so forums compare at a glance. */
export function ActivityCharts({ chart }: { chart: ActivityChartData }) {
	const t = useT()
	return (
		<ul className="activity-grid">
			{chart.forums.map((f) => (
				<li key={f.slug} className="activity-card">
					<h3>
						{f.name} <span className="activity-total">{t('insights.chart.posts', { count: f.total })}</span>
					</h3>
					<Labelled id={`activity-chart-${f.slug}`} title={t('insights.chart.postsPerMonth', { forum: f.name })} summary={f.summary} width={chart.width} height={chart.height} className="activity-chart">
						<line x1={0} x2={chart.width} y1={chart.yMaxY} y2={chart.yMaxY} className="chart-grid-line" />
						<text x={2} y={chart.yMaxY - 3} className="chart-small">
							{t('insights.chart.perMonth', { count: chart.yMax })}
						</text>
						<path d={f.area} className="activity-area" />
						<path d={f.line} className="activity-line" />
						{f.points.map((p) => (
							<circle key={p.month} cx={p.x} cy={p.y} r={2.5} className="activity-point">
								<title>{t('insights.chart.tip.point', { month: p.month, value: p.value })}</title>
							</circle>
						))}
						<line x1={0} x2={chart.width} y1={chart.baseline} y2={chart.baseline} className="chart-axis" />
						<text x={2} y={chart.height - 3} className="chart-small">
							{chart.first}
						</text>
						<text x={chart.width - 2} y={chart.height - 3} textAnchor="end" className="chart-small">
							{chart.last}
						</text>
					</Labelled>
				</li>
			))}
		</ul>
	)
}

/**
 * The case map. Not role="img": it holds links, which an image role would hide from
 * assistive technology. The group is named by its title; each country with cases is a
 * link named "Country: N cases"; the rest of the world is one decorative path.
 */
export function WorldMap({ map }: { map: WorldMapData }) {
	const t = useT()
	return (
		<>
			<svg viewBox={`0 0 ${map.width} ${map.height}`} className="chart world-map" role="group" aria-labelledby={`${map.id}-title`} aria-describedby={`${map.id}-desc`}>
				<title id={`${map.id}-title`}>{map.title}</title>
				<desc id={`${map.id}-desc`}>{map.summary}</desc>
				<path d={map.basemap} className="map-land" aria-hidden="true" />
				{map.countries.map((c) => (
					<a key={c.code} href={c.href} aria-label={c.label} className="map-country">
						<path d={c.d} fill={c.fill}>
							<title>{c.label}</title>
						</path>
					</a>
				))}
			</svg>
			<ul className="chart-legend" aria-label={t('insights.map.legend')}>
				<li>
					<svg viewBox="0 0 16 16" className="chart-swatch" aria-hidden="true">
						<rect width={16} height={16} className="map-land" />
					</svg>
					{t('insights.map.noCase')}
				</li>
				{map.legend.map((l) => (
					<li key={l.label}>
						<svg viewBox="0 0 16 16" className="chart-swatch" aria-hidden="true">
							<rect width={16} height={16} fill={l.fill} />
						</svg>
						{l.label}
					</li>
				))}
			</ul>
			{map.undrawn.length ? (
				<p className="muted">
					{t('insights.map.undrawn')}{' '}
					{map.undrawn.map((c, i) => (
						<span key={c.code}>
							{i ? t('insights.map.undrawnSeparator') : ''}
							<a href={c.href}>{t('insights.map.undrawnCountry', { name: c.name, count: c.count })}</a>
						</span>
					))}
					{t('insights.map.undrawnEnd')}
				</p>
			) : null}
		</>
	)
}

export interface TableCell {
	text: string | number
	href?: string
}

/** The same figures as a table, folded away by default (works without JavaScript: <details>). */
export function ChartTable({ caption, columns, rows, footer }: { caption: string; columns: string[]; rows: TableCell[][]; footer?: TableCell[] }) {
	const t = useT()
	const cell = (c: TableCell) => (c.href ? <a href={c.href}>{c.text}</a> : c.text)
	return (
		<details className="chart-table">
			<summary>{t('insights.chart.showTable')}</summary>
			<div className="table-wrap">
				<table>
					<caption>{caption}</caption>
					<thead>
						<tr>
							{columns.map((c, i) => (
								<th key={c} scope="col" className={i ? 'num' : undefined}>
									{c}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{rows.map((r) => (
							<tr key={String(r[0].text)}>
								<th scope="row">{cell(r[0])}</th>
								{r.slice(1).map((c, i) => (
									<td key={i} className="num">
										{cell(c)}
									</td>
								))}
							</tr>
						))}
					</tbody>
					{footer ? (
						<tfoot>
							<tr>
								<th scope="row">{cell(footer[0])}</th>
								{footer.slice(1).map((c, i) => (
									<td key={i} className="num">
										{cell(c)}
									</td>
								))}
							</tr>
						</tfoot>
					) : null}
				</table>
			</div>
		</details>
	)
}
