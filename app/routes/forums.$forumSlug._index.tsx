import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { forumForViewer, searchThreads, THREADS_PER_PAGE, threadsOf } from '~/models/forums.server'
import { sanitizeSnippet } from '~/utils/markdown.server'
import { Pagination } from '~/components/pagination'
import { ThreadHits } from '~/components/thread-hits'
import { isWatching, setWatching } from '~/models/forum-notify.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { canModerateForum, requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.forum.name ?? 'Forum'} — Forums` }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(new URL(request.url).searchParams.get('page') ?? 1)
	const { total, threads } = await threadsOf(viewer, forum.slug, page)
	const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 500)
	const found = q.trim() ? await searchThreads(viewer, q, 1, forum.slug) : null
	return {
		q,
		results: found ? { total: found.total, hits: found.hits.map((h) => ({ id: h.id, title: h.title, snippet: sanitizeSnippet(h.snippet) })) } : null,
		forum: { slug: forum.slug, name: forum.name, description: forum.description },
		watching: await isWatching(viewer.id, 'forum', forum.slug),
		canModerate: canModerateForum(viewer, forum),
		page,
		pages: Math.max(1, Math.ceil(total / THREADS_PER_PAGE)),
		threads: threads.map((t) => ({ ...t, lastPostAt: new Date(t.last_post_at * 1000).toISOString() })),
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	const intent = (await request.formData()).get('intent')
	if (intent !== 'watch' && intent !== 'unwatch') throw new Response('Unknown action', { status: 400 })
	await setWatching(viewer.id, 'forum', forum.slug, intent === 'watch')
	return redirectWithFlash(`/forums/${forum.slug}`, {
		kind: 'success',
		message: intent === 'watch' ? `You are watching ${forum.name}: you will be told about every new thread.` : `You no longer watch ${forum.name}.`,
	})
}

export default function Forum() {
	const { forum, threads, page, pages, q, results, watching, canModerate } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/forums">Forums</Link>
			</p>
			<div className="page-heading">
				<h1>{forum.name}</h1>
				<div className="actions">
					<Link to={`/forums/${forum.slug}/new`} className="button">
						New thread
					</Link>
					<Form method="post">
						<input type="hidden" name="intent" value={watching ? 'unwatch' : 'watch'} />
						<button type="submit" className="secondary">
							{watching ? 'Stop watching' : 'Watch this forum'}
						</button>
					</Form>
					{canModerate ? <Link to="/moderation">Moderation queue</Link> : null}
				</div>
			</div>
			<p className="muted">{forum.description}</p>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="forum-q" className="sr-only">
					Search this forum
				</label>
				<input id="forum-q" type="search" name="q" defaultValue={q} placeholder={`Search ${forum.name}`} />
				<button type="submit">Search</button>
			</Form>
			{results ? <ThreadHits results={results} /> : null}
			{threads.length === 0 ? (
				<p className="panel">No thread yet. Start the first one.</p>
			) : (
				<ul className="threads">
					{threads.map((t) => (
						<li key={t.id} className="panel">
							<h2>
								{t.pinned ? <span className="badge">pinned</span> : null} {t.locked ? <span className="badge badge-warn">locked</span> : null}{' '}
								<Link to={`/threads/${t.id}`}>{t.title}</Link> {t.unread ? (
									<Link to={`/threads/${t.id}?unread=1`} className="badge badge-danger">
										unread: jump to the first
									</Link>
								) : null}
							</h2>
							<p className="muted">
								{t.author_name ?? 'Former member'} · {t.post_count} post{t.post_count === 1 ? '' : 's'} · last activity{' '}
								<time dateTime={t.lastPostAt}>{t.lastPostAt.slice(0, 16).replace('T', ' ')} UTC</time>
							</p>
						</li>
					))}
				</ul>
			)}
			<Pagination page={page} pages={pages} hrefFor={(p) => `?page=${p}`} label="Pages of threads" previous="← Newer" next="Older →" />
		</>
	)
}
