import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { db } from '~/utils/db.server'
import { can, requirePermission } from '~/utils/permissions.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:area')
	const pending = can(viewer, 'admin:users')
		? Number((await db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst())?.n ?? 0)
		: null
	const reports = can(viewer, 'review:message-reports')
		? Number((await db().selectFrom('message_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('resolved_at', 'is', null).executeTakeFirst())?.n ?? 0)
		: null
	return { pending, reports, canManageUsers: can(viewer, 'admin:users'), canInvite: can(viewer, 'admin:invite'), canReadLog: can(viewer, 'read:moderation-log'), canReadAudit: can(viewer, 'read:audit') }
}

export default function AdminHome() {
	const { pending, reports, canManageUsers, canInvite, canReadLog, canReadAudit } = useLoaderData<typeof loader>()
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
				{reports !== null ? (
					<section className="panel">
						<h2>Reported messages</h2>
						<p>{reports === 0 ? 'No open report.' : `${reports} open report${reports === 1 ? '' : 's'}.`}</p>
						<Link to="/admin/reports">Review reports</Link>
					</section>
				) : null}
				{canReadLog ? (
					<section className="panel">
						<h2>Forum moderation</h2>
						<p>Every moderator action: who, what, when and why.</p>
						<Link to="/moderation/log">Moderation log</Link>
					</section>
				) : null}
				{canReadAudit ? (
					<section className="panel">
						<h2>Audit log</h2>
						<p>Sign-ins, role changes, approvals, publications, exports and tokens.</p>
						<Link to="/admin/audit">Open the audit log</Link>
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
