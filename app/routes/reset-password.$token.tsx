import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field } from '~/components/forms'
import { oneTimeTokenState, setPasswordWithToken } from '~/models/accounts.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { isCommonPassword } from '~/utils/passwords.server'
import { passwordField } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Choose a password — Practitioners Portal' }, { name: 'referrer', content: 'no-referrer' }]

const schema = z
	.object({ password: passwordField, confirm: z.string({ error: 'Repeat the password.' }) })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

export async function loader({ params }: LoaderFunctionArgs) {
	const state = await oneTimeTokenState(params.token ?? '')
	return { valid: !!state, purpose: state?.purpose ?? null }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const submission = parseWithZod(await request.formData(), {
		schema: schema.refine((v) => !isCommonPassword(v.password), { path: ['password'], message: 'This password is too common. Choose another one.' }),
	})
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
	const userId = await setPasswordWithToken(params.token ?? '', submission.value.password)
	if (!userId)
		return data({ result: submission.reply({ formErrors: ['This link has expired or was already used. Ask for a new one.'], hideFields: ['password', 'confirm'] }) }, { status: 400 })
	return redirectWithFlash('/login', { kind: 'success', message: 'Your password is set. You can log in now.' })
}

export default function ChoosePassword() {
	const { valid, purpose } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'choose-password',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
	})
	if (!valid)
		return (
			<div className="panel narrow">
				<h1>This link no longer works</h1>
				<p>Links to choose a password work once and expire. <Link to="/reset-password">Ask for a new link</Link>.</p>
			</div>
		)
	return (
		<div className="panel narrow">
			<h1>{purpose === 'set-password' ? 'Welcome — choose your password' : 'Choose a new password'}</h1>
			<p className="muted">At least 12 characters. A long phrase you can remember is best; very common passwords are refused.</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? <p className="form-error" role="alert">{form.errors.join(' ')}</p> : null}
				<Field label="New password" autoComplete="new-password" {...getInputProps(fields.password, { type: 'password' })} errors={fields.password.errors} />
				<Field label="Repeat the password" autoComplete="new-password" {...getInputProps(fields.confirm, { type: 'password' })} errors={fields.confirm.errors} />
				<button type="submit">Save password</button>
			</Form>
		</div>
	)
}
