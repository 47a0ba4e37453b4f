import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TextareaField } from '~/components/forms'
import { Pagination } from '~/components/pagination'
import { replySchema } from '~/models/forum-forms'
import { casesReferencedBy, markThreadRead, POSTS_PER_PAGE, postsOf, replyTo, setPostDeleted, threadForViewer } from '~/models/forums.server'
import { canModerateForum, requireViewer } from '~/utils/permissions.server'
import { syncSearchSoon } from '~/utils/search.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ?? 'Thread'} — Forums` }]

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.threadId)
	const found = id.success ? await threadForViewer(viewer, id.data) : null
	if (!found) throw new Response('Not found', { status: 404 })
	const pages = Math.max(1, Math.ceil(found.thread.post_count / POSTS_PER_PAGE))
	const page = z.coerce.number().int().min(1).max(pages).catch(1).parse(new URL(request.url).searchParams.get('page') ?? 1)
	const posts = await postsOf(found.thread.id, page)
	const last = posts.at(-1)
	if (last) await markThreadRead(viewer, found.thread.id, last.id)
	return {
		thread: { id: found.thread.id, title: found.thread.title, locked: found.thread.locked === 1, tags: JSON.parse(found.thread.tags) as string[] },
		forum: { slug: found.forum.slug, name: found.forum.name },
		page,
		pages,
		canModerate: canModerateForum(viewer, found.forum),
		cases: await casesReferencedBy(found.thread.id),
		quote: await quoteFor(new URL(request.url).searchParams.get('quote'), posts),
		posts: posts.map((p) => ({
			id: p.id,
			author: p.author_name ?? 'Former member',
			mine: p.author_id === viewer.id,
			html: p.html,
			deleted: !!p.deleted_at,
			edited: !!p.edited_at,
			created: new Date(p.created_at * 1000).toISOString(),
		})),
	}
}

/** "Quote" prefills the reply with the quoted post as a Markdown block quote. */
async function quoteFor(quoteParam: string | null, posts: Array<{ id: number; body: string; author_name: string | null; deleted_at: number | null }>) {
	const id = Number(quoteParam)
	const post = posts.find((p) => p.id === id && !p.deleted_at)
	if (!post) return ''
	return `> **${post.author_name ?? 'Former member'}** wrote:\n${post.body.split('\n').map((l) => `> ${l}`).join('\n')}\n\n`
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.threadId)
	if (!id.success) throw new Response('Not found', { status: 404 })
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'delete' || intent === 'restore') {
		const postId = idParam.safeParse(formData.get('postId'))
		const outcome = postId.success ? await setPostDeleted(viewer, postId.data, intent === 'delete') : 'not-found'
		if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
		if (outcome === 'forbidden') throw new Response('Only the author or a moderator may do this.', { status: 403 })
		await syncSearchSoon()
		return redirect(`/threads/${id.data}${new URL(request.url).search}#post-${postId.data}`)
	}
	const submission = parseWithZod(formData, { schema: replySchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await replyTo(viewer, id.data, submission.value.body)
	if (outcome.kind === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome.kind === 'locked') return data({ result: submission.reply({ formErrors: ['This thread is locked; replies are closed.'] }) }, { status: 403 })
	if (outcome.kind === 'rate-limited')
		return data({ result: submission.reply({ formErrors: ['You have posted the most replies allowed in an hour. Your text is kept below; try again later.'] }) }, { status: 429 })
	await syncSearchSoon()
	return redirect(`/threads/${id.data}?page=${outcome.page}#post-${outcome.postId}`)
}

export default function Thread() {
	const { thread, forum, posts, page, pages, canModerate, quote, cases } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/forums">Forums</Link> › <Link to={`/forums/${forum.slug}`}>{forum.name}</Link>
			</p>
			<h1>{thread.title}</h1>
			{thread.tags.length ? (
				<p>
					{thread.tags.map((t) => (
						<span key={t} className="badge">
							{t}
						</span>
					))}
				</p>
			) : null}
			{cases.length ? (
				<section aria-labelledby="cases-heading" className="case-cards">
					<h2 id="cases-heading">Cases discussed</h2>
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
					<li key={p.id} id={`post-${p.id}`} className="panel post">
						<p className="muted">
							<strong>{p.author}</strong> · <time dateTime={p.created}>{p.created.slice(0, 16).replace('T', ' ')} UTC</time>
							{p.edited ? ' · edited' : ''}
						</p>
						{p.deleted ? <p className="muted">This post was deleted.</p> : <div className="prose" dangerouslySetInnerHTML={{ __html: p.html }} />}
						<div className="actions post-actions">
							{!p.deleted && !thread.locked ? <Link to={`?page=${page}&quote=${p.id}#reply`}>Quote</Link> : null}
							{p.mine && !p.deleted ? <Link to={`/posts/${p.id}/edit`}>Edit</Link> : null}
							{canModerate && p.edited ? <Link to={`/posts/${p.id}/history`}>Edit history</Link> : null}
							{(p.deleted ? canModerate : p.mine || canModerate) ? (
								<Form method="post">
									<input type="hidden" name="intent" value={p.deleted ? 'restore' : 'delete'} />
									<input type="hidden" name="postId" value={p.id} />
									<button type="submit" className="link-button">
										{p.deleted ? 'Restore' : 'Delete'}
									</button>
								</Form>
							) : null}
						</div>
					</li>
				))}
			</ol>
			<Pagination page={page} pages={pages} hrefFor={(p) => `?page=${p}`} label="Pages of posts" />
			{thread.locked ? (
				<p className="panel">This thread is locked; replies are closed.</p>
			) : (
				<ReplyForm key={quote} quote={quote} />
			)}
		</>
	)
}

// Keyed by the quoted text, so choosing "Quote" on another post starts a fresh form.
function ReplyForm({ quote }: { quote: string }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'reply',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }),
		shouldValidate: 'onSubmit',
		defaultValue: { body: quote },
	})
	return (
		<Form method="post" className="panel" {...getFormProps(form)}>
			{form.errors?.length ? (
				<p className="form-error" role="alert">
					{form.errors.join(' ')}
				</p>
			) : null}
			<TextareaField label="Your reply" rows={6} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
			<button type="submit">Post reply</button>
		</Form>
	)
}
