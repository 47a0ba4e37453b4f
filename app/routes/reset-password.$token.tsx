import { readForm } from '~/utils/request.server'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { Field } from '~/components/forms'
import { oneTimeTokenState, setPasswordWithToken } from '~/models/accounts.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { isCommonPassword } from '~/utils/passwords.server'
import { passwordField } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.choosePassword.metaTitle') }, { name: 'referrer', content: 'no-referrer' }]

const schema = z
	.object({ password: passwordField, confirm: z.string({ error: 'Repeat the password.' }) })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

export async function loader({ params }: LoaderFunctionArgs) {
	const state = await oneTimeTokenState(params.token ?? '')
	return { valid: !!state, purpose: state?.purpose ?? null }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const t = requestT(request, context.viewer)
	const submission = parseWithZod(await readForm(request), {
		schema: schema.refine((v) => !isCommonPassword(v.password), { path: ['password'], message: 'This password is too common. Choose another one.' }),
	})
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
	const userId = await setPasswordWithToken(params.token ?? '', submission.value.password)
	if (!userId)
		return data({ result: submission.reply({ formErrors: [t('auth.choosePassword.expired')], hideFields: ['password', 'confirm'] }) }, { status: 400 })
	return redirectWithFlash('/login', { kind: 'success', message: t('auth.choosePassword.done') })
}

export default function ChoosePassword() {
	const { valid, purpose } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
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
				<h1>{t('auth.choosePassword.invalidHeading')}</h1>
				<p role={actionData ? 'alert' : undefined}>{t('auth.choosePassword.invalidText', { link: (chunks) => <Link to="/reset-password">{chunks}</Link> })}</p>
			</div>
		)
	return (
		<div className="panel narrow">
			<h1>{purpose === 'set-password' ? t('auth.choosePassword.welcomeHeading') : t('auth.choosePassword.heading')}</h1>
			<p className="muted">{t('auth.choosePassword.lead')}</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? <p className="form-error" role="alert">{form.errors.map(tr).join(' ')}</p> : null}
				<Field label={t('auth.choosePassword.password')} autoComplete="new-password" {...getInputProps(fields.password, { type: 'password' })} errors={fields.password.errors} />
				<Field label={t('auth.choosePassword.confirm')} autoComplete="new-password" {...getInputProps(fields.confirm, { type: 'password' })} errors={fields.confirm.errors} />
				<button type="submit">{t('auth.choosePassword.submit')}</button>
			</Form>
		</div>
	)
}
