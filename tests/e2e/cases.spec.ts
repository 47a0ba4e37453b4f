import { expect, test } from '@playwright/test'
import { createUser, database, latestMailTo, loginAs, uniqueIp } from './support'

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false })

	test('search, filter with facet counts, paginate and recover from an empty result', async ({ page, context }) => {
		await loginAs(context, await createUser({ regions: ['latin-america'] }))
		await page.goto('/cases')
		const total = Number((await page.locator('.results-count').textContent())?.match(/(\d+) case/)?.[1])
		const published = (database().prepare(`select count(*) as n from cases where status = 'published'`).get() as { n: number }).n
		expect(total).toBe(published)

		// Stemming: "smuggled" also finds "smuggling".
		await page.getByLabel('Search cases').fill('smuggled')
		await page.getByRole('button', { name: 'Search', exact: true }).click()
		await expect(page).toHaveURL(/\/cases\?q=smuggled/)
		await expect(page.locator('.hit').first()).toBeVisible()
		await expect(page.locator('.snippet mark').first()).toBeVisible()

		// A facet with its count; applying it keeps the query and narrows the results.
		await page.goto('/cases')
		const latamLabel = page.locator('.facet').filter({ hasText: 'Region' }).locator('label.checkbox').filter({ hasText: 'Latin America' })
		const latam = latamLabel.getByRole('checkbox')
		const latamCount = Number(await latamLabel.locator('.facet-count').textContent())
		const expected = (database().prepare(`select count(*) as n from cases where status = 'published' and region = 'latin-america'`).get() as { n: number }).n
		expect(latamCount).toBe(expected)
		await latam.check()
		await page.getByRole('button', { name: 'Apply filters' }).click()
		await expect(page).toHaveURL(/region=latin-america/)
		await expect(page.locator('.results-count')).toContainText(`${expected} case`)

		// Pagination keeps the filters.
		await page.goto('/cases?per_page=5')
		await page.getByRole('link', { name: 'Next →' }).click()
		await expect(page).toHaveURL(/page=2/)
		await expect(page.locator('.hits')).toHaveAttribute('start', '6')

		// An empty result explains itself and offers to drop the filters.
		await page.goto('/cases?q=okafor&region=caribbean')
		await expect(page.getByRole('heading', { name: 'No cases found' })).toBeVisible()
		await page.getByRole('link', { name: 'Search again without filters' }).click()
		await expect(page).toHaveURL(/\/cases\?q=okafor$/)
		await expect(page.locator('.hit').first()).toContainText('Prosecutor v. Okafor')
	})

	test('a case page reads fully without JavaScript', async ({ page, context }) => {
		await loginAs(context, await createUser())
		await page.goto('/cases/NGA001')
		await expect(page.getByRole('heading', { level: 1, name: 'Prosecutor v. Okafor' })).toBeVisible()
		await expect(page.getByText('Sample case.')).toBeVisible()
		await expect(page.getByRole('heading', { name: 'Facts' })).toBeVisible()
		await expect(page.locator('#citation')).toContainText('Prosecutor v. Okafor, Federal High Court')
		await expect(page.locator('#citation')).toContainText('NGA001')
		await expect(page.locator('.related li').first()).toBeVisible()
	})
})

test('with JavaScript, ticking a facet applies it at once and Back restores the previous results', async ({ page, context }) => {
	await loginAs(context, await createUser())
	await page.goto('/cases?q=firearms')
	const before = await page.locator('.results-count').textContent()
	const label = page.locator('.facet').filter({ hasText: 'Region' }).locator('label.checkbox').filter({ hasText: 'Latin America' })
	const count = await label.locator('.facet-count').textContent()
	await label.getByRole('checkbox').check()
	await expect(page).toHaveURL(/region=latin-america/)
	await expect(page.locator('.results-count')).toHaveText(`${count} case${count === '1' ? '' : 's'}`)
	expect(`${count} cases`).not.toBe(before)
	await page.goBack()
	await expect(page).toHaveURL(/\/cases\?q=firearms$/)
	await expect(page.locator('.results-count')).toHaveText(before!)
})

test('Chinese words, unknown names, accents, typos and ids are found', async ({ page, context }) => {
	await loginAs(context, await createUser())
	const firstHit = async (q: string) => {
		await page.goto(`/cases?q=${encodeURIComponent(q)}`)
		return page.locator('.hit').first()
	}
	await expect(await firstHit('BRA001')).toContainText('BRA001')
	await page.goto(`/cases?q=${encodeURIComponent('邮包')}`)
	await expect(page.locator('.hit').first()).toBeVisible()
	await page.goto(`/cases?q=${encodeURIComponent('布基纳法索')}`)
	await expect(page.locator('.hit').filter({ hasText: 'BFA001' })).toBeVisible()
	await page.goto(`/cases?q=${encodeURIComponent('Sao Paulo')}`)
	await expect(page.locator('.hit').filter({ hasText: 'BRA001' })).toBeVisible()
	await page.goto(`/cases?q=${encodeURIComponent('trafficing')}`)
	await expect(page.locator('.hit').first()).toBeVisible()
	await expect(await firstHit('Prosecutor v. Okafor')).toContainText('Prosecutor v. Okafor')
})

test('drafts are invisible to members and visible to staff', async ({ page, context, browser }) => {
	const draftId = (database().prepare(`select id from cases where status = 'draft' limit 1`).get() as { id: string }).id
	await loginAs(context, await createUser())
	expect((await page.goto(`/cases/${draftId}`))?.status()).toBe(404)
	await page.goto(`/cases?q=${draftId}`)
	await expect(page.locator('.hit').filter({ hasText: draftId })).toHaveCount(0)

	const staffContext = await browser.newContext()
	await loginAs(staffContext, await createUser({ role: 'staff' }))
	const staffPage = await staffContext.newPage()
	expect((await staffPage.goto(`/cases/${draftId}`))?.status()).toBe(200)
	await expect(staffPage.getByText('Only staff can see this case.')).toBeVisible()
	await staffContext.close()
})

test('CSV export contains every matching case, not only the page shown', async ({ page, context }) => {
	await loginAs(context, await createUser())
	await page.goto('/cases?per_page=5&language=zh')
	const total = Number((await page.locator('.results-count').textContent())?.match(/(\d+) case/)?.[1])
	expect(total).toBeGreaterThan(5)
	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'CSV' }).click()
	const file = await download
	const text = (await (await file.createReadStream()).toArray()).map(String).join('')
	const lines = text.replace(/^\uFEFF/, '').trim().split('\n')
	expect(lines[0]).toContain('id,title,country')
	expect(lines.length - 1).toBe(total)
	expect(file.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/)
})

test('staff create a case (validation, preview, publish) and a saved search alerts the member', async ({ page, context, browser }) => {
	// A member saves a search for 3D-printed firearms, with immediate email.
	const member = await createUser({ regions: ['western-balkans'] })
	await loginAs(context, member)
	await page.goto('/cases?crime_type=3d-printed-modular')
	await page.getByLabel('Name', { exact: true }).fill('3D printed guns')
	await page.getByLabel('Also by email').selectOption('immediate')
	await page.getByRole('button', { name: 'Save search' }).click()
	await expect(page.getByRole('status')).toContainText('Saved “3D printed guns”')

	const staff = await createUser({ role: 'staff' })
	const staffContext = await browser.newContext()
	await loginAs(staffContext, staff)
	const s = await staffContext.newPage()
	await s.goto('/cases/new')
	await s.getByLabel('Case id').fill('not an id')
	await s.getByRole('button', { name: 'Save' }).click()
	await expect(s.getByText('An id is a country code and a number, like BRA004.')).toBeVisible()
	await expect(s.getByText('Some fields need attention; nothing was saved.')).toBeVisible()

	const id = `SRB${String(Date.now()).slice(-5)}`
	await s.getByLabel('Case id').fill(id)
	await s.getByLabel('Title (case name)').fill('Prosecutor v. Printer')
	await s.getByLabel('Country', { exact: true }).selectOption('SRB')
	await s.getByLabel('Court', { exact: true }).fill('Higher Court in Belgrade')
	await s.getByLabel('Court level').selectOption('first-instance')
	await s.getByLabel('Decision date').fill('2025-03-14')
	await s.getByLabel('Legal system').selectOption('civil-law')
	await s.getByLabel('Outcome').selectOption('convicted')
	await s.getByRole('checkbox', { name: '3D-printed or modular firearms' }).check()
	await s.getByLabel('Facts').fill('Police found a **printer** and <script>alert(1)</script> printed frames.')
	await s.getByLabel('Procedural history').fill('Charged in 2024.')
	await s.getByLabel('Decision', { exact: true }).fill('Convicted.')
	await s.getByLabel('Commentary').fill('First such case.')
	await s.getByRole('button', { name: 'Preview' }).click()
	await expect(s.getByRole('heading', { name: 'Preview (not saved)' })).toBeVisible()
	await expect(s.locator('.prose strong')).toHaveText('printer')
	await expect(s.locator('.prose script')).toHaveCount(0)
	expect(database().prepare('select id from cases where id = ?').get(id)).toBeUndefined()

	await s.getByLabel('Published').check()
	await s.getByRole('button', { name: 'Save' }).click()
	await expect(s.getByRole('status')).toContainText('Case created and published.')
	await expect(s.getByRole('heading', { level: 1, name: 'Prosecutor v. Printer' })).toBeVisible()

	// An edit keeps a revision with who and what changed.
	await s.getByRole('link', { name: 'Edit' }).click()
	await s.getByLabel('Docket').fill('K-123/24')
	await s.getByRole('button', { name: 'Save' }).click()
	await expect(s.getByRole('status')).toContainText('Saved as revision 2.')
	await s.getByRole('link', { name: /Revisions/ }).click()
	await expect(s.getByRole('heading', { name: 'Revision 2' })).toBeVisible()
	await expect(s.getByText('Changed: docket')).toBeVisible()
	await expect(s.getByText(staff.name).first()).toBeVisible()
	await staffContext.close()

	// The member is told in the portal and by email.
	await page.goto('/')
	await expect(page.locator('.count-badge')).toHaveText('1')
	await page.getByRole('link', { name: /Notifications/ }).click()
	await expect(page.getByRole('button', { name: /New case for “3D printed guns”: Prosecutor v. Printer/ })).toBeVisible()
	const mail = await latestMailTo(member.email)
	expect(mail.subject).toContain('Prosecutor v. Printer')
	expect(mail.text).toContain(`/cases/${id}`)
	await page.getByRole('button', { name: /Prosecutor v. Printer/ }).click()
	await expect(page).toHaveURL(new RegExp(`/cases/${id}$`))
	await expect(page.locator('.count-badge')).toHaveCount(0)
})
