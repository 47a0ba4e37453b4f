import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ThreadHits } from '~/components/thread-hits'
import { forumsFor, searchThreads } from '~/models/forums.server'
import { forumNamer } from '~/models/forum-names.server'
import { resolveLocale } from '~/i18n/locale.server'
import { sanitizeSnippet } from '~/utils/markdown.server'
import { requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useIntl, useT } from '~/i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.index.meta.title') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const [forums, names] = await Promise.all([forumsFor(viewer), forumNamer(resolveLocale(request, viewer))])
	const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 500)
	const found = q.trim() ? await searchThreads(viewer, q, 1) : null
	return {
		q,
		results: found ? { total: found.total, hits: found.hits.map((h) => ({ id: h.id, title: h.title, snippet: sanitizeSnippet(h.snippet) })) } : null,
		forums: forums.map((f) => ({
			slug: f.slug,
			name: names.name(f),
			description: names.description(f),
			threads: Number(f.thread_count),
			posts: Number(f.post_count),
			lastActivity: f.last_activity ? new Date(Number(f.last_activity) * 1000).toISOString() : null,
		})),
	}
}

export default function Forums() {
	const { forums, q, results } = useLoaderData<typeof loader>()
	const t = useT()
	const intl = useIntl()
	return (
		<>
			<h1>{t('forums.common.forums')}</h1>
			<p className="lead">{t('forums.index.lead')}</p>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="forum-q" className="sr-only">
					{t('forums.index.searchLabel')}
				</label>
				<input id="forum-q" type="search" name="q" defaultValue={q} placeholder={t('forums.index.searchLabel')} />
				<button type="submit">{t('forums.common.search')}</button>
			</Form>
			{results ? <ThreadHits results={results} /> : null}
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">{t('forums.index.col.forum')}</th>
							<th scope="col">{t('forums.index.col.threads')}</th>
							<th scope="col">{t('forums.index.col.posts')}</th>
							<th scope="col">{t('forums.index.col.latest')}</th>
						</tr>
					</thead>
					<tbody>
						{forums.map((f) => (
							<tr key={f.slug}>
								<td>
									<Link to={`/forums/${f.slug}`}>
										<strong>{f.name}</strong>
									</Link>
									<br />
									<span className="muted">{f.description}</span>
								</td>
								<td>{intl.formatNumber(f.threads)}</td>
								<td>{intl.formatNumber(f.posts)}</td>
								<td>{f.lastActivity ? <LocalTime value={f.lastActivity} /> : '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</>
	)
}
