import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { EVENT_TYPE_LABELS, STATUS_LABELS } from '~/models/event-forms'
import { eventTimes, viewerZone } from '~/models/event-format.server'
import { cancelRegistration, eventDetails, eventForViewer, participantsOf, register, registrationOf, registrationSummary } from '~/models/events.server'
import { setEventStatus } from '~/models/event-editor.server'
import { countryName } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? 'Event'} — Events` }]

const notFound = () => new Response('Not found', { status: 404 })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const event = await eventForViewer(viewer, params.eventId ?? '')
	if (!event) throw notFound()
	const zone = viewerZone(request, viewer)
	const details = eventDetails(event)
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
			place: event.logisticsHidden ? null : [event.venue, event.city, event.country ? countryName(event.country) : null].filter(Boolean).join(', '),
			onlineUrl: event.online_url,
			logisticsHidden: event.logisticsHidden,
			registrationMode: event.registration_mode,
			capacity: event.capacity,
			deadline: event.deadline_utc ? DateTime.fromSeconds(event.deadline_utc, { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ') : null,
			over: event.end_utc * 1000 < Date.now(),
			times: eventTimes(event, zone),
			...details,
		},
		registration: registration?.status ?? null,
		summary: await registrationSummary(event.id),
		participants: event.show_participants || staff ? await participantsOf(event.id, viewer) : null,
		staff,
	}
}

const intentSchema = z.object({ intent: z.enum(['register', 'cancel-registration', 'cancel-event', 'postpone-event', 'confirm-event'], { error: 'Unknown action.' }) })

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = params.eventId ?? ''
	const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Unknown action.', { status: 400 })
	const back = `/events/${id}`
	switch (parsed.data.intent) {
		case 'register': {
			const outcome = await register(viewer, id)
			if (!outcome) throw notFound()
			if (outcome.kind === 'refused') return redirectWithFlash(back, { kind: 'error', message: outcome.message })
			const words = { registered: 'You are registered.', waitlisted: 'The event is full: you are on the waiting list, and will be told if a place frees up.', pending: 'Your registration is waiting for the organizers’ approval.' } as Record<string, string>
			return redirectWithFlash(back, { kind: 'success', message: words[outcome.status] ?? 'Saved.' })
		}
		case 'cancel-registration': {
			const done = await cancelRegistration(viewer, id)
			if (done === null) throw notFound()
			return redirectWithFlash(back, { kind: 'success', message: done ? 'Your registration is cancelled.' : 'You were not registered.' })
		}
		default: {
			if (!can(viewer, 'publish:content')) throw new Response('Only staff may change events.', { status: 403 })
			const status = parsed.data.intent === 'cancel-event' ? 'cancelled' : parsed.data.intent === 'postpone-event' ? 'postponed' : 'confirmed'
			const outcome = await setEventStatus(viewer, id, status)
			if (!outcome) throw notFound()
			return redirectWithFlash(back, { kind: 'success', message: `The event is now ${status}; registrants will be told.` })
		}
	}
}

export default function EventPage() {
	const { event, registration, summary, participants, staff } = useLoaderData<typeof loader>()
	const canRegister = event.registrationMode !== 'none' && event.status !== 'cancelled' && !event.over
	return (
		<>
			<p>
				<Link to="/events">Events</Link>
			</p>
			<div className="page-heading">
				<h1>{event.title}</h1>
				<a href={`/events/${event.id}.ics`} className="button secondary" download>
					Add to calendar (.ics)
				</a>
			</div>
			<p>
				<span className="badge">{EVENT_TYPE_LABELS[event.type as keyof typeof EVENT_TYPE_LABELS]}</span>{' '}
				<span className={`badge${event.status === 'cancelled' ? ' badge-danger' : ''}`}>{STATUS_LABELS[event.status]}</span>
				{event.sample ? <span className="badge">demonstration content</span> : null}
			</p>
			<dl className="fields">
				<dt>When</dt>
				<dd>
					<time>{event.times.yours}</time>
					{event.times.local ? <div className="muted">Local time: {event.times.local}</div> : null}
				</dd>
				<dt>Where</dt>
				<dd>
					{event.logisticsHidden ? (
						'Shared with invitees only.'
					) : (
						<>
							{event.place || null}
							{event.onlineUrl ? (
								<div>
									Online:{' '}
									<a href={event.onlineUrl} rel="nofollow noopener noreferrer">
										{event.onlineUrl}
									</a>
								</div>
							) : null}
						</>
					)}
				</dd>
				<dt>Organizer</dt>
				<dd>{event.organizer}</dd>
				<dt>Who can see it</dt>
				<dd>{event.visibility === 'members' ? 'Every member' : event.visibility === 'regions' ? `Members of ${event.regions.join(', ')}` : 'Invitees only'}</dd>
			</dl>
			<div className="prose" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />

			{event.registrationMode !== 'none' ? (
				<section className="panel" aria-labelledby="registration-heading">
					<h2 id="registration-heading">Registration</h2>
					<p>
						{event.registrationMode === 'approval' ? 'The organizers approve each registration. ' : ''}
						{event.capacity ? `${summary.registered} of ${event.capacity} places taken` : `${summary.registered} registered`}
						{summary.waitlisted ? `, ${summary.waitlisted} on the waiting list` : ''}.{event.deadline ? ` Registration closes ${event.deadline}.` : ''}
					</p>
					{registration && registration !== 'cancelled' ? (
						<p role="status">
							{
								{ registered: 'You are registered.', waitlisted: 'You are on the waiting list.', pending: 'Your registration awaits approval.', declined: 'The organizers declined your registration.' }[
									registration as 'registered' | 'waitlisted' | 'pending' | 'declined'
								]
							}
						</p>
					) : null}
					{canRegister ? (
						<Form method="post">
							{registration && registration !== 'cancelled' && registration !== 'declined' ? (
								<button type="submit" name="intent" value="cancel-registration" className="secondary">
									Cancel my registration
								</button>
							) : registration !== 'declined' ? (
								<button type="submit" name="intent" value="register">
									Register
								</button>
							) : null}
						</Form>
					) : null}
				</section>
			) : null}

			{event.agenda.length ? (
				<section aria-labelledby="agenda-heading">
					<h2 id="agenda-heading">Agenda</h2>
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
					<h2 id="documents-heading">Documents</h2>
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
					<h2 id="participants-heading">Participants</h2>
					{participants.listed.length || participants.unlisted ? (
						<ul>
							{participants.listed.map((p, i) => (
								<li key={i}>
									{p.name}
									{p.organisation ? <span className="muted"> — {p.organisation}</span> : null}
									{p.handle ? (
										<>
											{' '}
											<Link to={`/messages/new?to=${p.handle}`}>Message</Link>
										</>
									) : null}
								</li>
							))}
							{participants.unlisted ? (
								<li className="muted">
									{participants.unlisted} member{participants.unlisted === 1 ? '' : 's'} not listed in the directory
								</li>
							) : null}
						</ul>
					) : (
						<p className="muted">Nobody yet.</p>
					)}
				</section>
			) : null}
			{staff ? (
				<section className="panel moderation" aria-label="Staff">
					<h2 className="h3">Staff</h2>
					<div className="actions">
						<Link to={`/events/${event.id}/edit`}>Edit</Link>
						<Link to={`/events/${event.id}/registrations`}>Registrations and invitees</Link>
						<Link to={`/events/${event.id}/history`}>Change history</Link>
						<Form method="post" className="inline-form">
							{event.status !== 'cancelled' ? (
								<button type="submit" name="intent" value="cancel-event" className="secondary">
									Cancel the event
								</button>
							) : null}
							{event.status !== 'postponed' && event.status !== 'cancelled' ? (
								<button type="submit" name="intent" value="postpone-event" className="secondary">
									Postpone
								</button>
							) : null}
							{event.status !== 'confirmed' ? (
								<button type="submit" name="intent" value="confirm-event" className="secondary">
									Confirm
								</button>
							) : null}
						</Form>
					</div>
				</section>
			) : null}
		</>
	)
}
