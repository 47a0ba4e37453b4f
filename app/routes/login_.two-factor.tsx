import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import * as z from 'zod'
import { Field } from '~/components/forms'
import { verifySecondFactor } from '~/models/two-factor.server'
import { sessionCookieFor, sessionTwoFactorVerified } from '~/utils/auth.server'
import { requireViewer } from '~/utils/permissions.server'
import { clientIp, safeRedirect, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('auth.twoFactor.metaTitle') }]

const schema = z.object({
	code: z
		.string({ error: 'Enter the code from your authenticator app, or a recovery code.' })
		.trim()
		.min(6, 'Enter the 6-digit code from your authenticator app, or a recovery code.')
		.max(32, 'A code is at most 32 characters.'),
	redirectTo: z.string().max(2000).optional(),
})

/** Reached only by a session that passed the password and owes its second factor (see the gate). */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	if (await sessionTwoFactorVerified(viewer.sessionId)) throw redirect('/')
	return { name: viewer.name }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const submission = parseWithZod(await readForm(request), { schema })
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['code'] }) }, { status: 400 })
	const outcome = await verifySecondFactor(viewer.id, viewer.sessionId, submission.value.code, clientIp(context))
	if (!outcome.ok) return data({ result: submission.reply({ formErrors: [outcome.error], hideFields: ['code'] }) }, { status: outcome.status })
	// The session ended elsewhere meanwhile: sign in again.
	if (!outcome.sessionToken) return redirect('/login')
	return redirect(safeRedirect(submission.value.redirectTo), { headers: { 'Set-Cookie': sessionCookieFor(outcome.sessionToken) } })
}

export default function TwoFactorLogin() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const t = useT()
	const tr = useTranslateError()
	const [form, fields] = useForm({
		id: 'two-factor',
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onSubmit',
	})
	return (
		<div className="panel narrow">
			<h1>{t('auth.twoFactor.heading')}</h1>
			<p>{t('auth.twoFactor.lead')}</p>
			<Form method="post" {...getFormProps(form)}>
				{form.errors?.length ? (
					<p id={form.errorId} className="form-error" role="alert">
						{form.errors.map(tr).join(' ')}
					</p>
				) : null}
				<Field
					label={t('auth.twoFactor.code')}
					hint={t('auth.twoFactor.codeHint')}
					autoComplete="one-time-code"
					autoFocus
					{...getInputProps(fields.code, { type: 'text' })}
					errors={fields.code.errors}
				/>
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<div className="actions">
					<button type="submit">{t('auth.twoFactor.verify')}</button>
				</div>
			</Form>
			<Form method="post" action="/logout">
				<button type="submit" className="link-button">
					{t('auth.twoFactor.logout')}
				</button>
			</Form>
			<p className="muted">{t('auth.twoFactor.noCode')}</p>
		</div>
	)
}
