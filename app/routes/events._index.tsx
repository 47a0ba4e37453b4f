import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { DateTime } from 'luxon'
import { EVENT_TYPES } from '../../db/events/record'
import { EVENT_TYPE_LABELS, eventListSchema, STATUS_LABELS } from '~/models/event-forms'
import { eventTimes, viewerZone } from '~/models/event-format.server'
import { eventsFor } from '~/models/events.server'
import { listRegions } from '~/models/regions.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { nowSeconds } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'Events — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const url = new URL(request.url)
	const parsed = eventListSchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')))
	const filter = parsed.success ? parsed.data : eventListSchema.parse({})
	const zone = viewerZone(request, viewer)
	const now = nowSeconds()
	// A month (in the viewer's zone) bounds both views; otherwise upcoming or past from now.
	const month = filter.month ? DateTime.fromISO(`${filter.month}-01`, { zone }) : filter.view === 'calendar' ? DateTime.now().setZone(zone).startOf('month') : null
	const window = month
		? { from: Math.floor(month.toSeconds()), to: Math.floor(month.plus({ months: 1 }).toSeconds()), past: false }
		: filter.when === 'past'
			? { to: now, past: true }
			: { from: now, past: false }
	const events = await eventsFor(viewer, { ...window, type: filter.type, region: filter.region })
	return {
		filter: { ...filter, month: month ? month.toFormat('yyyy-LL') : '' },
		invalid: parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' '),
		zone,
		canPublish: can(viewer, 'publish:content'),
		regions: (await listRegions()).map((r) => ({ slug: r.slug, name: r.name })),
		monthGrid: filter.view === 'calendar' && month ? monthGrid(month, events) : null,
		events: events.map((e) => ({
			id: e.id,
			title: e.title,
			type: e.type,
			status: e.status,
			city: e.city,
			online: !!e.online_url,
			hidden: e.logisticsHidden,
			sample: e.sample === 1,
			documents: (JSON.parse(e.documents) as unknown[]).length,
			...eventTimes(e, zone),
		})),
	}
}

/** Weeks (Monday first) of a month in the viewer's zone, each day with the events that touch it. */
function monthGrid(month: DateTime, events: Awaited<ReturnType<typeof eventsFor>>) {
	const first = month.startOf('month').startOf('week')
	const last = month.endOf('month').endOf('week')
	const weeks: Array<Array<{ date: string; day: number; inMonth: boolean; events: Array<{ id: string; title: string; cancelled: boolean }> }>> = []
	for (let d = first; d <= last; d = d.plus({ days: 1 })) {
		if (d.weekday === 1) weeks.push([])
		const dayStart = d.startOf('day').toSeconds()
		const dayEnd = d.endOf('day').toSeconds()
		weeks.at(-1)!.push({
			date: d.toISODate()!,
			day: d.day,
			inMonth: d.month === month.month,
			events: events
				.filter((e) => (e.all_day ? d.toISODate()! >= e.start_local && d.toISODate()! <= e.end_local : e.start_utc <= dayEnd && e.end_utc > dayStart))
				.map((e) => ({ id: e.id, title: e.title, cancelled: e.status === 'cancelled' })),
		})
	}
	return { label: month.toFormat('LLLL yyyy'), prev: month.minus({ months: 1 }).toFormat('yyyy-LL'), next: month.plus({ months: 1 }).toFormat('yyyy-LL'), weeks }
}

export default function Events() {
	const { events, filter, regions, zone, monthGrid, canPublish, invalid } = useLoaderData<typeof loader>()
	const query = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ type: filter.type ?? '', region: filter.region ?? '', view: filter.view, ...extra }).filter(([, v]) => v)).toString()
	return (
		<>
			<div className="page-heading">
				<h1>Events</h1>
				{canPublish ? (
					<Link to="/events/new" className="button">
						New event
					</Link>
				) : null}
			</div>
			<p className="muted">Times are shown in {zone === 'UTC' ? 'UTC (set your time zone on your profile)' : `your time zone, ${zone}`}.</p>
			{invalid ? (
				<p className="form-error" role="alert">
					{invalid}
				</p>
			) : null}
			<Form method="get" className="filters inline-form" aria-label="Filter events">
				<label htmlFor="f-type">Type</label>
				<select id="f-type" name="type" defaultValue={filter.type ?? ''}>
					<option value="">All types</option>
					{EVENT_TYPES.map((t) => (
						<option key={t} value={t}>
							{EVENT_TYPE_LABELS[t]}
						</option>
					))}
				</select>
				<FilterSelect id="f-region" name="region" label="Region" allLabel="All regions" value={filter.region} options={regions.map((r) => ({ value: r.slug, label: r.name }))} />
				<label htmlFor="f-month">Month</label>
				<input id="f-month" name="month" type="month" defaultValue={filter.month} />
				<input type="hidden" name="view" value={filter.view} />
				<button type="submit">Show</button>
			</Form>
			<nav className="actions" aria-label="Views">
				<Link to={`?${query({ when: 'upcoming', view: 'list' })}`} aria-current={filter.view === 'list' && filter.when === 'upcoming' && !filter.month ? 'page' : undefined}>
					Upcoming
				</Link>
				<Link to={`?${query({ when: 'past', view: 'list' })}`} aria-current={filter.when === 'past' ? 'page' : undefined}>
					Past events and documents
				</Link>
				<Link to={`?${query({ view: 'calendar', month: filter.month })}`} aria-current={filter.view === 'calendar' ? 'page' : undefined}>
					Month calendar
				</Link>
			</nav>
			{monthGrid ? (
				<section aria-labelledby="month-heading">
					<div className="page-heading">
						<h2 id="month-heading">{monthGrid.label}</h2>
						<span className="actions">
							<Link to={`?${query({ view: 'calendar', month: monthGrid.prev })}`}>← Previous month</Link>
							<Link to={`?${query({ view: 'calendar', month: monthGrid.next })}`}>Next month →</Link>
						</span>
					</div>
					<table className="month">
						<thead>
							<tr>
								{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
									<th key={d} scope="col">
										{d}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{monthGrid.weeks.map((week) => (
								<tr key={week[0].date}>
									{week.map((day) => (
										<td key={day.date} className={day.inMonth ? '' : 'muted'}>
											<span className="day-number">{day.day}</span>
											<ul>
												{day.events.map((e) => (
													<li key={e.id}>
														<Link to={`/events/${e.id}`} className={e.cancelled ? 'cancelled' : undefined}>
															{e.title}
														</Link>
													</li>
												))}
											</ul>
										</td>
									))}
								</tr>
							))}
						</tbody>
					</table>
				</section>
			) : null}
			{events.length === 0 ? (
				<p className="panel">No event matches.</p>
			) : (
				<ul className="events">
					{events.map((e) => (
						<li key={e.id} className="panel event">
							<h2>
								<Link to={`/events/${e.id}`}>{e.title}</Link> {e.status !== 'confirmed' ? <span className={`badge${e.status === 'cancelled' ? ' badge-danger' : ''}`}>{STATUS_LABELS[e.status]}</span> : null}
							</h2>
							<p>
								<span className="badge">{EVENT_TYPE_LABELS[e.type as keyof typeof EVENT_TYPE_LABELS]}</span> <time>{e.yours}</time>
								{e.local ? <span className="muted"> · local: {e.local}</span> : null}
							</p>
							<p className="muted">
								{e.hidden ? 'Location shared with invitees only' : [e.city, e.online ? 'online' : null].filter(Boolean).join(' · ')}
								{e.documents ? ` · ${e.documents} document${e.documents === 1 ? '' : 's'}` : ''}
								{e.sample ? ' · demonstration' : ''}
							</p>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
