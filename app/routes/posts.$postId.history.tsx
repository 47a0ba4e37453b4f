import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { postForViewer, postHistory } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.history.meta.title') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(params.postId)
	const found = id.success ? await postForViewer(viewer, id.data) : null
	if (!found) throw new Response('Not found', { status: 404 })
	const t = requestT(request, context.viewer)
	if (!found.canModerate) throw new Response(t('forums.history.forbidden'), { status: 403 })
	const history = await postHistory(found.post.id)
	return {
		thread: { id: found.thread.id, title: found.thread.title },
		current: found.post.body,
		history: history.map((h) => ({ id: h.id, body: h.body, editor: h.editor ?? t('forums.common.formerMember'), when: new Date(h.created_at * 1000).toISOString() })),
	}
}

export default function PostHistory() {
	const { thread, current, history } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p>
				<Link to={`/threads/${thread.id}`}>{thread.title}</Link>
			</p>
			<h1>{t('forums.history.heading')}</h1>
			<section className="panel">
				<h2>{t('forums.history.current')}</h2>
				<pre className="prewrap">{current}</pre>
			</section>
			{history.map((h) => (
				<section key={h.id} className="panel">
					<h2>
						{t('forums.history.before', { when: <LocalTime value={h.when} />, editor: h.editor })}
					</h2>
					<pre className="prewrap">{h.body}</pre>
				</section>
			))}
		</>
	)
}
