import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { eventForViewer, revisionsOf } from '~/models/events.server'
import { requirePermission } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('events.history.metaTitle') }]

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
			by: r.editor,
			byKind: r.source === 'import' ? ('import' as const) : ('former' as const),
			at: new Date(r.created_at * 1000).toISOString(),
			changes: Object.entries(JSON.parse(r.changes) as Record<string, [unknown, unknown]>).map(([field, [before, after]]) => ({ field, before: String(before ?? '—').slice(0, 120), after: String(after ?? '—').slice(0, 120) })),
		})),
	}
}

export default function EventHistory() {
	const { event, revisions } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p>
				<Link to={`/events/${event.id}`}>{event.title}</Link>
			</p>
			<h1>{t('events.history.heading')}</h1>
			<ol className="revisions">
				{revisions.map((r) => (
					<li key={r.id} className="panel">
						<p>
							<strong>{r.by ?? (r.byKind === 'import' ? t('events.history.byImport') : t('events.history.byFormer'))}</strong> · <LocalTime value={r.at} />
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
