import crypto from 'node:crypto'
import { expect, test } from '@playwright/test'
import { createUser, database, loginAs, uniqueIp } from './support'

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

const suffix = () => crypto.randomBytes(3).toString('hex')

/** Sets a directory row directly, for tests about what others see rather than the form. */
function setDirectoryProfile(userId: string, p: { listed?: number; organisation_type?: string; languages?: string[]; expertise?: string[]; bio?: string; visibility?: Record<string, string> }) {
	database()
		.prepare(
			`insert into directory_profiles (user_id, listed, organisation_type, languages, expertise, bio, visibility, updated_at)
			 values (?, ?, ?, ?, ?, ?, ?, unixepoch())`,
		)
		.run(userId, p.listed ?? 1, p.organisation_type ?? '', JSON.stringify(p.languages ?? []), JSON.stringify(p.expertise ?? []), p.bio ?? '', JSON.stringify(p.visibility ?? {}))
}

test('a member fills in their directory profile and another member finds them by country and expertise', async ({ page, context, browser, baseURL }) => {
	const member = await createUser({ regions: ['caribbean'], name: `Ingrid Ólafsdóttir ${suffix()}` })
	// Iceland is this test's own country, so the country filter's result does not depend on other tests.
	database().prepare(`update users set country = 'ISL' where id = ?`).run(member.id)
	await loginAs(context, member)

	await page.goto('/profile/directory')
	await expect(page.getByRole('heading', { level: 1, name: 'Your directory profile' })).toBeVisible()
	await expect(page.getByLabel('List me in the directory')).toBeChecked()
	await page.getByLabel('Type of organisation', { exact: true }).selectOption({ label: 'Customs' })
	await page.getByLabel('Portuguese').check()
	await page.getByLabel('Spanish').check()
	await page.getByLabel('Postal or express-parcel trafficking').check()
	await page.getByLabel('Import, export and transit licensing').check()
	await page.getByLabel('About you', { exact: true }).fill('Customs analyst: parcels with pistol parts.')
	await page.getByLabel('Who sees your areas of expertise').selectOption('everyone')
	await page.getByLabel('Who sees your languages').selectOption('everyone')
	await page.getByLabel('Who sees your regions').selectOption('nobody')
	await page.getByRole('button', { name: 'Save directory profile' }).click()
	await expect(page.getByText('Your directory profile is saved.')).toBeVisible()
	await expect(page.getByLabel('Postal or express-parcel trafficking')).toBeChecked()
	await expect(page.getByLabel('Who sees your areas of expertise')).toHaveValue('everyone')
	const row = database().prepare('select organisation_type, languages, expertise, bio, visibility from directory_profiles where user_id = ?').get(member.id) as Record<string, string>
	expect(row.organisation_type).toBe('customs')
	expect(JSON.parse(row.languages).sort()).toEqual(['es', 'pt'])
	expect(JSON.parse(row.expertise).sort()).toEqual(['import-export-transit-licensing', 'postal-trafficking'])
	expect(JSON.parse(row.visibility)).toMatchObject({ expertise: 'everyone', languages: 'everyone', regions: 'nobody', bio: 'nobody' })

	// Bad input is a 400 with the field's message, never a 500.
	const origin = new URL(baseURL!).origin
	const bad = await context.request.post('/profile/directory', { form: { listed: 'on', organisation_type: 'spy', expertise: 'not-a-term', 'visibility.bio': 'public' }, headers: { Origin: origin }, maxRedirects: 0 })
	expect(bad.status()).toBe(400)
	const badPage = await bad.text()
	expect(badPage).toContain('Choose a type of organisation from the list.')
	expect(badPage).toContain('Choose areas of expertise from the list.')
	expect(badPage).toContain('Choose who may see this.')
	expect((database().prepare('select organisation_type from directory_profiles where user_id = ?').get(member.id) as { organisation_type: string }).organisation_type).toBe('customs')

	// Another member, without JavaScript: the search is a plain GET form.
	const otherContext = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(otherContext, await createUser({ regions: ['latin-america'] }))
	const other = await otherContext.newPage()
	await other.goto('/people')
	await other.getByLabel('Country', { exact: true }).selectOption({ label: 'Iceland' })
	await other.getByRole('button', { name: 'Apply filters' }).click()
	await expect(other).toHaveURL(/country=ISL/)
	await expect(other.getByRole('link', { name: member.name })).toBeVisible()

	await other.getByLabel('Area of expertise').selectOption({ label: 'Postal or express-parcel trafficking' })
	await other.getByRole('button', { name: 'Apply filters' }).click()
	await expect(other).toHaveURL(/expertise=postal-trafficking/)
	const card = other.locator('.person').filter({ hasText: member.name })
	await expect(card).toBeVisible()
	await expect(card).toContainText('Customs')
	await expect(card).toContainText('Iceland')
	// Regions were set to "only me".
	await expect(card).not.toContainText('Caribbean')

	// Accent-insensitive name search with the expertise filter still on.
	await other.goto(`/people?q=${encodeURIComponent('olafsdottir')}&expertise=postal-trafficking`)
	await expect(other.getByRole('link', { name: member.name })).toBeVisible()
	// In Brazil there is no such member.
	await other.goto(`/people?country=BRA&q=${encodeURIComponent(member.name)}`)
	await expect(other.getByRole('heading', { name: 'No member found' })).toBeVisible()

	await other.goto(`/people?country=ISL&expertise=postal-trafficking`)
	await other.getByRole('link', { name: member.name }).click()
	await expect(other.getByRole('heading', { level: 1 })).toContainText(member.name)
	await expect(other.locator('dd[data-field="languages"]')).toHaveText('Spanish, Portuguese')
	await expect(other.locator('dd[data-field="expertise"]')).toContainText('Postal or express-parcel trafficking')
	await expect(other.locator('dd[data-field="country"]')).toHaveText('Iceland')
	await expect(other.locator('[data-field="regions"]')).toHaveCount(0)
	await expect(other.locator('[data-field="bio"]')).toHaveCount(0)
	await expect(other.getByRole('link', { name: 'Send a message' })).toHaveAttribute('href', `/messages/new?to=${encodeURIComponent(member.handle)}`)
	expect(await other.content()).not.toContain(member.email)
	await otherContext.close()

	// The member's own page shows everything, with who sees each field, and no message link.
	await page.goto(`/people/${member.handle}`)
	await expect(page.locator('dd[data-field="regions"]')).toHaveText('The Caribbean')
	await expect(page.locator('[data-field="bio"]')).toContainText('parcels with pistol parts')
	await expect(page.getByRole('link', { name: 'Send a message' })).toHaveCount(0)
})

test('a field visible to "my regions" is absent for other regions on the page, in the API and in search', async ({ page, context, browser }) => {
	const marker = `tracer${suffix()}`
	const author = await createUser({ regions: ['western-balkans'], name: `Mirela Kovač ${suffix()}` })
	setDirectoryProfile(author.id, {
		organisation_type: 'police',
		expertise: ['deactivation'],
		bio: `Reactivated weapons, ${marker}.`,
		visibility: { expertise: 'regions', bio: 'regions' },
	})

	// A member of the same region sees the field and finds the author by it.
	await loginAs(context, await createUser({ regions: ['western-balkans'] }))
	await page.goto(`/people/${author.handle}`)
	await expect(page.locator('dd[data-field="expertise"]')).toHaveText('Deactivation')
	await expect(page.getByText(marker)).toBeVisible()
	const detail = await (await context.request.get(`/api/people/${author.handle}`)).json()
	expect(detail).toMatchObject({ handle: author.handle, name: author.name, expertise: ['deactivation'], country: 'BRA', regions: ['western-balkans'], organisation_type: 'police' })
	const list = await (await context.request.get('/api/people?expertise=deactivation')).json()
	expect(list.people.map((p: { handle: string }) => p.handle)).toContain(author.handle)
	expect(list.total).toBe(1)
	expect((await (await context.request.get(`/api/people?q=${marker}`)).json()).total).toBe(1)
	await page.goto('/people?expertise=deactivation')
	await expect(page.getByRole('link', { name: author.name })).toBeVisible()
	await expect(page.getByRole('heading', { name: '1 member' })).toBeVisible()

	// A member of another region: the member is listed, the field is not there at all.
	const otherContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(otherContext, await createUser({ regions: ['latin-america'] }))
	const other = await otherContext.newPage()
	await other.goto(`/people/${author.handle}`)
	await expect(other.getByRole('heading', { level: 1 })).toContainText(author.name)
	await expect(other.locator('dd[data-field="organisation_type"]')).toHaveText('Police')
	await expect(other.locator('[data-field="expertise"]')).toHaveCount(0)
	await expect(other.getByText('Areas of expertise')).toHaveCount(0)
	await expect(other.getByText('Deactivation')).toHaveCount(0)
	await expect(other.getByText(marker)).toHaveCount(0)

	const hiddenResponse = await otherContext.request.get(`/api/people/${author.handle}`)
	expect(hiddenResponse.status()).toBe(200)
	const hidden = await hiddenResponse.json()
	expect(hidden).toMatchObject({ handle: author.handle, name: author.name, country: 'BRA', regions: ['western-balkans'], organisation_type: 'police' })
	expect(hidden).not.toHaveProperty('expertise')
	expect(hidden).not.toHaveProperty('bio')
	expect(JSON.stringify(hidden)).not.toContain(author.email)

	// Filtering on the hidden field neither returns nor counts the author.
	const filtered = await (await otherContext.request.get('/api/people?expertise=deactivation')).json()
	expect(filtered.people.map((p: { handle: string }) => p.handle)).not.toContain(author.handle)
	expect(filtered.total).toBe(0)
	expect((await (await otherContext.request.get(`/api/people?q=${marker}`)).json()).total).toBe(0)
	await other.goto('/people?expertise=deactivation')
	await expect(other.getByRole('heading', { name: 'No member found' })).toBeVisible()
	await expect(other.getByRole('link', { name: author.name })).toHaveCount(0)
	await other.goto(`/people?q=${marker}`)
	await expect(other.getByRole('heading', { name: 'No member found' })).toBeVisible()
	// By name they do find the author, with what is visible to everyone.
	const byName = await (await otherContext.request.get(`/api/people?q=${encodeURIComponent(author.name)}`)).json()
	expect(byName.total).toBe(1)
	expect(byName.people[0]).not.toHaveProperty('expertise')
	await otherContext.close()
})

test('an unlisted member is not found and their page is 404 for others, but not for themselves', async ({ page, context, browser }) => {
	const unlisted = await createUser({ regions: ['central-asia'], name: `Aigerim Unlisted ${suffix()}` })
	setDirectoryProfile(unlisted.id, { listed: 0, expertise: ['money-laundering'], visibility: { expertise: 'everyone' } })

	await loginAs(context, await createUser({ regions: ['central-asia'] }))
	await page.goto(`/people?q=${encodeURIComponent(unlisted.name)}`)
	await expect(page.getByRole('heading', { name: 'No member found' })).toBeVisible()
	expect((await page.goto(`/people/${unlisted.handle}`))?.status()).toBe(404)
	const api = await context.request.get(`/api/people/${unlisted.handle}`)
	expect(api.status()).toBe(404)
	expect(await api.json()).toEqual({ error: 'Not found.' })
	const list = await (await context.request.get(`/api/people?q=${encodeURIComponent(unlisted.name)}`)).json()
	expect(list).toEqual({ total: 0, page: 1, per_page: 20, people: [] })
	expect((await (await context.request.get('/api/people?expertise=money-laundering')).json()).people.map((p: { handle: string }) => p.handle)).not.toContain(unlisted.handle)

	// Bad parameters are a 400 with a message, in the API.
	const bad = await context.request.get('/api/people?country=Brazil&page=0')
	expect(bad.status()).toBe(400)
	expect((await bad.json()).fields).toHaveProperty('country')
	expect((await context.request.get('/api/people?colour=red')).status()).toBe(400)

	// The member themselves still sees their page, and is told they are not listed.
	const own = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(own, unlisted)
	const ownPage = await own.newPage()
	expect((await ownPage.goto(`/people/${unlisted.handle}`))?.status()).toBe(200)
	await expect(ownPage.getByText('You are not listed in the directory')).toBeVisible()
	expect((await own.request.get(`/api/people/${unlisted.handle}`)).status()).toBe(200)
	await own.close()
})
