import crypto from 'node:crypto'
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test'
import { seedEvent, uniqueEventId } from './fixtures/events'
import { createUser, database, loginAs, uniqueIp, type TestUser } from './support'

/**
 * The insight dashboard against the content/ database: its figures are recomputed here from
 * the database (independently of app/models/insights.server.ts), a member of one region gets
 * no count of another region's forum or restricted events, the page works without
 * JavaScript, and a country on the map opens the case search filtered to it.
 *
 * Other specs write to the same database while this one runs, so comparisons are retried
 * (reload, recount) until page and database agree.
 */

const REGION_A = 'central-asia'
const REGION_B = 'western-balkans'

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

async function asUser(browser: Browser, user: TestUser, options: BrowserContextOptions = {}) {
	const context = await browser.newContext({ ...options, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

/** The rows of the data table with this caption, as text (the tables sit folded in <details>). */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
	const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) })
	const rows = table.locator('tbody tr')
	const out: string[][] = []
	for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.trim()))
	return out
}
const rowValue = (rows: string[][], label: string) => rows.find((r) => r[0] === label)?.at(-1)

// ---------- the same figures, straight from the database ----------

const db = () => database()

function casesByYear(): Record<string, number> {
	const rows = db().prepare("select substr(decision_date, 1, 4) as year, count(*) as n from cases where status = 'published' group by year").all() as Array<{ year: string; n: number }>
	return Object.fromEntries(rows.map((r) => [r.year, r.n]))
}

function casesByCountry(): Record<string, number> {
	const rows = db().prepare("select country, count(*) as n from cases where status = 'published' group by country").all() as Array<{ country: string; n: number }>
	return Object.fromEntries(rows.map((r) => [r.country, r.n]))
}

/** Visible posts in a forum since the first day of the month eleven months back (UTC). */
function forumPosts(forum: string): number {
	const now = new Date()
	const since = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1) / 1000
	const row = db()
		.prepare('select count(*) as n from posts join threads on threads.id = posts.thread_id where threads.forum_slug = ? and posts.created_at >= ? and posts.deleted_at is null and posts.hidden_at is null')
		.get(forum, since) as { n: number }
	return row.n
}

/** Upcoming, not cancelled events of a region that a member of `memberOf` (invited nowhere) may see. */
function upcomingEventsIn(region: string, memberOf: string): number {
	const row = db()
		.prepare(
			`select count(*) as n from events
			 where start_utc > unixepoch() and status != 'cancelled'
			   and exists (select 1 from json_each(events.regions) where value = ?)
			   and (visibility = 'members' or (visibility = 'regions' and exists (select 1 from json_each(events.regions) where value = ?)))`,
		)
		.get(region, memberOf) as { n: number }
	return row.n
}

/** A thread in a region's forum: three visible posts, one hidden by a moderator, one deleted. */
function seedRegionThread(forum: string, author: TestUser) {
	const now = Math.floor(Date.now() / 1000)
	const threadId = Number(
		db()
			.prepare("insert into threads (forum_slug, title, author_id, tags, pinned, locked, post_count, last_post_at, created_at) values (?, ?, ?, '[]', 0, 0, 5, ?, ?)")
			.run(forum, `Insights fixture ${crypto.randomBytes(3).toString('hex')}`, author.id, now, now).lastInsertRowid,
	)
	const post = db().prepare('insert into posts (thread_id, author_id, body, created_at, hidden_at, deleted_at) values (?, ?, ?, ?, ?, ?)')
	for (let i = 0; i < 3; i++) post.run(threadId, author.id, `Visible post ${i}`, now, null, null)
	post.run(threadId, author.id, 'Hidden post', now, now, null)
	post.run(threadId, author.id, 'Deleted post', now, null, now)
}

// ---------- tests ----------

test('figures match the database; a region-A member gets no count of region B’s forum or restricted events, a region-B member does', async ({ browser }) => {
	test.setTimeout(120_000)
	const memberA = await createUser({ regions: [REGION_A] })
	const memberB = await createUser({ regions: [REGION_B] })
	seedRegionThread(REGION_B, memberB)
	const restricted = seedEvent({ id: uniqueEventId('insights'), visibility: 'regions', regions: [REGION_B] })

	const a = await asUser(browser, memberA)
	const problems: string[] = []
	a.page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
	a.page.on('pageerror', (e) => problems.push(e.message))
	await a.page.goto('/insights')
	await expect(a.page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible()

	await test.step('cases by year and by country match the published cases', async () => {
		await expect(async () => {
			await a.page.reload()
			const years = casesByYear()
			const shown = Object.fromEntries((await tableRows(a.page, 'Published cases by year of decision')).map((r) => [r[0], Number(r[1])]))
			// Years without a case are shown as 0 between the first and the last.
			expect(Object.fromEntries(Object.entries(shown).filter(([, n]) => n > 0))).toEqual(years)
			expect(Object.keys(shown).length).toBe(Number(Object.keys(years).sort().at(-1)) - Number(Object.keys(years).sort()[0]) + 1)
			const countries = casesByCountry()
			const links = a.page.locator('table:has(caption:text("Published cases by country")) tbody th a')
			const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')))
			expect(hrefs.sort()).toEqual(Object.keys(countries).map((c) => `/cases?country=${c}`).sort())
			const total = Object.values(years).reduce((s, n) => s + n, 0)
			await expect(a.page.locator('.insight-totals div', { hasText: 'Published cases' }).locator('dd')).toHaveText(String(total))
		}).toPass({ timeout: 30_000 })
	})

	await test.step('member A: only the interregional forum and their own region’s', async () => {
		await expect(async () => {
			await a.page.reload()
			const forums = await tableRows(a.page, 'Posts per month in the forums you can read')
			expect(forums.map((r) => r[0])).toEqual(['Interregional', 'Central Asia'])
			expect(Number(rowValue(forums, 'Central Asia'))).toBe(forumPosts(REGION_A))
			expect(Number(rowValue(forums, 'Interregional'))).toBe(forumPosts('interregional'))
			// One small chart per readable forum, and none for Western Balkans or the staff forum.
			await expect(a.page.getByRole('img', { name: /: posts per month/ })).toHaveCount(2)
			await expect(a.page.getByRole('img', { name: 'Western Balkans: posts per month' })).toHaveCount(0)
		}).toPass({ timeout: 30_000 })
	})

	await test.step('member A: region B’s restricted event is not in their count', async () => {
		await expect(async () => {
			await a.page.reload()
			const events = await tableRows(a.page, 'Upcoming events by region')
			expect(Number(rowValue(events, 'Western Balkans'))).toBe(upcomingEventsIn(REGION_B, REGION_A))
			expect(Number(rowValue(events, 'Central Asia'))).toBe(upcomingEventsIn(REGION_A, REGION_A))
		}).toPass({ timeout: 30_000 })
	})

	const b = await asUser(browser, memberB)
	await b.page.goto('/insights')
	await test.step('member B: their forum with the fixture posts (not the hidden or deleted one), and the restricted event', async () => {
		await expect(async () => {
			await b.page.reload()
			const forums = await tableRows(b.page, 'Posts per month in the forums you can read')
			expect(forums.map((r) => r[0])).toEqual(['Interregional', 'Western Balkans'])
			const posts = forumPosts(REGION_B)
			expect(posts).toBeGreaterThanOrEqual(3)
			expect(Number(rowValue(forums, 'Western Balkans'))).toBe(posts)
			const events = await tableRows(b.page, 'Upcoming events by region')
			const seen = upcomingEventsIn(REGION_B, REGION_B)
			expect(Number(rowValue(events, 'Western Balkans'))).toBe(seen)
			// The restricted event is the difference (it is in B's count and not in A's).
			expect(seen).toBeGreaterThan(upcomingEventsIn(REGION_B, REGION_A))
			expect(db().prepare('select count(*) as n from events where id = ?').get(restricted.id)).toEqual({ n: 1 })
		}).toPass({ timeout: 30_000 })
	})

	await test.step('the page hydrates without errors (CSP, hydration mismatch)', async () => {
		await a.page.reload()
		await a.page.waitForLoadState('networkidle')
		expect(problems).toEqual([])
	})

	await a.context.close()
	await b.context.close()
})

test('a country on the map opens the case search filtered to it', async ({ browser }) => {
	const member = await createUser({ regions: [REGION_A] })
	const { context, page } = await asUser(browser, member)
	const countries = casesByCountry()
	// Brazil is large and compact enough that the middle of its link is Brazil itself.
	const code = countries.BRA ? 'BRA' : Object.entries(countries).sort((x, y) => y[1] - x[1])[0][0]
	const n = countries[code]
	await page.goto('/insights')
	const country = page.locator(`svg.world-map a[href="/cases?country=${code}"]`)
	await expect(country).toHaveAttribute('aria-label', new RegExp(`^.+: ${n} cases?$`))
	const label = (await country.getAttribute('aria-label'))!
	await page.getByRole('link', { name: label, exact: true }).click()
	await expect(page).toHaveURL(`/cases?country=${code}`)
	await expect(page.locator('.results-count')).toHaveText(new RegExp(`^${n} cases?\\b`))
	await context.close()
})

test('without JavaScript: charts, tables and map links all work', async ({ browser }) => {
	const member = await createUser({ regions: [REGION_B] })
	const { context, page } = await asUser(browser, member, { javaScriptEnabled: false, viewport: { width: 360, height: 800 } })
	await page.goto('/insights')
	for (const name of ['Published cases by year of decision', 'Crime types in published cases, by region', 'Upcoming events by region'])
		await expect(page.getByRole('img', { name, exact: true })).toBeVisible()
	const map = page.getByRole('group', { name: 'Published cases by country', exact: true })
	await expect(map).toBeVisible()
	// At 360 px wide every chart fits the screen.
	const charts = page.locator('svg.chart')
	expect(await charts.count()).toBeGreaterThan(3)
	for (const chart of await charts.all()) {
		const box = await chart.boundingBox()
		expect(box && box.x >= 0 && box.x + box.width <= 360, 'chart within 360 px').toBe(true)
	}

	// <details> opens without script.
	const years = page.getByRole('region', { name: 'Cases by year' })
	await years.getByText('Show the data as a table').click()
	await expect(years.getByRole('table')).toBeVisible()
	const rows = await tableRows(page, 'Published cases by year of decision')
	expect(rows.length).toBeGreaterThan(0)

	const countries = casesByCountry()
	const code = countries.BRA ? 'BRA' : Object.keys(countries)[0]
	await map.locator(`a[href="/cases?country=${code}"]`).click()
	await expect(page).toHaveURL(`/cases?country=${code}`)
	await expect(page.locator('.results-count')).toHaveText(new RegExp(`^${countries[code]} cases?\\b`))
	await context.close()
})
