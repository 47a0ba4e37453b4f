import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { Field } from '~/components/forms'
import { requestPasswordReset } from '~/models/accounts.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { clientIp, originOf } from '~/utils/request.server'
import { emailField } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Reset your password — Practitioners Portal' }]

const schema = z.object({ email: emailField })

export async function action({ request, context }: ActionFunctionArgs) {
	const submission = parseWithZod(await request.formData(), { schema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	await requestPasswordReset(submission.value.email, originOf(request), clientIp(context))
	// The same answer whether or not the account exists.
	return redirectWithFlash('/login', {
		kind: 'info',
		message: 'If an approved account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.',
	})
}

export default function ResetPasswordRequest() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'reset-request',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
	})
	return (
		<div className="panel narrow">
			<h1>Reset your password</h1>
			<p className="muted">Enter the email address of your account. We will send you a single-use link.</p>
			<Form method="post" {...getFormProps(form)}>
				<Field label="Email" autoComplete="username" {...getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} />
				<button type="submit">Send the link</button>
			</Form>
		</div>
	)
}
