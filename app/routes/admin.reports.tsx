import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { reportQueue, resolveReport } from '~/models/messages.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Reported messages — Administration' }]

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
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	if (!(await resolveReport(staff, parsed.data.reportId, parsed.data.resolution, parsed.data.note, clientIp(context)))) throw new Response('Not found', { status: 404 })
	return redirectWithFlash('/admin/reports', { kind: 'success', message: 'Report closed.' })
}

export default function Reports() {
	const { reports } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<h1>Reported messages</h1>
			<p className="muted">Each report shows the reported message and the two messages before it. Your viewing is recorded in the audit log.</p>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}
				</p>
			) : null}
			{reports.length === 0 ? (
				<p className="panel">No open report.</p>
			) : (
				<ul className="queue">
					{reports.map((r) => (
						<li key={r.id} className="panel">
							<p>
								<strong>{r.reporter}</strong> reported a message by <strong>{r.author}</strong>: “{r.reason}”
							</p>
							<ol className="messages">
								{r.messages.map((m) => (
									<li key={m.id} className={m.reported ? 'reported' : 'muted'}>
										<p className="muted">
											{m.author} · {m.createdAt.slice(0, 16).replace('T', ' ')} UTC {m.reported ? <span className="badge badge-warn">reported</span> : null}
										</p>
										<div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
									</li>
								))}
							</ol>
							<Form method="post" className="inline-form">
								<input type="hidden" name="reportId" value={r.id} />
								<label htmlFor={`note-${r.id}`}>Note</label>
								<input id={`note-${r.id}`} name="note" maxLength={1000} />
								<button type="submit" name="resolution" value="actioned">
									Action taken
								</button>
								<button type="submit" name="resolution" value="dismissed" className="secondary">
									Dismiss
								</button>
							</Form>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
