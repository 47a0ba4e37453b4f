import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { moderationLog } from '~/models/forum-moderation.server'
import { requirePermission } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.log.meta.title') }]

/** Every moderator action (who, what, when, why), for staff. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'read:moderation-log')
	const url = new URL(request.url)
	const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(url.searchParams.get('page') ?? 1)
	const forum = z.string().regex(/^[a-z0-9-]{1,100}$/).optional().catch(undefined).parse(url.searchParams.get('forum') || undefined)
	const log = await moderationLog({ forum, page })
	const formerMember = requestT(request, context.viewer)('forums.common.formerMember')
	return { page, forum: forum ?? '', ...log, entries: log.entries.map((e) => ({ ...e, actor: e.actor ?? formerMember, at: new Date(e.at * 1000).toISOString() })) }
}

export default function ModerationLog() {
	const { entries, page, more, forum } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p>
				<Link to="/moderation">{t('forums.common.moderationQueue')}</Link>
			</p>
			<h1>{t('forums.common.moderationLog')}</h1>
			<Form method="get" className="inline-form">
				<label htmlFor="log-forum">{t('forums.log.forumLabel')}</label>
				<input id="log-forum" name="forum" defaultValue={forum} />
				<button type="submit" className="secondary">
					{t('forums.log.filter')}
				</button>
			</Form>
			{entries.length === 0 ? (
				<p className="panel">{t('forums.log.empty')}</p>
			) : (
				<table>
					<thead>
						<tr>
							<th scope="col">{t('forums.log.col.when')}</th>
							<th scope="col">{t('forums.log.col.who')}</th>
							<th scope="col">{t('forums.log.col.what')}</th>
							<th scope="col">{t('forums.log.col.where')}</th>
							<th scope="col">{t('forums.log.col.why')}</th>
						</tr>
					</thead>
					<tbody>
						{entries.map((e) => (
							<tr key={e.id}>
								<td>
									<LocalTime value={e.at} />
								</td>
								<td>{e.actor}</td>
								<td>
									{e.action} {e.objectType} {e.objectId}
								</td>
								<td>
									{e.forum}
									{e.thread ? (
										<>
											{' '}
											<Link to={`/threads/${e.thread}`}>{t('forums.log.thread', { id: String(e.thread) })}</Link>
										</>
									) : null}
								</td>
								<td>{e.reason}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<nav aria-label={t('forums.log.pagination.label')} className="actions">
				{page > 1 ? <Link to={`?page=${page - 1}${forum ? `&forum=${forum}` : ''}`}>{t('forums.log.newer')}</Link> : null}
				{more ? <Link to={`?page=${page + 1}${forum ? `&forum=${forum}` : ''}`}>{t('forums.log.older')}</Link> : null}
			</nav>
		</>
	)
}
