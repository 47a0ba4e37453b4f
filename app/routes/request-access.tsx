import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { CheckboxGroup, Field, SelectField, TextareaField } from '~/components/forms'
import { requestAccess } from '~/models/accounts.server'
import { listRegions } from '~/models/regions.server'
import { countryOptions, isCountryCode } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { clientIp, readForm } from '~/utils/request.server'
import { countryCode, emailField, requiredText, stringList } from '~/utils/validation'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { regionOptions } from '~/models/case-labels.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.requestAccess.metaTitle') }]

const schema = z.object({
	name: requiredText('your full name', 120),
	email: emailField,
	organisation: requiredText('your organisation or agency', 200),
	country: countryCode,
	jobTitle: requiredText('your job title', 120),
	regions: stringList.pipe(z.array(z.string()).min(1, 'Choose at least one region.')),
	reason: requiredText('why you need access', 2000),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const locale = resolveLocale(request, context.viewer)
	return { regions: await regionOptions(locale), countries: countryOptions(locale) }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const formData = await readForm(request)
	const known = new Set((await listRegions()).map((r) => r.slug))
	const submission = parseWithZod(formData, {
		schema: schema.superRefine((v, ctx) => {
			if (!isCountryCode(v.country)) ctx.addIssue({ code: 'custom', path: ['country'], message: 'Choose a country from the list.' })
			if (v.regions.some((r) => !known.has(r))) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'Choose regions from the list.' })
		}),
	})
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	// The language the form was filled in becomes the account's: its welcome email and first pages speak it.
	const t = requestT(request, context.viewer)
	const outcome = await requestAccess({ ...submission.value, preferredLanguage: resolveLocale(request, context.viewer) }, clientIp(context))
	if (outcome === 'limited') return data({ result: submission.reply({ formErrors: [t('auth.requestAccess.limited')] }) }, { status: 429 })
	return redirectWithFlash('/login', { kind: 'success', message: t('auth.requestAccess.sent') })
}

export default function RequestAccess() {
	const { regions, countries } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({
		id: 'request-access',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
	})
	return (
		<div className="panel narrow">
			<h1>{t('auth.requestAccess.heading')}</h1>
			<p className="muted">{t('auth.requestAccess.lead')}</p>
			<Form method="post" {...getFormProps(form)}>
				<Field label={t('auth.requestAccess.name')} autoComplete="name" {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
				<Field label={t('auth.requestAccess.email')} autoComplete="email" {...getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} />
				<Field label={t('auth.requestAccess.organisation')} autoComplete="organization" {...getInputProps(fields.organisation, { type: 'text' })} errors={fields.organisation.errors} />
				<SelectField
					label={t('auth.requestAccess.country')}
					name={fields.country.name}
					id={fields.country.id}
					defaultValue={fields.country.initialValue as string | undefined}
					placeholder={t('auth.requestAccess.countryPlaceholder')}
					options={countries.map((c) => ({ value: c.code, label: c.name }))}
					errors={fields.country.errors}
				/>
				<Field label={t('auth.requestAccess.jobTitle')} autoComplete="organization-title" {...getInputProps(fields.jobTitle, { type: 'text' })} errors={fields.jobTitle.errors} />
				<CheckboxGroup
					legend={t('auth.requestAccess.regions')}
					name={fields.regions.name}
					options={regions}
					defaultChecked={(fields.regions.initialValue as string[] | undefined) ?? []}
					errors={fields.regions.errors}
				/>
				<TextareaField label={t('auth.requestAccess.reason')} {...getTextareaProps(fields.reason)} errors={fields.reason.errors} />
				<button type="submit">{t('auth.requestAccess.submit')}</button>
			</Form>
		</div>
	)
}
