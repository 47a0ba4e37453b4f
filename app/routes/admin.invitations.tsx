import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { CheckboxGroup, Field, SelectField } from '~/components/forms'
import { inviteUser, recentInvitations } from '~/models/accounts.server'
import { listRegions } from '~/models/regions.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { assignableRoles, requirePermission } from '~/utils/permissions.server'
import { clientIp, originOf, readForm } from '~/utils/request.server'
import { nowSeconds } from '~/utils/time'
import { emailField, stringList } from '~/utils/validation'
import type { Role } from '../../db/schema'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { LOCALE_CODES, LOCALES, type Locale } from '~/i18n/locales'
import { regionOptions } from '~/models/case-labels.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('admin.invitations.metaTitle') }]

const ROLE_LABEL_KEYS: Record<string, string> = { member: 'admin.role.member', moderator: 'admin.role.moderator', staff: 'admin.role.staff', admin: 'admin.role.admin' }
const STATE_LABEL_KEYS = { accepted: 'admin.invitations.state.accepted', expired: 'admin.invitations.state.expired', open: 'admin.invitations.state.open' } as const

const schema = z.object({
	email: emailField,
	role: z.string({ error: 'Choose a role.' }),
	regions: stringList,
	// The invitation email's language (the invitee has no profile yet to say it); English if not given.
	language: z.enum(LOCALE_CODES as [Locale, ...Locale[]], { error: 'Choose one of the portal’s languages.' }).optional(),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:invite')
	const [invitations, regions] = await Promise.all([recentInvitations(), listRegions()])
	const now = nowSeconds()
	const locale = resolveLocale(request, viewer)
	return {
		roles: assignableRoles(viewer),
		language: locale,
		regions: await regionOptions(locale),
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			role: i.role,
			inviter: i.inviter_name,
			state: i.accepted_at ? ('accepted' as const) : i.expires_at <= now ? ('expired' as const) : ('open' as const),
			sent: new Date(i.created_at * 1000).toISOString().slice(0, 10),
		})),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:invite')
	const t = requestT(request, viewer)
	const roles = assignableRoles(viewer)
	const known = new Set((await listRegions()).map((r) => r.slug))
	const submission = parseWithZod(await readForm(request), {
		schema: schema.superRefine((v, ctx) => {
			if (!roles.includes(v.role as Role)) ctx.addIssue({ code: 'custom', path: ['role'], message: t('admin.access.roleNotAllowed') })
			if (v.regions.some((r) => !known.has(r))) ctx.addIssue({ code: 'custom', path: ['regions'], message: t('admin.access.unknownRegion') })
			if ((v.role === 'member' || v.role === 'moderator') && v.regions.length === 0)
				ctx.addIssue({ code: 'custom', path: ['regions'], message: t('admin.access.regionNeeded') })
		}),
	})
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await inviteUser(
		{ id: viewer.id, role: viewer.role, ip: clientIp(context) },
		{ email: submission.value.email, role: submission.value.role as Role, regions: submission.value.regions, language: submission.value.language },
		originOf(request),
	)
	if (outcome === 'exists') return data({ result: submission.reply({ fieldErrors: { email: [t('admin.invitations.exists')] } }) }, { status: 400 })
	if (outcome === 'mail-failed') return data({ result: submission.reply({ formErrors: [t('admin.invitations.mailFailed', { email: submission.value.email })] }) }, { status: 503 })
	return redirectWithFlash('/admin/invitations', { kind: 'success', message: t('admin.invitations.sent', { email: submission.value.email }) })
}

export default function Invitations() {
	const { roles, regions, invitations, language } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | null>
	const t = useT()
	const roleLabel = (role: string) => (ROLE_LABEL_KEYS[role] ? t(ROLE_LABEL_KEYS[role]) : role)
	return (
		<>
			<h1>{t('admin.invitations.heading')}</h1>
			<section className="panel narrow">
				<h2>{t('admin.invitations.invite')}</h2>
				<Form method="post">
					<Field label={t('admin.invitations.email')} name="email" type="email" defaultValue={(actionData?.result?.initialValue?.email as string) ?? ''} errors={errors.email} />
					<SelectField label={t('admin.invitations.role')} name="role" defaultValue="member" options={roles.map((r) => ({ value: r, label: roleLabel(r) }))} errors={errors.role} />
					<CheckboxGroup legend={t('admin.invitations.regions')} name="regions" options={regions} errors={errors.regions} />
					<SelectField label={t('admin.invitations.language')} name="language" defaultValue={language} options={LOCALES.map((l) => ({ value: l.code, label: l.name }))} errors={errors.language} />
					<button type="submit">{t('admin.invitations.send')}</button>
				</Form>
			</section>
			<h2>{t('admin.invitations.recent')}</h2>
			{invitations.length === 0 ? (
				<p>{t('admin.invitations.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('admin.invitations.email')}</th>
								<th scope="col">{t('admin.invitations.role')}</th>
								<th scope="col">{t('admin.invitations.invitedBy')}</th>
								<th scope="col">{t('admin.invitations.sentColumn')}</th>
								<th scope="col">{t('admin.invitations.stateColumn')}</th>
							</tr>
						</thead>
						<tbody>
							{invitations.map((i) => (
								<tr key={i.id}>
									<td>{i.email}</td>
									<td>{roleLabel(i.role)}</td>
									<td>{i.inviter ?? '—'}</td>
									<td>
										<LocalTime value={i.sent} />
									</td>
									<td>{t(STATE_LABEL_KEYS[i.state])}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}
