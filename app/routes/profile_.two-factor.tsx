import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList } from '~/components/forms'
import { confirmEnrolment, disableOwnSecondFactor, pendingEnrolment, regenerateRecoveryCodes, twoFactorStatus } from '~/models/two-factor.server'
import { blankSessionCookie } from '~/utils/auth.server'
import { requireViewer, twoFactorRequired } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Two-factor sign-in — Practitioners Portal' }]

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
	const submission = parseWithZod(await request.formData(), { schema: actionSchema })
	if (submission.status !== 'success') {
		const message = Object.values(submission.error ?? {}).flat()[0] ?? 'Enter the 6-digit code your app shows.'
		return data({ error: message, recoveryCodes: null }, { status: 400 })
	}
	const ip = clientIp(context)
	const { value } = submission
	if (value.intent === 'confirm') {
		const outcome = await confirmEnrolment(viewer, value.code, { ip, sessionId: viewer.sessionId })
		if (!outcome.ok) return data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
		return data({ error: null, recoveryCodes: outcome.recoveryCodes })
	}
	const { enabled } = await twoFactorStatus(viewer.id)
	if (!enabled) return data({ error: 'Two-factor sign-in is not on.', recoveryCodes: null }, { status: 409 })
	if (value.intent === 'recovery-codes') {
		const outcome = await regenerateRecoveryCodes(viewer.id, value.code, ip)
		return outcome.ok ? data({ error: null, recoveryCodes: outcome.recoveryCodes }) : data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
	}
	if (twoFactorRequired(viewer.role)) return data({ error: 'Staff and administrators must keep two-factor sign-in on.', recoveryCodes: null }, { status: 403 })
	const outcome = await disableOwnSecondFactor(viewer.id, value.code, ip)
	if (!outcome.ok) return data({ error: outcome.error, recoveryCodes: null }, { status: outcome.status })
	// Every session ended with it; sign in again with the password alone.
	return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
}

export default function TwoFactorSettings() {
	const { status, required, enrolment } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const recoveryCodes = actionData?.recoveryCodes
	return (
		<div className="panel narrow">
			<p>
				<Link to="/profile">← Profile and security</Link>
			</p>
			<h1>Two-factor sign-in</h1>
			{recoveryCodes ? (
				<section aria-labelledby="codes-heading" className="notice">
					<h2 id="codes-heading">Your recovery codes</h2>
					<p>
						Two-factor sign-in is on. Keep these codes somewhere safe, away from your phone: each one lets you in once if you lose it. They are shown only
						now.
					</p>
					<ul className="recovery-codes code" aria-label="Recovery codes">
						{recoveryCodes.map((code) => (
							<li key={code}>{code}</li>
						))}
					</ul>
					<p>
						<Link to="/">Continue to the portal</Link>
					</p>
				</section>
			) : null}
			{status.enabled ? (
				<>
					<p>
						Two-factor sign-in is <strong>on</strong>. You have {status.recoveryCodesLeft} unused recovery {status.recoveryCodesLeft === 1 ? 'code' : 'codes'}.
					</p>
					<Form method="post">
						<p>
							<label htmlFor="step-up-code">Code from your app (or a recovery code)</label>
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
								Make new recovery codes
							</button>
							{required ? null : (
								<button type="submit" name="intent" value="disable" className="secondary">
									Turn two-factor sign-in off
								</button>
							)}
						</div>
					</Form>
					{required ? <p className="muted">Staff and administrators must keep it on.</p> : null}
				</>
			) : enrolment ? (
				<>
					<p>
						{required
							? 'Your role gives you access to drafts, accounts or reports, so the portal asks for a second factor when you sign in. Set it up now to continue.'
							: 'Protect your account with a code from your phone in addition to your password.'}
					</p>
					<ol>
						<li>Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).</li>
						<li>
							Scan this QR code with it:
							<br />
							<img src={enrolment.qrDataUrl} width={200} height={200} alt="QR code to add the Practitioners Portal to your authenticator app" />
							<br />
							or type this key: <code className="code">{enrolment.secretBase32.replace(/(.{4})/g, '$1 ').trim()}</code>
						</li>
						<li>Enter the 6-digit code the app shows:</li>
					</ol>
					<Form method="post">
						<input type="hidden" name="intent" value="confirm" />
						<p>
							<label htmlFor="totp-code">Code</label>
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
						<button type="submit">Turn on two-factor sign-in</button>
					</Form>
				</>
			) : null}
		</div>
	)
}
