import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentPicker } from '~/components/attachments'
import { Field, TextareaField } from '~/components/forms'
import { ACCEPT_ATTRIBUTE, checkUploads, readUploadForm } from '~/models/attachments.server'
import { newConversationSchema } from '~/models/message-forms'
import { CONVERSATION_LIMITS, startConversation } from '~/models/messages.server'
import { requireViewer } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.newMessage.metaTitle') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	requireViewer(context, request)
	// Started from a profile, a forum post or an event's participant list: ?to=handle[,handle].
	const to = (new URL(request.url).searchParams.get('to') ?? '').slice(0, 1000)
	return { to: to.split(',').filter(Boolean).map((h) => `@${h.replace(/^@/, '')}`).join(', '), accept: ACCEPT_ATTRIBUTE }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const { formData, uploads, uploadErrors } = await readUploadForm(request)
	const t = requestT(request, viewer)
	const submission = parseWithZod(formData, { schema: newConversationSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), fileErrors: null }, { status: 400 })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	if (fileErrors.length) return data({ result: submission.reply(), fileErrors: [...fileErrors, t('people.newMessage.filesAgain')] }, { status: 400 })
	const outcome = await startConversation(viewer, { ...submission.value, files: checked.ok })
	if (outcome.kind === 'recipients') return data({ result: submission.reply({ fieldErrors: { to: [outcome.message] } }), fileErrors: null }, { status: 400 })
	if (outcome.kind === 'rate-limited')
		return data(
			{
				result: submission.reply({ formErrors: [t('people.newMessage.rateLimited', { perDay: CONVERSATION_LIMITS.perDay })] }),
				fileErrors: null,
			},
			{ status: 429 },
		)
	return redirect(`/messages/${outcome.id}`)
}

export default function NewMessage() {
	const { to, accept } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'new-message',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: newConversationSchema }),
		shouldValidate: 'onSubmit',
		defaultValue: { to, subject: '', body: '' },
	})
	return (
		<>
			<p>
				<Link to="/messages">{t('people.newMessage.back')}</Link>
			</p>
			<h1>{t('people.newMessage.heading')}</h1>
			<Form method="post" encType="multipart/form-data" className="panel" {...getFormProps(form)}>
				{form.errors?.length ? (
					<p className="form-error" role="alert">
						{form.errors.map(tr).join(' ')}
					</p>
				) : null}
				<Field label={t('people.newMessage.to')} hint={t('people.newMessage.toHint')} {...getInputProps(fields.to, { type: 'text' })} errors={fields.to.errors} />
				<Field label={t('people.newMessage.subject')} {...getInputProps(fields.subject, { type: 'text' })} errors={fields.subject.errors} />
				<TextareaField label={t('people.newMessage.body')} hint={t('people.newMessage.bodyHint')} rows={8} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
				<AttachmentPicker accept={accept} errors={actionData?.fileErrors ?? undefined} />
				<button type="submit">{t('people.newMessage.send')}</button>
			</Form>
		</>
	)
}
