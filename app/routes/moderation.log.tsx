import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { moderationLog } from '~/models/forum-moderation.server'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Moderation log — Forums' }]

/** Every moderator action (who, what, when, why), for staff. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'read:moderation-log')
	const url = new URL(request.url)
	const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(url.searchParams.get('page') ?? 1)
	const forum = z.string().regex(/^[a-z0-9-]{1,100}$/).optional().catch(undefined).parse(url.searchParams.get('forum') || undefined)
	const log = await moderationLog({ forum, page })
	return { page, forum: forum ?? '', ...log, entries: log.entries.map((e) => ({ ...e, at: new Date(e.at * 1000).toISOString() })) }
}

export default function ModerationLog() {
	const { entries, page, more, forum } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/moderation">Moderation queue</Link>
			</p>
			<h1>Moderation log</h1>
			<Form method="get" className="inline-form">
				<label htmlFor="log-forum">Forum (slug)</label>
				<input id="log-forum" name="forum" defaultValue={forum} />
				<button type="submit" className="secondary">
					Filter
				</button>
			</Form>
			{entries.length === 0 ? (
				<p className="panel">No moderator action yet.</p>
			) : (
				<table>
					<thead>
						<tr>
							<th scope="col">When (UTC)</th>
							<th scope="col">Who</th>
							<th scope="col">What</th>
							<th scope="col">Where</th>
							<th scope="col">Why</th>
						</tr>
					</thead>
					<tbody>
						{entries.map((e) => (
							<tr key={e.id}>
								<td>{e.at.slice(0, 16).replace('T', ' ')}</td>
								<td>{e.actor}</td>
								<td>
									{e.action} {e.objectType} {e.objectId}
								</td>
								<td>
									{e.forum}
									{e.thread ? (
										<>
											{' '}
											<Link to={`/threads/${e.thread}`}>thread {e.thread}</Link>
										</>
									) : null}
								</td>
								<td>{e.reason}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<nav aria-label="Pages of the log" className="actions">
				{page > 1 ? <Link to={`?page=${page - 1}${forum ? `&forum=${forum}` : ''}`}>Newer</Link> : null}
				{more ? <Link to={`?page=${page + 1}${forum ? `&forum=${forum}` : ''}`}>Older</Link> : null}
			</nav>
		</>
	)
}
