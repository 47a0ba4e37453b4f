import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { reportQueue, resolveReport } from '~/models/messages.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('admin.reports.metaTitle') }]

/**
 * Staff see a reported message and the two before it — nothing else of the conversation or
 * the inboxes. Opening this page writes one audit entry per report shown.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const staff = requirePermission(context, request, 'review:message-reports')
	const reports = await reportQueue(staff, clientIp(context))
	return {
		reports: reports.map((r) => ({
			...r,
			reportedAt: new Date(r.reportedAt * 1000).toISOString(),
			messages: r.messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt * 1000).toISOString() })),
		})),
	}
}

const schema = z.object({
	reportId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	resolution: z.enum(['dismissed', 'actioned'], { error: 'Choose dismiss or actioned.' }),
	note: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
})

export async function action({ request, context }: ActionFunctionArgs) {
	const staff = requirePermission(context, request, 'review:message-reports')
	const parsed = schema.safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	if (!(await resolveReport(staff, parsed.data.reportId, parsed.data.resolution, parsed.data.note, clientIp(context)))) throw new Response('Not found', { status: 404 })
	return redirectWithFlash('/admin/reports', { kind: 'success', message: requestT(request, staff)('admin.reports.closed') })
}

export default function Reports() {
	const { reports } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	return (
		<>
			<h1>{t('admin.reports.heading')}</h1>
			<p className="muted">{t('admin.reports.lead')}</p>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{tr(actionData.error)}
				</p>
			) : null}
			{reports.length === 0 ? (
				<p className="panel">{t('admin.reports.empty')}</p>
			) : (
				<ul className="queue">
					{reports.map((r) => (
						<li key={r.id} className="panel">
							<p>
								{t('admin.reports.reported', { reporter: r.reporter, author: r.author, reason: r.reason, b: (chunks) => <strong>{chunks}</strong> })}
							</p>
							<ol className="messages">
								{r.messages.map((m) => (
									<li key={m.id} className={m.reported ? 'reported' : 'muted'}>
										<p className="muted">
											{m.author} · <LocalTime value={m.createdAt} /> {m.reported ? <span className="badge badge-warn">{t('admin.reports.badge')}</span> : null}
										</p>
										<div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
									</li>
								))}
							</ol>
							<Form method="post" className="inline-form">
								<input type="hidden" name="reportId" value={r.id} />
								<label htmlFor={`note-${r.id}`}>{t('admin.reports.note')}</label>
								<input id={`note-${r.id}`} name="note" maxLength={1000} />
								<button type="submit" name="resolution" value="actioned">
									{t('admin.reports.actioned')}
								</button>
								<button type="submit" name="resolution" value="dismissed" className="secondary">
									{t('admin.reports.dismiss')}
								</button>
							</Form>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
