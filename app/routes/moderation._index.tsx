import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { dismissFlags, moderationQueue, setPostHidden } from '~/models/forum-moderation.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, canModerateSomewhere, requireViewer } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { syncSearchSoon } from '~/utils/search.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.moderation.meta.title') }]

function requireModerator(context: LoaderFunctionArgs['context'], request: Request) {
	const viewer = requireViewer(context, request)
	if (!canModerateSomewhere(viewer)) throw new Response(requestT(request, context.viewer)('forums.moderation.forbidden'), { status: 403 })
	return viewer
}

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireModerator(context, request)
	const queue = await moderationQueue(viewer)
	const formerMember = requestT(request, context.viewer)('forums.common.formerMember')
	return {
		canReadLog: can(viewer, 'read:moderation-log'),
		queue: queue.map((e) => ({
			postId: e.post.post_id,
			threadId: e.post.thread_id,
			threadTitle: e.post.thread_title,
			forumName: e.post.forum_name,
			author: e.post.author_name ?? formerMember,
			hidden: !!e.post.hidden_at,
			deleted: !!e.post.deleted_at,
			html: e.html,
			flags: e.flags.map((f) => ({ ...f, by: f.by ?? formerMember, at: new Date(f.at * 1000).toISOString() })),
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
	const t = requestT(request, context.viewer)
	const parsed = schema.safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	const { intent, postId, reason } = parsed.data
	if (intent === 'hide' && reason.length < 3) return data({ error: t('forums.moderation.error.hideReason') }, { status: 400 })
	const outcome = intent === 'hide' ? await setPostHidden(viewer, postId, true, reason, clientIp(context)) : await dismissFlags(viewer, postId, reason, clientIp(context))
	if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome === 'forbidden') throw new Response(t('forums.moderation.error.notModerator'), { status: 403 })
	await syncSearchSoon()
	return redirectWithFlash('/moderation', { kind: 'success', message: intent === 'hide' ? t('forums.common.postHidden') : t('forums.moderation.flash.dismissed') })
}

export default function ModerationQueue() {
	const { queue, canReadLog } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	return (
		<>
			<div className="page-heading">
				<h1>{t('forums.common.moderationQueue')}</h1>
				{canReadLog ? <Link to="/moderation/log">{t('forums.common.moderationLog')}</Link> : null}
			</div>
			<p className="muted">{t('forums.moderation.intro')}</p>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{tr(actionData.error)}
				</p>
			) : null}
			{queue.length === 0 ? (
				<p className="panel">{t('forums.moderation.empty')}</p>
			) : (
				<ul className="queue">
					{queue.map((e) => (
						<li key={e.postId} className="panel">
							<p>
								<Link to={`/threads/${e.threadId}#post-${e.postId}`}>{e.threadTitle}</Link> <span className="muted">{t('forums.moderation.where', { forum: e.forumName, author: e.author })}</span>
								{e.hidden ? <span className="badge badge-warn">{t('forums.moderation.hidden')}</span> : null}
								{e.deleted ? <span className="badge">{t('forums.moderation.deleted')}</span> : null}
							</p>
							<blockquote className="prose" dangerouslySetInnerHTML={{ __html: e.html }} />
							<h2 className="h3">
								{t('forums.moderation.flags', { count: e.flags.length })}
							</h2>
							<ul>
								{e.flags.map((f, i) => (
									<li key={i}>
										“{f.reason}” <span className="muted">{t('forums.moderation.flagBy', { by: f.by, when: <LocalTime value={f.at} /> })}</span>
									</li>
								))}
							</ul>
							<div className="actions">
								<Form method="post" className="inline-form">
									<input type="hidden" name="postId" value={e.postId} />
									<label htmlFor={`reason-${e.postId}`}>{t('forums.common.reason')}</label>
									<input id={`reason-${e.postId}`} name="reason" maxLength={500} />
									<button type="submit" name="intent" value="hide">
										{t('forums.common.hidePost')}
									</button>
									<button type="submit" name="intent" value="dismiss" className="secondary">
										{t('forums.moderation.dismiss')}
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
