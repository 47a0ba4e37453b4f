import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import * as z from 'zod'
import { Field, SelectField } from '~/components/forms'
import { changePassword, endAllAccess, updateProfile, userWithRegions } from '~/models/accounts.server'
import { apiTokensOf, createApiToken, revokeApiToken, tokenNameSchema } from '~/models/api-tokens.server'
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
import { clientIp, readForm, unknownFormAction } from '~/utils/request.server'
import { countryCode, isTimeZone, LANGUAGES, languageCode, optionalText, passwordField, requiredText } from '~/utils/validation'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { regionName } from '~/models/case-labels.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.profile.metaTitle') }]

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

const ROLE_KEYS: Record<string, string> = {
	member: 'people.role.member',
	moderator: 'people.role.moderator',
	staff: 'people.role.staff',
	admin: 'people.role.admin',
}

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
			regions: regions.filter((r) => user.regions.includes(r.slug)).map((r) => regionName(r, resolveLocale(request, viewer))),
		},
		sessions: sessions.map((s) => ({
			id: s.id,
			current: s.id === viewer.sessionId,
			createdAt: new Date(s.created_at * 1000).toISOString(),
			ip: s.ip,
			userAgent: s.user_agent,
		})),
		tokens: tokens.map((t) => ({ id: t.id, name: t.name, created: new Date(t.created_at * 1000).toISOString().slice(0, 10), lastUsed: t.last_used_at ? new Date(t.last_used_at * 1000).toISOString().slice(0, 10) : null, readsMessages: t.reads_messages === 1 })),
		countries: countryOptions(resolveLocale(request, viewer)),
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
	const formData = await readForm(request)
	const intent = formData.get('intent')
	const t = requestT(request, viewer)
	if (intent === 'profile') {
		const submission = parseWithZod(formData, {
			schema: profileSchema.refine((v) => isCountryCode(v.country), { path: ['country'], message: 'Choose a country from the list.' }),
		})
		if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
		const v = submission.value
		await updateProfile(viewer.id, { ...v, timezone: v.timezone || null })
		return redirectWithFlash('/profile', { kind: 'success', message: t('people.profile.saved') })
	}
	if (intent === 'password') {
		const submission = parseWithZod(formData, {
			schema: passwordSchema.refine((v) => !isCommonPassword(v.newPassword), { path: ['newPassword'], message: 'This password is too common. Choose another one.' }),
		})
		const hide = ['currentPassword', 'newPassword', 'confirm']
		if (submission.status !== 'success') return data({ intent, result: submission.reply({ hideFields: hide }) }, { status: 400 })
		const changed = await changePassword(viewer.id, submission.value.currentPassword, submission.value.newPassword, clientIp(context))
		if (changed === 'blocked') return data({ intent, result: submission.reply({ fieldErrors: { currentPassword: [t('auth.login.blocked')] }, hideFields: hide }) }, { status: 429 })
		if (changed === 'wrong')
			return data({ intent, result: submission.reply({ fieldErrors: { currentPassword: [t('people.profile.wrongPassword')] }, hideFields: hide }) }, { status: 400 })
		// Every session ended with the change; this device gets a fresh one.
		const cookie = await createSessionCookie(viewer.id, {
			ip: clientIp(context),
			userAgent: request.headers.get('user-agent') ?? '',
			// The gate lets only fully signed-in sessions reach this page.
			twoFactorVerified: true,
		})
		return redirectWithFlash('/profile', { kind: 'success', message: t('people.profile.passwordChanged') }, { headers: { 'Set-Cookie': cookie } })
	}
	if (intent === 'end-session') {
		const sessionId = String(formData.get('sessionId') ?? '')
		await endSessionOf(viewer.id, sessionId)
		if (sessionId === viewer.sessionId) return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
		return redirectWithFlash('/profile', { kind: 'success', message: t('people.profile.sessionEnded') })
	}
	if (intent === 'end-all') {
		await endAllAccess(viewer.id)
		return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
	}
	if (intent === 'create-token') {
		const name = tokenNameSchema.safeParse(formData.get('tokenName') ?? '')
		if (!name.success) return data({ intent, result: undefined, tokenError: name.error.issues[0].message }, { status: 400 })
		const created = await createApiToken(viewer.id, name.data, clientIp(context), { readsMessages: formData.get('tokenMessages') === 'on' })
		if (created.kind === 'limit') return data({ intent, result: undefined, tokenError: t('people.profile.tokenLimit') }, { status: 400 })
		return data({ intent, result: undefined, newToken: created.token })
	}
	if (intent === 'calendar-feed' || intent === 'calendar-feed-off') {
		await renewFeed(viewer.id, intent === 'calendar-feed')
		return redirectWithFlash('/profile#calendar-heading', {
			kind: 'success',
			message: intent === 'calendar-feed' ? t('people.profile.feedRenewed') : t('people.profile.feedOff'),
		})
	}
	if (intent === 'event-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(formData.get('eventEmail'))
		if (!choice.success) throw new Response(t('people.profile.eventEmailInvalid'), { status: 400 })
		await setEventEmail(viewer.id, choice.data)
		return redirectWithFlash('/profile#calendar-heading', { kind: 'success', message: t('people.profile.eventEmailSaved') })
	}
	if (intent === 'revoke-token') {
		const id = z.coerce.number().int().positive().safeParse(formData.get('tokenId'))
		if (!id.success || !(await revokeApiToken(viewer.id, id.data, clientIp(context)))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/profile', { kind: 'success', message: t('people.profile.tokenRevoked') })
	}
	throw unknownFormAction(t('common.error.unknownAction'))
}

export default function Profile() {
	const { profile, sessions, tokens, countries, timeZones, feedUrl, eventEmail, twoFactorEnabled } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
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
			<h1>{t('people.profile.heading')}</h1>
			<section className="panel narrow" aria-labelledby="profile-heading">
				<h2 id="profile-heading">{t('people.profile.profileHeading')}</h2>
				<dl className="fields">
					<dt>{t('people.profile.email')}</dt>
					<dd>{profile.email}</dd>
					<dt>{t('people.profile.role')}</dt>
					<dd>{ROLE_KEYS[profile.role] ? t(ROLE_KEYS[profile.role]) : profile.role}</dd>
					<dt>{t('people.profile.regions')}</dt>
					<dd>{profile.regions.join(', ') || '—'}</dd>
				</dl>
				<p className="hint">{t('people.profile.managedHint', { link: (chunks) => <Link to="/profile/directory">{chunks}</Link> })}</p>
				<Form method="post" {...getFormProps(profileForm)}>
					<input type="hidden" name="intent" value="profile" />
					<Field label={t('people.profile.name')} {...getInputProps(pf.name, { type: 'text' })} errors={pf.name.errors} />
					<Field label={t('people.profile.organisation')} {...getInputProps(pf.organisation, { type: 'text' })} errors={pf.organisation.errors} />
					<SelectField label={t('people.profile.country')} name={pf.country.name} id={pf.country.id} defaultValue={profile.country} placeholder={t('people.profile.countryPlaceholder')} options={countries.map((c) => ({ value: c.code, label: c.name }))} errors={pf.country.errors} />
					<Field label={t('people.profile.jobTitle')} {...getInputProps(pf.jobTitle, { type: 'text' })} errors={pf.jobTitle.errors} />
					<SelectField label={t('people.profile.language')} hint={t('people.profile.languageHint')} name={pf.preferredLanguage.name} id={pf.preferredLanguage.id} defaultValue={profile.preferredLanguage} options={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))} errors={pf.preferredLanguage.errors} />
					<SelectField label={t('people.profile.timezone')} hint={t('people.profile.timezoneHint')} name={pf.timezone.name} id={pf.timezone.id} defaultValue={profile.timezone} placeholder={t('people.profile.timezonePlaceholder')} options={timeZones.map((tz) => ({ value: tz, label: tz }))} errors={pf.timezone.errors} />
					<button type="submit">{t('people.profile.saveProfile')}</button>
				</Form>
			</section>

			<section className="panel narrow" aria-labelledby="password-heading">
				<h2 id="password-heading">{t('people.profile.passwordHeading')}</h2>
				<Form method="post" {...getFormProps(passwordForm)}>
					<input type="hidden" name="intent" value="password" />
					<Field label={t('people.profile.currentPassword')} autoComplete="current-password" {...getInputProps(pw.currentPassword, { type: 'password' })} errors={pw.currentPassword.errors} />
					<Field label={t('people.profile.newPassword')} autoComplete="new-password" hint={t('people.profile.newPasswordHint')} {...getInputProps(pw.newPassword, { type: 'password' })} errors={pw.newPassword.errors} />
					<Field label={t('people.profile.confirmPassword')} autoComplete="new-password" {...getInputProps(pw.confirm, { type: 'password' })} errors={pw.confirm.errors} />
					<button type="submit">{t('people.profile.changePassword')}</button>
				</Form>
			</section>

			<section className="panel" aria-labelledby="tokens-heading">
				<h2 id="tokens-heading">{t('people.profile.tokensHeading')}</h2>
				<p className="hint">{t('people.profile.tokensHint', { code: (chunks) => <code>{chunks}</code>, placeholder: '<token>' })}</p>
				{actionData && 'newToken' in actionData && actionData.newToken ? (
					<div className="flash flash-success" role="status">
						<p>{t('people.profile.newToken')}</p>
						<p className="token-once" id="new-token">
							{actionData.newToken}
						</p>
					</div>
				) : null}
				{tokens.length ? (
					<ul>
						{tokens.map((token) => (
							<li key={token.id}>
								<Form method="post" className="actions">
									<span>
										{t(token.lastUsed ? 'people.profile.tokenUsed' : 'people.profile.tokenUnused', {
											name: token.name,
											strong: (chunks) => <strong>{chunks}</strong>,
											created: <LocalTime value={token.created} />,
											lastUsed: token.lastUsed ? <LocalTime value={token.lastUsed} /> : null,
										})}
										{token.readsMessages ? ` ${t('people.profile.tokenReadsMessages')}` : null}
									</span>
									<input type="hidden" name="intent" value="revoke-token" />
									<input type="hidden" name="tokenId" value={token.id} />
									<button type="submit" className="secondary" aria-label={t('people.profile.revokeLabel', { name: token.name })}>
										{t('people.profile.revoke')}
									</button>
								</Form>
							</li>
						))}
					</ul>
				) : null}
				<Form method="post" className="narrow">
					<input type="hidden" name="intent" value="create-token" />
					<Field label={t('people.profile.tokenName')} name="tokenName" maxLength={80} errors={actionData && 'tokenError' in actionData && actionData.tokenError ? [actionData.tokenError] : undefined} />
					<p>
						<label className="checkbox">
							<input type="checkbox" name="tokenMessages" value="on" /> {t('people.profile.tokenMessages')}
						</label>
					</p>
					<button type="submit">{t('people.profile.createToken')}</button>
				</Form>
			</section>

			<section className="panel" aria-labelledby="calendar-heading">
				<h2 id="calendar-heading">{t('people.profile.calendarHeading')}</h2>
				<p>{t('people.profile.calendarText')}</p>
				{feedUrl ? (
					<p>
						<label htmlFor="feed-url">{t('people.profile.feedLabel')}</label>
						<input id="feed-url" readOnly value={feedUrl} className="code" onFocus={(e) => e.currentTarget.select()} />
					</p>
				) : (
					<p className="muted">{t('people.profile.noFeed')}</p>
				)}
				<Form method="post" className="inline-form">
					<button type="submit" name="intent" value="calendar-feed" className="secondary">
						{feedUrl ? t('people.profile.replaceFeed') : t('people.profile.createFeed')}
					</button>
					{feedUrl ? (
						<button type="submit" name="intent" value="calendar-feed-off" className="secondary">
							{t('people.profile.feedOffButton')}
						</button>
					) : null}
				</Form>
				<EmailPreferenceForm intent="event-email" name="eventEmail" label={t('people.profile.eventEmail')} value={eventEmail} />
			</section>
			<section className="panel" aria-labelledby="two-factor-heading">
				<h2 id="two-factor-heading">{t('people.profile.twoFactorHeading')}</h2>
				<p>
					{twoFactorEnabled ? t('people.profile.twoFactorOn') : t('people.profile.twoFactorOff')}{' '}
					<Link to="/profile/two-factor">{twoFactorEnabled ? t('people.profile.twoFactorManage') : t('people.profile.twoFactorSetUp')}</Link>
				</p>
			</section>
			<section className="panel" aria-labelledby="sessions-heading">
				<h2 id="sessions-heading">{t('people.profile.sessionsHeading')}</h2>
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('people.profile.since')}</th>
								<th scope="col">{t('people.profile.address')}</th>
								<th scope="col">{t('people.profile.browser')}</th>
								<th scope="col"><span className="sr-only">{t('people.profile.actions')}</span></th>
							</tr>
						</thead>
						<tbody>
							{sessions.map((s) => (
								<tr key={s.id}>
									<td>
										<LocalTime value={s.createdAt} /> {s.current ? <span className="badge">{t('people.profile.thisDevice')}</span> : null}
									</td>
									<td>{s.ip}</td>
									<td>{s.userAgent}</td>
									<td>
										<Form method="post">
											<input type="hidden" name="intent" value="end-session" />
											<input type="hidden" name="sessionId" value={s.id} />
											<button type="submit" className="secondary">{t('people.profile.endSession')}</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<Form method="post" className="actions">
					<input type="hidden" name="intent" value="end-all" />
					<button type="submit" className="danger">{t('people.profile.logoutEverywhere')}</button>
				</Form>
			</section>
		</>
	)
}
