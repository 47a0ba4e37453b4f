import { readForm } from '~/utils/request.server'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { Field, SelectField } from '~/components/forms'
import { acceptInvitation, invitationState } from '~/models/accounts.server'
import { countryOptions, isCountryCode } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { isCommonPassword } from '~/utils/passwords.server'
import { countryCode, passwordField, requiredText } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.invite.metaTitle') }, { name: 'referrer', content: 'no-referrer' }]

const schema = z
	.object({
		name: requiredText('your full name', 120),
		organisation: requiredText('your organisation or agency', 200),
		country: countryCode,
		jobTitle: requiredText('your job title', 120),
		password: passwordField,
		confirm: z.string({ error: 'Repeat the password.' }),
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
	const state = await invitationState(params.token ?? '')
	return { state: state.kind, email: state.kind === 'valid' ? state.email : null, countries: state.kind === 'valid' ? countryOptions(resolveLocale(request, context.viewer)) : [] }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const t = requestT(request, context.viewer)
	const submission = parseWithZod(await readForm(request), {
		schema: schema.superRefine((v, ctx) => {
			if (isCommonPassword(v.password)) ctx.addIssue({ code: 'custom', path: ['password'], message: 'This password is too common. Choose another one.' })
			if (!isCountryCode(v.country)) ctx.addIssue({ code: 'custom', path: ['country'], message: 'Choose a country from the list.' })
		}),
	})
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
	const outcome = await acceptInvitation(params.token ?? '', submission.value)
	if (outcome.kind !== 'ok')
		return data(
			{
				result: submission.reply({
					formErrors: [outcome.kind === 'exists' ? t('auth.invite.exists') : t('auth.invite.expiredError')],
					hideFields: ['password', 'confirm'],
				}),
			},
			{ status: 400 },
		)
	return redirectWithFlash('/login', { kind: 'success', message: t('auth.invite.done') })
}

export default function AcceptInvitation() {
	const { state, email, countries } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'accept-invitation',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
	})
	if (state !== 'valid')
		return (
			<div className="panel narrow">
				<h1>{state === 'used' ? t('auth.invite.usedHeading') : state === 'expired' ? t('auth.invite.expiredHeading') : t('auth.invite.invalidHeading')}</h1>
				<p role={actionData ? 'alert' : undefined}>{t('auth.invite.invalidText', { link: (chunks) => <Link to="/request-access">{chunks}</Link> })}</p>
			</div>
		)
	return (
		<div className="panel narrow">
			<h1>{t('auth.invite.heading')}</h1>
			<p>{t('auth.invite.invitedAs', { email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? <p className="form-error" role="alert">{form.errors.map(tr).join(' ')}</p> : null}
				<Field label={t('auth.invite.name')} autoComplete="name" {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
				<Field label={t('auth.invite.organisation')} {...getInputProps(fields.organisation, { type: 'text' })} errors={fields.organisation.errors} />
				<SelectField
					label={t('auth.invite.country')}
					name={fields.country.name}
					id={fields.country.id}
					defaultValue={fields.country.initialValue as string | undefined}
					placeholder={t('auth.invite.countryPlaceholder')}
					options={countries.map((c) => ({ value: c.code, label: c.name }))}
					errors={fields.country.errors}
				/>
				<Field label={t('auth.invite.jobTitle')} {...getInputProps(fields.jobTitle, { type: 'text' })} errors={fields.jobTitle.errors} />
				<Field label={t('auth.invite.password')} autoComplete="new-password" hint={t('auth.invite.passwordHint')} {...getInputProps(fields.password, { type: 'password' })} errors={fields.password.errors} />
				<Field label={t('auth.invite.confirm')} autoComplete="new-password" {...getInputProps(fields.confirm, { type: 'password' })} errors={fields.confirm.errors} />
				<button type="submit">{t('auth.invite.submit')}</button>
			</Form>
		</div>
	)
}
