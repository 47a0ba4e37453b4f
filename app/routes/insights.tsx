import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ActivityCharts, ChartLegend, ChartTable, ColumnChart, RowChart, WorldMap } from '~/components/charts'
import { resolveLocale } from '~/i18n/locale.server'
import { insightCharts, insightsFor } from '~/models/insights.server'
import { monthLabel } from '~/utils/charts.server'
import { requireViewer } from '~/utils/permissions.server'
import { nowSeconds } from '~/utils/time'
import styles from '../styles/insights.css?url'
import { metaT, useT } from '~/i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('insights.page.metaTitle') }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	// Names, titles, summaries and month labels are made here in the reader's language, so the page renders the same on the server and in the browser.
	const locale = resolveLocale(request, viewer)
	const figures = await insightsFor(viewer, nowSeconds(), locale)
	return {
		figures,
		charts: insightCharts(figures, locale),
		monthLabels: figures.forums.months.map((month) => monthLabel(month, locale)),
	}
}

export default function Insights() {
	const { figures, charts, monthLabels } = useLoaderData<typeof loader>()
	const { cases, forums, events } = figures
	const { shown, others } = charts.crimeTypeSeries
	const t = useT()
	return (
		<>
			<h1>{t('insights.page.heading')}</h1>
			<p className="lead">{t('insights.page.lead')}</p>
			<dl className="insight-totals">
				<div>
					<dt>{t('insights.totals.cases')}</dt>
					<dd>{cases.total}</dd>
				</div>
				<div>
					<dt>{t('insights.totals.posts')}</dt>
					<dd>{forums.activity.reduce((n, f) => n + f.total, 0)}</dd>
				</div>
				<div>
					<dt>{t('insights.totals.events')}</dt>
					<dd>{events.total}</dd>
				</div>
			</dl>

			<div className="insights-grid">
				<section aria-labelledby="years-heading" className="panel insight">
					<h2 id="years-heading">{t('insights.years.heading')}</h2>
					{cases.total ? <ColumnChart chart={charts.byYear} /> : <p>{t('insights.years.empty')}</p>}
					<ChartTable
						caption={t('insights.years.caption')}
						columns={[t('insights.table.year'), t('insights.table.cases')]}
						rows={cases.byYear.map((y) => [{ text: y.year, href: `/cases?year_from=${y.year}&year_to=${y.year}` }, { text: y.count }])}
						footer={[{ text: t('insights.years.allYears') }, { text: cases.total }]}
					/>
				</section>

				<section aria-labelledby="regions-heading" className="panel insight">
					<h2 id="regions-heading">{t('insights.regions.heading')}</h2>
					<p className="muted">{t('insights.regions.note')}</p>
					<ChartLegend chartId={charts.byRegion.id} series={charts.byRegion.series} />
					<RowChart chart={charts.byRegion} />
					<ChartTable
						caption={t('insights.regions.caption')}
						columns={[t('insights.table.region'), t('insights.table.cases'), ...charts.byRegion.series.map((s) => s.name)]}
						rows={cases.byRegion.map((r) => [
							r.slug ? { text: r.name, href: `/cases?region=${r.slug}` } : { text: r.name },
							{ text: r.count },
							...shown.map((slug) => ({ text: r.crimeTypes[slug] ?? 0 })),
							...(others.length ? [{ text: others.reduce((n, slug) => n + (r.crimeTypes[slug] ?? 0), 0) }] : []),
						])}
					/>
				</section>
			</div>

			<section aria-labelledby="map-heading" className="panel insight">
				<h2 id="map-heading">{t('insights.map.heading')}</h2>
				<p className="muted">{t('insights.map.hint')}</p>
				<WorldMap map={charts.map} />
				<ChartTable
					caption={t('insights.map.caption')}
					columns={[t('insights.table.country'), t('insights.table.cases')]}
					rows={cases.byCountry.map((c) => [{ text: c.name, href: `/cases?country=${c.code}` }, { text: c.count }])}
					footer={[{ text: t('insights.map.countries', { count: cases.byCountry.length }) }, { text: cases.total }]}
				/>
			</section>

			<div className="insights-grid">
				<section aria-labelledby="forums-heading" className="panel insight">
					<h2 id="forums-heading">{t('insights.forums.heading')}</h2>
					<p className="muted">
						{charts.activitySummary} {t('insights.forums.note')}
					</p>
					{forums.activity.length ? <ActivityCharts chart={charts.activity} /> : <p>{t('insights.forums.empty')}</p>}
					<ChartTable
						caption={t('insights.forums.caption')}
						columns={[t('insights.table.forum'), ...monthLabels, t('insights.table.total')]}
						rows={forums.activity.map((f) => [{ text: f.name, href: `/forums/${f.slug}` }, ...f.posts.map((n) => ({ text: n })), { text: f.total }])}
					/>
				</section>

				<section aria-labelledby="events-heading" className="panel insight">
					<h2 id="events-heading">{t('insights.events.heading')}</h2>
					<p className="muted">
						{t('insights.events.note')} <Link to="/events">{t('insights.events.all')}</Link>
					</p>
					<RowChart chart={charts.events} />
					<ChartTable
						caption={t('insights.events.caption')}
						columns={[t('insights.table.region'), t('insights.table.events')]}
						rows={events.byRegion.map((r) => [r.slug ? { text: r.name, href: `/events?region=${r.slug}` } : { text: r.name }, { text: r.count }])}
						footer={[{ text: t('insights.events.footer') }, { text: events.total }]}
					/>
				</section>
			</div>
		</>
	)
}
