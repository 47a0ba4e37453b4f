import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { publish, returnToDraft, submitForReview, workingCopies } from '~/models/guidance.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.review.metaTitle') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	return { me: viewer.name, drafts: (await workingCopies()).map((d) => ({ ...d, updated: new Date(d.updated_at * 1000).toISOString() })) }
}

const schemaFor = (t: ReturnType<typeof requestT>) =>
	z.discriminatedUnion('intent', [
		z.object({ intent: z.literal('submit'), id: z.string().min(1).max(80) }),
		z.object({ intent: z.literal('return'), id: z.string().min(1).max(80) }),
		z.object({
			intent: z.literal('publish'),
			id: z.string().min(1).max(80),
			seen: z.string().regex(/^[0-9a-f]{16}$/),
			change_note: z.string({ error: t('guidance.review.noteMissing') }).trim().min(3, t('guidance.review.noteShort')).max(500, t('guidance.review.noteLong')),
		}),
	])

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, viewer)
	const parsed = schemaFor(t).safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) return data({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
	const input = parsed.data
	if (input.intent === 'submit') {
		const r = await submitForReview(viewer, input.id)
		if (r === 'not-found') throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/guidance/review', { kind: 'success', message: r === 'ok' ? t('guidance.flash.submitted') : t('guidance.flash.onlyDraft') })
	}
	if (input.intent === 'return') {
		await returnToDraft(input.id)
		return redirectWithFlash('/guidance/review', { kind: 'success', message: t('guidance.flash.returned') })
	}
	const r = await publish(viewer, input.id, input.change_note, clientIp(context), input.seen)
	if (r.kind === 'not-found') throw new Response('Not found', { status: 404 })
	if (r.kind === 'same-person') return data({ error: t('guidance.review.samePerson') }, { status: 403 })
	if (r.kind === 'not-in-review') return data({ error: t('guidance.review.notInReview') }, { status: 400 })
	if (r.kind === 'changed') return data({ error: t('guidance.review.changed') }, { status: 409 })
	return redirectWithFlash(`/guidance/${input.id}`, { kind: 'success', message: t('guidance.flash.published', { version: r.version }) })
}

export default function Review() {
	const { drafts } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	return (
		<>
			<p>
				<Link to="/guidance">{t('guidance.review.back')}</Link>
			</p>
			<div className="page-heading">
				<h1>{t('guidance.review.heading')}</h1>
				<Link to="/guidance/new" className="button">
					{t('guidance.list.newGuidance')}
				</Link>
			</div>
			{actionData?.error ? (
				<p className="form-error" role="alert">
					{tr(actionData.error)}
				</p>
			) : null}
			{drafts.length === 0 ? (
				<p className="panel">{t('guidance.review.empty')}</p>
			) : (
				<ul className="queue">
					{drafts.map((d) => (
						<li key={d.id} className="panel">
							<h2 className="h3">
								{d.title} <span className="badge">{d.language}</span> <span className="badge">{d.status === 'in_review' ? t('guidance.review.inReview') : t('guidance.review.draft')}</span>
							</h2>
							<p className="muted">
								{d.author ? t('guidance.review.writtenBy', { name: d.author }) : t('guidance.review.imported')}
								{d.submitter ? t('guidance.review.submittedBy', { name: d.submitter }) : ''} · <LocalTime value={d.updated} /> · <Link to={`/guidance/${d.id}/edit`}>{t('guidance.review.edit')}</Link> ·{' '}
								<Link to={`/guidance/${d.id}/draft`}>{t('guidance.review.read')}</Link>
							</p>
							{d.status === 'draft' ? (
								<Form method="post">
									<input type="hidden" name="id" value={d.id} />
									<button type="submit" name="intent" value="submit">
										{t('guidance.review.submit')}
									</button>
								</Form>
							) : (
								<Form method="post" className="inline-form">
									<input type="hidden" name="id" value={d.id} />
									{/* The text the reviewer was shown: publishing refuses a draft edited since. */}
									<input type="hidden" name="seen" value={d.fingerprint} />
									<label htmlFor={`note-${d.id}`}>{t('guidance.review.changeNote')}</label>
									<input id={`note-${d.id}`} name="change_note" maxLength={500} />
									<button type="submit" name="intent" value="publish">
										{t('guidance.review.publish')}
									</button>
									<button type="submit" name="intent" value="return" className="secondary">
										{t('guidance.review.return')}
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
