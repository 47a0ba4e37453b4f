import { expect, test } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { createUser, database, loginAs } from './support'

test('the case API answers 401 without credentials, and with a revoked token', async ({ request }) => {
	expect((await request.get('/api/cases')).status()).toBe(401)
	expect((await request.get('/api/cases/NGA001')).status()).toBe(401)
	const r = await request.get('/api/cases', { headers: { Authorization: 'Bearer pp_not-a-real-token' } })
	expect(r.status()).toBe(401)
	expect(await r.json()).toEqual({ error: 'Invalid or revoked API token.' })
})

test('a personal token created on the profile works with the API and stops working when revoked', async ({ page, context, playwright }) => {
	await loginAs(context, await createUser())
	await page.goto('/profile')
	await page.getByLabel('Token name').fill('my script')
	await page.getByRole('button', { name: 'Create token' }).click()
	const token = (await page.locator('#new-token').textContent())!.trim()
	expect(token).toMatch(/^pp_/)
	expect(JSON.stringify(database().prepare('select * from api_tokens').all())).not.toContain(token)

	const api = await playwright.request.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } })
	const list = await api.get('/api/cases?q=okafor')
	expect(list.status()).toBe(200)
	const body = await list.json()
	expect(body).toMatchObject({ page: 1, per_page: 20 })
	expect(body.hits[0]).toMatchObject({ id: 'NGA001', title: 'Prosecutor v. Okafor', country: 'NGA', decision_date: '2017-03-22' })
	expect(typeof body.hits[0].snippet).toBe('string')

	await page.goto('/profile')
	await page.getByRole('button', { name: 'Revoke token my script' }).click()
	await expect(page.getByRole('status')).toContainText('The token is revoked.')
	expect((await api.get('/api/cases')).status()).toBe(401)
	await api.dispose()
})

test('a token reads direct messages only when its owner allowed it', async ({ page, context, playwright }) => {
	await loginAs(context, await createUser())
	const make = async (name: string, messages: boolean) => {
		await page.goto('/profile')
		await page.getByLabel('Token name').fill(name)
		if (messages) await page.getByLabel('This token may also read my direct messages').check()
		await page.getByRole('button', { name: 'Create token' }).click()
		const token = (await page.locator('#new-token').textContent())!.trim()
		return playwright.request.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } })
	}
	const plain = await make('case script', false)
	const inbox = await make('inbox script', true)
	await page.goto('/profile')
	await expect(page.getByRole('listitem').filter({ hasText: 'inbox script' })).toContainText('(reads your messages)')
	await expect(page.getByRole('listitem').filter({ hasText: 'case script' })).not.toContainText('(reads your messages)')
	for (const api of [plain, inbox]) expect((await api.get('/api/cases')).status()).toBe(200)
	const refused = await plain.get('/api/conversations')
	expect(refused.status()).toBe(403)
	expect(await refused.json()).toEqual({ error: 'This API token cannot read messages. Create a token with message access on your profile page.' })
	expect((await plain.get('/api/conversations/1')).status()).toBe(403)
	const allowed = await inbox.get('/api/conversations')
	expect(allowed.status()).toBe(200)
	expect(await allowed.json()).toEqual({ conversations: [] })
	// The session itself is not a token: the owner's own browser reads the API as before.
	expect((await page.request.get('/api/conversations')).status()).toBe(200)
	await plain.dispose()
	await inbox.dispose()
})

test.describe('with a session', () => {
	test('filters: OR within a facet, AND across facets; facet counts; pagination', async ({ context }) => {
		await loginAs(context, await createUser())
		const get = async (qs: string) => {
			const r = await context.request.get(`/api/cases?${qs}`)
			expect(r.status(), qs).toBe(200)
			return r.json()
		}
		const count = (sql: string) => (database().prepare(sql).get() as { n: number }).n
		const bra = await get('country=BRA')
		expect(bra.total).toBe(count(`select count(*) n from cases where status='published' and country='BRA'`))
		const braArg = await get('country=BRA&country=ARG')
		expect(braArg.total).toBe(count(`select count(*) n from cases where status='published' and country in ('BRA','ARG')`))
		const braConvicted = await get('country=BRA&country=ARG&outcome=convicted')
		expect(braConvicted.total).toBe(count(`select count(*) n from cases where status='published' and country in ('BRA','ARG') and outcome='convicted'`))
		const all = await get('per_page=100')
		const byRegion = database().prepare(`select region, count(*) n from cases where status='published' group by region`).all() as Array<{ region: string; n: number }>
		for (const r of byRegion) expect(all.facets.region[r.region], r.region).toBe(r.n)
		expect(all.facets.crime_type['illicit-trafficking']).toBe(count(`select count(*) n from cases, json_each(cases.crime_types) j where status='published' and j.value='illicit-trafficking'`))

		const p1 = await get('per_page=10&page=1&sort=newest')
		const p2 = await get('per_page=10&page=2&sort=newest')
		expect(p1.hits).toHaveLength(10)
		const ids1 = new Set(p1.hits.map((h: { id: string }) => h.id))
		expect(p2.hits.some((h: { id: string }) => ids1.has(h.id))).toBe(false)
		expect(p1.hits[0].decision_date >= p1.hits[9].decision_date).toBe(true)

		const years = await get('year_from=2020&year_to=2022')
		expect(years.total).toBe(count(`select count(*) n from cases where status='published' and decision_date between '2020-01-01' and '2022-12-31'`))
	})

	test('bad parameters get 400 with a message; unknown ids 404; drafts 404', async ({ context }) => {
		await loginAs(context, await createUser())
		for (const qs of ['page=0', 'per_page=1000', 'sort=sideways', 'year_from=abc', 'year_from=2020&year_to=2010', 'country=brazil', 'bogus=1']) {
			const r = await context.request.get(`/api/cases?${qs}`)
			expect(r.status(), qs).toBe(400)
			expect((await r.json()).error, qs).toBeTruthy()
		}
		expect((await context.request.get('/api/cases/XXX999')).status()).toBe(404)
		expect((await context.request.get('/api/cases/not-an-id')).status()).toBe(400)
		const draftId = (database().prepare(`select id from cases where status = 'draft' limit 1`).get() as { id: string }).id
		expect((await context.request.get(`/api/cases/${draftId}`)).status()).toBe(404)
		const one = await context.request.get('/api/cases/NGA001')
		expect(one.status()).toBe(200)
		expect(await one.json()).toMatchObject({ id: 'NGA001', country: 'NGA', court_level: 'first-instance', sample: true, status: 'published' })
		// Hostile query syntax is an ordinary query, never a 500.
		for (const q of ['"', 'NEAR(', 'AND OR', '*', '(((', 'a'.repeat(400)]) {
			const r = await context.request.get(`/api/cases?q=${encodeURIComponent(q)}`)
			expect(r.status(), q).toBe(200)
		}
	})
})
