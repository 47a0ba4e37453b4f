import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { CheckboxGroup, SelectField, TextareaField } from '~/components/forms'
import { approveUser, rejectUser, setSuspended, updateUserAccess, userWithRegions } from '~/models/accounts.server'
import { removeSecondFactor } from '~/models/two-factor.server'
import { listRegions } from '~/models/regions.server'
import { countryName } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { assignableRoles, requirePermission } from '~/utils/permissions.server'
import { clientIp, originOf, readForm } from '~/utils/request.server'
import { requiredText, stringList } from '~/utils/validation'
import { ROLES } from '../../db/schema'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { regionOptions } from '~/models/case-labels.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('admin.user.metaTitle') }]

const ROLE_LABEL_KEYS: Record<string, string> = { member: 'admin.role.member', moderator: 'admin.role.moderator', staff: 'admin.role.staff', admin: 'admin.role.admin' }
const STATUS_LABEL_KEYS: Record<string, string> = { pending: 'admin.userStatus.pending', active: 'admin.userStatus.active', suspended: 'admin.userStatus.suspended', rejected: 'admin.userStatus.rejected' }

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
	const locale = resolveLocale(request, viewer)
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
		regions: await regionOptions(locale),
		roles: assignableRoles(viewer),
		isSelf: viewer.id === user.id,
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:users')
	const t = requestT(request, viewer)
	const userId = params.userId ?? ''
	const target = await userWithRegions(userId)
	if (!target) throw new Response('Not found', { status: 404 })
	const actor = { id: viewer.id, role: viewer.role, ip: clientIp(context) }
	const formData = await readForm(request)
	const intent = formData.get('intent')
	const back = `/admin/users/${userId}`

	if (intent === 'approve' || intent === 'access') {
		const known = new Set((await listRegions()).map((r) => r.slug))
		const allowedRoles = assignableRoles(viewer)
		const submission = parseWithZod(formData, {
			schema: accessSchema.superRefine((v, ctx) => {
				if (!allowedRoles.includes(v.role as never)) ctx.addIssue({ code: 'custom', path: ['role'], message: t('admin.access.roleNotAllowed') })
				if (v.regions.some((r) => !known.has(r))) ctx.addIssue({ code: 'custom', path: ['regions'], message: t('admin.access.unknownRegion') })
				if (v.role !== 'staff' && v.role !== 'admin' && v.regions.length === 0)
					ctx.addIssue({ code: 'custom', path: ['regions'], message: t('admin.access.regionNeeded') })
			}),
		})
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		const access = { role: submission.value.role as (typeof ROLES)[number], regions: submission.value.regions }
		if (intent === 'approve') {
			const approved = await approveUser(actor, userId, access, originOf(request))
			if (!approved) return data({ result: submission.reply({ formErrors: [t('admin.user.alreadyDecided')] }) }, { status: 409 })
			if (approved === 'approved-unmailed') return redirectWithFlash(back, { kind: 'error', message: t('admin.user.approvedUnmailed', { name: target.name }) })
			return redirectWithFlash(back, { kind: 'success', message: t('admin.user.approved', { name: target.name }) })
		}
		if (viewer.id === userId && access.role !== 'admin')
			return data({ result: submission.reply({ formErrors: [t('admin.user.ownAdmin')] }) }, { status: 400 })
		await updateUserAccess(actor, userId, access)
		return redirectWithFlash(back, { kind: 'success', message: t('admin.user.accessSaved') })
	}
	if (intent === 'reject') {
		const submission = parseWithZod(formData, { schema: rejectSchema })
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		const ok = await rejectUser(actor, userId, submission.value.reason)
		if (!ok) return data({ result: submission.reply({ formErrors: [t('admin.user.alreadyDecided')] }) }, { status: 409 })
		return redirectWithFlash('/admin/users?status=pending', { kind: 'info', message: t('admin.user.rejected', { name: target.name }) })
	}
	if (intent === 'suspend' || intent === 'reinstate') {
		if (viewer.id === userId) return data({ result: { status: 'error' as const, error: { '': [t('admin.user.suspendSelf')] } } }, { status: 400 })
		await setSuspended(actor, userId, intent === 'suspend')
		return redirectWithFlash(back, { kind: 'success', message: intent === 'suspend' ? t('admin.user.suspended') : t('admin.user.reinstated') })
	}
	if (intent === 'reset-two-factor') {
		if (viewer.id === userId) return data({ result: { status: 'error' as const, error: { '': [t('admin.user.ownTwoFactor')] } } }, { status: 400 })
		const removed = await removeSecondFactor(actor, userId)
		return redirectWithFlash(back, {
			kind: 'success',
			message: removed ? t('admin.user.twoFactorReset') : t('admin.user.noTwoFactor'),
		})
	}
	return data({ result: { status: 'error' as const, error: { '': [t('admin.user.unknownAction')] } } }, { status: 400 })
}

export default function AdminUser() {
	const { user, regions, roles, isSelf } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | null>
	// Errors about a field this page no longer shows (a form sent from a stale page, or forged) go to the alert.
	const showsAccess = user.status === 'pending' || user.status === 'active' || user.status === 'suspended'
	const showsReject = user.status === 'pending'
	const shown = new Set(['', ...(showsAccess ? ['role', 'regions'] : []), ...(showsReject ? ['reason'] : [])])
	const formErrors = [...(errors[''] ?? []), ...Object.entries(errors).flatMap(([field, messages]) => (shown.has(field) ? [] : (messages ?? [])))]
	const t = useT()
	const tr = useTranslateError()
	const label = (keys: Record<string, string>, value: string) => (keys[value] ? t(keys[value]) : value)
	return (
		<>
			<h1>{user.name}</h1>
			{formErrors.length ? <p className="form-error" role="alert">{formErrors.map(tr).join(' ')}</p> : null}
			<section className="panel">
				<dl className="fields">
					<dt>{t('admin.user.email')}</dt>
					<dd>{user.email}</dd>
					<dt>{t('admin.user.organisation')}</dt>
					<dd>{user.organisation}</dd>
					<dt>{t('admin.user.jobTitle')}</dt>
					<dd>{user.jobTitle || '—'}</dd>
					<dt>{t('admin.user.country')}</dt>
					<dd>{user.country}</dd>
					<dt>{t('admin.user.status')}</dt>
					<dd>{label(STATUS_LABEL_KEYS, user.status)}</dd>
					<dt>{t('admin.user.since')}</dt>
					<dd>
						<LocalTime value={user.createdAt} />
					</dd>
					{user.reason ? (
						<>
							<dt>{t('admin.user.reason')}</dt>
							<dd className="prewrap">{user.reason}</dd>
						</>
					) : null}
					{user.decisionReason ? (
						<>
							<dt>{t('admin.user.decisionNote')}</dt>
							<dd>{user.decisionReason}</dd>
						</>
					) : null}
				</dl>
			</section>

			{showsAccess ? (
				<section className="panel narrow">
					<h2>{user.status === 'pending' ? t('admin.user.approve') : t('admin.user.access')}</h2>
					<Form method="post">
						<input type="hidden" name="intent" value={user.status === 'pending' ? 'approve' : 'access'} />
						<SelectField label={t('admin.user.role')} name="role" defaultValue={user.role} options={roles.map((r) => ({ value: r, label: label(ROLE_LABEL_KEYS, r) }))} errors={errors.role} />
						<CheckboxGroup
							legend={t('admin.user.regions')}
							name="regions"
							options={regions}
							defaultChecked={user.status === 'pending' ? user.requestedRegions : user.regions}
							errors={errors.regions}
						/>
						<button type="submit">{user.status === 'pending' ? t('admin.user.approveSubmit') : t('admin.user.accessSubmit')}</button>
					</Form>
				</section>
			) : null}

			{showsReject ? (
				<section className="panel narrow">
					<h2>{t('admin.user.reject')}</h2>
					<Form method="post">
						<input type="hidden" name="intent" value="reject" />
						<TextareaField label={t('admin.user.rejectReason')} name="reason" errors={errors.reason} />
						<button type="submit" className="danger">
							{t('admin.user.rejectSubmit')}
						</button>
					</Form>
				</section>
			) : null}

			{!isSelf && (user.status === 'active' || user.status === 'suspended') ? (
				<section className="panel narrow">
					<h2>{user.status === 'active' ? t('admin.user.suspend') : t('admin.user.reinstate')}</h2>
					<Form method="post">
						<input type="hidden" name="intent" value={user.status === 'active' ? 'suspend' : 'reinstate'} />
						<button type="submit" className={user.status === 'active' ? 'danger' : ''}>
							{user.status === 'active' ? t('admin.user.suspendSubmit') : t('admin.user.reinstateSubmit')}
						</button>
					</Form>
				</section>
			) : null}

			{!isSelf && user.twoFactorEnabled ? (
				<section className="panel narrow">
					<h2>{t('admin.user.twoFactor')}</h2>
					<p>{t('admin.user.twoFactorText')}</p>
					<Form method="post">
						<input type="hidden" name="intent" value="reset-two-factor" />
						<button type="submit" className="danger">
							{t('admin.user.twoFactorSubmit')}
						</button>
					</Form>
				</section>
			) : null}
		</>
	)
}
