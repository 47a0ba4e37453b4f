import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { ErrorList } from '~/components/forms'
import { confirmEnrolment, disableOwnSecondFactor, pendingEnrolment, regenerateRecoveryCodes, twoFactorStatus } from '~/models/two-factor.server'
import { blankSessionCookie, sessionCookieFor } from '~/utils/auth.server'
import { requireViewer, twoFactorRequired } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.twoFactor.metaTitle') }]

const codeField = z
	.string({ error: 'Enter the 6-digit code your app shows.' })
	.trim()
	.regex(/^\d{3}\s?\d{3}$/, 'Enter the 6-digit code your app shows.')

/** Changing an active factor asks for it again: a code from the app, or a recovery code. */
const stepUpField = z.string({ error: 'Enter a code from your app (or a recovery code) to confirm.' }).trim().min(6, 'Enter a code from your app (or a recovery code) to confirm.').max(32)

const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('confirm'), code: codeField }),
	z.object({ intent: z.literal('recovery-codes'), code: stepUpField }),
	z.object({ intent: z.literal('disable'), code: stepUpField }),
])

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const status = await twoFactorStatus(viewer.id)
	return {
		status,
		required: twoFactorRequired(viewer.role),
		enrolment: status.enabled ? null : await pendingEnrolment(viewer, viewer.sessionId),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const submission = parseWithZod(await readForm(request), { schema: actionSchema })
	if (submission.status !== 'success') {
		const message = Object.values(submission.error ?? {}).flat()[0] ?? 'Enter the 6-digit code your app shows.'
		return data({ error: message, recoveryCodes: null }, { status: 400 })
	}
	const ip = clientIp(context)
	const { value } = submission
	if (value.intent === 'confirm') {
		const outcome = await confirmEnrolment(viewer, value.code, { ip, sessionId: viewer.sessionId })
		if (!outcome.ok) return data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
		// The session now has its second factor, under a new token (the old one no longer signs in).
		return data({ error: null, recoveryCodes: outcome.recoveryCodes }, { headers: { 'Set-Cookie': sessionCookieFor(outcome.sessionToken) } })
	}
	const { enabled } = await twoFactorStatus(viewer.id)
	const t = requestT(request, viewer)
	if (!enabled) return data({ error: t('people.twoFactor.notOn'), recoveryCodes: null }, { status: 409 })
	if (value.intent === 'recovery-codes') {
		const outcome = await regenerateRecoveryCodes(viewer.id, value.code, ip)
		return outcome.ok ? data({ error: null, recoveryCodes: outcome.recoveryCodes }) : data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
	}
	if (twoFactorRequired(viewer.role)) return data({ error: t('people.twoFactor.mustKeep'), recoveryCodes: null }, { status: 403 })
	const outcome = await disableOwnSecondFactor(viewer.id, value.code, ip)
	if (!outcome.ok) return data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
	// Every session ended with it; sign in again with the password alone.
	return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
}

export default function TwoFactorSettings() {
	const { status, required, enrolment } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const recoveryCodes = actionData?.recoveryCodes
	const t = useT()
	return (
		<div className="panel narrow">
			<p>
				<Link to="/profile">{t('people.twoFactor.back')}</Link>
			</p>
			<h1>{t('people.twoFactor.heading')}</h1>
			{recoveryCodes ? (
				<section aria-labelledby="codes-heading" className="notice">
					<h2 id="codes-heading">{t('people.twoFactor.codesHeading')}</h2>
					<p>{t('people.twoFactor.codesText')}</p>
					<ul className="recovery-codes code" aria-label={t('people.twoFactor.codesLabel')}>
						{recoveryCodes.map((code) => (
							<li key={code}>{code}</li>
						))}
					</ul>
					<p>
						<Link to="/">{t('people.twoFactor.continue')}</Link>
					</p>
				</section>
			) : null}
			{status.enabled ? (
				<>
					<p>{t('people.twoFactor.status', { count: status.recoveryCodesLeft, strong: (chunks) => <strong>{chunks}</strong> })}</p>
					<Form method="post">
						<p>
							<label htmlFor="step-up-code">{t('people.twoFactor.stepUpCode')}</label>
							<input
								id="step-up-code"
								name="code"
								autoComplete="one-time-code"
								required
								aria-invalid={actionData?.error ? true : undefined}
								aria-describedby={actionData?.error ? 'step-up-error' : undefined}
							/>
						</p>
						<ErrorList id="step-up-error" errors={actionData?.error ? [actionData.error] : null} />
						<div className="inline-form">
							<button type="submit" name="intent" value="recovery-codes" className="secondary">
								{t('people.twoFactor.newCodes')}
							</button>
							{required ? null : (
								<button type="submit" name="intent" value="disable" className="secondary">
									{t('people.twoFactor.disable')}
								</button>
							)}
						</div>
					</Form>
					{required ? <p className="muted">{t('people.twoFactor.required')}</p> : null}
				</>
			) : enrolment ? (
				<>
					<p>
						{required ? t('people.twoFactor.requiredIntro') : t('people.twoFactor.intro')}
					</p>
					<ol>
						<li>{t('people.twoFactor.step1')}</li>
						<li>
							{t('people.twoFactor.step2')}
							<br />
							<img src={enrolment.qrDataUrl} width={200} height={200} alt={t('people.twoFactor.qrAlt')} />
							<br />
							{t('people.twoFactor.typeKey')} <code className="code">{enrolment.secretBase32.replace(/(.{4})/g, '$1 ').trim()}</code>
						</li>
						<li>{t('people.twoFactor.step3')}</li>
					</ol>
					<Form method="post">
						<input type="hidden" name="intent" value="confirm" />
						<p>
							<label htmlFor="totp-code">{t('people.twoFactor.code')}</label>
							<input
								id="totp-code"
								name="code"
								inputMode="numeric"
								autoComplete="one-time-code"
								pattern="\d{3}\s?\d{3}"
								required
								aria-invalid={actionData?.error ? true : undefined}
								aria-describedby={actionData?.error ? 'totp-error' : undefined}
							/>
						</p>
						<ErrorList id="totp-error" errors={actionData?.error ? [actionData.error] : null} />
						<button type="submit">{t('people.twoFactor.enable')}</button>
					</Form>
				</>
			) : null}
		</div>
	)
}
