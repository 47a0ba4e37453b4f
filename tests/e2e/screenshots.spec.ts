import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { database, loginAs, uniqueIp, type TestUser } from './support'

/**
 * Screenshot baselines of the main pages at 360 px (a small phone) and 1280 px, reviewed by eye
 * and committed; and, at 360 px, no horizontal scrolling of the page.
 *
 * The database is shared with every other spec running in parallel, so the pages shown are ones
 * other specs leave alone: our own people and thread in the Middle East and North Africa forum
 * (no other spec uses that region), a past month of events, filters that only match imported
 * content. What still moves (other specs' activity in the Interregional forum, related cases
 * ranked among everything published, counts of requests, session times) is replaced by a fixed
 * placeholder and masked; the server's address in citations is replaced too.
 */

const REGION = 'middle-east-north-africa'
const T0 = Date.UTC(2026, 0, 15, 9, 30) / 1000 // the seeded thread's fixed time
const VIEWPORTS = [
	{ width: 360, height: 800 },
	{ width: 1280, height: 800 },
]
// Small but robust: font hinting and anti-aliasing may move a few pixels on a loaded machine.
const SCREENSHOT = { fullPage: true, animations: 'disabled', caret: 'hide', maxDiffPixelRatio: 0.01, timeout: 30_000 } as const

// No transitions or smooth scrolling while the screenshot is taken.
const freezeCss = path.join(os.tmpdir(), 'portal-screenshots-freeze.css')
fs.writeFileSync(freezeCss, '*, *::before, *::after { transition: none !important; scroll-behavior: auto !important; }\n')

type Person = { id: string; name: string; email: string; handle: string; role: 'member' | 'admin'; regions: string[] }
const person = (id: string, name: string, role: Person['role'] = 'member', regions = [REGION]): Person => ({
	id: `shots-${id}`,
	name,
	email: `${id}@screenshots.test`,
	handle: `shots.${id}`,
	role,
	regions,
})
const AUTHOR = person('author', 'Karim Haddad')
const COLLEAGUE = person('colleague', 'Leila Mansour')
/** One viewer per page group and viewport, so each sees exactly its own session, reads and nothing else. */
const viewer = (group: string, width: number) => (group === 'admin' ? person(`admin-${width}`, 'Nadia Rahman', 'admin', []) : person(`${group}-${width}`, 'Amina Bello'))

/** Our people and thread, created once per database whichever worker comes first (an IMMEDIATE transaction serialises them). */
function seed(viewers: Person[]): number {
	const db = database()
	return db
		.transaction(() => {
			const user = db.prepare(
				`insert or ignore into users (id, email, name, handle, organisation, country, job_title, role, status, timezone, created_at, two_factor_enabled_at)
				 values (@id, @email, @name, @handle, 'Directorate of Criminal Investigation', 'JOR', 'Investigator', @role, 'active', 'Europe/Vienna', ${T0}, @twoFactor)`,
			)
			for (const p of [AUTHOR, COLLEAGUE, ...viewers]) {
				user.run({ ...p, twoFactor: p.role === 'admin' ? T0 : null })
				for (const r of p.regions) db.prepare('insert or ignore into user_regions (user_id, region_slug) values (?, ?)').run(p.id, r)
			}
			let thread = db.prepare('select id from threads where author_id = ?').get(AUTHOR.id) as { id: number } | undefined
			if (!thread) {
				const id = Number(
					db
						.prepare(`insert into threads (forum_slug, title, author_id, tags, pinned, locked, post_count, last_post_at, created_at) values (?, ?, ?, ?, 0, 0, 2, ?, ?)`)
						.run(REGION, 'Marking of imported pistols: what to record', AUTHOR.id, '["marking","import"]', T0 + 5400, T0).lastInsertRowid,
				)
				const post = db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)')
				post.run(id, AUTHOR.id, 'We seized pistols whose **import marks** were ground off. Before we ask the manufacturer, which markings do you record, and in what order?\n\nThe court in IRQ002 relied on the photographs.', T0)
				post.run(id, COLLEAGUE.id, 'Photograph every face first, then copy each marking exactly:\n\n1. make, model and calibre;\n2. serial number;\n3. import mark and year.\n\nThe tracing guidance has a checklist.', T0 + 5400)
				db.prepare('insert or ignore into thread_case_refs (thread_id, case_id) values (?, ?)').run(id, 'IRQ002')
				thread = { id }
			}
			const lastPost = db.prepare('select max(id) as id from posts where thread_id = ?').get(thread.id) as { id: number }
			// Read already, so the forum list looks the same before and after the thread page is opened.
			for (const v of viewers) db.prepare('insert or replace into thread_reads (user_id, thread_id, last_read_post_id) values (?, ?, ?)').run(v.id, thread.id, lastPost.id)
			return thread.id
		})
		.immediate()
}

const asTestUser = (p: Person): TestUser => ({ ...p, password: '' })

async function open(browser: Browser, width: number, who?: Person) {
	const viewport = VIEWPORTS.find((v) => v.width === width)!
	const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Vienna', reducedMotion: 'reduce', extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	if (who) await loginAs(context, asTestUser(who))
	return { context, page: await context.newPage() }
}

/** Replaces the text of what changes from run to run with a fixed placeholder (so the layout stays put), and masks it. */
async function freeze(locators: Locator[]): Promise<Locator[]> {
	for (const l of locators) await l.evaluateAll((els) => els.forEach((el) => (el.textContent = '•••')))
	return locators
}

async function shoot(page: Page, name: string, width: number, mask: Locator[] = []) {
	await test.step(`${name} at ${width}px`, async () => {
		if (width === 360) {
			const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
			expect.soft(scrollWidth, `${name}: no horizontal scrolling at 360px`).toBeLessThanOrEqual(360)
		}
		// The server's address (its port differs between runs) appears in citations.
		await page.locator('main').evaluate((main) => {
			const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT)
			for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent!.includes(location.origin)) n.textContent = n.textContent!.replaceAll(location.origin, 'https://portal.example')
		})
		await expect.soft(page).toHaveScreenshot(`${name}-${width}.png`, { ...SCREENSHOT, mask, stylePath: freezeCss })
	})
}

async function visit(page: Page, url: string) {
	const response = await page.goto(url)
	expect(response?.status(), url).toBe(200)
	await page.evaluate(() => document.fonts.ready)
	// Hydrated before anything is frozen: on a loaded machine React could otherwise hydrate after
	// freeze() and put the moving text back. The footer's switcher is the last element React claims.
	await page.waitForFunction(() => {
		const last = document.querySelector('#language-select')
		return !!last && Object.keys(last).some((key) => key.startsWith('__reactProps'))
	})
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
}

for (const { width } of VIEWPORTS) {
	test.describe(`at ${width}px`, () => {
		test('login, and the login form with errors', async ({ browser }) => {
			const { context, page } = await open(browser, width)
			await visit(page, '/login')
			await shoot(page, 'login', width)
			await page.getByRole('button', { name: 'Log in' }).click()
			await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
			await page.locator('body').click({ position: { x: 1, y: 1 } }) // no focus ring in the picture
			await shoot(page, 'login-errors', width)
			await context.close()
		})

		test('home, case law, people, messages and profile', async ({ browser }) => {
			const me = viewer('a', width)
			seed([me])
			const { context, page } = await open(browser, width, me)
			await visit(page, '/')
			await shoot(page, 'home', width)
			await visit(page, '/cases?q=枪支')
			await shoot(page, 'cases-search', width)
			await visit(page, '/cases/IRQ002')
			// Related cases are ranked among all published cases, which other specs add to.
			await shoot(page, 'case', width, await freeze([page.locator('#related-heading ~ *')]))
			await visit(page, '/people?q=Haddad')
			await shoot(page, 'people', width)
			await visit(page, '/messages')
			await shoot(page, 'messages', width)
			await visit(page, '/profile')
			const sessions = page.getByRole('region', { name: 'Where you are logged in' }).locator('tbody td:first-child')
			await shoot(page, 'profile', width, await freeze([sessions]))
			await context.close()
		})

		test('forums, a thread, events and guidance', async ({ browser }) => {
			const me = viewer('b', width)
			const threadId = seed([me])
			const { context, page } = await open(browser, width, me)
			await visit(page, '/forums')
			// Other specs post in the Interregional forum all the time.
			const interregional = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Interregional' }) }).locator('td:not(:first-child)')
			await shoot(page, 'forums', width, await freeze([interregional]))
			await visit(page, `/forums/${REGION}`)
			await shoot(page, 'forum', width)
			await visit(page, `/threads/${threadId}`)
			await shoot(page, 'thread', width)
			await visit(page, '/events?month=2024-10')
			await shoot(page, 'events', width)
			await visit(page, '/events/cop-12-2024')
			await shoot(page, 'event', width)
			await visit(page, '/guidance?theme=emerging-threats')
			await shoot(page, 'guidance', width)
			await visit(page, '/guidance/deactivated-firearms-reactivation-risks')
			await shoot(page, 'guidance-note', width)
			await context.close()
		})

		test('administration', async ({ browser }) => {
			const me = viewer('admin', width)
			seed([me])
			const { context, page } = await open(browser, width, me)
			await visit(page, '/admin')
			const counts = ['Access requests', 'Reported messages'].map((h) => page.locator('section.panel').filter({ has: page.getByRole('heading', { name: h }) }).locator('p'))
			await shoot(page, 'admin', width, await freeze(counts))
			await visit(page, '/admin/users?q=Haddad')
			await shoot(page, 'admin-users', width)
			await context.close()
		})
	})
}
