import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { decideRegistration, eventForViewer, registrationsOf } from '~/models/events.server'
import { db } from '~/utils/db.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('events.registrations.metaTitle') }]

const STATUS_KEYS = {
	registered: 'events.registrations.status.registered',
	waitlisted: 'events.registrations.status.waitlisted',
	pending: 'events.registrations.status.pending',
	declined: 'events.registrations.status.declined',
	cancelled: 'events.registrations.status.cancelled',
} as const

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const staff = requirePermission(context, request, 'publish:content')
	const event = await eventForViewer(staff, params.eventId ?? '')
	if (!event) throw new Response('Not found', { status: 404 })
	const invitees = await db().selectFrom('event_invitees').select('email').where('event_id', '=', event.id).orderBy('email').execute()
	return {
		event: { id: event.id, title: event.title, capacity: event.capacity, mode: event.registration_mode },
		invitees: invitees.map((i) => i.email),
		registrations: (await registrationsOf(event.id)).map((r) => ({ ...r, created: new Date(r.created_at * 1000).toISOString() })),
	}
}

const schema = z.object({
	registrationId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	decision: z.enum(['approve', 'decline', 'waitlist'], { error: 'Choose approve, decline or wait-list.' }),
})

export async function action({ request, context, params }: ActionFunctionArgs) {
	const staff = requirePermission(context, request, 'publish:content')
	const parsed = schema.safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(' '), { status: 400 })
	const outcome = await decideRegistration(staff, params.eventId ?? '', parsed.data.registrationId, parsed.data.decision)
	if (!outcome) throw new Response('Not found', { status: 404 })
	const t = requestT(request, staff)
	return redirectWithFlash(`/events/${params.eventId}/registrations`, { kind: 'success', message: t('events.flash.decided', { status: outcome.kind === 'ok' ? outcome.status : 'unchanged' }) })
}

export default function Registrations() {
	const { event, registrations, invitees } = useLoaderData<typeof loader>()
	const t = useT()
	const statusLabel = (status: string) => (status in STATUS_KEYS ? t(STATUS_KEYS[status as keyof typeof STATUS_KEYS]) : status)
	return (
		<>
			<p>
				<Link to={`/events/${event.id}`}>{event.title}</Link>
			</p>
			<div className="page-heading">
				<h1>{t('events.registrations.heading')}</h1>
				<a href={`/events/${event.id}/registrations/csv`} className="button secondary" download>
					{t('events.registrations.export')}
				</a>
			</div>
			<p className="muted">
				{event.capacity ? `${t('events.registrations.capacity', { capacity: event.capacity })} ` : ''}
				{t('events.registrations.editHint', { link: (chunks) => <Link to={`/events/${event.id}/edit`}>{chunks}</Link> })}
			</p>
			{registrations.length === 0 ? (
				<p className="panel">{t('events.registrations.empty')}</p>
			) : (
				<table>
					<thead>
						<tr>
							<th scope="col">{t('events.registrations.name')}</th>
							<th scope="col">{t('events.registrations.organisation')}</th>
							<th scope="col">{t('events.registrations.statusColumn')}</th>
							<th scope="col">{t('events.registrations.since')}</th>
							<th scope="col">{t('events.registrations.decide')}</th>
						</tr>
					</thead>
					<tbody>
						{registrations.map((r) => (
							<tr key={r.id}>
								<td>{r.name}</td>
								<td>{r.organisation}</td>
								<td>{statusLabel(r.status)}</td>
								<td>
									<LocalTime value={r.created} />
								</td>
								<td>
									{r.status !== 'cancelled' ? (
										<Form method="post" className="inline-form">
											<input type="hidden" name="registrationId" value={r.id} />
											{r.status !== 'registered' ? (
												<button type="submit" name="decision" value="approve" aria-label={t('events.registrations.approveLabel', { name: r.name })}>
													{t('events.registrations.approve')}
												</button>
											) : null}
											{r.status !== 'declined' ? (
												<button type="submit" name="decision" value="decline" className="secondary" aria-label={t('events.registrations.declineLabel', { name: r.name })}>
													{t('events.registrations.decline')}
												</button>
											) : null}
										</Form>
									) : null}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			{invitees.length ? (
				<section aria-labelledby="invitees-heading">
					<h2 id="invitees-heading">{t('events.registrations.invitees')}</h2>
					<ul>
						{invitees.map((e) => (
							<li key={e}>{e}</li>
						))}
					</ul>
				</section>
			) : null}
		</>
	)
}
