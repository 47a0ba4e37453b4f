import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from '~/utils/zod.server'
import { EVENT_TYPE_LABELS } from '~/models/event-forms'
import { eventTimes, formatMoment, viewerZone } from '~/models/event-format.server'
import { cancelRegistration, eventDetails, eventForViewer, participantsOf, register, registrationOf, registrationSummary } from '~/models/events.server'
import { setEventStatus } from '~/models/event-editor.server'
import { countryName } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { EVENT_STATUS_LABEL_KEYS, eventTypeKey } from '~/components/event-editor'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { localeInfo } from '~/i18n/locales'
import { regionNamer } from '~/models/case-labels.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('events.detail.metaTitle', { title: data?.event.title ?? t('events.detail.metaFallback') }) }]
}

const REGISTRATION_STATUS_KEYS = {
	registered: 'events.registration.youAreRegistered',
	waitlisted: 'events.registration.youAreWaitlisted',
	pending: 'events.registration.youArePending',
	declined: 'events.registration.youAreDeclined',
} as const

const notFound = () => new Response('Not found', { status: 404 })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const event = await eventForViewer(viewer, params.eventId ?? '')
	if (!event) throw notFound()
	const zone = viewerZone(request, viewer)
	const locale = resolveLocale(request, viewer)
	const tag = localeInfo(locale).tag
	const details = eventDetails(event)
	const nameRegion = await regionNamer(locale)
	const staff = can(viewer, 'publish:content')
	const registration = await registrationOf(viewer.id, event.id)
	return {
		event: {
			id: event.id,
			title: event.title,
			type: event.type,
			status: event.status,
			organizer: event.organizer,
			visibility: event.visibility,
			sample: event.sample === 1,
			place: event.logisticsHidden ? null : [event.venue, event.city, event.country ? countryName(event.country, locale) : null].filter(Boolean).join(', '),
			onlineUrl: event.online_url,
			logisticsHidden: event.logisticsHidden,
			registrationMode: event.registration_mode,
			capacity: event.capacity,
			deadline: event.deadline_utc ? formatMoment(event.deadline_utc, zone, tag) : null,
			over: event.end_utc * 1000 < Date.now(),
			times: eventTimes(event, zone, tag),
			...details,
			regions: details.regions.map(nameRegion),
		},
		registration: registration?.status ?? null,
		summary: await registrationSummary(event.id),
		participants: event.show_participants || staff ? await participantsOf(event.id, viewer) : null,
		staff,
	}
}

// Built when the action runs, so zod stays on the server (see utils/zod.server.ts).
const intentSchema = () => z.object({ intent: z.enum(['register', 'cancel-registration', 'cancel-event', 'postpone-event', 'confirm-event'], { error: 'Unknown action.' }) })

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const t = requestT(request, viewer)
	const id = params.eventId ?? ''
	const parsed = intentSchema().safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) throw new Response(t('events.detail.unknownAction'), { status: 400 })
	const back = `/events/${id}`
	switch (parsed.data.intent) {
		case 'register': {
			const outcome = await register(viewer, id)
			if (!outcome) throw notFound()
			if (outcome.kind === 'refused') return redirectWithFlash(back, { kind: 'error', message: t(outcome.message.id, outcome.message.values) })
			const words = { registered: t('events.flash.registered'), waitlisted: t('events.flash.waitlisted'), pending: t('events.flash.pending') } as Record<string, string>
			return redirectWithFlash(back, { kind: 'success', message: words[outcome.status] ?? t('events.flash.saved') })
		}
		case 'cancel-registration': {
			const done = await cancelRegistration(viewer, id)
			if (done === null) throw notFound()
			return redirectWithFlash(back, { kind: 'success', message: done ? t('events.flash.registrationCancelled') : t('events.flash.notRegistered') })
		}
		default: {
			if (!can(viewer, 'publish:content')) throw new Response(t('events.detail.staffOnly'), { status: 403 })
			const status = parsed.data.intent === 'cancel-event' ? 'cancelled' : parsed.data.intent === 'postpone-event' ? 'postponed' : 'confirmed'
			const outcome = await setEventStatus(viewer, id, status)
			if (!outcome) throw notFound()
			return redirectWithFlash(back, { kind: 'success', message: t('events.flash.statusChanged', { status }) })
		}
	}
}

export default function EventPage() {
	const { event, registration, summary, participants, staff } = useLoaderData<typeof loader>()
	const t = useT()
	const typeKey = eventTypeKey(event.type)
	const canRegister = event.registrationMode !== 'none' && event.status !== 'cancelled' && !event.over
	return (
		<>
			<p>
				<Link to="/events">{t('events.detail.back')}</Link>
			</p>
			<div className="page-heading">
				<h1>{event.title}</h1>
				<a href={`/events/${event.id}.ics`} className="button secondary" download>
					{t('events.detail.addToCalendar')}
				</a>
			</div>
			<p>
				<span className="badge">{typeKey ? t(typeKey) : (EVENT_TYPE_LABELS[event.type as keyof typeof EVENT_TYPE_LABELS] ?? event.type)}</span>{' '}
				<span className={`badge${event.status === 'cancelled' ? ' badge-danger' : ''}`}>{t(EVENT_STATUS_LABEL_KEYS[event.status])}</span>
				{event.sample ? <span className="badge">{t('events.detail.demonstration')}</span> : null}
			</p>
			<dl className="fields">
				<dt>{t('events.detail.when')}</dt>
				<dd>
					<time>{event.times.yours}</time>
					{event.times.local ? <div className="muted">{t('events.detail.localTime', { time: event.times.local })}</div> : null}
				</dd>
				<dt>{t('events.detail.where')}</dt>
				<dd>
					{event.logisticsHidden ? (
						t('events.detail.logisticsHidden')
					) : (
						<>
							{event.place || null}
							{event.onlineUrl ? (
								<div>
									{t('events.detail.online')}{' '}
									<a href={event.onlineUrl} rel="nofollow noopener noreferrer">
										{event.onlineUrl}
									</a>
								</div>
							) : null}
						</>
					)}
				</dd>
				<dt>{t('events.detail.organizer')}</dt>
				<dd>{event.organizer}</dd>
				<dt>{t('events.detail.visibility')}</dt>
				<dd>{event.visibility === 'members' ? t('events.detail.visibleMembers') : event.visibility === 'regions' ? t('events.detail.visibleRegions', { regions: event.regions.join(', ') }) : t('events.detail.visibleInvitees')}</dd>
			</dl>
			<div className="prose" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />

			{event.registrationMode !== 'none' ? (
				<section className="panel" aria-labelledby="registration-heading">
					<h2 id="registration-heading">{t('events.registration.heading')}</h2>
					<p>
						{event.registrationMode === 'approval' ? `${t('events.registration.approval')} ` : ''}
						{event.capacity
							? t('events.registration.placesTaken', { taken: summary.registered, capacity: event.capacity, waitlisted: summary.waitlisted })
							: t('events.registration.registeredCount', { registered: summary.registered, waitlisted: summary.waitlisted })}
						{event.deadline ? ` ${t('events.registration.closes', { deadline: event.deadline })}` : ''}
					</p>
					{registration && registration !== 'cancelled' ? (
						<p role="status">
							{t(REGISTRATION_STATUS_KEYS[registration as keyof typeof REGISTRATION_STATUS_KEYS])}
						</p>
					) : null}
					{canRegister ? (
						<Form method="post">
							{registration && registration !== 'cancelled' && registration !== 'declined' ? (
								<button type="submit" name="intent" value="cancel-registration" className="secondary">
									{t('events.registration.cancel')}
								</button>
							) : registration !== 'declined' ? (
								<button type="submit" name="intent" value="register">
									{t('events.registration.register')}
								</button>
							) : null}
						</Form>
					) : null}
				</section>
			) : null}

			{event.agenda.length ? (
				<section aria-labelledby="agenda-heading">
					<h2 id="agenda-heading">{t('events.detail.agenda')}</h2>
					<ol className="agenda">
						{event.agenda.map((item, i) => (
							<li key={i}>
								{item.time ? <strong>{item.time.replace('T', ' ')} </strong> : null}
								{item.title}
								{item.speakers.length ? <span className="muted"> — {item.speakers.join(', ')}</span> : null}
								{item.documents.length ? (
									<ul>
										{item.documents.map((d) => (
											<li key={d.url}>
												<a href={d.url} rel="nofollow noopener noreferrer">
													{d.title}
												</a>
											</li>
										))}
									</ul>
								) : null}
							</li>
						))}
					</ol>
				</section>
			) : null}
			{event.documents.length ? (
				<section aria-labelledby="documents-heading">
					<h2 id="documents-heading">{t('events.detail.documents')}</h2>
					<ul>
						{event.documents.map((d) => (
							<li key={d.url}>
								<a href={d.url} rel="nofollow noopener noreferrer" hrefLang={d.language}>
									{d.title}
								</a>{' '}
								<span className="muted">({d.language})</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
			{participants ? (
				<section aria-labelledby="participants-heading">
					<h2 id="participants-heading">{t('events.detail.participants')}</h2>
					{participants.listed.length || participants.unlisted ? (
						<ul>
							{participants.listed.map((p, i) => (
								<li key={i}>
									{p.name}
									{p.organisation ? <span className="muted"> — {p.organisation}</span> : null}
									{p.handle ? (
										<>
											{' '}
											<Link to={`/messages/new?to=${p.handle}`}>{t('events.detail.message')}</Link>
										</>
									) : null}
								</li>
							))}
							{participants.unlisted ? (
								<li className="muted">
									{t('events.detail.unlisted', { count: participants.unlisted })}
								</li>
							) : null}
						</ul>
					) : (
						<p className="muted">{t('events.detail.nobody')}</p>
					)}
				</section>
			) : null}
			{staff ? (
				<section className="panel moderation" aria-label={t('events.staff.label')}>
					<h2 className="h3">{t('events.staff.heading')}</h2>
					<div className="actions">
						<Link to={`/events/${event.id}/edit`}>{t('events.staff.edit')}</Link>
						<Link to={`/events/${event.id}/registrations`}>{t('events.staff.registrations')}</Link>
						<Link to={`/events/${event.id}/history`}>{t('events.staff.history')}</Link>
						<Form method="post" className="inline-form">
							{event.status !== 'cancelled' ? (
								<button type="submit" name="intent" value="cancel-event" className="secondary">
									{t('events.staff.cancelEvent')}
								</button>
							) : null}
							{event.status !== 'postponed' && event.status !== 'cancelled' ? (
								<button type="submit" name="intent" value="postpone-event" className="secondary">
									{t('events.staff.postpone')}
								</button>
							) : null}
							{event.status !== 'confirmed' ? (
								<button type="submit" name="intent" value="confirm-event" className="secondary">
									{t('events.staff.confirm')}
								</button>
							) : null}
						</Form>
					</div>
				</section>
			) : null}
		</>
	)
}
