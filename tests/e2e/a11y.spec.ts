import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { createUser, database, loginAs, uniqueIp, type TestUser } from './support'
import fs from 'node:fs'
import path from 'node:path'
import { E2E } from '../setup/e2e-env'

/**
 * WCAG 2.1 AA, checked by axe-core on every main page (and on forms in their error state),
 * plus what axe cannot see: the skip link, and a visible focus indicator while tabbing.
 * Only "serious" and "critical" violations fail; the rest is for review.
 *
 * The pages run once per locale: English, and Arabic (right to left) with the member's language
 * set, or the browser's for visitors. Sign-in texts are looked up in the locale's catalogue.
 */
const catalogue = (code: string, area: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(E2E.root, 'app/i18n/catalogues', code, `${area}.json`), 'utf8'))
const englishAuth = { ...catalogue('en', 'auth'), ...catalogue('en', 'validation') }
const arabicAuth = { ...catalogue('ar', 'auth'), ...catalogue('ar', 'validation') }

// English checks every page; Arabic the main pages the accessibility issue names (the others share their components).
const LOCALES: Array<{ code: string; dir: 'ltr' | 'rtl'; auth: Record<string, string>; everyPage: boolean }> = [
	{ code: 'en', dir: 'ltr', auth: englishAuth, everyPage: true },
	{ code: 'ar', dir: 'rtl', auth: arabicAuth, everyPage: false },
]
const MAIN_PAGES = new Set(['/login', '/', '/cases?q=firearms', '/cases/NGA001', '/forums', '/events', '/events/demo-2026-12-dakar-regional-meeting', '/guidance', '/profile', '/admin'])
const pagesFor = (locale: { everyPage: boolean }, urls: string[]) => (locale.everyPage ? urls : urls.filter((url) => MAIN_PAGES.has(url) || url.startsWith('/threads/')))

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const REGION = 'west-central-africa'

type Finding = { page: string; id: string; impact: string; help: string; targets: string[] }

/** Runs axe on the page as it is now and returns the serious and critical violations, labelled. */
async function audit(page: Page, label: string): Promise<Finding[]> {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ page: label, id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }))
}

function report(findings: Finding[]) {
	return findings
		.map((f) => `[${f.page}] ${f.id} (${f.impact}): ${f.help}\n${f.targets.map((t) => `    ${t}`).join('\n')}`)
		.join('\n')
}

async function visit(page: Page, url: string, locale: { code: string; dir: string }) {
	const response = await page.goto(url)
	expect(response?.status(), `${url} answers`).toBeLessThan(400)
	await expect(page.locator('html')).toHaveAttribute('lang', locale.code)
	await expect(page.locator('html')).toHaveAttribute('dir', locale.dir)
}

async function member(browser: Browser, user: TestUser, locale: { code: string }) {
	database().prepare('update users set preferred_language = ? where id = ?').run(locale.code, user.id)
	const context = await browser.newContext({ locale: locale.code, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

/** A thread of our own in the member's region forum, written straight into the database. */
function seedThread(author: TestUser) {
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	const threadId = Number(
		db
			.prepare(`insert into threads (forum_slug, title, author_id, pinned, locked, post_count, last_post_at, created_at) values (?, 'Marking of imported pistols', ?, 0, 0, 2, ?, ?)`)
			.run(REGION, author.id, now, now).lastInsertRowid,
	)
	const post = db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)')
	post.run(threadId, author.id, 'Has anyone traced pistols with **removed import marks**? See NGA001.', now)
	post.run(threadId, author.id, 'A follow-up with a [link](https://example.org) and a list:\n\n- one\n- two', now)
	return threadId
}

for (const locale of LOCALES) {
	test.describe(`accessibility (${locale.code})`, () => {
		test('anonymous pages and the login form in its error state', async ({ browser }) => {
			test.setTimeout(120_000)
			const context = await browser.newContext({ locale: locale.code, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
			const page = await context.newPage()
			const findings: Finding[] = []
			for (const url of pagesFor(locale, ['/login', '/request-access', '/reset-password'])) {
				await visit(page, url, locale)
				findings.push(...(await audit(page, url)))
			}
			// Submitted empty: each error is announced and tied to its field.
			await visit(page, '/login', locale)
			await page.getByRole('button', { name: locale.auth['auth.login.submit'], exact: true }).click()
			const email = page.getByLabel(locale.auth['auth.login.email'], { exact: true })
			await expect(email).toHaveAttribute('aria-invalid', 'true')
			await expect(email).toHaveAccessibleDescription(locale.auth['validation.email.required'])
			await expect(page.getByLabel(locale.auth['auth.login.password'], { exact: true })).toHaveAccessibleDescription(locale.auth['validation.login.password'])
			findings.push(...(await audit(page, '/login (errors)')))
			await context.close()
			expect(findings, report(findings)).toEqual([])
		})

		// Member pages in groups, so that the two workers share them.
		const memberPages = {
			'library and guidance': ['/', '/cases?q=firearms', '/cases/NGA001', '/search?q=tracing', '/guidance', '/guidance/tracing-a-seized-firearm'],
			'events and settings': ['/events', '/events?view=calendar&month=2027-01', '/events/demo-2026-12-dakar-regional-meeting', '/recommendations?meeting=wgf-10-2023', '/notifications', '/profile/directory'],
		}
		for (const [group, pages] of Object.entries(memberPages)) {
			test(`member pages: ${group}`, async ({ browser }) => {
				test.setTimeout(150_000) // each page is analysed in full; slow on a loaded machine
				const { context, page } = await member(browser, await createUser({ regions: [REGION] }), locale)
				const findings: Finding[] = []
				for (const url of pagesFor(locale, pages)) {
					await visit(page, url, locale)
					findings.push(...(await audit(page, url)))
				}
				await context.close()
				expect(findings, report(findings)).toEqual([])
			})
		}

		test('member pages: forums, people, messages, profile, and a form with errors', async ({ browser }) => {
			test.setTimeout(150_000)
			const user = await createUser({ regions: [REGION] })
			const threadId = seedThread(user)
			const { context, page } = await member(browser, user, locale)
			const findings: Finding[] = []
			const pages = ['/forums', `/forums/${REGION}`, `/threads/${threadId}`, '/people', '/messages', '/profile']
			for (const url of pagesFor(locale, pages)) {
				await visit(page, url, locale)
				findings.push(...(await audit(page, url)))
			}
			// A form in its error state: a new thread posted empty, in the locale's words.
			const text = { ...catalogue(locale.code, 'forums'), ...catalogue(locale.code, 'validation') }
			await visit(page, `/forums/${REGION}/new`, locale)
			await page.getByRole('button', { name: text['forums.new.submit'] }).click()
			await expect(page.getByText(text['validation.forums.titleRequired'])).toBeVisible()
			// Each field is described by its hint and its error.
			const endsWith = (x: string) => new RegExp(`${x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
			await expect(page.getByLabel(text['forums.new.titleLabel'], { exact: true })).toHaveAccessibleDescription(endsWith(text['validation.forums.titleRequired']))
			const message = page.getByLabel(text['forums.common.message'], { exact: true })
			await expect(message).toHaveAccessibleDescription(endsWith(text['validation.forums.bodyRequired']))
			// The hint comes first: its opening words (before any Markdown) start the description.
			await expect(message).toHaveAccessibleDescription(new RegExp(`^${text['forums.new.bodyHint'].split(/[*@(]/)[0].trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
			findings.push(...(await audit(page, `/forums/${REGION}/new (errors)`)))
			await context.close()
			expect(findings, report(findings)).toEqual([])
		})

		test('administration pages', async ({ browser }) => {
			test.setTimeout(120_000)
			const admin = await createUser({ role: 'admin' })
			const { context, page } = await member(browser, admin, locale)
			const findings: Finding[] = []
			for (const url of pagesFor(locale, ['/admin', '/admin/users', '/admin/users?status=pending', '/moderation'])) {
				await visit(page, url, locale)
				findings.push(...(await audit(page, url)))
			}
			await context.close()
			expect(findings, report(findings)).toEqual([])
		})
	})
}

/** Whether the focused element shows a focus indicator (an outline or a box-shadow ring). */
async function focusIndicator(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null
		if (!el || el === document.body) return { visible: false, what: 'nothing focused' }
		const style = getComputedStyle(el)
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
		const shadow = style.boxShadow !== 'none'
		const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`
		return { visible: outline || shadow, what }
	})
}

const focused = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName, id: document.activeElement?.id, inNav: !!document.activeElement?.closest('nav[aria-label="Main"]') }))

test.describe('keyboard', () => {
	test('the skip link comes first and moves focus to the main content', async ({ browser }) => {
		const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		await loginAs(context, await createUser({ regions: [REGION] }))
		const page = await context.newPage()
		for (const url of ['/', '/cases/NGA001']) {
			await page.goto(url)
			await page.keyboard.press('Tab')
			const skip = page.getByRole('link', { name: 'Skip to content' })
			await expect(skip).toBeFocused()
			await expect(skip).toBeInViewport()
			expect((await focusIndicator(page)).visible).toBe(true)
			await page.keyboard.press('Enter')
			await expect(page.locator('main#main')).toBeFocused()
			// The next Tab continues inside the main content, not back in the header.
			await page.keyboard.press('Tab')
			expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true)
		}
		await context.close()
	})

	test('Tab reaches the main navigation and the search box, each with a visible focus indicator', async ({ browser }) => {
		const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		await loginAs(context, await createUser({ regions: [REGION] }))
		const page = await context.newPage()
		await page.goto('/')
		let reachedNav = false
		let reachedSearch = false
		const missing: string[] = []
		// Through the header and into the page: every stop must show where focus is.
		for (let i = 0; i < 30; i++) {
			await page.keyboard.press('Tab')
			const where = await focused(page)
			if (where.tag === 'BODY' || !where.tag) break // past the last control of the page
			reachedNav ||= where.inNav
			reachedSearch ||= where.id === 'header-q'
			const indicator = await focusIndicator(page)
			if (!indicator.visible) missing.push(indicator.what)
		}
		expect(reachedNav, 'Tab reaches the main navigation').toBe(true)
		expect(reachedSearch, 'Tab reaches the search box').toBe(true)
		expect(missing, 'stops without a visible focus indicator').toEqual([])
		// The search box works from the keyboard.
		await page.locator('#header-q').focus()
		await page.keyboard.type('tracing')
		await page.keyboard.press('Enter')
		await expect(page).toHaveURL(/\/search\?q=tracing/)
		await context.close()
	})

	test('the account menu opens and its links are reachable with the keyboard', async ({ browser }) => {
		const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		await loginAs(context, await createUser({ regions: [REGION] }))
		const page = await context.newPage()
		await page.goto('/')
		await page.locator('.user-menu summary').focus()
		await page.keyboard.press('Enter')
		await page.keyboard.press('Tab')
		await expect(page.getByRole('link', { name: 'Profile and security' })).toBeFocused()
		expect((await focusIndicator(page)).visible).toBe(true)
		await context.close()
	})
})
