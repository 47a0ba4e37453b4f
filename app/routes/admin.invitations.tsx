import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CheckboxGroup, Field, SelectField } from '~/components/forms'
import { inviteUser, recentInvitations } from '~/models/accounts.server'
import { listRegions } from '~/models/regions.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { assignableRoles, requirePermission } from '~/utils/permissions.server'
import { clientIp, originOf } from '~/utils/request.server'
import { nowSeconds } from '~/utils/time'
import { emailField, stringList } from '~/utils/validation'
import type { Role } from '../../db/schema'

export const meta: MetaFunction = () => [{ title: 'Invitations — Administration' }]

const schema = z.object({
	email: emailField,
	role: z.string({ error: 'Choose a role.' }),
	regions: stringList,
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:invite')
	const [invitations, regions] = await Promise.all([recentInvitations(), listRegions()])
	const now = nowSeconds()
	return {
		roles: assignableRoles(viewer),
		regions: regions.map((r) => ({ value: r.slug, label: r.name })),
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			role: i.role,
			inviter: i.inviter_name,
			state: i.accepted_at ? 'accepted' : i.expires_at <= now ? 'expired' : 'open',
			sent: new Date(i.created_at * 1000).toISOString().slice(0, 10),
		})),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'admin:invite')
	const roles = assignableRoles(viewer)
	const known = new Set((await listRegions()).map((r) => r.slug))
	const submission = parseWithZod(await request.formData(), {
		schema: schema.superRefine((v, ctx) => {
			if (!roles.includes(v.role as Role)) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose a role you may assign.' })
			if (v.regions.some((r) => !known.has(r))) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'Choose regions from the list.' })
			if ((v.role === 'member' || v.role === 'moderator') && v.regions.length === 0)
				ctx.addIssue({ code: 'custom', path: ['regions'], message: 'Members and moderators need at least one region.' })
		}),
	})
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await inviteUser(
		{ id: viewer.id, role: viewer.role, ip: clientIp(context) },
		{ email: submission.value.email, role: submission.value.role as Role, regions: submission.value.regions },
		originOf(request),
	)
	if (outcome === 'exists') return data({ result: submission.reply({ fieldErrors: { email: ['This person already has an account.'] } }) }, { status: 400 })
	return redirectWithFlash('/admin/invitations', { kind: 'success', message: `Invitation sent to ${submission.value.email}.` })
}

export default function Invitations() {
	const { roles, regions, invitations } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | null>
	return (
		<>
			<h1>Invitations</h1>
			<section className="panel narrow">
				<h2>Invite someone</h2>
				<Form method="post">
					<Field label="Email" name="email" type="email" defaultValue={(actionData?.result?.initialValue?.email as string) ?? ''} errors={errors.email} />
					<SelectField label="Role" name="role" defaultValue="member" options={roles.map((r) => ({ value: r, label: r }))} errors={errors.role} />
					<CheckboxGroup legend="Regions" name="regions" options={regions} errors={errors.regions} />
					<button type="submit">Send invitation</button>
				</Form>
			</section>
			<h2>Recent invitations</h2>
			{invitations.length === 0 ? (
				<p>None yet.</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Email</th>
								<th scope="col">Role</th>
								<th scope="col">Invited by</th>
								<th scope="col">Sent</th>
								<th scope="col">State</th>
							</tr>
						</thead>
						<tbody>
							{invitations.map((i) => (
								<tr key={i.id}>
									<td>{i.email}</td>
									<td>{i.role}</td>
									<td>{i.inviter ?? '—'}</td>
									<td>{i.sent}</td>
									<td>{i.state}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}
