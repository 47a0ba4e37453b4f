import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { AttachmentList, AttachmentPicker } from '~/components/attachments'
import { TextareaField } from '~/components/forms'
import { Pagination } from '~/components/pagination'
import { ACCEPT_ATTRIBUTE, checkUploads, readUploadForm } from '~/models/attachments.server'
import { messageSchema } from '~/models/message-forms'
import { conversationForViewer, leaveConversation, markConversationRead, messagesOf, participantsOf, postMessage, reportMessage, setBlocked } from '~/models/messages.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('people.conversation.metaTitle', { subject: data?.subject ?? t('people.conversation.conversation') }) }]
}

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const notFound = () => new Response('Not found', { status: 404 })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.conversationId)
	// Participants only: anyone else (staff and admins included) gets the same 404 as for a missing id.
	const conversation = id.success ? await conversationForViewer(viewer, id.data) : null
	if (!conversation) throw notFound()
	const url = new URL(request.url)
	const asked = z.coerce.number().int().min(1).max(100_000).catch(1).parse(url.searchParams.get('page') ?? 1)
	let found = await messagesOf(viewer, conversation.id, asked)
	// Past the end (messages were removed or blocked): show the last page instead.
	if (asked > found.pages) found = await messagesOf(viewer, conversation.id, found.pages)
	const { messages, pages } = found
	const page = Math.min(asked, pages)
	const last = messages.at(-1)
	if (last && page === 1) await markConversationRead(viewer, conversation.id, last.id)
	const participants = await participantsOf(conversation.id)
	return {
		id: conversation.id,
		subject: conversation.subject,
		page,
		pages,
		accept: ACCEPT_ATTRIBUTE,
		participants: participants.map((p) => ({ id: p.id, name: p.name, handle: p.handle, left: !!p.left_at, me: p.id === viewer.id })),
		messages: messages.map((m) => ({ ...m, mine: m.authorId === viewer.id, created: new Date(m.createdAt * 1000).toISOString() })),
	}
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('leave') }),
	z.object({ intent: z.enum(['block', 'unblock']), userId: z.string().min(1).max(100) }),
	z.object({
		intent: z.literal('report'),
		messageId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
		reason: z.string({ error: 'Say what is wrong with this message.' }).trim().min(3, 'Say what is wrong with this message (at least 3 characters).').max(1000, 'At most 1,000 characters.'),
	}),
])

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.conversationId)
	if (!id.success || !(await conversationForViewer(viewer, id.data))) throw notFound()
	const { formData, uploads, uploadErrors } = await readUploadForm(request)
	const intent = formData.get('intent')
	const t = requestT(request, viewer)
	if (intent && intent !== 'send') {
		const parsed = intentSchema.safeParse(Object.fromEntries(formData))
		if (!parsed.success) return data({ result: undefined, fileErrors: null, intentError: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 })
		const input = parsed.data
		if (input.intent === 'leave') {
			await leaveConversation(viewer, id.data)
			return redirectWithFlash('/messages', { kind: 'success', message: t('people.conversation.left') })
		}
		if (input.intent !== 'report') {
			if (!(await setBlocked(viewer, input.userId, input.intent === 'block'))) throw notFound()
			return redirectWithFlash(`/messages/${id.data}`, {
				kind: 'success',
				message: input.intent === 'block' ? t('people.conversation.blocked') : t('people.conversation.unblocked'),
			})
		}
		const outcome = await reportMessage(viewer, input.messageId, input.reason)
		if (outcome === 'not-found') throw notFound()
		if (outcome === 'own') return data({ result: undefined, fileErrors: null, intentError: t('people.conversation.reportOwn') }, { status: 400 })
		return redirectWithFlash(`/messages/${id.data}`, { kind: 'success', message: t('people.conversation.reported') })
	}
	const submission = parseWithZod(formData, { schema: messageSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), fileErrors: null, intentError: null }, { status: 400 })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	if (fileErrors.length) return data({ result: submission.reply(), fileErrors: [...fileErrors, t('people.conversation.filesAgain')], intentError: null }, { status: 400 })
	const outcome = await postMessage(viewer, id.data, submission.value.body, checked.ok)
	if (outcome.kind === 'not-found') throw notFound()
	if (outcome.kind === 'rate-limited')
		return data({ result: submission.reply({ formErrors: [t('people.conversation.rateLimited')] }), fileErrors: null, intentError: null }, { status: 429 })
	return redirect(`/messages/${id.data}#message-${outcome.messageId}`)
}

export default function Conversation() {
	const { subject, participants, messages, page, pages, accept } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const others = participants.filter((p) => !p.me)
	const t = useT()
	const tr = useTranslateError()
	return (
		<>
			<p>
				<Link to="/messages">{t('people.conversation.back')}</Link>
			</p>
			<div className="page-heading">
				<h1>{subject}</h1>
				<Form method="post">
					<input type="hidden" name="intent" value="leave" />
					<button type="submit" className="secondary">
						{t('people.conversation.leave')}
					</button>
				</Form>
			</div>
			<section className="panel" aria-labelledby="participants-heading">
				<h2 id="participants-heading" className="h3">
					{t('people.conversation.participants')}
				</h2>
				<ul className="participants">
					{others.map((p) => (
						<li key={p.id}>
							{p.handle ? <Link to={`/people/${p.handle}`}>{p.name}</Link> : p.name}
							{p.left ? <span className="muted"> {t('people.conversation.leftBadge')}</span> : null}{' '}
							<Form method="post" className="inline-form">
								<input type="hidden" name="intent" value="block" />
								<input type="hidden" name="userId" value={p.id} />
								<button type="submit" className="link-button">
									{t('people.conversation.block', { name: p.name })}
								</button>
							</Form>
						</li>
					))}
				</ul>
			</section>
			{actionData?.intentError ? (
				<p className="form-error" role="alert">
					{tr(actionData.intentError)}
				</p>
			) : null}
			<Pagination page={page} pages={pages} hrefFor={(p) => `?page=${p}`} label={t('people.conversation.pagination')} />
			<ol className="messages">
				{messages.map((m) => (
					<li key={m.id} id={`message-${m.id}`} className={`panel message${m.mine ? ' mine' : ''}`}>
						<p className="muted">
							<strong>{m.author}</strong> · <LocalTime value={m.created} />
						</p>
						<div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
						<AttachmentList attachments={m.attachments} />
						{!m.mine ? (
							<details>
								<summary>{t('people.conversation.report')}</summary>
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="report" />
									<input type="hidden" name="messageId" value={m.id} />
									<label htmlFor={`report-${m.id}`}>{t('people.conversation.reportReason')}</label>
									<input id={`report-${m.id}`} name="reason" required minLength={3} maxLength={1000} />
									<button type="submit">{t('people.conversation.reportSubmit')}</button>
								</Form>
							</details>
						) : null}
					</li>
				))}
			</ol>
			<ReplyForm accept={accept} />
		</>
	)
}

function ReplyForm({ accept }: { accept: string }) {
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'message-reply',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: messageSchema }),
		shouldValidate: 'onSubmit',
	})
	return (
		<Form method="post" encType="multipart/form-data" className="panel" {...getFormProps(form)}>
			<h2 id="reply">{t('people.conversation.reply')}</h2>
			{form.errors?.length ? (
				<p className="form-error" role="alert">
					{form.errors.map(tr).join(' ')}
				</p>
			) : null}
			<TextareaField label={t('people.conversation.body')} rows={5} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
			<AttachmentPicker accept={accept} errors={actionData?.fileErrors ?? undefined} />
			<button type="submit" name="intent" value="send">
				{t('people.conversation.send')}
			</button>
		</Form>
	)
}
