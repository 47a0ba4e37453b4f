import http from 'node:http'
import { expect, test } from '@playwright/test'
import { OwnServer } from './own-server'
import { createUser, loginAs, uniqueIp } from './support'

const origin = () => new URL(test.info().project.use.baseURL!).origin

test('signed-in pages and their data are kept out of caches and the browser’s history', async ({ browser }) => {
	const context = await browser.newContext()
	await loginAs(context, await createUser({ regions: ['central-asia'] }))
	for (const path of ['/profile', '/messages', '/cases?q=pistol', '/forums', '/profile.data', '/messages.data', '/api/cases', '/api/search?q=pistol', '/api/conversations', '/api/events'])
		expect((await context.request.get(path)).headers()['cache-control'], path).toMatch(/no-store/)
	await context.close()
})

test('every kind of response carries a strict CSP; inline scripts run only with that response’s nonce', async ({ browser }) => {
	const context = await browser.newContext()
	await loginAs(context, await createUser({ regions: ['central-asia'] }))
	const nonces = new Set<string>()
	for (const path of ['/login', '/', '/cases?q=pistol', '/forums', '/events', '/no/such/page', '/api/cases', '/healthz']) {
		const response = await context.request.get(path)
		const csp = response.headers()['content-security-policy']
		expect(csp, path).toBeTruthy()
		const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
		expect(directives['default-src'], path).toEqual(["'self'"])
		expect(directives['script-src'][0], path).toBe("'self'")
		expect(directives['script-src'].join(' '), path).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
		expect(directives['style-src'], path).toEqual(["'self'"])
		expect(directives['object-src'], path).toEqual(["'none'"])
		expect(directives['frame-ancestors'], path).toEqual(["'none'"])
		expect(directives['base-uri'], path).toEqual(["'none'"])
		expect(directives['form-action'], path).toEqual(["'self'"])
		const nonce = directives['script-src'].find((v: string) => v.startsWith("'nonce-"))?.slice(7, -1)
		if (!(response.headers()['content-type'] ?? '').includes('text/html')) continue
		expect(nonce, path).toBeTruthy()
		nonces.add(nonce!)
		// Every inline script in the page carries exactly this response's nonce.
		const html = await response.text()
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1])
		expect(inline.length, path).toBeGreaterThan(0)
		for (const attrs of inline) expect(attrs, path).toContain(`nonce="${nonce}"`)
	}
	// A fresh nonce per response, never reused.
	expect(nonces.size).toBe(6)

	// And the browser agrees: a hydrated page raises no CSP violation.
	const page = await context.newPage()
	const violations: string[] = []
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
	})
	await page.goto('/cases')
	await page.getByRole('link', { name: 'Forums' }).first().click()
	await expect(page).toHaveURL(/\/forums/)
	expect(violations).toEqual([])
	await context.close()
})

test('HSTS is sent over HTTPS in production, never over plain HTTP', async ({ request }) => {
	const https = await request.get('/login', { headers: { 'X-Forwarded-Proto': 'https' } })
	expect(https.headers()['strict-transport-security']).toBe('max-age=63072000; includeSubDomains')
	const plain = await request.get('/login')
	expect(plain.headers()['strict-transport-security']).toBeUndefined()
	for (const [name, value] of Object.entries({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin' }))
		expect(https.headers()[name], name).toBe(value)
	expect(https.headers()['x-powered-by']).toBeUndefined()
})

test('the session cookie is HttpOnly, SameSite=Lax, host-wide and expires with the idle timeout', async ({ playwright }) => {
	const user = await createUser()
	const request = await playwright.request.newContext({ baseURL: origin(), extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	const response = await request.post('/login', { form: { email: user.email, password: user.password }, headers: { Origin: origin() }, maxRedirects: 0 })
	expect(response.status()).toBe(302)
	const cookie = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('portal_session='))!.value
	const attributes = cookie.split(';').slice(1).map((a) => a.trim().toLowerCase())
	expect(attributes).toContain('httponly')
	expect(attributes).toContain('samesite=lax')
	expect(attributes).toContain('path=/')
	// It expires with the session's idle timeout (30 minutes by default), not months later.
	const maxAge = Number(attributes.find((a) => a.startsWith('max-age='))?.slice(8))
	expect(maxAge).toBeGreaterThan(25 * 60)
	expect(maxAge).toBeLessThanOrEqual(30 * 60)
	// The token is lucia's: 160 random bits, and only its hash is stored.
	const token = cookie.split(';')[0].split('=')[1]
	expect(token).toMatch(/^[a-z2-7]{32}$/)
	await request.dispose()
})

// The shared test server runs with INSECURE_COOKIES=1 (plain http on localhost); this one runs as production does.
const production = new OwnServer(3296, 'cookies', { INSECURE_COOKIES: '0' })
test.afterAll(() => production.stop())

test('in production every cookie the portal sets is Secure', async () => {
	await production.reset()
	await production.start()
	const member = production.sessionFor({ id: 'cookie-member', role: 'member' })
	// A stale session cookie is cleared, and a flash message is set by an action: both must be Secure.
	// As a browser loads a page (the portal clears a dead cookie on page loads only; Node's fetch
	// always says `Sec-Fetch-Mode: cors`, so this request goes through node:http).
	const cleared = await new Promise<string[]>((resolve, reject) => {
		http
			.get(`${production.origin}/cases`, { headers: { Cookie: 'portal_session=stale', 'Sec-Fetch-Mode': 'navigate' } }, (res) => {
				res.resume()
				resolve(res.headers['set-cookie'] ?? [])
			})
			.on('error', reject)
	})
	expect(cleared.join('\n')).toMatch(/portal_session=;/)
	// A background fetch never clears it: it may have left before a newer cookie arrived.
	const background = await fetch(`${production.origin}/cases`, { headers: { Cookie: 'portal_session=stale' }, redirect: 'manual' })
	expect(background.headers.getSetCookie().join('\n')).not.toMatch(/portal_session=/)
	const flash = await fetch(`${production.origin}/profile`, {
		method: 'POST',
		headers: { Origin: production.origin, Cookie: member, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'intent=calendar-feed',
		redirect: 'manual',
	})
	expect(flash.status).toBe(302)
	const cookies = [...cleared, ...flash.headers.getSetCookie()]
	expect(cookies.length).toBeGreaterThanOrEqual(2)
	for (const c of cookies) {
		const attributes = c.split(';').slice(1).map((a) => a.trim().toLowerCase())
		expect(attributes, c).toContain('secure')
		expect(attributes, c).toContain('httponly')
		expect(attributes.some((a) => a.startsWith('samesite=')), c).toBe(true)
	}
})
