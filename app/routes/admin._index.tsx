import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { db } from '~/utils/db.server'
import { can, requirePermission } from '~/utils/permissions.server'
import { useT } from '~/i18n'

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
	const t = useT()
	return (
		<>
			<h1>{t('admin.home.heading')}</h1>
			<div className="grid">
				{canManageUsers ? (
					<section className="panel">
						<h2>{t('admin.home.requests')}</h2>
						<p>{t('admin.home.pending', { count: pending ?? 0 })}</p>
						<Link to="/admin/users?status=pending">{t('admin.home.reviewRequests')}</Link>
					</section>
				) : null}
				{canManageUsers ? (
					<section className="panel">
						<h2>{t('admin.home.users')}</h2>
						<p>{t('admin.home.usersText')}</p>
						<Link to="/admin/users">{t('admin.home.manageUsers')}</Link>
					</section>
				) : null}
				{reports !== null ? (
					<section className="panel">
						<h2>{t('admin.home.reports')}</h2>
						<p>{t('admin.home.openReports', { count: reports })}</p>
						<Link to="/admin/reports">{t('admin.home.reviewReports')}</Link>
					</section>
				) : null}
				{canReadLog ? (
					<section className="panel">
						<h2>{t('admin.home.moderation')}</h2>
						<p>{t('admin.home.moderationText')}</p>
						<Link to="/moderation/log">{t('admin.home.moderationLog')}</Link>
					</section>
				) : null}
				{canReadAudit ? (
					<section className="panel">
						<h2>{t('admin.home.audit')}</h2>
						<p>{t('admin.home.auditText')}</p>
						<Link to="/admin/audit">{t('admin.home.openAudit')}</Link>
					</section>
				) : null}
				{canInvite ? (
					<section className="panel">
						<h2>{t('admin.home.invitations')}</h2>
						<p>{t('admin.home.invitationsText')}</p>
						<Link to="/admin/invitations">{t('admin.home.invite')}</Link>
					</section>
				) : null}
			</div>
		</>
	)
}
