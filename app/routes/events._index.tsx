import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { DateTime } from 'luxon'
import { EVENT_TYPES } from '../../db/events/types'
import { EVENT_TYPE_LABELS } from '~/models/event-forms'
import { eventListSchema } from '~/models/event-forms.server'
import { eventTimes, formatMonth, viewerZone } from '~/models/event-format.server'
import { eventsFor } from '~/models/events.server'
import { listRegions } from '~/models/regions.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { nowSeconds } from '~/utils/time'
import { EVENT_STATUS_LABEL_KEYS, EVENT_TYPE_LABEL_KEYS, eventTypeKey } from '~/components/event-editor'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { resolveLocale } from '~/i18n/locale.server'
import { localeInfo } from '~/i18n/locales'
import { regionOptions } from '~/models/case-labels.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('events.list.metaTitle') }]

const WEEKDAY_KEYS = ['events.calendar.mon', 'events.calendar.tue', 'events.calendar.wed', 'events.calendar.thu', 'events.calendar.fri', 'events.calendar.sat', 'events.calendar.sun'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const url = new URL(request.url)
	const parsed = eventListSchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')))
	const filter = parsed.success ? parsed.data : eventListSchema.parse({})
	const zone = viewerZone(request, viewer)
	const tag = localeInfo(resolveLocale(request, viewer)).tag
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
		regions: await regionOptions(resolveLocale(request, viewer)),
		monthGrid: filter.view === 'calendar' && month ? monthGrid(month, events, tag) : null,
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
			...eventTimes(e, zone, tag),
		})),
	}
}

/** Weeks (Monday first) of a month in the viewer's zone, each day with the events that touch it. */
function monthGrid(month: DateTime, events: Awaited<ReturnType<typeof eventsFor>>, tag: string) {
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
	return { label: formatMonth(month, tag), prev: month.minus({ months: 1 }).toFormat('yyyy-LL'), next: month.plus({ months: 1 }).toFormat('yyyy-LL'), weeks }
}

export default function Events() {
	const { events, filter, regions, zone, monthGrid, canPublish, invalid } = useLoaderData<typeof loader>()
	const t = useT()
	const tr = useTranslateError()
	const typeLabel = (type: string) => {
		const key = eventTypeKey(type)
		return key ? t(key) : (EVENT_TYPE_LABELS[type as keyof typeof EVENT_TYPE_LABELS] ?? type)
	}
	const query = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ type: filter.type ?? '', region: filter.region ?? '', view: filter.view, ...extra }).filter(([, v]) => v)).toString()
	return (
		<>
			<div className="page-heading">
				<h1>{t('events.list.heading')}</h1>
				{canPublish ? (
					<Link to="/events/new" className="button">
						{t('events.list.newEvent')}
					</Link>
				) : null}
			</div>
			<p className="muted">{zone === 'UTC' ? t('events.list.timesUtc') : t('events.list.timesZone', { zone })}</p>
			{invalid ? (
				<p className="form-error" role="alert">
					{tr(invalid)}
				</p>
			) : null}
			<Form method="get" className="filters inline-form" aria-label={t('events.list.filterLabel')}>
				<label htmlFor="f-type">{t('events.list.type')}</label>
				<select id="f-type" name="type" defaultValue={filter.type ?? ''}>
					<option value="">{t('events.list.allTypes')}</option>
					{EVENT_TYPES.map((type) => (
						<option key={type} value={type}>
							{t(EVENT_TYPE_LABEL_KEYS[type])}
						</option>
					))}
				</select>
				<FilterSelect id="f-region" name="region" label={t('events.list.region')} allLabel={t('events.list.allRegions')} value={filter.region} options={regions} />
				<label htmlFor="f-month">{t('events.list.month')}</label>
				<input id="f-month" name="month" type="month" defaultValue={filter.month} />
				<input type="hidden" name="view" value={filter.view} />
				<button type="submit">{t('events.list.show')}</button>
			</Form>
			<nav className="actions" aria-label={t('events.list.views')}>
				<Link to={`?${query({ when: 'upcoming', view: 'list' })}`} aria-current={filter.view === 'list' && filter.when === 'upcoming' && !filter.month ? 'page' : undefined}>
					{t('events.list.upcoming')}
				</Link>
				<Link to={`?${query({ when: 'past', view: 'list' })}`} aria-current={filter.when === 'past' ? 'page' : undefined}>
					{t('events.list.past')}
				</Link>
				<Link to={`?${query({ view: 'calendar', month: filter.month })}`} aria-current={filter.view === 'calendar' ? 'page' : undefined}>
					{t('events.list.calendar')}
				</Link>
			</nav>
			{monthGrid ? (
				<section aria-labelledby="month-heading">
					<div className="page-heading">
						<h2 id="month-heading">{monthGrid.label}</h2>
						<span className="actions">
							<Link to={`?${query({ view: 'calendar', month: monthGrid.prev })}`}>{t('events.calendar.previous')}</Link>
							<Link to={`?${query({ view: 'calendar', month: monthGrid.next })}`}>{t('events.calendar.next')}</Link>
						</span>
					</div>
					<table className="month">
						<thead>
							<tr>
								{WEEKDAY_KEYS.map((d) => (
									<th key={d} scope="col">
										{t(d)}
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
				<p className="panel">{t('events.list.empty')}</p>
			) : (
				<ul className="events">
					{events.map((e) => (
						<li key={e.id} className="panel event">
							<h2>
								<Link to={`/events/${e.id}`}>{e.title}</Link> {e.status !== 'confirmed' ? <span className={`badge${e.status === 'cancelled' ? ' badge-danger' : ''}`}>{t(EVENT_STATUS_LABEL_KEYS[e.status])}</span> : null}
							</h2>
							<p>
								<span className="badge">{typeLabel(e.type)}</span> <time>{e.yours}</time>
								{e.local ? <span className="muted"> · {t('events.list.local', { time: e.local })}</span> : null}
							</p>
							<p className="muted">
								{e.hidden ? t('events.list.locationHidden') : [e.city, e.online ? t('events.list.online') : null].filter(Boolean).join(' · ')}
								{e.documents ? ` · ${t('events.list.documents', { count: e.documents })}` : ''}
								{e.sample ? ` · ${t('events.list.demonstration')}` : ''}
							</p>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
