import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { postForViewer, postHistory } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Edit history — Forums' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(params.postId)
	const found = id.success ? await postForViewer(viewer, id.data) : null
	if (!found) throw new Response('Not found', { status: 404 })
	if (!found.canModerate) throw new Response('Only moderators can see the edit history.', { status: 403 })
	const history = await postHistory(found.post.id)
	return {
		thread: { id: found.thread.id, title: found.thread.title },
		current: found.post.body,
		history: history.map((h) => ({ id: h.id, body: h.body, editor: h.editor ?? 'Former member', when: new Date(h.created_at * 1000).toISOString().slice(0, 16).replace('T', ' ') })),
	}
}

export default function PostHistory() {
	const { thread, current, history } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/threads/${thread.id}`}>{thread.title}</Link>
			</p>
			<h1>Edit history</h1>
			<section className="panel">
				<h2>Current text</h2>
				<pre className="prewrap">{current}</pre>
			</section>
			{history.map((h) => (
				<section key={h.id} className="panel">
					<h2>
						Before the edit of {h.when} UTC by {h.editor}
					</h2>
					<pre className="prewrap">{h.body}</pre>
				</section>
			))}
		</>
	)
}
