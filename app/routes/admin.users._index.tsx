import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { usersForAdmin } from '~/models/accounts.server'
import { requirePermission } from '~/utils/permissions.server'

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
	return (
		<>
			<h1>{filter.status === 'pending' ? 'Access requests' : 'Users'}</h1>
			<Form method="get" className="panel actions" role="search">
				<label htmlFor="q" className="sr-only">Search users</label>
				<input id="q" type="search" name="q" defaultValue={filter.q ?? ''} placeholder="Name, email or organisation" />
				<label htmlFor="status" className="sr-only">Status</label>
				<select id="status" name="status" defaultValue={filter.status ?? ''}>
					<option value="">Any status</option>
					<option value="pending">Pending</option>
					<option value="active">Active</option>
					<option value="suspended">Suspended</option>
					<option value="rejected">Rejected</option>
				</select>
				<button type="submit">Filter</button>
			</Form>
			{users.length === 0 ? (
				<p>No user matches.</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col">Email</th>
								<th scope="col">Organisation</th>
								<th scope="col">Country</th>
								<th scope="col">Role</th>
								<th scope="col">Status</th>
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
									<td>{u.role}</td>
									<td>
										<span className={u.status === 'pending' ? 'badge badge-warn' : u.status === 'active' ? 'badge' : 'badge badge-danger'}>{u.status}</span>
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
