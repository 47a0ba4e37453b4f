import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { revisionsOf } from '~/models/cases.server'
import { requirePermission } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('cases.revisions.metaTitle') }]

const STATUS_KEYS: Record<string, string> = { draft: 'cases.revisions.statusDraft', published: 'cases.revisions.statusPublished' }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requirePermission(context, request, 'read:drafts')
	const t = requestT(request, context.viewer)
	const revisions = await revisionsOf(params.caseId ?? '')
	if (!revisions.length) throw new Response('Not found', { status: 404 })
	return {
		id: params.caseId,
		revisions: revisions.map((r) => {
			const snapshot = JSON.parse(r.snapshot) as Record<string, unknown>
			return {
				revision: r.revision,
				author: r.author_name ?? (r.source === 'import' ? t('cases.revisions.importAuthor') : t('cases.revisions.formerUser')),
				when: new Date(r.created_at * 1000).toISOString(),
				changed: JSON.parse(r.changed_fields) as string[],
				status: String(snapshot.status),
				snapshot: JSON.stringify(snapshot, null, 2),
			}
		}),
	}
}

export default function Revisions() {
	const { id, revisions } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<h1>{t('cases.revisions.heading', { id })}</h1>
			<p>
				<Link to={`/cases/${id}`}>{t('cases.revisions.back')}</Link>
			</p>
			<ol className="revisions" reversed>
				{revisions.map((r) => (
					<li key={r.revision} className="panel">
						<h2>
							{t('cases.revisions.revision', { revision: r.revision })} <span className="badge">{STATUS_KEYS[r.status] ? t(STATUS_KEYS[r.status]) : r.status}</span>
						</h2>
						<p>{t('cases.revisions.byline', { author: r.author, when: <LocalTime value={r.when} /> })}</p>
						<p className="diff-fields">{t('cases.revisions.changed', { fields: r.changed.join(', ') || '—' })}</p>
						<details>
							<summary>{t('cases.revisions.snapshot')}</summary>
							<pre className="table-wrap">{r.snapshot}</pre>
						</details>
					</li>
				))}
			</ol>
		</>
	)
}
