import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { draftFingerprint, workingCopy } from '~/models/guidance.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { requirePermission } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.draft.metaTitle') }]

/**
 * Staff read the working copy before publishing it, and publish from here what they read
 * (the form carries its fingerprint); members never see drafts.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const doc = await workingCopy(params.docId ?? '')
	if (!doc) throw new Response('Not found', { status: 404 })
	const mayPublish = doc.status === 'in_review' && doc.author_id !== viewer.id && doc.submitted_by !== viewer.id
	return { id: doc.id, title: doc.title, summary: doc.summary, status: doc.status, html: renderMarkdown(doc.body), fingerprint: mayPublish ? draftFingerprint(doc) : null }
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
			{d.fingerprint ? (
				<Form method="post" action="/guidance/review" className="panel inline-form">
					<input type="hidden" name="id" value={d.id} />
					<input type="hidden" name="seen" value={d.fingerprint} />
					<label htmlFor="change-note">{t('guidance.review.changeNote')}</label>
					<input id="change-note" name="change_note" maxLength={500} />
					<button type="submit" name="intent" value="publish">
						{t('guidance.review.publish')}
					</button>
				</Form>
			) : null}
		</article>
	)
}
