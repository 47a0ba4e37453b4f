import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ActivityCharts, ChartLegend, ChartTable, ColumnChart, RowChart, WorldMap } from '~/components/charts'
import { insightCharts, insightsFor } from '~/models/insights.server'
import { monthLabel } from '~/utils/charts.server'
import { requireViewer } from '~/utils/permissions.server'
import styles from '../styles/insights.css?url'

export const meta: MetaFunction = () => [{ title: 'Insights — Practitioners Portal' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const figures = await insightsFor(viewer)
	return {
		figures,
		charts: insightCharts(figures),
		// Labels made here, so the table renders the same on the server and in the browser.
		monthLabels: figures.forums.months.map(monthLabel),
	}
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export default function Insights() {
	const { figures, charts, monthLabels } = useLoaderData<typeof loader>()
	const { cases, forums, events } = figures
	const { shown, others } = charts.crimeTypeSeries
	return (
		<>
			<h1>Insights</h1>
			<p className="lead">Figures from the portal that count only what you can open yourself: published cases, the forums you can read and the events you can see.</p>
			<dl className="insight-totals">
				<div>
					<dt>Published cases</dt>
					<dd>{cases.total}</dd>
				</div>
				<div>
					<dt>Posts in your forums, last 12 months</dt>
					<dd>{forums.activity.reduce((n, f) => n + f.total, 0)}</dd>
				</div>
				<div>
					<dt>Upcoming events you can see</dt>
					<dd>{events.total}</dd>
				</div>
			</dl>

			<div className="insights-grid">
				<section aria-labelledby="years-heading" className="panel insight">
					<h2 id="years-heading">Cases by year</h2>
					{cases.total ? <ColumnChart chart={charts.byYear} /> : <p>No published case yet.</p>}
					<ChartTable
						caption="Published cases by year of decision"
						columns={['Year', 'Cases']}
						rows={cases.byYear.map((y) => [{ text: y.year, href: `/cases?year_from=${y.year}&year_to=${y.year}` }, { text: y.count }])}
						footer={[{ text: 'All years' }, { text: cases.total }]}
					/>
				</section>

				<section aria-labelledby="regions-heading" className="panel insight">
					<h2 id="regions-heading">Cases by region and crime type</h2>
					<p className="muted">A case with several crime types counts once for each, so a bar can be longer than the region’s number of cases.</p>
					<ChartLegend chartId={charts.byRegion.id} series={charts.byRegion.series} />
					<RowChart chart={charts.byRegion} />
					<ChartTable
						caption="Published cases by region and crime type"
						columns={['Region', 'Cases', ...charts.byRegion.series.map((s) => s.name)]}
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
				<h2 id="map-heading">Cases around the world</h2>
				<p className="muted">Select a country to search its cases.</p>
				<WorldMap map={charts.map} />
				<ChartTable
					caption="Published cases by country"
					columns={['Country', 'Cases']}
					rows={cases.byCountry.map((c) => [{ text: c.name, href: `/cases?country=${c.code}` }, { text: c.count }])}
					footer={[{ text: `${plural(cases.byCountry.length, 'country', 'countries')}` }, { text: cases.total }]}
				/>
			</section>

			<div className="insights-grid">
				<section aria-labelledby="forums-heading" className="panel insight">
					<h2 id="forums-heading">Forum activity</h2>
					<p className="muted">
						{charts.activitySummary} Posts per month (UTC), on one scale for every forum; hidden and deleted posts are not counted.
					</p>
					{forums.activity.length ? <ActivityCharts chart={charts.activity} /> : <p>You cannot read any forum yet.</p>}
					<ChartTable
						caption="Posts per month in the forums you can read"
						columns={['Forum', ...monthLabels, 'Total']}
						rows={forums.activity.map((f) => [{ text: f.name, href: `/forums/${f.slug}` }, ...f.posts.map((n) => ({ text: n })), { text: f.total }])}
					/>
				</section>

				<section aria-labelledby="events-heading" className="panel insight">
					<h2 id="events-heading">Upcoming events by region</h2>
					<p className="muted">
						Events you can see that have not started and are not cancelled. An event of several regions counts in each. <Link to="/events">All events</Link>
					</p>
					<RowChart chart={charts.events} />
					<ChartTable
						caption="Upcoming events by region"
						columns={['Region', 'Events']}
						rows={events.byRegion.map((r) => [r.slug ? { text: r.name, href: `/events?region=${r.slug}` } : { text: r.name }, { text: r.count }])}
						footer={[{ text: 'Events (each once)' }, { text: events.total }]}
					/>
				</section>
			</div>
		</>
	)
}
