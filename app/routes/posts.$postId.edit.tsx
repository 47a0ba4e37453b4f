import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TextareaField } from '~/components/forms'
import { replySchema } from '~/models/forum-forms'
import { editPost, postForViewer } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'
import { syncSearchSoon } from '~/utils/search.server'

export const meta: MetaFunction = () => [{ title: 'Edit post — Forums' }]

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.postId)
	const found = id.success ? await postForViewer(viewer, id.data) : null
	if (!found || found.post.deleted_at) throw new Response('Not found', { status: 404 })
	if (!found.isAuthor) throw new Response('Only the author can edit a post, and not while it is hidden, the thread is locked or the author is silenced.', { status: 403 })
	return { post: { id: found.post.id, body: found.post.body }, thread: { id: found.thread.id, title: found.thread.title } }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const id = idParam.safeParse(params.postId)
	if (!id.success) throw new Response('Not found', { status: 404 })
	const submission = parseWithZod(await request.formData(), { schema: replySchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await editPost(viewer, id.data, submission.value.body)
	if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
	if (outcome === 'forbidden') throw new Response('Only the author can edit a post, and not while it is hidden, the thread is locked or the author is silenced.', { status: 403 })
	await syncSearchSoon()
	const found = await postForViewer(viewer, id.data)
	return redirect(`/threads/${found?.thread.id}#post-${id.data}`)
}

export default function EditPost() {
	const { post, thread } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'edit-post', lastResult: actionData?.result, defaultValue: { body: post.body }, onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }) })
	return (
		<>
			<p>
				<Link to={`/threads/${thread.id}`}>{thread.title}</Link>
			</p>
			<h1>Edit your post</h1>
			<p className="hint">Readers see that the post was edited; moderators can see the earlier text.</p>
			<Form method="post" className="panel" {...getFormProps(form)}>
				<TextareaField label="Message" rows={10} {...getTextareaProps(fields.body)} errors={fields.body.errors} />
				<button type="submit">Save changes</button>
			</Form>
		</>
	)
}
