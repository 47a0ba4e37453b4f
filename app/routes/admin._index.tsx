import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { db } from '~/utils/db.server'
import { can, requirePermission } from '~/utils/permissions.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:area')
	const pending = can(viewer, 'admin:users')
		? Number((await db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst())?.n ?? 0)
		: null
	return { pending, canManageUsers: can(viewer, 'admin:users'), canInvite: can(viewer, 'admin:invite') }
}

export default function AdminHome() {
	const { pending, canManageUsers, canInvite } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Administration</h1>
			<div className="grid">
				{canManageUsers ? (
					<section className="panel">
						<h2>Access requests</h2>
						<p>
							{pending === 0 ? 'No request is waiting.' : `${pending} request${pending === 1 ? '' : 's'} waiting for a decision.`}
						</p>
						<Link to="/admin/users?status=pending">Review requests</Link>
					</section>
				) : null}
				{canManageUsers ? (
					<section className="panel">
						<h2>Users</h2>
						<p>Roles, regions, suspension.</p>
						<Link to="/admin/users">Manage users</Link>
					</section>
				) : null}
				{canInvite ? (
					<section className="panel">
						<h2>Invitations</h2>
						<p>Invite practitioners by email.</p>
						<Link to="/admin/invitations">Invite someone</Link>
					</section>
				) : null}
			</div>
		</>
	)
}
