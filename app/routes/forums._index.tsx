import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { forumsFor } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Forums — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forums = await forumsFor(viewer)
	return {
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
	const { forums } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Forums</h1>
			<p className="lead">Discuss cases, trends and requests for help with the practitioners of your networks. Only members of a forum's region can read it.</p>
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
