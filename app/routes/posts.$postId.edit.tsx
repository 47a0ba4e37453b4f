import { readForm } from '~/utils/request.server'
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { TextareaField } from '~/components/forms'
import { replySchema } from '~/models/forum-forms'
import { editPost, postForViewer } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'
import { syncSearchSoon } from '~/utils/search.server'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('forums.edit.meta.title') }]

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.postId)
	const found = id.success ? await postForViewer(viewer, id.data) : null
	if (!found || found.post.deleted_at) throw new Response('Not found', { status: 404 })
	if (!found.isAuthor) throw new Response(requestT(request, context.viewer)('forums.edit.forbidden'), { status: 403 })
	return { post: { id: found.post.id, body: found.post.body }, thread: { id: found.thread.id, title: found.thread.title } }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.postId)
	if (!id.success) throw new Response('Not found', { status: 404 })
	const submission = parseWithZod(await readForm(request), { schema: replySchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await editPost(viewer, id.data, submission.value.body)
	if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome === 'forbidden') throw new Response(requestT(request, context.viewer)('forums.edit.forbidden'), { status: 403 })
	await syncSearchSoon()
	const found = await postForViewer(viewer, id.data)
	return redirect(`/threads/${found?.thread.id}#post-${id.data}`)
}

export default function EditPost() {
	const { post, thread } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({ id: 'edit-post', lastResult: actionData?.result, defaultValue: { body: post.body }, onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }) })
	return (
		<>
			<p>
				<Link to={`/threads/${thread.id}`}>{thread.title}</Link>
			</p>
			<h1>{t('forums.edit.heading')}</h1>
			<p className="hint">{t('forums.edit.hint')}</p>
			<Form method="post" className="panel" {...getFormProps(form)}>
				<TextareaField label={t('forums.common.message')} rows={10} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
				<button type="submit">{t('forums.edit.submit')}</button>
			</Form>
		</>
	)
}
