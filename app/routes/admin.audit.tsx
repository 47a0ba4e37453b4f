import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList } from '~/components/forms'
import { Pagination } from '~/components/pagination'
import { auditLogPage } from '~/models/audit-log.server'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Audit log — Administration' }]

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.')
	.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Use a date like 2026-11-24.')
	.optional()

const filterSchema = z.object({
	action: z
		.string()
		.regex(/^[a-z0-9_.]{1,80}$/, 'Choose an action from the list.')
		.optional(),
	actor: z.email('Enter an account email.').max(254).optional(),
	object: z.string().max(200, 'At most 200 characters.').optional(),
	ip: z
		.string()
		.regex(/^[0-9a-fA-F:.]{1,64}$/, 'Enter an IP address.')
		.optional(),
	from: day,
	to: day,
	page: z.coerce.number({ error: 'A page is a number.' }).int('A page is a whole number.').min(1, 'Pages start at 1.').max(100_000).default(1),
})

type FieldErrors = Partial<Record<keyof z.infer<typeof filterSchema>, string[]>>

/** Who did what, when, from where, to which object: filterable, read-only (the table refuses rewrites). */
export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'read:audit')
	const url = new URL(request.url)
	const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
	const parsed = filterSchema.safeParse(raw)
	const form = { action: raw.action ?? '', actor: raw.actor ?? '', object: raw.object ?? '', ip: raw.ip ?? '', from: raw.from ?? '', to: raw.to ?? '' }
	if (!parsed.success) {
		const errors: FieldErrors = {}
		for (const issue of parsed.error.issues) {
			const list = (errors[issue.path[0] as keyof FieldErrors] ??= [])
			if (!list.includes(issue.message)) list.push(issue.message)
		}
		return data({ form, errors, log: null, page: 1 }, { status: 400 })
	}
	const f = parsed.data
	const seconds = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000
	const log = await auditLogPage({
		action: f.action,
		actor: f.actor,
		object: f.object,
		ip: f.ip,
		from: f.from ? seconds(f.from) : undefined,
		// "To" is inclusive of that whole day.
		to: f.to ? seconds(f.to) + 86_400 : undefined,
		page: f.page,
	})
	return { form, errors: {} as FieldErrors, log: { ...log, entries: log.entries.map((e) => ({ ...e, at: new Date(e.at * 1000).toISOString() })) }, page: f.page }
}

export default function AuditLog() {
	const { form, errors, log, page } = useLoaderData<typeof loader>()
	const families = log ? [...new Set(log.actions.map((a) => `${a.split('.')[0]}.`))] : []
	const hrefFor = (p: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(form).filter(([, v]) => v)), page: String(p) })}`
	return (
		<>
			<p>
				<Link to="/admin">Administration</Link>
			</p>
			<h1>Audit log</h1>
			<p className="muted">Sign-ins, account and role changes, approvals, publications, moderation, exports and API tokens. Entries cannot be changed or deleted.</p>
			<Form method="get" className="panel filters" aria-label="Filter the audit log">
				<div className="grid">
					<p>
						<label htmlFor="audit-action">Action</label>
						<select id="audit-action" name="action" defaultValue={form.action} aria-invalid={errors.action ? true : undefined} aria-describedby={errors.action ? 'audit-action-error' : undefined}>
							<option value="">Any</option>
							{families.map((f) => (
								<option key={f} value={f}>
									{f}* (all)
								</option>
							))}
							{log?.actions.map((a) => (
								<option key={a} value={a}>
									{a}
								</option>
							))}
						</select>
						<ErrorList id="audit-action-error" errors={errors.action} />
					</p>
					{(
						[
							['actor', 'Actor (account email)', 'email'],
							['object', 'Object id', 'text'],
							['ip', 'IP address', 'text'],
							['from', 'From (UTC day)', 'date'],
							['to', 'To (UTC day)', 'date'],
						] as const
					).map(([name, label, type]) => (
						<p key={name}>
							<label htmlFor={`audit-${name}`}>{label}</label>
							<input
								id={`audit-${name}`}
								name={name}
								type={type}
								defaultValue={form[name]}
								aria-invalid={errors[name] ? true : undefined}
								aria-describedby={errors[name] ? `audit-${name}-error` : undefined}
							/>
							<ErrorList id={`audit-${name}-error`} errors={errors[name]} />
						</p>
					))}
				</div>
				<div className="actions">
					<button type="submit">Filter</button>
					<Link to="/admin/audit">Clear</Link>
				</div>
			</Form>
			{log ? (
				<>
					<p aria-live="polite">
						{log.total} {log.total === 1 ? 'entry' : 'entries'}
					</p>
					{log.entries.length ? (
						<div className="table-wrap">
							<table>
								<thead>
									<tr>
										<th scope="col">When (UTC)</th>
										<th scope="col">Action</th>
										<th scope="col">Actor</th>
										<th scope="col">Object</th>
										<th scope="col">IP</th>
										<th scope="col">Detail</th>
									</tr>
								</thead>
								<tbody>
									{log.entries.map((e) => (
										<tr key={e.id}>
											<td>{e.at.slice(0, 19).replace('T', ' ')}</td>
											<td>
												<code>{e.action}</code>
											</td>
											<td>{e.actor ? (e.actor.email ? <Link to={`/admin/users/${e.actor.id}`}>{e.actor.email}</Link> : e.actor.id) : 'system'}</td>
											<td>
												{e.objectType} {e.objectId}
											</td>
											<td>{e.ip}</td>
											<td className="code">{e.detail}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					) : (
						<p className="panel">No entry matches these filters.</p>
					)}
					<Pagination page={page} pages={log.pages} hrefFor={hrefFor} label="Pages of the audit log" />
				</>
			) : null}
		</>
	)
}
