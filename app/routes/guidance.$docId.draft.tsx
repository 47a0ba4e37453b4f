import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { workingCopy } from '~/models/guidance.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { requirePermission } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.draft.metaTitle') }]

/** Staff read the working copy before publishing it; members never see drafts. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	const doc = await workingCopy(params.docId ?? '')
	if (!doc) throw new Response('Not found', { status: 404 })
	return { id: doc.id, title: doc.title, summary: doc.summary, status: doc.status, html: renderMarkdown(doc.body) }
}

export default function Draft() {
	const d = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<article>
			<p>
				<Link to="/guidance/review">{t('guidance.draft.back')}</Link>
			</p>
			<p className="panel" role="note">
				{t('guidance.draft.note', { status: d.status })}
			</p>
			<h1>{d.title}</h1>
			<p className="lead">{d.summary}</p>
			<div className="prose" dangerouslySetInnerHTML={{ __html: d.html }} />
		</article>
	)
}
