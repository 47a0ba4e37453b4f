import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { ErrorList } from '~/components/forms'
import { Pagination } from '~/components/pagination'
import { auditLogPage } from '~/models/audit-log.server'
import { requirePermission } from '~/utils/permissions.server'
import { isCalendarDate } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('admin.audit.metaTitle') }]

/** The filters, with their messages in the reader's language. */
function filterSchemaFor(t: ReturnType<typeof requestT>) {
	const day = z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, t('admin.audit.badDate'))
		.refine(isCalendarDate, t('admin.audit.badDate'))
		.optional()
	return z.object({
		action: z
			.string()
			.regex(/^[a-z0-9_.]{1,80}$/, t('admin.audit.badAction'))
			.optional(),
		actor: z.email(t('admin.audit.badActor')).max(254).optional(),
		object: z.string().max(200, t('admin.audit.objectTooLong')).optional(),
		ip: z
			.string()
			.regex(/^[0-9a-fA-F:.]{1,64}$/, t('admin.audit.badIp'))
			.optional(),
		from: day,
		to: day,
		page: z.coerce.number({ error: t('admin.audit.pageNumber') }).int(t('admin.audit.pageWhole')).min(1, t('admin.audit.pageMin')).max(100_000).default(1),
	})
}

type FieldErrors = Partial<Record<keyof z.infer<ReturnType<typeof filterSchemaFor>>, string[]>>

const TEXT_FILTERS = [
	['actor', 'admin.audit.actorLabel', 'email'],
	['object', 'admin.audit.objectLabel', 'text'],
	['ip', 'admin.audit.ipLabel', 'text'],
	['from', 'admin.audit.fromLabel', 'date'],
	['to', 'admin.audit.toLabel', 'date'],
] as const

/** Who did what, when, from where, to which object: filterable, read-only (the table refuses rewrites). */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'read:audit')
	const url = new URL(request.url)
	const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
	const parsed = filterSchemaFor(requestT(request, viewer)).safeParse(raw)
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
	const t = useT()
	const families = log ? [...new Set(log.actions.map((a) => `${a.split('.')[0]}.`))] : []
	const hrefFor = (p: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(form).filter(([, v]) => v)), page: String(p) })}`
	return (
		<>
			<p>
				<Link to="/admin">{t('admin.audit.back')}</Link>
			</p>
			<h1>{t('admin.audit.heading')}</h1>
			<p className="muted">{t('admin.audit.lead')}</p>
			<Form method="get" className="panel filters" aria-label={t('admin.audit.filterLabel')}>
				<div className="grid">
					<p>
						<label htmlFor="audit-action">{t('admin.audit.actionLabel')}</label>
						<select id="audit-action" name="action" defaultValue={form.action} aria-invalid={errors.action ? true : undefined} aria-describedby={errors.action ? 'audit-action-error' : undefined}>
							<option value="">{t('admin.audit.anyAction')}</option>
							{families.map((f) => (
								<option key={f} value={f}>
									{t('admin.audit.family', { family: f })}
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
					{TEXT_FILTERS.map(([name, label, type]) => (
						<p key={name}>
							<label htmlFor={`audit-${name}`}>{t(label)}</label>
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
					<button type="submit">{t('admin.audit.filter')}</button>
					<Link to="/admin/audit">{t('admin.audit.clear')}</Link>
				</div>
			</Form>
			{log ? (
				<>
					<p aria-live="polite">{t('admin.audit.count', { count: log.total })}</p>
					{log.entries.length ? (
						<div className="table-wrap">
							<table>
								<thead>
									<tr>
										<th scope="col">{t('admin.audit.when')}</th>
										<th scope="col">{t('admin.audit.action')}</th>
										<th scope="col">{t('admin.audit.actor')}</th>
										<th scope="col">{t('admin.audit.object')}</th>
										<th scope="col">{t('admin.audit.ip')}</th>
										<th scope="col">{t('admin.audit.detail')}</th>
									</tr>
								</thead>
								<tbody>
									{log.entries.map((e) => (
										<tr key={e.id}>
											<td>{e.at.slice(0, 19).replace('T', ' ')}</td>
											<td>
												<code>{e.action}</code>
											</td>
											<td>{e.actor ? (e.actor.email ? <Link to={`/admin/users/${e.actor.id}`}>{e.actor.email}</Link> : e.actor.id) : t('admin.audit.system')}</td>
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
						<p className="panel">{t('admin.audit.empty')}</p>
					)}
					<Pagination page={page} pages={log.pages} hrefFor={hrefFor} label={t('admin.audit.pages')} />
				</>
			) : null}
		</>
	)
}
