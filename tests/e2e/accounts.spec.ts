import { expect, test } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { createUser, database, latestMailTo, linkIn, loginAs, loginThroughForm, mailCount, uniqueEmail, uniqueIp } from './support'

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

test('request access → admin approves → welcome link → set password → log in → log out', async ({ page, browser }) => {
	const email = uniqueEmail('applicant')
	await page.goto('/request-access')
	await page.getByLabel('Full name').fill('Awa Diop')
	await page.getByLabel('Work email').fill(email)
	await page.getByLabel('Organisation or agency').fill('Parquet de Dakar')
	await page.getByLabel('Country').selectOption('SEN')
	await page.getByLabel('Job title').fill('Prosecutor')
	await page.getByLabel('West and Central Africa').check()
	await page.getByLabel('Why do you need access?').fill('I prosecute firearms trafficking cases.')
	await page.getByRole('button', { name: 'Send request' }).click()
	await expect(page.getByRole('status')).toContainText('An administrator will review your request')

	// Pending: no password yet, and no way in.
	const pending = database().prepare('select id, status, password_hash from users where email = ?').get(email) as { id: string; status: string; password_hash: string | null }
	expect(pending.status).toBe('pending')
	expect(pending.password_hash).toBeNull()

	const admin = await createUser({ role: 'admin' })
	const adminContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(adminContext, admin)
	const adminPage = await adminContext.newPage()
	await adminPage.goto('/admin/users?status=pending')
	await adminPage.getByRole('link', { name: 'Awa Diop' }).first().click()
	await expect(adminPage.getByText('I prosecute firearms trafficking cases.')).toBeVisible()
	await adminPage.getByLabel('Role').selectOption('member')
	await adminPage.getByRole('button', { name: 'Approve and send welcome email' }).click()
	await expect(adminPage.getByRole('status')).toContainText('is approved')
	await adminContext.close()

	const welcome = await latestMailTo(email)
	expect(welcome.subject).toContain('Welcome')
	await page.goto(linkIn(welcome, '/reset-password/'))
	await expect(page.getByRole('heading', { name: /choose your password/i })).toBeVisible()
	await page.getByLabel('New password', { exact: true }).fill('a long river of words 42')
	await page.getByLabel('Repeat the password').fill('a long river of words 42')
	await page.getByRole('button', { name: 'Save password' }).click()
	await expect(page.getByRole('status')).toContainText('Your password is set')

	await loginThroughForm(page, email, 'a long river of words 42')
	await expect(page.getByRole('heading', { name: 'Welcome, Awa Diop' })).toBeVisible()
	// The region chosen by the admin is the member's.
	await expect(page.getByText('Your regions: West and Central Africa')).toBeVisible()

	// The welcome link was single-use.
	await page.goto(linkIn(welcome, '/reset-password/'))
	await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()

	await page.goto('/')
	await page.locator('.user-menu summary').click()
	await page.getByRole('button', { name: 'Log out' }).click()
	await expect(page).toHaveURL(/\/login$/)
	await page.goto('/profile')
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/)
})

test('a wrong password is refused without saying whether the account exists', async ({ page }) => {
	const user = await createUser()
	await loginThroughForm(page, user.email, 'not the right password')
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an approved account.')
	await loginThroughForm(page, uniqueEmail('nobody'), 'not the right password')
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an approved account.')
	await expect(page).toHaveURL(/\/login/)
})

test('the login form shows field errors for empty and malformed input', async ({ page }) => {
	await page.goto('/login')
	await page.getByLabel('Email').fill('not-an-email')
	await page.getByRole('button', { name: 'Log in' }).click()
	await expect(page.getByText('Enter a valid email address')).toBeVisible()
	await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
})

test('pending, rejected and suspended accounts cannot log in', async ({ page }) => {
	for (const status of ['pending', 'rejected', 'suspended']) {
		const user = await createUser({ status })
		await loginThroughForm(page, user.email, user.password)
		await expect(page.getByRole('alert')).toContainText('do not match an approved account')
	}
})

test('ten failures lock the account for a while with HTTP 429, even with the right password', async ({ page, request }) => {
	const user = await createUser()
	const ip = uniqueIp()
	for (let i = 0; i < 10; i++) {
		const r = await request.post('/login', {
			form: { email: user.email, password: `wrong-${i}` },
			headers: { Origin: E2E.baseURL, 'X-Forwarded-For': ip },
			maxRedirects: 0,
		})
		expect(r.status()).toBe(400)
	}
	// From another address too: the account itself is throttled.
	const blocked = await request.post('/login', {
		form: { email: user.email, password: user.password },
		headers: { Origin: E2E.baseURL, 'X-Forwarded-For': uniqueIp() },
		maxRedirects: 0,
	})
	expect(blocked.status()).toBe(429)
	expect(await blocked.text()).toContain('Too many failed attempts')

	// And the browser user sees the message.
	await loginThroughForm(page, user.email, user.password)
	await expect(page.getByRole('alert')).toContainText('Too many failed attempts')
})

test('password reset by emailed single-use link ends other sessions', async ({ page, browser }) => {
	const user = await createUser()
	const other = await browser.newContext()
	await loginAs(other, user)
	const otherPage = await other.newPage()
	await otherPage.goto('/profile')
	await expect(otherPage.getByRole('heading', { name: 'Profile and security' })).toBeVisible()

	await page.goto('/reset-password')
	await page.getByLabel('Email').fill(user.email)
	await page.getByRole('button', { name: 'Send the link' }).click()
	await expect(page.getByRole('status')).toContainText('If an approved account uses that address')
	const mail = await latestMailTo(user.email)
	const link = linkIn(mail, '/reset-password/')
	await page.goto(link)
	await page.getByLabel('New password', { exact: true }).fill('password')
	await page.getByLabel('Repeat the password').fill('password')
	await page.getByRole('button', { name: 'Save password' }).click()
	await expect(page.getByText('Use at least 12 characters.')).toBeVisible()
	await page.getByLabel('New password', { exact: true }).fill('1qaz2wsx3edc')
	await page.getByLabel('Repeat the password').fill('1qaz2wsx3edc')
	await page.getByRole('button', { name: 'Save password' }).click()
	await expect(page.getByText('This password is too common')).toBeVisible()
	await page.getByLabel('New password', { exact: true }).fill('correct horse battery staple 9')
	await page.getByLabel('Repeat the password').fill('correct horse battery staple 9')
	await page.getByRole('button', { name: 'Save password' }).click()
	await expect(page.getByRole('status')).toContainText('Your password is set')

	await loginThroughForm(page, user.email, 'correct horse battery staple 9')
	await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
	await otherPage.goto('/profile')
	await expect(otherPage).toHaveURL(/\/login/)
	await page.goto(link)
	await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
	await other.close()
})

test('one address may ask for ten resets an hour, whichever emails it names; the next for a real account sends nothing and answers the same', async ({ request }) => {
	const user = await createUser()
	const ip = uniqueIp()
	const ask = (email: string) => request.post('/reset-password', { form: { email }, headers: { Origin: E2E.baseURL, 'X-Forwarded-For': ip }, maxRedirects: 0 })
	for (let i = 0; i < 10; i++) expect((await ask(uniqueEmail('probe'))).status()).toBe(302)
	const answer = await ask(user.email)
	expect(answer.status()).toBe(302)
	expect(answer.headers().location).toBe('/login')
	await new Promise((resolve) => setTimeout(resolve, 500))
	expect(mailCount(user.email)).toBe(0)
	// From another address the same request goes through.
	expect((await request.post('/reset-password', { form: { email: user.email }, headers: { Origin: E2E.baseURL, 'X-Forwarded-For': uniqueIp() }, maxRedirects: 0 })).status()).toBe(302)
	await latestMailTo(user.email)
})

test('reset for an unknown address sends nothing and answers the same', async ({ page }) => {
	const email = uniqueEmail('ghost')
	await page.goto('/reset-password')
	await page.getByLabel('Email').fill(email)
	await page.getByRole('button', { name: 'Send the link' }).click()
	await expect(page.getByRole('status')).toContainText('If an approved account uses that address')
	expect(mailCount(email)).toBe(0)
	// It is written down as a real request is (a write either way, so the answer takes as long),
	// without the address typed: the audit log keeps no address that holds no account.
	const entries = database().prepare("select object_id, detail from audit_log where action = 'password.reset_requested_unknown' order by id desc limit 1").all() as Array<{ object_id: string | null; detail: string }>
	expect(entries).toHaveLength(1)
	expect(entries[0].object_id).toBeNull()
	expect(JSON.stringify(entries[0])).not.toContain(email)
})

test('an invitation link works once and not after it expires', async ({ page, browser }) => {
	const staff = await createUser({ role: 'staff' })
	const staffContext = await browser.newContext()
	await loginAs(staffContext, staff)
	const staffPage = await staffContext.newPage()
	const invitee = uniqueEmail('invitee')
	await staffPage.goto('/admin/invitations')
	// Staff may not hand out the admin role.
	await expect(staffPage.getByLabel('Role').locator('option')).toHaveText(['member', 'moderator'])
	await staffPage.getByLabel('Email').fill(invitee)
	await staffPage.getByLabel('Central Asia').check()
	await staffPage.getByRole('button', { name: 'Send invitation' }).click()
	await expect(staffPage.getByRole('status')).toContainText(`Invitation sent to ${invitee}`)
	await staffContext.close()

	const link = linkIn(await latestMailTo(invitee), '/invite/')
	await page.goto(link)
	await expect(page.getByText(`You were invited as ${invitee}`)).toBeVisible()
	await page.getByLabel('Full name').fill('Aigerim Nurlanovna')
	await page.getByLabel('Organisation or agency').fill('Customs Committee')
	await page.getByLabel('Country').selectOption('KAZ')
	await page.getByLabel('Job title').fill('Analyst')
	await page.getByLabel('Password', { exact: true }).fill('steppe wind and snow 2026')
	await page.getByLabel('Repeat the password').fill('steppe wind and snow 2026')
	await page.getByRole('button', { name: 'Create my account' }).click()
	await expect(page.getByRole('status')).toContainText('Your account is ready')
	await loginThroughForm(page, invitee, 'steppe wind and snow 2026')
	await expect(page.getByText('Your regions: Central Asia')).toBeVisible()

	await page.goto(link)
	await expect(page.getByRole('heading', { name: 'This invitation was already used' })).toBeVisible()

	// Expiry: an invitation past its date is refused.
	const staff2 = await createUser({ role: 'staff' })
	const ctx2 = await browser.newContext()
	await loginAs(ctx2, staff2)
	const p2 = await ctx2.newPage()
	const late = uniqueEmail('late')
	await p2.goto('/admin/invitations')
	await p2.getByLabel('Email').fill(late)
	await p2.getByLabel('Caribbean').check()
	await p2.getByRole('button', { name: 'Send invitation' }).click()
	await expect(p2.getByRole('status')).toContainText('Invitation sent')
	await ctx2.close()
	database().prepare('update invitations set expires_at = unixepoch() - 1 where email = ?').run(late)
	await page.goto(linkIn(await latestMailTo(late), '/invite/'))
	await expect(page.getByRole('heading', { name: 'This invitation has expired' })).toBeVisible()
})

test('a member cannot reach administration (403) and does not see it in the menu', async ({ page, context, request }) => {
	const member = await createUser({ regions: ['caribbean'] })
	await loginAs(context, member)
	await page.goto('/')
	await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0)
	for (const path of ['/admin', '/admin/users', '/admin/invitations', `/admin/users/${member.id}`]) {
		const response = await page.goto(path)
		expect(response?.status(), path).toBe(403)
		await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible()
	}
	// Posting to an admin action is refused the same way and changes nothing.
	const cookies = await context.cookies()
	const r = await request.post(`/admin/users/${member.id}`, {
		form: { intent: 'access', role: 'admin' },
		headers: { Origin: E2E.baseURL, Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
		maxRedirects: 0,
	})
	expect(r.status()).toBe(403)
	expect((database().prepare('select role from users where id = ?').get(member.id) as { role: string }).role).toBe('member')
})

test('profile: change password ends other sessions; log out everywhere', async ({ page, browser }) => {
	const user = await createUser({ password: 'first password is long' })
	await loginThroughForm(page, user.email, 'first password is long')
	// The sign-in's own navigation must land before the next goto, or it may overtake it.
	await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
	const other = await browser.newContext()
	await loginAs(other, user)
	const otherPage = await other.newPage()
	await page.goto('/profile')
	await expect(page.getByRole('row')).toHaveCount(3) // header + two sessions
	await page.getByLabel('Current password').fill('not my password')
	await page.getByLabel('New password', { exact: true }).fill('second password is longer')
	await page.getByLabel('Repeat the new password').fill('second password is longer')
	await page.getByRole('button', { name: 'Change password' }).click()
	await expect(page.getByText('Your current password is not correct.')).toBeVisible()
	await page.getByLabel('Current password').fill('first password is long')
	await page.getByLabel('New password', { exact: true }).fill('second password is longer')
	await page.getByLabel('Repeat the new password').fill('second password is longer')
	await page.getByRole('button', { name: 'Change password' }).click()
	await expect(page.getByRole('status')).toContainText('Your password is changed')
	await otherPage.goto('/profile')
	await expect(otherPage).toHaveURL(/\/login/)

	// API tokens end with the sessions.
	await page.getByLabel('Token name').fill('laptop script')
	await page.getByRole('button', { name: 'Create token' }).click()
	await expect(page.locator('#new-token')).toBeVisible()
	await page.getByRole('button', { name: 'Log out everywhere' }).click()
	await expect(page).toHaveURL(/\/login$/)
	expect(database().prepare('select count(*) n from api_tokens where user_id = ? and revoked_at is null').get(user.id)).toEqual({ n: 0 })
	expect((database().prepare('select count(*) as n from sessions where user_id = ?').get(user.id) as { n: number }).n).toBe(0)
	await other.close()
})

test('profile edits are validated and saved', async ({ page, context }) => {
	const user = await createUser()
	await loginAs(context, user)
	await page.goto('/profile')
	await page.getByLabel('Full name').fill('')
	await page.getByRole('button', { name: 'Save profile' }).click()
	await expect(page.getByText('Enter your full name.')).toBeVisible()
	await page.getByLabel('Full name').fill('Renamed Person')
	await page.getByLabel('Preferred language').selectOption('zh')
	await page.getByLabel('Time zone').selectOption('Africa/Dakar')
	await page.getByRole('button', { name: 'Save profile' }).click()
	await expect(page.getByRole('status')).toContainText('Your profile is saved')
	const row = database().prepare('select name, preferred_language, timezone from users where id = ?').get(user.id)
	expect(row).toEqual({ name: 'Renamed Person', preferred_language: 'zh', timezone: 'Africa/Dakar' })
})


test('a session ends after its idle time and after its absolute lifetime', async ({ page, context }) => {
	const user = await createUser()
	const token = await loginAs(context, user)
	await page.goto('/profile')
	await expect(page.getByRole('heading', { name: 'Profile and security' })).toBeVisible()
	const crypto = await import('node:crypto')
	const id = crypto.createHash('sha256').update(token).digest('hex')
	// Idle: the sliding expiry has passed.
	database().prepare('update sessions set expires_at = unixepoch() - 1 where id = ?').run(id)
	await page.goto('/profile')
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/)

	// Absolute: still active, but past its 12-hour limit.
	const token2 = await loginAs(context, user)
	const id2 = crypto.createHash('sha256').update(token2).digest('hex')
	await page.goto('/profile')
	await expect(page.getByRole('heading', { name: 'Profile and security' })).toBeVisible()
	database().prepare('update sessions set absolute_expires_at = unixepoch() - 1 where id = ?').run(id2)
	await page.goto('/profile')
	await expect(page).toHaveURL(/\/login/)
	expect(database().prepare('select count(*) n from sessions where id = ?').get(id2)).toEqual({ n: 0 })
})

test('the session cookie is HttpOnly and SameSite=Lax, and a new token is issued at each login', async ({ page, context }) => {
	const user = await createUser()
	await loginThroughForm(page, user.email, user.password)
	await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
	const first = (await context.cookies()).find((c) => c.name === 'portal_session')!
	expect(first.httpOnly).toBe(true)
	expect(first.sameSite).toBe('Lax')
	// The database holds only the hash of the token.
	expect(database().prepare('select count(*) n from sessions where id = ?').get(first.value)).toEqual({ n: 0 })
	await page.locator('.user-menu summary').click()
	await page.getByRole('button', { name: 'Log out' }).click()
	await expect(page).toHaveURL(/\/login$/)
	await loginThroughForm(page, user.email, user.password)
	await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
	const second = (await context.cookies()).find((c) => c.name === 'portal_session')!
	expect(second.value).not.toBe(first.value)
})

test('an administrator rejects a request with a reason; the applicant cannot log in', async ({ page, context }) => {
	const applicant = await createUser({ status: 'pending', name: `Applicant ${Date.now()}` })
	await loginAs(context, await createUser({ role: 'admin' }))
	await page.goto(`/admin/users/${applicant.id}`)
	await page.getByRole('button', { name: 'Reject the request' }).click()
	await expect(page.getByText('Enter a reason.')).toBeVisible()
	await page.getByLabel('Reason (kept on record)').fill('Not a criminal-justice practitioner.')
	await page.getByRole('button', { name: 'Reject the request' }).click()
	await expect(page.getByRole('status')).toContainText(`The request from ${applicant.name} was rejected.`)
	expect(database().prepare('select status, decision_reason from users where id = ?').get(applicant.id)).toEqual({ status: 'rejected', decision_reason: 'Not a criminal-justice practitioner.' })
	const audit = database().prepare(`select action from audit_log where object_id = ? order by id desc limit 1`).get(applicant.id)
	expect(audit).toEqual({ action: 'user.rejected' })
})
