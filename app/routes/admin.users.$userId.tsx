import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CheckboxGroup, SelectField, TextareaField } from '~/components/forms'
import { approveUser, rejectUser, setSuspended, updateUserAccess, userWithRegions } from '~/models/accounts.server'
import { removeSecondFactor } from '~/models/two-factor.server'
import { listRegions } from '~/models/regions.server'
import { countryName } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { assignableRoles, requirePermission } from '~/utils/permissions.server'
import { clientIp, originOf } from '~/utils/request.server'
import { requiredText, stringList } from '~/utils/validation'
import { ROLES } from '../../db/schema'

export const meta: MetaFunction = () => [{ title: 'User — Administration' }]

const accessSchema = z.object({
	intent: z.enum(['approve', 'access']),
	role: z.enum(ROLES as [string, ...string[]], { error: 'Choose a role.' }),
	regions: stringList,
})
const rejectSchema = z.object({ intent: z.literal('reject'), reason: requiredText('a reason', 1000) })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:users')
	const user = await userWithRegions(params.userId ?? '')
	if (!user) throw new Response('Not found', { status: 404 })
	const regions = await listRegions()
	return {
		user: {
			id: user.id,
			name: user.name,
			email: user.email,
			organisation: user.organisation,
			country: user.country ? `${countryName(user.country)} (${user.country})` : '—',
			jobTitle: user.job_title,
			role: user.role,
			status: user.status,
			reason: user.request_reason,
			requestedRegions: JSON.parse(user.requested_regions) as string[],
			regions: user.regions,
			decisionReason: user.decision_reason,
			createdAt: new Date(user.created_at * 1000).toISOString().slice(0, 10),
			twoFactorEnabled: user.two_factor_enabled_at !== null,
		},
		regions: regions.map((r) => ({ value: r.slug, label: r.name })),
		roles: assignableRoles(viewer),
		isSelf: viewer.id === user.id,
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:users')
	const userId = params.userId ?? ''
	const target = await userWithRegions(userId)
	if (!target) throw new Response('Not found', { status: 404 })
	const actor = { id: viewer.id, role: viewer.role, ip: clientIp(context) }
	const formData = await request.formData()
	const intent = formData.get('intent')
	const back = `/admin/users/${userId}`

	if (intent === 'approve' || intent === 'access') {
		const known = new Set((await listRegions()).map((r) => r.slug))
		const allowedRoles = assignableRoles(viewer)
		const submission = parseWithZod(formData, {
			schema: accessSchema.superRefine((v, ctx) => {
				if (!allowedRoles.includes(v.role as never)) ctx.addIssue({ code: 'custom', path: ['role'], message: 'You cannot assign this role.' })
				if (v.regions.some((r) => !known.has(r))) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'Choose regions from the list.' })
				if (v.role !== 'staff' && v.role !== 'admin' && v.regions.length === 0)
					ctx.addIssue({ code: 'custom', path: ['regions'], message: 'Members and moderators need at least one region.' })
			}),
		})
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		const access = { role: submission.value.role as (typeof ROLES)[number], regions: submission.value.regions }
		if (intent === 'approve') {
			const ok = await approveUser(actor, userId, access, originOf(request))
			if (!ok) return data({ result: submission.reply({ formErrors: ['This request was already decided.'] }) }, { status: 409 })
			return redirectWithFlash(back, { kind: 'success', message: `${target.name} is approved; a welcome email with a link to set the password is on its way.` })
		}
		if (viewer.id === userId && access.role !== 'admin')
			return data({ result: submission.reply({ formErrors: ['You cannot remove your own administrator role.'] }) }, { status: 400 })
		await updateUserAccess(actor, userId, access)
		return redirectWithFlash(back, { kind: 'success', message: 'Role and regions saved.' })
	}
	if (intent === 'reject') {
		const submission = parseWithZod(formData, { schema: rejectSchema })
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		const ok = await rejectUser(actor, userId, submission.value.reason)
		if (!ok) return data({ result: submission.reply({ formErrors: ['This request was already decided.'] }) }, { status: 409 })
		return redirectWithFlash('/admin/users?status=pending', { kind: 'info', message: `The request from ${target.name} was rejected.` })
	}
	if (intent === 'suspend' || intent === 'reinstate') {
		if (viewer.id === userId) return data({ result: { status: 'error' as const, error: { '': ['You cannot suspend yourself.'] } } }, { status: 400 })
		await setSuspended(actor, userId, intent === 'suspend')
		return redirectWithFlash(back, { kind: 'success', message: intent === 'suspend' ? 'Account suspended; its sessions have ended.' : 'Account reinstated.' })
	}
	if (intent === 'reset-two-factor') {
		if (viewer.id === userId) return data({ result: { status: 'error' as const, error: { '': ['Use your own profile page for your second factor.'] } } }, { status: 400 })
		const removed = await removeSecondFactor(actor, userId)
		return redirectWithFlash(back, {
			kind: 'success',
			message: removed ? 'Two-factor sign-in was reset and every session of this account ended. They set it up again at their next sign-in.' : 'This account had no second factor.',
		})
	}
	return data({ result: { status: 'error' as const, error: { '': ['Unknown action.'] } } }, { status: 400 })
}

export default function AdminUser() {
	const { user, regions, roles, isSelf } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | null>
	const formErrors = errors[''] ?? []
	return (
		<>
			<h1>{user.name}</h1>
			{formErrors.length ? <p className="form-error" role="alert">{formErrors.join(' ')}</p> : null}
			<section className="panel">
				<dl className="fields">
					<dt>Email</dt>
					<dd>{user.email}</dd>
					<dt>Organisation</dt>
					<dd>{user.organisation}</dd>
					<dt>Job title</dt>
					<dd>{user.jobTitle || '—'}</dd>
					<dt>Country</dt>
					<dd>{user.country}</dd>
					<dt>Status</dt>
					<dd>{user.status}</dd>
					<dt>Since</dt>
					<dd>{user.createdAt}</dd>
					{user.reason ? (
						<>
							<dt>Reason given</dt>
							<dd className="prewrap">{user.reason}</dd>
						</>
					) : null}
					{user.decisionReason ? (
						<>
							<dt>Decision note</dt>
							<dd>{user.decisionReason}</dd>
						</>
					) : null}
				</dl>
			</section>

			{user.status === 'pending' || user.status === 'active' || user.status === 'suspended' ? (
				<section className="panel narrow">
					<h2>{user.status === 'pending' ? 'Approve' : 'Role and regions'}</h2>
					<Form method="post">
						<input type="hidden" name="intent" value={user.status === 'pending' ? 'approve' : 'access'} />
						<SelectField label="Role" name="role" defaultValue={user.role} options={roles.map((r) => ({ value: r, label: r }))} errors={errors.role} />
						<CheckboxGroup
							legend="Regions"
							name="regions"
							options={regions}
							defaultChecked={user.status === 'pending' ? user.requestedRegions : user.regions}
							errors={errors.regions}
						/>
						<button type="submit">{user.status === 'pending' ? 'Approve and send welcome email' : 'Save role and regions'}</button>
					</Form>
				</section>
			) : null}

			{user.status === 'pending' ? (
				<section className="panel narrow">
					<h2>Reject</h2>
					<Form method="post">
						<input type="hidden" name="intent" value="reject" />
						<TextareaField label="Reason (kept on record)" name="reason" errors={errors.reason} />
						<button type="submit" className="danger">Reject the request</button>
					</Form>
				</section>
			) : null}

			{!isSelf && (user.status === 'active' || user.status === 'suspended') ? (
				<section className="panel narrow">
					<h2>{user.status === 'active' ? 'Suspend' : 'Reinstate'}</h2>
					<Form method="post">
						<input type="hidden" name="intent" value={user.status === 'active' ? 'suspend' : 'reinstate'} />
						<button type="submit" className={user.status === 'active' ? 'danger' : ''}>
							{user.status === 'active' ? 'Suspend this account' : 'Reinstate this account'}
						</button>
					</Form>
				</section>
			) : null}

			{!isSelf && user.twoFactorEnabled ? (
				<section className="panel narrow">
					<h2>Two-factor sign-in</h2>
					<p>On. If this person lost their phone and their recovery codes, and you have confirmed who they are, reset it; they set it up again when they next sign in.</p>
					<Form method="post">
						<input type="hidden" name="intent" value="reset-two-factor" />
						<button type="submit" className="danger">Reset two-factor sign-in</button>
					</Form>
				</section>
			) : null}
		</>
	)
}
