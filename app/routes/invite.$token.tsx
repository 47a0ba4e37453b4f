import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, SelectField } from '~/components/forms'
import { acceptInvitation, invitationState } from '~/models/accounts.server'
import { countryOptions, isCountryCode } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { isCommonPassword } from '~/utils/passwords.server'
import { countryCode, passwordField, requiredText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Accept your invitation — Practitioners Portal' }, { name: 'referrer', content: 'no-referrer' }]

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

export async function loader({ params }: LoaderFunctionArgs) {
	const state = await invitationState(params.token ?? '')
	return { state: state.kind, email: state.kind === 'valid' ? state.email : null, countries: state.kind === 'valid' ? countryOptions('en') : [] }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const submission = parseWithZod(await request.formData(), {
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
					formErrors: [outcome.kind === 'exists' ? 'An account with this email already exists. Log in instead.' : 'This invitation has expired or was already used.'],
					hideFields: ['password', 'confirm'],
				}),
			},
			{ status: 400 },
		)
	return redirectWithFlash('/login', { kind: 'success', message: 'Your account is ready. Log in with your email and new password.' })
}

export default function AcceptInvitation() {
	const { state, email, countries } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
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
				<h1>{state === 'used' ? 'This invitation was already used' : state === 'expired' ? 'This invitation has expired' : 'This invitation is not valid'}</h1>
				<p>
					Invitations work once and expire after 7 days. Ask the person who invited you for a new one, or <Link to="/request-access">request access</Link>.
				</p>
			</div>
		)
	return (
		<div className="panel narrow">
			<h1>Join the Practitioners Portal</h1>
			<p>
				You were invited as <strong>{email}</strong>.
			</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? <p className="form-error" role="alert">{form.errors.join(' ')}</p> : null}
				<Field label="Full name" autoComplete="name" {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
				<Field label="Organisation or agency" {...getInputProps(fields.organisation, { type: 'text' })} errors={fields.organisation.errors} />
				<SelectField
					label="Country"
					name={fields.country.name}
					id={fields.country.id}
					defaultValue={fields.country.initialValue as string | undefined}
					placeholder="Choose a country"
					options={countries.map((c) => ({ value: c.code, label: c.name }))}
					errors={fields.country.errors}
				/>
				<Field label="Job title" {...getInputProps(fields.jobTitle, { type: 'text' })} errors={fields.jobTitle.errors} />
				<Field label="Password" autoComplete="new-password" hint="At least 12 characters." {...getInputProps(fields.password, { type: 'password' })} errors={fields.password.errors} />
				<Field label="Repeat the password" autoComplete="new-password" {...getInputProps(fields.confirm, { type: 'password' })} errors={fields.confirm.errors} />
				<button type="submit">Create my account</button>
			</Form>
		</div>
	)
}
