import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { decideRegistration, eventForViewer, registrationsOf } from '~/models/events.server'
import { db } from '~/utils/db.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Registrations — Events' }]

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
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(' '), { status: 400 })
	const outcome = await decideRegistration(staff, params.eventId ?? '', parsed.data.registrationId, parsed.data.decision)
	if (!outcome) throw new Response('Not found', { status: 404 })
	return redirectWithFlash(`/events/${params.eventId}/registrations`, { kind: 'success', message: `Registration now ${outcome.kind === 'ok' ? outcome.status : 'unchanged'}; the person is told.` })
}

export default function Registrations() {
	const { event, registrations, invitees } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/events/${event.id}`}>{event.title}</Link>
			</p>
			<div className="page-heading">
				<h1>Registrations</h1>
				<a href={`/events/${event.id}/registrations/csv`} className="button secondary" download>
					Export CSV
				</a>
			</div>
			<p className="muted">
				{event.capacity ? `Capacity ${event.capacity}. ` : ''}Invitees and other details are edited on the <Link to={`/events/${event.id}/edit`}>event</Link>.
			</p>
			{registrations.length === 0 ? (
				<p className="panel">Nobody has registered yet.</p>
			) : (
				<table>
					<thead>
						<tr>
							<th scope="col">Name</th>
							<th scope="col">Organisation</th>
							<th scope="col">Status</th>
							<th scope="col">Since</th>
							<th scope="col">Decide</th>
						</tr>
					</thead>
					<tbody>
						{registrations.map((r) => (
							<tr key={r.id}>
								<td>{r.name}</td>
								<td>{r.organisation}</td>
								<td>{r.status}</td>
								<td>{r.created.slice(0, 16).replace('T', ' ')}</td>
								<td>
									{r.status !== 'cancelled' ? (
										<Form method="post" className="inline-form">
											<input type="hidden" name="registrationId" value={r.id} />
											{r.status !== 'registered' ? (
												<button type="submit" name="decision" value="approve" aria-label={`Approve ${r.name}`}>
													Approve
												</button>
											) : null}
											{r.status !== 'declined' ? (
												<button type="submit" name="decision" value="decline" className="secondary" aria-label={`Decline ${r.name}`}>
													Decline
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
					<h2 id="invitees-heading">Invitees</h2>
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
