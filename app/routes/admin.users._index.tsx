import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { usersForAdmin } from '~/models/accounts.server'
import { requirePermission } from '~/utils/permissions.server'
import { useT } from '~/i18n'

const ROLE_LABEL_KEYS: Record<string, string> = { member: 'admin.role.member', moderator: 'admin.role.moderator', staff: 'admin.role.staff', admin: 'admin.role.admin' }
const STATUS_LABEL_KEYS: Record<string, string> = { pending: 'admin.userStatus.pending', active: 'admin.userStatus.active', suspended: 'admin.userStatus.suspended', rejected: 'admin.userStatus.rejected' }

const filterSchema = z.object({
	status: z.enum(['pending', 'active', 'rejected', 'suspended']).optional().catch(undefined),
	q: z.string().trim().max(200).optional().catch(undefined),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'admin:users')
	const url = new URL(request.url)
	const filter = filterSchema.parse({ status: url.searchParams.get('status') || undefined, q: url.searchParams.get('q') || undefined })
	const users = await usersForAdmin(filter)
	return { filter, users: users.map((u) => ({ ...u, requested_regions: JSON.parse(u.requested_regions) as string[] })) }
}

export default function AdminUsers() {
	const { filter, users } = useLoaderData<typeof loader>()
	const t = useT()
	const label = (keys: Record<string, string>, value: string) => (keys[value] ? t(keys[value]) : value)
	return (
		<>
			<h1>{filter.status === 'pending' ? t('admin.users.requestsHeading') : t('admin.users.heading')}</h1>
			<Form method="get" className="panel actions" role="search">
				<label htmlFor="q" className="sr-only">
					{t('admin.users.search')}
				</label>
				<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder={t('admin.users.placeholder')} />
				<label htmlFor="status" className="sr-only">
					{t('admin.users.status')}
				</label>
				<select id="status" name="status" defaultValue={filter.status ?? ''}>
					<option value="">{t('admin.users.anyStatus')}</option>
					<option value="pending">{t('admin.users.filterPending')}</option>
					<option value="active">{t('admin.users.filterActive')}</option>
					<option value="suspended">{t('admin.users.filterSuspended')}</option>
					<option value="rejected">{t('admin.users.filterRejected')}</option>
				</select>
				<button type="submit">{t('admin.users.filter')}</button>
			</Form>
			{users.length === 0 ? (
				<p>{t('admin.users.empty')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('admin.users.name')}</th>
								<th scope="col">{t('admin.users.email')}</th>
								<th scope="col">{t('admin.users.organisation')}</th>
								<th scope="col">{t('admin.users.country')}</th>
								<th scope="col">{t('admin.users.role')}</th>
								<th scope="col">{t('admin.users.status')}</th>
							</tr>
						</thead>
						<tbody>
							{users.map((u) => (
								<tr key={u.id}>
									<td>
										<Link to={`/admin/users/${u.id}`}>{u.name}</Link>
									</td>
									<td>{u.email}</td>
									<td>{u.organisation}</td>
									<td>{u.country}</td>
									<td>{label(ROLE_LABEL_KEYS, u.role)}</td>
									<td>
										<span className={u.status === 'pending' ? 'badge badge-warn' : u.status === 'active' ? 'badge' : 'badge badge-danger'}>{label(STATUS_LABEL_KEYS, u.status)}</span>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}
