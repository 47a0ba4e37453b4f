import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentPicker } from '~/components/attachments'
import { PostButtons, PreviewPanel } from '~/components/post-form'
import { Field, TextareaField } from '~/components/forms'
import { ACCEPT_ATTRIBUTE, checkUploads, readUploadForm } from '~/models/attachments.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { newThreadSchema } from '~/models/forum-forms'
import { caseForViewer } from '~/models/cases.server'
import { createThread, forumForViewer, overPostingLimit } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'
import { syncSearchSoon } from '~/utils/search.server'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { forumNamer } from '~/models/forum-names.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.new.meta.title') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	// "Discuss this case" arrives with ?case=ID: start the thread with a reference to it.
	const caseId = new URL(request.url).searchParams.get('case')
	const row = caseId && /^[A-Z]{3}\d{3,6}$/.test(caseId) ? await caseForViewer(viewer, caseId) : null
	const t = requestT(request, context.viewer)
	return {
		forum: { slug: forum.slug, name: (await forumNamer(resolveLocale(request, viewer))).name(forum) },
		accept: ACCEPT_ATTRIBUTE,
		prefill: row ? { title: t('forums.new.prefill.title', { title: row.title }).slice(0, 200), body: `${t('forums.new.prefill.body', { id: row.id, title: row.title })}\n\n` } : null,
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const forum = await forumForViewer(viewer, params.forumSlug ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	const { formData, uploads, uploadErrors } = await readUploadForm(request)
	const t = requestT(request, context.viewer)
	const submission = parseWithZod(formData, { schema: newThreadSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), preview: null }, { status: 400 })
	if (formData.get('intent') === 'preview') return data({ result: submission.reply(), preview: renderMarkdown(submission.value.body) })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	// Every refusal carries the submitted values back, so nothing typed is lost.
	if (fileErrors.length) return data({ result: submission.reply(), fileErrors: [...fileErrors, t('forums.compose.filesKept')], preview: null }, { status: 400 })
	if (await overPostingLimit(viewer, 'threads'))
		return data({ result: submission.reply({ formErrors: [t('forums.new.rateLimited')] }), preview: null }, { status: 429 })
	const outcome = await createThread(viewer, forum, { ...submission.value, files: checked.ok })
	if (outcome.kind === 'silenced')
		return data(
			{ result: submission.reply({ formErrors: [t('forums.compose.silenced', { until: new Date(outcome.until * 1000).toISOString().slice(0, 16).replace('T', ' ') })] }), preview: null },
			{ status: 403 },
		)
	await syncSearchSoon()
	return redirect(`/threads/${outcome.threadId}`)
}

export default function NewThread() {
	const { forum, prefill, accept } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'new-thread',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: newThreadSchema }),
		shouldValidate: 'onBlur',
		defaultValue: prefill ? { ...prefill, tags: '' } : undefined,
	})
	return (
		<>
			<p>
				<Link to={`/forums/${forum.slug}`}>{forum.name}</Link>
			</p>
			<h1>{t('forums.new.heading', { name: forum.name })}</h1>
			<Form method="post" encType="multipart/form-data" className="panel" {...getFormProps(form)}>
				{form.errors?.length ? <p className="form-error" role="alert">{form.errors.map(tr).join(' ')}</p> : null}
				<PreviewPanel html={actionData?.preview} />
				<Field label={t('forums.new.titleLabel')} {...getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
				<TextareaField label={t('forums.common.message')} hint={t('forums.new.bodyHint')} rows={10} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
				<Field label={t('forums.new.tagsLabel')} hint={t('forums.new.tagsHint')} {...getInputProps(fields.tags, { type: 'text' })} errors={fields.tags.errors} />
				<AttachmentPicker accept={accept} errors={(actionData as { fileErrors?: string[] } | undefined)?.fileErrors} />
				<PostButtons label={t('forums.new.submit')} intent="post" />
			</Form>
		</>
	)
}
