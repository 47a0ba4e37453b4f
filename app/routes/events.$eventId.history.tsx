import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { eventForViewer, revisionsOf } from '~/models/events.server'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Change history — Events' }]

/** Who changed what, when (staff). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const staff = requirePermission(context, request, 'publish:content')
	const event = await eventForViewer(staff, params.eventId ?? '')
	if (!event) throw new Response('Not found', { status: 404 })
	const revisions = await revisionsOf(event.id)
	return {
		event: { id: event.id, title: event.title },
		revisions: revisions.map((r) => ({
			id: r.id,
			by: r.editor ?? (r.source === 'import' ? 'content import' : 'former member'),
			at: new Date(r.created_at * 1000).toISOString(),
			changes: Object.entries(JSON.parse(r.changes) as Record<string, [unknown, unknown]>).map(([field, [before, after]]) => ({ field, before: String(before ?? '—').slice(0, 120), after: String(after ?? '—').slice(0, 120) })),
		})),
	}
}

export default function EventHistory() {
	const { event, revisions } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/events/${event.id}`}>{event.title}</Link>
			</p>
			<h1>Change history</h1>
			<ol className="revisions">
				{revisions.map((r) => (
					<li key={r.id} className="panel">
						<p>
							<strong>{r.by}</strong> · {r.at.slice(0, 16).replace('T', ' ')} UTC
						</p>
						<ul>
							{r.changes.map((c) => (
								<li key={c.field}>
									<code>{c.field}</code>: {c.before} → {c.after}
								</li>
							))}
						</ul>
					</li>
				))}
			</ol>
		</>
	)
}
