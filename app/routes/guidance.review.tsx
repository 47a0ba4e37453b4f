import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { publish, returnToDraft, submitForReview, workingCopies } from '~/models/guidance.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Drafts and review — Guidance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	return { me: viewer.name, drafts: (await workingCopies()).map((d) => ({ ...d, updated: new Date(d.updated_at * 1000).toISOString().slice(0, 16).replace('T', ' ') })) }
}

const schema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('submit'), id: z.string().min(1).max(80) }),
	z.object({ intent: z.literal('return'), id: z.string().min(1).max(80) }),
	z.object({ intent: z.literal('publish'), id: z.string().min(1).max(80), change_note: z.string({ error: 'Say what changed.' }).trim().min(3, 'Say what changed (at least 3 characters); readers see it.').max(500, 'At most 500 characters.') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	const input = parsed.data
	if (input.intent === 'submit') {
		const r = await submitForReview(viewer, input.id)
		if (r === 'not-found') throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/guidance/review', { kind: 'success', message: r === 'ok' ? 'Submitted: another staff member can now review and publish it.' : 'Only a draft can be submitted.' })
	}
	if (input.intent === 'return') {
		await returnToDraft(input.id)
		return redirectWithFlash('/guidance/review', { kind: 'success', message: 'Returned to draft.' })
	}
	const r = await publish(viewer, input.id, input.change_note, clientIp(context))
	if (r.kind === 'not-found') throw new Response('Not found', { status: 404 })
	if (r.kind === 'same-person') return data({ error: 'You wrote or submitted this draft: another staff member must review and publish it.' }, { status: 403 })
	if (r.kind === 'not-in-review') return data({ error: 'Submit the draft for review first.' }, { status: 400 })
	return redirectWithFlash(`/guidance/${input.id}`, { kind: 'success', message: `Published as version ${r.version}; followers of its themes are told.` })
}

export default function Review() {
	const { drafts } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<p>
				<Link to="/guidance">Guidance</Link>
			</p>
			<div className="page-heading">
				<h1>Drafts and review</h1>
				<Link to="/guidance/new" className="button">
					New guidance
				</Link>
			</div>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{actionData.error}
				</p>
			) : null}
			{drafts.length === 0 ? (
				<p className="panel">Nothing waiting: every document is published.</p>
			) : (
				<ul className="queue">
					{drafts.map((d) => (
						<li key={d.id} className="panel">
							<h2 className="h3">
								{d.title} <span className="badge">{d.language}</span> <span className="badge">{d.status === 'in_review' ? 'in review' : 'draft'}</span>
							</h2>
							<p className="muted">
								{d.author ? `Written by ${d.author}` : 'Imported'}
								{d.submitter ? `, submitted by ${d.submitter}` : ''} · {d.updated} UTC · <Link to={`/guidance/${d.id}/edit`}>Edit</Link> · <Link to={`/guidance/${d.id}/draft`}>Read the draft</Link>
							</p>
							{d.status === 'draft' ? (
								<Form method="post">
									<input type="hidden" name="id" value={d.id} />
									<button type="submit" name="intent" value="submit">
										Submit for review
									</button>
								</Form>
							) : (
								<Form method="post" className="inline-form">
									<input type="hidden" name="id" value={d.id} />
									<label htmlFor={`note-${d.id}`}>Change note</label>
									<input id={`note-${d.id}`} name="change_note" maxLength={500} />
									<button type="submit" name="intent" value="publish">
										Approve and publish
									</button>
									<button type="submit" name="intent" value="return" className="secondary">
										Return to draft
									</button>
								</Form>
							)}
						</li>
					))}
				</ul>
			)}
		</>
	)
}
