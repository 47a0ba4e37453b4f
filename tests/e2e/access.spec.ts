import { expect, test } from '@playwright/test'
import { routeSamples } from './routes'

// The only routes an anonymous visitor may open. Anything else must send them to log in
// (pages) or answer 401 (API). Adding a public route means adding it here, on purpose.
// /locale is the language switcher, which visitors use on the login page (its GET only goes home).
const PUBLIC_ROUTES = new Set(['/login', '/request-access', '/reset-password', '/reset-password/sample-id', '/invite/sample-id', '/healthz', '/logout', '/locale'])
/**
 * Public, but only for a real value in the URL: a made-up signed secret or language gets 404, never
 * the login page (/i18n/<locale>.js is the interface's messages, which the login page needs).
 */
const PUBLIC_FOR_REAL_VALUES = new Set(['/unsubscribe/sample-id', '/events/feed/sample-id.ics', '/i18n/sample-id.js'])

const routes = routeSamples()

test('the route list is read from app/routes', () => {
	expect(routes.length).toBeGreaterThan(10)
	expect(routes.map((r) => r.path)).toContain('/admin/users/sample-id')
})

for (const route of routes) {
	test(`anonymous GET ${route.path} (${route.file})`, async ({ request }) => {
		const response = await request.get(route.path, { maxRedirects: 0 })
		if (PUBLIC_FOR_REAL_VALUES.has(route.path)) {
			expect(response.status(), route.path).toBe(404)
			return
		}
		if (PUBLIC_ROUTES.has(route.path)) {
			// logout's loader only redirects home, which then redirects to /login.
			expect([200, 302], `${route.path} is public`).toContain(response.status())
			return
		}
		if (route.path.startsWith('/api/')) {
			expect(response.status()).toBe(401)
			expect(await response.json()).toEqual({ error: 'Authentication required.' })
			return
		}
		expect(response.status(), route.path).toBe(302)
		expect(response.headers().location).toBe(`/login?redirectTo=${encodeURIComponent(route.path)}`)

		// Remix's data requests are closed the same way, without leaking loader data.
		const dataResponse = await request.get(`${route.path === '/' ? '/_root' : route.path}.data`, { maxRedirects: 0 })
		const body = await dataResponse.text()
		expect(body).toContain('SingleFetchRedirect')
		expect(body).toContain('/login?redirectTo=')
	})
}

test('anonymous POST to a protected action is refused before it runs', async ({ request }) => {
	const response = await request.post('/admin/invitations', {
		form: { email: 'x@example.org', role: 'admin' },
		headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
		maxRedirects: 0,
	})
	expect(response.status()).toBe(302)
	expect(response.headers().location).toContain('/login')
})

test('a cross-origin or origin-less POST is refused with 403', async ({ request }) => {
	for (const headers of [{ Origin: 'https://evil.example' }, {}] as Array<Record<string, string>>) {
		const response = await request.post('/login', { form: { email: 'a@b.org', password: 'x' }, headers, maxRedirects: 0 })
		expect(response.status()).toBe(403)
	}
})

test('security headers are set on pages', async ({ request }) => {
	const response = await request.get('/login')
	const headers = response.headers()
	expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
	expect(headers['content-security-policy']).not.toContain('unsafe-inline')
	expect(headers['x-content-type-options']).toBe('nosniff')
	expect(headers['referrer-policy']).toBe('same-origin')
	const health = await request.get('/healthz')
	expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true } })
	const asset = await request.get('/favicon.ico')
	expect(asset.status()).toBe(200)
})

test('login page renders and hydrates without CSP violations', async ({ page }) => {
	const problems: string[] = []
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(m.text())
	})
	await page.goto('/login')
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()
	await page.getByRole('link', { name: 'Request access' }).first().click()
	await expect(page.getByRole('heading', { name: 'Request access' })).toBeVisible()
	expect(problems).toEqual([])
})

test('unknown pages show a 404 page for members', async ({ page, context }) => {
	const { createUser, loginAs } = await import('./support')
	await loginAs(context, await createUser())
	const response = await page.goto('/no/such/page')
	expect(response?.status()).toBe(404)
	await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})

test('login never redirects off-site, whatever redirectTo says', async ({ browser }) => {
	test.setTimeout(90_000) // six real logins (argon2id each): slow on a loaded machine
	const { createUser, uniqueIp } = await import('./support')
	for (const target of ['//evil.example/', '/\t/evil.example', '/%09/evil.example', 'https://evil.example', '/\\evil.example', '/ok\nSet-Cookie: x=1']) {
		const user = await createUser()
		const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		const page = await context.newPage()
		await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`)
		await page.getByLabel('Email').fill(user.email)
		await page.getByLabel('Password', { exact: true }).fill(user.password)
		await page.getByRole('button', { name: 'Log in' }).click()
		await expect(page).toHaveURL(/^http:\/\/localhost:\d+\//)
		expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host)
		await context.close()
	}
})

test('oversized bodies and malformed request targets are refused early', async ({ request }) => {
	const big = await request.post('/request-access', {
		headers: { Origin: new URL(test.info().project.use.baseURL!).origin, 'Content-Type': 'application/x-www-form-urlencoded' },
		data: `name=${'x'.repeat(1_100_000)}`,
		maxRedirects: 0,
	})
	expect(big.status()).toBe(413)
	const base = test.info().project.use.baseURL!
	const r = await fetch(`${base}//evil.example/login`, { redirect: 'manual' })
	expect(r.status).toBe(400)
})

test('health is public but engine details are not', async ({ request }) => {
	const body = await (await request.get('/healthz')).json()
	expect(body.search).toEqual({ engine: 'fts5', ok: true, degraded: false })
})
