import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateHOTP } from '@oslojs/otp'
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { createUser, database, loginThroughForm, uniqueIp } from './support'

/** What an authenticator app would show for this key, `offset` 30-second steps from now. */
const codeFor = (key: string, offset = 0) => generateHOTP(decodeBase32IgnorePadding(key.replace(/\s/g, '')), BigInt(Math.floor(Date.now() / 30_000) + offset), 6)

async function enrolThroughPage(page: Page): Promise<{ key: string; recoveryCodes: string[] }> {
	await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible()
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible()
	const key = (await page.locator('code').first().innerText()).replace(/\s/g, '')
	await page.getByLabel('Code').fill('000000')
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
	await expect(page.getByText('That code is not right')).toBeVisible()
	await page.getByLabel('Code').fill(codeFor(key))
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
	const list = page.getByRole('list', { name: 'Recovery codes' })
	await expect(list).toBeVisible()
	const recoveryCodes = (await list.getByRole('listitem').allInnerTexts()).map((c) => c.trim())
	expect(recoveryCodes).toHaveLength(10)
	return { key, recoveryCodes }
}

test('a member turns on two-factor sign-in; afterwards a password alone opens nothing', async ({ browser }) => {
	const user = await createUser({ regions: ['latin-america'] })
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const page = await context.newPage()
	await loginThroughForm(page, user.email, user.password)
	await expect(page).toHaveURL(/\/$/)
	await page.goto('/profile')
	await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click()
	const { key, recoveryCodes } = await enrolThroughPage(page)
	await page.goto('/profile')
	await expect(page.getByText('On: you sign in with your password and a code')).toBeVisible()

	// A second device: password first, then held at the code page for every other address.
	const other = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const second = await other.newPage()
	await loginThroughForm(second, user.email, user.password)
	await expect(second).toHaveURL(/\/login\/two-factor/)
	for (const path of ['/cases', '/forums/latin-america', '/profile', '/messages']) {
		const response = await other.request.get(path, { maxRedirects: 0 })
		expect(response.status(), path).toBe(302)
		expect(response.headers().location).toBe(`/login/two-factor?redirectTo=${encodeURIComponent(path)}`)
	}
	// The code page's own assets load (redirected to the page, the catalogue script failed and the page reloaded itself).
	for (const asset of ['/i18n/en.js', '/__manifest?p=%2Flogin%2Ftwo-factor&version=x']) {
		const response = await other.request.get(asset, { maxRedirects: 0 })
		expect(response.status(), asset).not.toBe(302)
	}
	const api = await other.request.get('/api/cases')
	expect(api.status()).toBe(401)
	expect(await api.json()).toEqual({ error: 'Two-factor verification required.' })

	// A wrong code is refused with a message; the code now shown lets them in, to where they were going.
	await second.goto('/forums/latin-america')
	await expect(second).toHaveURL(/\/login\/two-factor\?redirectTo=%2Fforums%2Flatin-america/)
	await second.getByLabel('Code').fill('123456')
	await second.getByRole('button', { name: 'Verify' }).click()
	await expect(second.getByRole('alert')).toContainText('That code is not right')
	// The enrolment used this step's code; the next step's is what the phone shows in a few seconds.
	const halfOpen = (await other.cookies()).find((c) => c.name === 'portal_session')?.value
	await second.getByLabel('Code').fill(codeFor(key, 1))
	await second.getByRole('button', { name: 'Verify' }).click()
	await expect(second).toHaveURL(/\/forums\/latin-america$/)
	// Passing the second factor issues a new session token; the half-open one now opens nothing.
	const full = (await other.cookies()).find((c) => c.name === 'portal_session')?.value
	expect(full).toBeTruthy()
	expect(full).not.toBe(halfOpen)
	const stale = await playwrightRequest.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: { Cookie: `portal_session=${halfOpen}` } })
	const staleAnswer = await stale.get('/cases', { maxRedirects: 0 })
	expect(staleAnswer.status()).toBe(302)
	expect(staleAnswer.headers().location).toMatch(/^\/login/)
	await stale.dispose()

	// A third device uses a recovery code, which then stops working.
	for (const [n, expectOk] of [
		[0, true],
		[0, false],
	] as const) {
		const ctx = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		const p = await ctx.newPage()
		await loginThroughForm(p, user.email, user.password)
		await p.getByLabel('Code').fill(recoveryCodes[n])
		await p.getByRole('button', { name: 'Verify' }).click()
		if (expectOk) await expect(p).toHaveURL(/\/$/)
		else await expect(p.getByRole('alert')).toContainText('That code is not right')
		await ctx.close()
	}
	const audit = database().prepare(`select action from audit_log where actor_id = ? and action like '%two_factor%' order by id`).all(user.id) as Array<{ action: string }>
	expect(audit.map((a) => a.action)).toEqual([
		'two_factor.enabled',
		'login.two_factor.failure',
		'login.two_factor.success',
		'login.two_factor.recovery_code',
		'login.two_factor.failure',
	])
	await context.close()
	await other.close()
})

test('verification is rate-limited: after five wrong codes even the right one waits', async ({ browser }) => {
	const user = await createUser()
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const page = await context.newPage()
	await loginThroughForm(page, user.email, user.password)
	await expect(page).toHaveURL(/\/$/)
	await page.goto('/profile/two-factor')
	const { key } = await enrolThroughPage(page)
	// Sign in again on this device: the password alone leaves the session waiting for a code.
	await context.clearCookies()
	await loginThroughForm(page, user.email, user.password)
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('Code').fill(String(100000 + i))
		await page.getByRole('button', { name: 'Verify' }).click()
		await expect(page.getByRole('alert')).toBeVisible()
	}
	await page.getByLabel('Code').fill(codeFor(key, 1))
	const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/login/two-factor'))
	await page.getByRole('button', { name: 'Verify' }).click()
	expect((await response).status()).toBe(429)
	await expect(page.getByRole('alert')).toContainText('Too many wrong codes')
	await expect(page).toHaveURL(/\/login\/two-factor/)
	await context.close()
})

test('staff must enrol before anything else; an admin can reset a lost factor', async ({ browser }) => {
	const staff = await createUser({ role: 'staff' })
	database().prepare('update users set two_factor_enabled_at = null where id = ?').run(staff.id)
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const page = await context.newPage()
	await loginThroughForm(page, staff.email, staff.password)
	await expect(page).toHaveURL(/\/profile\/two-factor$/)
	await expect(page.getByText('Your role gives you access to drafts')).toBeVisible()
	for (const path of ['/admin', '/cases/new', '/guidance/review', '/profile']) {
		const response = await context.request.get(path, { maxRedirects: 0 })
		expect(response.headers().location, path).toBe('/profile/two-factor')
	}
	expect((await context.request.get('/api/cases')).status()).toBe(401)
	await enrolThroughPage(page)
	// Staff cannot turn it off.
	await page.goto('/profile/two-factor')
	await expect(page.getByRole('button', { name: 'Turn two-factor sign-in off' })).toHaveCount(0)
	expect((await page.goto('/admin'))?.status()).toBe(200)

	// The admin resets it: the staff member's sessions end and they must enrol again.
	const admin = await createUser({ role: 'admin' })
	const adminContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const { loginAs } = await import('./support')
	await loginAs(adminContext, admin)
	const adminPage = await adminContext.newPage()
	await adminPage.goto(`/admin/users/${staff.id}`)
	await adminPage.getByRole('button', { name: 'Reset two-factor sign-in' }).click()
	await expect(adminPage.getByText('Two-factor sign-in was reset')).toBeVisible()
	const after = await context.request.get('/admin', { maxRedirects: 0 })
	expect(after.headers().location).toContain('/login')
	const audit = database().prepare(`select actor_id from audit_log where object_id = ? and action = 'two_factor.reset_by_admin'`).all(staff.id)
	expect(audit).toEqual([{ actor_id: admin.id }])
	await context.close()
	await adminContext.close()
})
