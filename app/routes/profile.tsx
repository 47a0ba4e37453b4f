import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import { z } from 'zod'
import { Field, SelectField } from '~/components/forms'
import { changePassword, endAllAccess, updateProfile, userWithRegions } from '~/models/accounts.server'
import { apiTokensOf, createApiToken, revokeApiToken } from '~/models/api-tokens.server'
import { feedUrlPath, renewFeed } from '~/models/events.server'
import { eventEmailOf, setEventEmail } from '~/models/notifications.server'
import { listRegions } from '~/models/regions.server'
import { publicOrigin } from '~/utils/env.server'
import { absoluteUrl } from '~/utils/mail.server'
import { blankSessionCookie, createSessionCookie, endSessionOf, sessionsOf } from '~/utils/auth.server'
import { countryOptions, isCountryCode } from '~/utils/countries.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { isCommonPassword } from '~/utils/passwords.server'
import { requireViewer } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'
import { countryCode, isTimeZone, LANGUAGES, languageCode, optionalText, passwordField, requiredText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Profile and security — Practitioners Portal' }]

const profileSchema = z.object({
	intent: z.literal('profile'),
	name: requiredText('your full name', 120),
	organisation: requiredText('your organisation or agency', 200),
	country: countryCode,
	jobTitle: optionalText(120),
	preferredLanguage: languageCode,
	timezone: z
		.string()
		.max(64)
		.optional()
		.refine((tz) => !tz || isTimeZone(tz), 'Choose a time zone from the list.'),
})

const passwordSchema = z
	.object({
		intent: z.literal('password'),
		currentPassword: z.string({ error: 'Enter your current password.' }).max(1024),
		newPassword: passwordField,
		confirm: z.string({ error: 'Repeat the new password.' }),
	})
	.refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })

const TIME_ZONES = Intl.supportedValuesOf('timeZone')

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const user = await userWithRegions(viewer.id)
	if (!user) throw new Response('Not found', { status: 404 })
	const [regions, sessions, tokens] = await Promise.all([listRegions(), sessionsOf(viewer.id), apiTokensOf(viewer.id)])
	return {
		profile: {
			name: user.name,
			email: user.email,
			organisation: user.organisation,
			country: user.country,
			jobTitle: user.job_title,
			preferredLanguage: user.preferred_language,
			timezone: user.timezone ?? '',
			role: user.role,
			regions: regions.filter((r) => user.regions.includes(r.slug)).map((r) => r.name),
		},
		sessions: sessions.map((s) => ({
			id: s.id,
			current: s.id === viewer.sessionId,
			createdAt: new Date(s.created_at * 1000).toISOString(),
			ip: s.ip,
			userAgent: s.user_agent,
		})),
		tokens: tokens.map((t) => ({ id: t.id, name: t.name, created: new Date(t.created_at * 1000).toISOString().slice(0, 10), lastUsed: t.last_used_at ? new Date(t.last_used_at * 1000).toISOString().slice(0, 10) : null })),
		countries: countryOptions('en'),
		timeZones: TIME_ZONES,
		feedUrl: await feedUrl(viewer.id),
		eventEmail: await eventEmailOf(viewer.id),
		twoFactorEnabled: user.two_factor_enabled_at !== null,
	}
}

async function feedUrl(userId: string) {
	const path = await feedUrlPath(userId)
	return path ? absoluteUrl(publicOrigin(), path) : null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'profile') {
		const submission = parseWithZod(formData, {
			schema: profileSchema.refine((v) => isCountryCode(v.country), { path: ['country'], message: 'Choose a country from the list.' }),
		})
		if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
		const v = submission.value
		await updateProfile(viewer.id, { ...v, timezone: v.timezone || null })
		return redirectWithFlash('/profile', { kind: 'success', message: 'Your profile is saved.' })
	}
	if (intent === 'password') {
		const submission = parseWithZod(formData, {
			schema: passwordSchema.refine((v) => !isCommonPassword(v.newPassword), { path: ['newPassword'], message: 'This password is too common. Choose another one.' }),
		})
		const hide = ['currentPassword', 'newPassword', 'confirm']
		if (submission.status !== 'success') return data({ intent, result: submission.reply({ hideFields: hide }) }, { status: 400 })
		const changed = await changePassword(viewer.id, submission.value.currentPassword, submission.value.newPassword, clientIp(context))
		if (!changed)
			return data({ intent, result: submission.reply({ fieldErrors: { currentPassword: ['Your current password is not correct.'] }, hideFields: hide }) }, { status: 400 })
		// Every session ended with the change; this device gets a fresh one.
		const cookie = await createSessionCookie(viewer.id, {
			ip: clientIp(context),
			userAgent: request.headers.get('user-agent') ?? '',
			// The gate lets only fully signed-in sessions reach this page.
			twoFactorVerified: true,
		})
		return redirectWithFlash('/profile', { kind: 'success', message: 'Your password is changed. You were logged out on every other device.' }, { headers: { 'Set-Cookie': cookie } })
	}
	if (intent === 'end-session') {
		const sessionId = String(formData.get('sessionId') ?? '')
		await endSessionOf(viewer.id, sessionId)
		if (sessionId === viewer.sessionId) return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
		return redirectWithFlash('/profile', { kind: 'success', message: 'That session has ended.' })
	}
	if (intent === 'end-all') {
		await endAllAccess(viewer.id)
		return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
	}
	if (intent === 'create-token') {
		const name = z.string().trim().min(1, 'Name the token.').max(80, 'At most 80 characters.').safeParse(formData.get('tokenName') ?? '')
		if (!name.success) return data({ intent, result: undefined, tokenError: name.error.issues[0].message }, { status: 400 })
		const created = await createApiToken(viewer.id, name.data, clientIp(context))
		if (created.kind === 'limit') return data({ intent, result: undefined, tokenError: 'You have 10 tokens already; revoke one first.' }, { status: 400 })
		return data({ intent, result: undefined, newToken: created.token })
	}
	if (intent === 'calendar-feed' || intent === 'calendar-feed-off') {
		await renewFeed(viewer.id, intent === 'calendar-feed')
		return redirectWithFlash('/profile#calendar-heading', {
			kind: 'success',
			message: intent === 'calendar-feed' ? 'Your calendar feed has a new secret address; any older address stopped working.' : 'Your calendar feed is off.',
		})
	}
	if (intent === 'event-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(formData.get('eventEmail'))
		if (!choice.success) throw new Response('Choose how to be told about events.', { status: 400 })
		await setEventEmail(viewer.id, choice.data)
		return redirectWithFlash('/profile#calendar-heading', { kind: 'success', message: 'Event email settings saved.' })
	}
	if (intent === 'revoke-token') {
		const id = z.coerce.number().int().positive().safeParse(formData.get('tokenId'))
		if (!id.success || !(await revokeApiToken(viewer.id, id.data, clientIp(context)))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/profile', { kind: 'success', message: 'The token is revoked.' })
	}
	return data({ intent: null, result: undefined }, { status: 400 })
}

export default function Profile() {
	const { profile, sessions, tokens, countries, timeZones, feedUrl, eventEmail, twoFactorEnabled } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [profileForm, pf] = useForm({
		id: 'profile',
		lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
		defaultValue: profile,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
		shouldValidate: 'onBlur',
	})
	const [passwordForm, pw] = useForm({
		id: 'password',
		lastResult: actionData?.intent === 'password' ? actionData.result : undefined,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordSchema }),
		shouldValidate: 'onBlur',
	})
	return (
		<>
			<h1>Profile and security</h1>
			<section className="panel narrow" aria-labelledby="profile-heading">
				<h2 id="profile-heading">Your profile</h2>
				<dl className="fields">
					<dt>Email</dt>
					<dd>{profile.email}</dd>
					<dt>Role</dt>
					<dd>{profile.role}</dd>
					<dt>Regions</dt>
					<dd>{profile.regions.join(', ') || '—'}</dd>
				</dl>
				<p className="hint">
					An administrator manages your role and regions. <Link to="/profile/directory">Choose what the directory shows about you</Link>.
				</p>
				<Form method="post" {...getFormProps(profileForm)}>
					<input type="hidden" name="intent" value="profile" />
					<Field label="Full name" {...getInputProps(pf.name, { type: 'text' })} errors={pf.name.errors} />
					<Field label="Organisation or agency" {...getInputProps(pf.organisation, { type: 'text' })} errors={pf.organisation.errors} />
					<SelectField label="Country" name={pf.country.name} id={pf.country.id} defaultValue={profile.country} placeholder="Choose a country" options={countries.map((c) => ({ value: c.code, label: c.name }))} errors={pf.country.errors} />
					<Field label="Job title" {...getInputProps(pf.jobTitle, { type: 'text' })} errors={pf.jobTitle.errors} />
					<SelectField label="Preferred language" name={pf.preferredLanguage.name} id={pf.preferredLanguage.id} defaultValue={profile.preferredLanguage} options={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))} errors={pf.preferredLanguage.errors} />
					<SelectField label="Time zone" hint="Event times are shown in this zone." name={pf.timezone.name} id={pf.timezone.id} defaultValue={profile.timezone} placeholder="Use my browser's time zone" options={timeZones.map((tz) => ({ value: tz, label: tz }))} errors={pf.timezone.errors} />
					<button type="submit">Save profile</button>
				</Form>
			</section>

			<section className="panel narrow" aria-labelledby="password-heading">
				<h2 id="password-heading">Change your password</h2>
				<Form method="post" {...getFormProps(passwordForm)}>
					<input type="hidden" name="intent" value="password" />
					<Field label="Current password" autoComplete="current-password" {...getInputProps(pw.currentPassword, { type: 'password' })} errors={pw.currentPassword.errors} />
					<Field label="New password" autoComplete="new-password" hint="At least 12 characters." {...getInputProps(pw.newPassword, { type: 'password' })} errors={pw.newPassword.errors} />
					<Field label="Repeat the new password" autoComplete="new-password" {...getInputProps(pw.confirm, { type: 'password' })} errors={pw.confirm.errors} />
					<button type="submit">Change password</button>
				</Form>
			</section>

			<section className="panel" aria-labelledby="tokens-heading">
				<h2 id="tokens-heading">API tokens</h2>
				<p className="hint">
					For scripts using the JSON API (<code>/api/cases</code>): send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you; keep it secret.
				</p>
				{actionData && 'newToken' in actionData && actionData.newToken ? (
					<div className="flash flash-success" role="status">
						<p>Your new token — copy it now, it will not be shown again:</p>
						<p className="token-once" id="new-token">
							{actionData.newToken}
						</p>
					</div>
				) : null}
				{tokens.length ? (
					<ul>
						{tokens.map((t) => (
							<li key={t.id}>
								<Form method="post" className="actions">
									<span>
										<strong>{t.name}</strong> — created {t.created}, {t.lastUsed ? `last used ${t.lastUsed}` : 'never used'}
									</span>
									<input type="hidden" name="intent" value="revoke-token" />
									<input type="hidden" name="tokenId" value={t.id} />
									<button type="submit" className="secondary" aria-label={`Revoke token ${t.name}`}>
										Revoke
									</button>
								</Form>
							</li>
						))}
					</ul>
				) : null}
				<Form method="post" className="narrow">
					<input type="hidden" name="intent" value="create-token" />
					<Field label="Token name" name="tokenName" maxLength={80} errors={actionData && 'tokenError' in actionData && actionData.tokenError ? [actionData.tokenError] : undefined} />
					<button type="submit">Create token</button>
				</Form>
			</section>

			<section className="panel" aria-labelledby="calendar-heading">
				<h2 id="calendar-heading">Events: calendar feed and email</h2>
				<p>
					Subscribe to this address in your calendar application to see every event you may see, kept up to date. Keep it private: anyone with it sees your events. Replacing it stops the old address at once.
				</p>
				{feedUrl ? (
					<p>
						<label htmlFor="feed-url">Your calendar feed</label>
						<input id="feed-url" readOnly value={feedUrl} className="code" onFocus={(e) => e.currentTarget.select()} />
					</p>
				) : (
					<p className="muted">You have no calendar feed.</p>
				)}
				<Form method="post" className="inline-form">
					<button type="submit" name="intent" value="calendar-feed" className="secondary">
						{feedUrl ? 'Replace the secret address' : 'Create my calendar feed'}
					</button>
					{feedUrl ? (
						<button type="submit" name="intent" value="calendar-feed-off" className="secondary">
							Turn the feed off
						</button>
					) : null}
				</Form>
				<EmailPreferenceForm intent="event-email" name="eventEmail" label="Email about my events (registration, reminders, changes)" value={eventEmail} />
			</section>
			<section className="panel" aria-labelledby="two-factor-heading">
				<h2 id="two-factor-heading">Two-factor sign-in</h2>
				<p>
					{twoFactorEnabled ? 'On: you sign in with your password and a code from your phone.' : 'Off: your password alone lets you in.'}{' '}
					<Link to="/profile/two-factor">{twoFactorEnabled ? 'Manage two-factor sign-in' : 'Set up two-factor sign-in'}</Link>
				</p>
			</section>
			<section className="panel" aria-labelledby="sessions-heading">
				<h2 id="sessions-heading">Where you are logged in</h2>
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Since</th>
								<th scope="col">Address</th>
								<th scope="col">Browser</th>
								<th scope="col"><span className="sr-only">Actions</span></th>
							</tr>
						</thead>
						<tbody>
							{sessions.map((s) => (
								<tr key={s.id}>
									<td>
										{new Date(s.createdAt).toUTCString()} {s.current ? <span className="badge">this device</span> : null}
									</td>
									<td>{s.ip}</td>
									<td>{s.userAgent}</td>
									<td>
										<Form method="post">
											<input type="hidden" name="intent" value="end-session" />
											<input type="hidden" name="sessionId" value={s.id} />
											<button type="submit" className="secondary">End session</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<Form method="post" className="actions">
					<input type="hidden" name="intent" value="end-all" />
					<button type="submit" className="danger">Log out everywhere</button>
				</Form>
			</section>
		</>
	)
}
