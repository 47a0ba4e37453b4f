import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { revisionsOf } from '~/models/cases.server'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Revisions — Case law' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requirePermission(context, request, 'read:drafts')
	const revisions = await revisionsOf(params.caseId ?? '')
	if (!revisions.length) throw new Response('Not found', { status: 404 })
	return {
		id: params.caseId,
		revisions: revisions.map((r) => {
			const snapshot = JSON.parse(r.snapshot) as Record<string, unknown>
			return {
				revision: r.revision,
				author: r.author_name ?? (r.source === 'import' ? 'Content import' : 'Former user'),
				when: new Date(r.created_at * 1000).toISOString().replace('T', ' ').slice(0, 16),
				changed: JSON.parse(r.changed_fields) as string[],
				status: String(snapshot.status),
				snapshot: JSON.stringify(snapshot, null, 2),
			}
		}),
	}
}

export default function Revisions() {
	const { id, revisions } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Revisions of {id}</h1>
			<p>
				<Link to={`/cases/${id}`}>Back to the case</Link>
			</p>
			<ol className="revisions" reversed>
				{revisions.map((r) => (
					<li key={r.revision} className="panel">
						<h2>
							Revision {r.revision} <span className="badge">{r.status}</span>
						</h2>
						<p>
							{r.author}, {r.when} UTC
						</p>
						<p className="diff-fields">Changed: {r.changed.join(', ') || '—'}</p>
						<details>
							<summary>Record as saved</summary>
							<pre className="table-wrap">{r.snapshot}</pre>
						</details>
					</li>
				))}
			</ol>
		</>
	)
}
