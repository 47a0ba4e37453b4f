import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ThreadHits } from '~/components/thread-hits'
import { forumsFor, searchThreads } from '~/models/forums.server'
import { sanitizeSnippet } from '~/utils/markdown.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Forums — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forums = await forumsFor(viewer)
	const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 500)
	const found = q.trim() ? await searchThreads(viewer, q, 1) : null
	return {
		q,
		results: found ? { total: found.total, hits: found.hits.map((h) => ({ id: h.id, title: h.title, snippet: sanitizeSnippet(h.snippet) })) } : null,
		forums: forums.map((f) => ({
			slug: f.slug,
			name: f.name,
			description: f.description,
			threads: Number(f.thread_count),
			posts: Number(f.post_count),
			lastActivity: f.last_activity ? new Date(Number(f.last_activity) * 1000).toISOString() : null,
		})),
	}
}

export default function Forums() {
	const { forums, q, results } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Forums</h1>
			<p className="lead">Discuss cases, trends and requests for help with the practitioners of your networks. Only members of a forum's region can read it.</p>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="forum-q" className="sr-only">
					Search the forums you can read
				</label>
				<input id="forum-q" type="search" name="q" defaultValue={q} placeholder="Search the forums you can read" />
				<button type="submit">Search</button>
			</Form>
			{results ? <ThreadHits results={results} /> : null}
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">Forum</th>
							<th scope="col">Threads</th>
							<th scope="col">Posts</th>
							<th scope="col">Latest activity</th>
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
								<td>{f.threads}</td>
								<td>{f.posts}</td>
								<td>{f.lastActivity ? <time dateTime={f.lastActivity}>{f.lastActivity.slice(0, 16).replace('T', ' ')} UTC</time> : '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</>
	)
}
