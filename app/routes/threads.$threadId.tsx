import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { AttachmentList, AttachmentPicker } from '~/components/attachments'
import { PostButtons, PreviewPanel } from '~/components/post-form'
import { TextareaField } from '~/components/forms'
import { Pagination } from '~/components/pagination'
import { ACCEPT_ATTRIBUTE, attachmentsOf, checkUploads, readUploadForm } from '~/models/attachments.server'
import { replySchema, SILENCE_DAYS, threadIntentSchema } from '~/models/forum-forms'
import type { ThreadIntent } from '~/models/forum-forms'
import { dismissFlags, flagPost, moveTargets, moveThread, setPostHidden, setThreadState, silenceMember } from '~/models/forum-moderation.server'
import { isWatching, setWatching } from '~/models/forum-notify.server'
import { casesReferencedBy, firstUnread, markThreadRead, POSTS_PER_PAGE, postIsInThread, postsOf, replyTo, setPostDeleted, threadForViewer } from '~/models/forums.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { canModerateForum, mayMessageUnlisted, requireViewer } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'
import { syncSearchSoon } from '~/utils/search.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { forumNamer } from '~/models/forum-names.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('forums.thread.meta.title', { title: data?.thread.title ?? t('forums.thread.meta.fallback') }) }]
}

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.threadId)
	const found = id.success ? await threadForViewer(viewer, id.data) : null
	if (!found) throw new Response('Not found', { status: 404 })
	const canModerate = canModerateForum(viewer, found.forum)
	const t = requestT(request, context.viewer)
	const formerMember = t('forums.common.formerMember')
	if (new URL(request.url).searchParams.has('unread')) {
		const next = await firstUnread(viewer, found.thread.id)
		throw redirect(next ? `/threads/${found.thread.id}?page=${next.page}#post-${next.postId}` : `/threads/${found.thread.id}?page=${Math.max(1, Math.ceil(found.thread.post_count / POSTS_PER_PAGE))}`)
	}
	const pages = Math.max(1, Math.ceil(found.thread.post_count / POSTS_PER_PAGE))
	const page = z.coerce.number().int().min(1).max(pages).catch(1).parse(new URL(request.url).searchParams.get('page') ?? 1)
	const posts = await postsOf(found.thread.id, page, { moderator: canModerate })
	const files = await attachmentsOf(
		'post',
		posts.filter((p) => p.html).map((p) => p.id),
	)
	const last = posts.at(-1)
	if (last) await markThreadRead(viewer, found.thread.id, last.id)
	const names = await forumNamer(resolveLocale(request, viewer))
	return {
		thread: { id: found.thread.id, title: found.thread.title, locked: found.thread.locked === 1, pinned: found.thread.pinned === 1, tags: JSON.parse(found.thread.tags) as string[] },
		forum: { slug: found.forum.slug, name: names.name(found.forum) },
		page,
		pages,
		canModerate,
		watching: await isWatching(viewer.id, 'thread', found.thread.id),
		moveTargets: canModerate ? (await moveTargets(viewer)).filter((f) => f.slug !== found.forum.slug).map((f) => ({ slug: f.slug, name: names.name(f) })) : [],
		cases: await casesReferencedBy(found.thread.id),
		quote: await quoteFor(new URL(request.url).searchParams.get('quote'), posts, t),
		accept: ACCEPT_ATTRIBUTE,
		posts: posts.map((p) => ({
			id: p.id,
			author: p.author_name ?? formerMember,
			handle: p.author_handle,
			mine: p.author_id === viewer.id,
			messageable: p.author_listed === 1 || mayMessageUnlisted(viewer),
			html: p.html,
			language: p.language,
			deleted: !!p.deleted_at,
			hidden: !!p.hidden_at,
			hiddenReason: p.hidden_reason,
			edited: !!p.edited_at,
			created: new Date(p.created_at * 1000).toISOString(),
			attachments: files.get(p.id) ?? [],
		})),
	}
}

/** "Quote" prefills the reply with the quoted post as a Markdown block quote. */
async function quoteFor(quoteParam: string | null, posts: Array<{ id: number; body: string; author_name: string | null; html: string }>, t: ReturnType<typeof requestT>) {
	const id = Number(quoteParam)
	const post = posts.find((p) => p.id === id && p.html)
	if (!post) return ''
	return `> ${t('forums.thread.quoteIntro', { author: post.author_name ?? t('forums.common.formerMember') })}\n${post.body.split('\n').map((l) => `> ${l}`).join('\n')}\n\n`
}

const DONE_KEYS = {
	flag: 'forums.thread.done.flag',
	delete: 'forums.thread.done.delete',
	restore: 'forums.thread.done.restore',
	watch: 'forums.thread.done.watch',
	unwatch: 'forums.thread.done.unwatch',
	hide: 'forums.common.postHidden',
	unhide: 'forums.thread.done.unhide',
	dismiss: 'forums.thread.done.dismiss',
	pin: 'forums.thread.done.pin',
	unpin: 'forums.thread.done.unpin',
	lock: 'forums.thread.done.lock',
	unlock: 'forums.thread.done.unlock',
	move: 'forums.thread.done.move',
	silence: 'forums.thread.done.silence',
} as const satisfies Record<ThreadIntent['intent'], string>

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.threadId)
	if (!id.success) throw new Response('Not found', { status: 404 })
	// A thread the viewer cannot see is not found, before any upload is even read.
	const found = await threadForViewer(viewer, id.data)
	if (!found) throw new Response('Not found', { status: 404 })
	const { formData, uploads, uploadErrors } = await readUploadForm(request)
	const t = requestT(request, context.viewer)
	const intent = String(formData.get('intent') ?? 'reply')
	const back = `/threads/${id.data}${new URL(request.url).search}`

	if (intent !== 'reply' && intent !== 'preview') {
		const parsed = threadIntentSchema.safeParse(Object.fromEntries(formData))
		if (!parsed.success) return data({ intentError: { intent, message: parsed.error.issues.map((i) => i.message).join(' ') }, result: undefined, preview: null }, { status: 400 })
		const ip = clientIp(context)
		const input = parsed.data
		// Every small form acts on this thread or one of its posts: a post from elsewhere is not
		// found here (each action still checks its own rule).
		if ('postId' in input && !(await postIsInThread(input.postId, id.data))) throw new Response('Not found', { status: 404 })
		let outcome: string
		switch (input.intent) {
			case 'flag':
				outcome = await flagPost(viewer, input.postId, input.reason)
				if (outcome === 'own') return data({ intentError: { intent, message: t('forums.thread.error.flagOwn') }, result: undefined, preview: null }, { status: 400 })
				if (outcome === 'already') outcome = 'ok' // flagging twice is not an error: the flag stands
				break
			case 'delete':
			case 'restore':
				outcome = await setPostDeleted(viewer, input.postId, input.intent === 'delete', ip)
				break
			case 'watch':
			case 'unwatch':
				outcome = 'ok'
				await setWatching(viewer.id, 'thread', id.data, input.intent === 'watch')
				break
			case 'hide':
			case 'unhide':
				outcome = await setPostHidden(viewer, input.postId, input.intent === 'hide', input.reason, ip)
				break
			case 'dismiss':
				outcome = await dismissFlags(viewer, input.postId, input.reason, ip)
				break
			case 'pin':
			case 'unpin':
				outcome = await setThreadState(viewer, id.data, { pinned: input.intent === 'pin' }, input.reason, ip)
				break
			case 'lock':
			case 'unlock':
				outcome = await setThreadState(viewer, id.data, { locked: input.intent === 'lock' }, input.reason, ip)
				break
			case 'move':
				outcome = await moveThread(viewer, id.data, input.forum, input.reason, ip)
				if (outcome === 'invalid') return data({ intentError: { intent, message: t('forums.thread.error.moveTarget') }, result: undefined, preview: null }, { status: 400 })
				break
			case 'silence':
				outcome = await silenceMember(viewer, input.postId, input.days, input.reason, ip)
				break
		}
		if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
		if (outcome === 'forbidden') throw new Response(t('forums.thread.error.forbidden'), { status: 403 })
		await syncSearchSoon()
		return redirectWithFlash(back, { kind: 'success', message: t(DONE_KEYS[input.intent]) })
	}

	const submission = parseWithZod(formData, { schema: replySchema })
	// A locked thread takes no reply, whatever the form held: say so before judging the text.
	if (found.thread.locked === 1) return data({ result: submission.reply({ formErrors: [t('forums.thread.locked')] }), preview: null, intentError: null }, { status: 403 })
	if (submission.status !== 'success') return data({ result: submission.reply(), preview: null, intentError: null }, { status: 400 })
	if (intent === 'preview') return data({ result: submission.reply(), preview: renderMarkdown(submission.value.body), intentError: null })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	if (fileErrors.length)
		return data({ result: submission.reply(), fileErrors: [...fileErrors, t('forums.compose.filesKept')], preview: null, intentError: null }, { status: 400 })
	const outcome = await replyTo(viewer, id.data, submission.value.body, checked.ok)
	const refuse = (status: number, message: string) => data({ result: submission.reply({ formErrors: [message] }), preview: null, intentError: null }, { status })
	if (outcome.kind === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome.kind === 'locked') return refuse(403, t('forums.thread.locked'))
	if (outcome.kind === 'silenced') return refuse(403, t('forums.compose.silenced', { until: new Date(outcome.until * 1000).toISOString().slice(0, 16).replace('T', ' ') }))
	if (outcome.kind === 'rate-limited') return refuse(429, t('forums.thread.error.rateLimited'))
	await syncSearchSoon()
	return redirect(`/threads/${id.data}?page=${outcome.page}#post-${outcome.postId}`)
}

export default function Thread() {
	const { thread, forum, posts, page, pages, canModerate, quote, cases, watching, moveTargets, accept } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	return (
		<>
			<p>
				<Link to="/forums">{t('forums.common.forums')}</Link> › <Link to={`/forums/${forum.slug}`}>{forum.name}</Link>
			</p>
			<div className="page-heading">
				<h1>
					{thread.pinned ? <span className="badge">{t('forums.common.pinned')}</span> : null} {thread.locked ? <span className="badge badge-warn">{t('forums.common.locked')}</span> : null} {thread.title}
				</h1>
				<Form method="post">
					<input type="hidden" name="intent" value={watching ? 'unwatch' : 'watch'} />
					<button type="submit" className="secondary">
						{watching ? t('forums.common.stopWatching') : t('forums.thread.watch')}
					</button>
				</Form>
			</div>
			{actionData?.intentError ? (
				<p className="form-error" role="alert">
					{tr(actionData.intentError.message)}
				</p>
			) : null}
			{thread.tags.length ? (
				<p>
					{thread.tags.map((tag) => (
						<span key={tag} className="badge">
							{tag}
						</span>
					))}
				</p>
			) : null}
			{canModerate ? <ThreadModeration thread={thread} moveTargets={moveTargets} /> : null}
			{cases.length ? (
				<section aria-labelledby="cases-heading" className="case-cards">
					<h2 id="cases-heading">{t('forums.thread.casesHeading')}</h2>
					<ul>
						{cases.map((c) => (
							<li key={c.id} className="panel case-card">
								<Link to={`/cases/${c.id}`}>{c.title}</Link>
								<br />
								<span className="muted">
									{c.id} · {c.country} · {c.decision_date.slice(0, 4)}
								</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
			<ol className="posts" start={(page - 1) * POSTS_PER_PAGE + 1}>
				{posts.map((p) => (
					<li key={p.id} id={`post-${p.id}`} className={`panel post${p.hidden ? ' post-hidden' : ''}`}>
						<p className="muted">
							<strong>{p.author}</strong>
							{p.handle ? <span> @{p.handle}</span> : null} · <LocalTime value={p.created} />
							{p.edited ? ` · ${t('forums.thread.edited')}` : ''}
							{p.hidden ? <span className="badge badge-warn">{t('forums.thread.hiddenBadge')}</span> : null}
						</p>
						{p.deleted ? (
							<p className="muted">{t('forums.thread.deleted')}</p>
						) : p.hidden && !canModerate ? (
							<p className="muted">{t('forums.thread.hiddenNotice')}</p>
						) : (
							<>
								{p.hidden && p.hiddenReason ? <p className="muted">{t('forums.thread.hiddenReason', { reason: p.hiddenReason })}</p> : null}
								<div className="prose" lang={p.language ?? undefined} dir="auto" dangerouslySetInnerHTML={{ __html: p.html }} />
								<AttachmentList attachments={p.attachments} />
							</>
						)}
						<PostActions post={p} page={page} locked={thread.locked} canModerate={canModerate} />
					</li>
				))}
			</ol>
			<Pagination page={page} pages={pages} hrefFor={(p) => `?page=${p}`} label={t('forums.thread.pagination.label')} />
			{thread.locked ? (
				<p className="panel" role={actionData?.result ? 'alert' : undefined}>
					{t('forums.thread.locked')}
				</p>
			) : <ReplyForm key={quote} quote={quote} accept={accept} />}
		</>
	)
}

type PostView = ReturnType<typeof useLoaderData<typeof loader>>['posts'][number]

function PostActions({ post: p, page, locked, canModerate }: { post: PostView; page: number; locked: boolean; canModerate: boolean }) {
	const t = useT()
	const live = !p.deleted && !p.hidden
	return (
		<div className="actions post-actions">
			{live && !locked ? <Link to={`?page=${page}&quote=${p.id}#reply`}>{t('forums.post.quote')}</Link> : null}
			{p.mine && live ? <Link to={`/posts/${p.id}/edit`}>{t('forums.post.edit')}</Link> : null}
			{!p.mine && p.handle && p.messageable ? <Link to={`/messages/new?to=${p.handle}`}>{t('forums.post.messageAuthor', { name: p.author })}</Link> : null}
			{canModerate && p.edited ? <Link to={`/posts/${p.id}/history`}>{t('forums.post.history')}</Link> : null}
			{(p.deleted ? canModerate : p.mine || canModerate) ? (
				<Form method="post">
					<input type="hidden" name="intent" value={p.deleted ? 'restore' : 'delete'} />
					<input type="hidden" name="postId" value={p.id} />
					<button type="submit" className="link-button">
						{p.deleted ? t('forums.post.restore') : t('forums.post.delete')}
					</button>
				</Form>
			) : null}
			{live && !p.mine ? (
				<details>
					<summary>{t('forums.post.flag')}</summary>
					<Form method="post" className="inline-form">
						<input type="hidden" name="intent" value="flag" />
						<input type="hidden" name="postId" value={p.id} />
						<label htmlFor={`flag-${p.id}`}>{t('forums.post.flagReason')}</label>
						<input id={`flag-${p.id}`} name="reason" required minLength={3} maxLength={500} />
						<button type="submit">{t('forums.post.flagSubmit')}</button>
					</Form>
				</details>
			) : null}
			{canModerate && !p.deleted ? (
				p.hidden ? (
					<Form method="post">
						<input type="hidden" name="intent" value="unhide" />
						<input type="hidden" name="postId" value={p.id} />
						<button type="submit" className="link-button">
							{t('forums.post.unhide')}
						</button>
					</Form>
				) : (
					<details>
						<summary>{t('forums.post.hide')}</summary>
						<Form method="post" className="inline-form">
							<input type="hidden" name="intent" value="hide" />
							<input type="hidden" name="postId" value={p.id} />
							<label htmlFor={`hide-${p.id}`}>{t('forums.post.hideReason')}</label>
							<input id={`hide-${p.id}`} name="reason" required minLength={3} maxLength={500} />
							<button type="submit">{t('forums.common.hidePost')}</button>
						</Form>
					</details>
				)
			) : null}
			{canModerate && !p.mine ? (
				<details>
					<summary>{t('forums.post.silence')}</summary>
					<Form method="post" className="inline-form">
						<input type="hidden" name="intent" value="silence" />
						<input type="hidden" name="postId" value={p.id} />
						<label htmlFor={`silence-days-${p.id}`}>{t('forums.post.silenceFor')}</label>
						<select id={`silence-days-${p.id}`} name="days" defaultValue="1">
							{SILENCE_DAYS.map((d) => (
								<option key={d} value={d}>
									{t('forums.post.silenceDays', { days: d })}
								</option>
							))}
						</select>
						<label htmlFor={`silence-reason-${p.id}`}>{t('forums.post.silenceReason')}</label>
						<input id={`silence-reason-${p.id}`} name="reason" required minLength={3} maxLength={500} />
						<button type="submit">{t('forums.post.silenceSubmit')}</button>
					</Form>
				</details>
			) : null}
		</div>
	)
}

function ThreadModeration({ thread, moveTargets }: { thread: { pinned: boolean; locked: boolean }; moveTargets: Array<{ slug: string; name: string }> }) {
	const t = useT()
	return (
		<section className="panel moderation" aria-label={t('forums.threadModeration.label')}>
			<h2 className="sr-only">{t('forums.threadModeration.label')}</h2>
			<div className="actions">
				<Form method="post">
					<input type="hidden" name="intent" value={thread.pinned ? 'unpin' : 'pin'} />
					<button type="submit" className="secondary">
						{thread.pinned ? t('forums.threadModeration.unpin') : t('forums.threadModeration.pin')}
					</button>
				</Form>
				<Form method="post">
					<input type="hidden" name="intent" value={thread.locked ? 'unlock' : 'lock'} />
					<button type="submit" className="secondary">
						{thread.locked ? t('forums.threadModeration.unlock') : t('forums.threadModeration.lock')}
					</button>
				</Form>
				{moveTargets.length ? (
					<Form method="post" className="inline-form">
						<input type="hidden" name="intent" value="move" />
						<label htmlFor="move-to">{t('forums.threadModeration.moveTo')}</label>
						<select id="move-to" name="forum" required>
							{moveTargets.map((f) => (
								<option key={f.slug} value={f.slug}>
									{f.name}
								</option>
							))}
						</select>
						<label htmlFor="move-reason" className="sr-only">
							{t('forums.threadModeration.moveReasonLabel')}
						</label>
						<input id="move-reason" name="reason" placeholder={t('forums.threadModeration.moveReasonPlaceholder')} maxLength={500} />
						<button type="submit" className="secondary">
							{t('forums.threadModeration.move')}
						</button>
					</Form>
				) : null}
			</div>
		</section>
	)
}

// Keyed by the quoted text, so choosing "Quote" on another post starts a fresh form.
function ReplyForm({ quote, accept }: { quote: string; accept: string }) {
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'reply',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }),
		shouldValidate: 'onSubmit',
		defaultValue: { body: quote },
	})
	const attachmentErrors = (actionData as { fileErrors?: string[] } | undefined)?.fileErrors
	return (
		<Form method="post" encType="multipart/form-data" className="panel" {...getFormProps(form)}>
			<h2 id="reply">{t('forums.reply.heading')}</h2>
			{form.errors?.length ? (
				<p className="form-error" role="alert">
					{form.errors.map(tr).join(' ')}
				</p>
			) : null}
			<PreviewPanel html={actionData?.preview} Heading="h3" />
			<TextareaField label={t('forums.reply.label')} hint={t('forums.reply.hint')} rows={6} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
			<AttachmentPicker accept={accept} errors={attachmentErrors} />
			<PostButtons label={t('forums.reply.submit')} intent="reply" />
		</Form>
	)
}
