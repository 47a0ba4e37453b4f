import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import * as z from 'zod'
import { Field } from '~/components/forms'
import { requestPasswordReset } from '~/models/accounts.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { clientIp, originOf, readForm } from '~/utils/request.server'
import { emailField } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.reset.metaTitle') }]

const schema = z.object({ email: emailField })

export async function action({ request, context }: ActionFunctionArgs) {
	const submission = parseWithZod(await readForm(request), { schema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	await requestPasswordReset(submission.value.email, originOf(request), clientIp(context))
	// The same answer whether or not the account exists.
	const t = requestT(request, context.viewer)
	return redirectWithFlash('/login', { kind: 'info', message: t('auth.reset.sent') })
}

export default function ResetPasswordRequest() {
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({
		id: 'reset-request',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
	})
	return (
		<div className="panel narrow">
			<h1>{t('auth.reset.heading')}</h1>
			<p className="muted">{t('auth.reset.lead')}</p>
			<Form method="post" {...getFormProps(form)}>
				<Field label={t('auth.reset.email')} autoComplete="username" {...getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} />
				<button type="submit">{t('auth.reset.submit')}</button>
			</Form>
		</div>
	)
}
