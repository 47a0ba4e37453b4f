import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import * as z from 'zod'
import { Field } from '~/components/forms'
import { authenticate } from '~/models/accounts.server'
import { createSessionCookie } from '~/utils/auth.server'
import { clientIp, safeRedirect, readForm } from '~/utils/request.server'
import { emailField } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.login.metaTitle') }]

const schema = z.object({
	email: emailField,
	password: z.string({ error: 'Enter your password.' }).max(1024, 'Enter your password.'),
	redirectTo: z.string().optional(),
})

export async function loader({ context }: LoaderFunctionArgs) {
	if (context.viewer) throw redirect('/')
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const formData = await readForm(request)
	const submission = parseWithZod(formData, { schema })
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	const { email, password, redirectTo } = submission.value
	const outcome = await authenticate(email, password, clientIp(context))
	const t = requestT(request, context.viewer)
	if (outcome.kind === 'blocked')
		return data(
			{ result: submission.reply({ formErrors: [t('auth.login.blocked')], hideFields: ['password'] }) },
			{ status: 429 },
		)
	if (outcome.kind === 'invalid')
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.login.invalid')],
					hideFields: ['password'],
				}),
			},
			{ status: 400 },
		)
	const cookie = await createSessionCookie(outcome.user.id, { ip: clientIp(context), userAgent: request.headers.get('user-agent') ?? '' })
	return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': cookie } })
}

export default function Login() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'login',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
	})
	return (
		<div className="panel narrow">
			<h1>{t('auth.login.heading')}</h1>
			<p className="muted">{t('auth.login.lead')}</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? (
					<p id={form.errorId} className="form-error" role="alert">
						{form.errors.map(tr).join(' ')}
					</p>
				) : null}
				<Field label={t('auth.login.email')} autoComplete="username" {...getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} />
				<Field label={t('auth.login.password')} autoComplete="current-password" {...getInputProps(fields.password, { type: 'password' })} errors={fields.password.errors} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<div className="actions">
					<button type="submit">{t('auth.login.submit')}</button>
					<Link to="/reset-password">{t('auth.login.forgot')}</Link>
				</div>
			</Form>
			<p>{t('auth.login.newHere', { link: (chunks) => <Link to="/request-access">{chunks}</Link> })}</p>
		</div>
	)
}
