import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from '~/utils/zod.server'
import { forumForViewer, searchThreads, THREADS_PER_PAGE, threadsOf } from '~/models/forums.server'
import { sanitizeSnippet } from '~/utils/markdown.server'
import { Pagination } from '~/components/pagination'
import { ThreadHits } from '~/components/thread-hits'
import { isWatching, setWatching } from '~/models/forum-notify.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { canModerateForum, requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { forumNamer } from '~/models/forum-names.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('forums.forum.meta.title', { name: data?.forum.name ?? t('forums.forum.meta.fallback') }) }]
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(new URL(request.url).searchParams.get('page') ?? 1)
	const [{ total, threads }, names] = await Promise.all([threadsOf(viewer, forum.slug, page), forumNamer(resolveLocale(request, viewer))])
	const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 500)
	const found = q.trim() ? await searchThreads(viewer, q, 1, forum.slug) : null
	return {
		q,
		results: found ? { total: found.total, hits: found.hits.map((h) => ({ id: h.id, title: h.title, snippet: sanitizeSnippet(h.snippet) })) } : null,
		forum: { slug: forum.slug, name: names.name(forum), description: names.description(forum) },
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
	const intent = (await readForm(request)).get('intent')
	const t = requestT(request, context.viewer)
	if (intent !== 'watch' && intent !== 'unwatch') throw new Response(t('forums.forum.error.unknownAction'), { status: 400 })
	await setWatching(viewer.id, 'forum', forum.slug, intent === 'watch')
	return redirectWithFlash(`/forums/${forum.slug}`, {
		kind: 'success',
		message: intent === 'watch' ? t('forums.forum.flash.watch', { name: forum.name }) : t('forums.forum.flash.unwatch', { name: forum.name }),
	})
}

export default function Forum() {
	const { forum, threads, page, pages, q, results, watching, canModerate } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p>
				<Link to="/forums">{t('forums.common.forums')}</Link>
			</p>
			<div className="page-heading">
				<h1>{forum.name}</h1>
				<div className="actions">
					<Link to={`/forums/${forum.slug}/new`} className="button">
						{t('forums.forum.newThread')}
					</Link>
					<Form method="post">
						<input type="hidden" name="intent" value={watching ? 'unwatch' : 'watch'} />
						<button type="submit" className="secondary">
							{watching ? t('forums.common.stopWatching') : t('forums.forum.watch')}
						</button>
					</Form>
					{canModerate ? <Link to="/moderation">{t('forums.common.moderationQueue')}</Link> : null}
				</div>
			</div>
			<p className="muted">{forum.description}</p>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="forum-q" className="sr-only">
					{t('forums.forum.searchLabel')}
				</label>
				<input id="forum-q" type="search" name="q" defaultValue={q} placeholder={t('forums.forum.searchPlaceholder', { name: forum.name })} />
				<button type="submit">{t('forums.common.search')}</button>
			</Form>
			{results ? <ThreadHits results={results} /> : null}
			{threads.length === 0 ? (
				<p className="panel">{t('forums.forum.empty')}</p>
			) : (
				<ul className="threads">
					{threads.map((th) => (
						<li key={th.id} className="panel">
							<h2>
								{th.pinned ? <span className="badge">{t('forums.common.pinned')}</span> : null} {th.locked ? <span className="badge badge-warn">{t('forums.common.locked')}</span> : null}{' '}
								<Link to={`/threads/${th.id}`}>{th.title}</Link> {th.unread ? (
									<Link to={`/threads/${th.id}?unread=1`} className="badge badge-danger">
										{t('forums.forum.unreadJump')}
									</Link>
								) : null}
							</h2>
							<p className="muted">
								{t('forums.forum.threadMeta', {
									author: th.author_name ?? t('forums.common.formerMember'),
									count: th.post_count,
									when: <LocalTime value={th.lastPostAt} />,
								})}
							</p>
						</li>
					))}
				</ul>
			)}
			<Pagination page={page} pages={pages} hrefFor={(p) => `?page=${p}`} label={t('forums.forum.pagination.label')} previous={t('forums.forum.pagination.newer')} next={t('forums.forum.pagination.older')} />
		</>
	)
}
