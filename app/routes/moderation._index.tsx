import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { dismissFlags, moderationQueue, setPostHidden } from '~/models/forum-moderation.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, canModerateSomewhere, requireViewer } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'
import { syncSearchSoon } from '~/utils/search.server'

export const meta: MetaFunction = () => [{ title: 'Moderation queue — Forums' }]

function requireModerator(context: LoaderFunctionArgs['context'], request: Request) {
	const viewer = requireViewer(context, request)
	if (!canModerateSomewhere(viewer)) throw new Response('Only moderators may open the moderation queue.', { status: 403 })
	return viewer
}

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireModerator(context, request)
	const queue = await moderationQueue(viewer)
	return {
		canReadLog: can(viewer, 'read:moderation-log'),
		queue: queue.map((e) => ({
			postId: e.post.post_id,
			threadId: e.post.thread_id,
			threadTitle: e.post.thread_title,
			forumName: e.post.forum_name,
			author: e.post.author_name ?? 'Former member',
			hidden: !!e.post.hidden_at,
			deleted: !!e.post.deleted_at,
			html: e.html,
			flags: e.flags.map((f) => ({ ...f, at: new Date(f.at * 1000).toISOString() })),
		})),
	}
}

const schema = z.object({
	intent: z.enum(['hide', 'dismiss']),
	postId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	reason: z.string().trim().max(500, 'At most 500 characters.'),
})

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireModerator(context, request)
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	const { intent, postId, reason } = parsed.data
	if (intent === 'hide' && reason.length < 3) return data({ error: 'Give a reason for hiding (at least 3 characters); the author is told.' }, { status: 400 })
	const outcome = intent === 'hide' ? await setPostHidden(viewer, postId, true, reason, clientIp(context)) : await dismissFlags(viewer, postId, reason, clientIp(context))
	if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome === 'forbidden') throw new Response('You do not moderate this forum.', { status: 403 })
	await syncSearchSoon()
	return redirectWithFlash('/moderation', { kind: 'success', message: intent === 'hide' ? 'Post hidden; its author has been told.' : 'Flags dismissed; the post stays.' })
}

export default function ModerationQueue() {
	const { queue, canReadLog } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<div className="page-heading">
				<h1>Moderation queue</h1>
				{canReadLog ? <Link to="/moderation/log">Moderation log</Link> : null}
			</div>
			<p className="muted">Posts members flagged in the forums you moderate, oldest first.</p>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}
				</p>
			) : null}
			{queue.length === 0 ? (
				<p className="panel">Nothing to review.</p>
			) : (
				<ul className="queue">
					{queue.map((e) => (
						<li key={e.postId} className="panel">
							<p>
								<Link to={`/threads/${e.threadId}#post-${e.postId}`}>{e.threadTitle}</Link> <span className="muted">in {e.forumName}, by {e.author}</span>
								{e.hidden ? <span className="badge badge-warn">hidden</span> : null}
								{e.deleted ? <span className="badge">deleted by its author</span> : null}
							</p>
							<blockquote className="prose" dangerouslySetInnerHTML={{ __html: e.html }} />
							<h2 className="h3">
								{e.flags.length} flag{e.flags.length === 1 ? '' : 's'}
							</h2>
							<ul>
								{e.flags.map((f, i) => (
									<li key={i}>
										“{f.reason}” <span className="muted">— {f.by}, {f.at.slice(0, 16).replace('T', ' ')} UTC</span>
									</li>
								))}
							</ul>
							<div className="actions">
								<Form method="post" className="inline-form">
									<input type="hidden" name="postId" value={e.postId} />
									<label htmlFor={`reason-${e.postId}`}>Reason</label>
									<input id={`reason-${e.postId}`} name="reason" maxLength={500} />
									<button type="submit" name="intent" value="hide">
										Hide post
									</button>
									<button type="submit" name="intent" value="dismiss" className="secondary">
										Dismiss flags
									</button>
								</Form>
							</div>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
