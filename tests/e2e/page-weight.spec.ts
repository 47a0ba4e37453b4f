import { expect, test, type Page } from '@playwright/test'
import { createUser, loginAs } from './support'

/**
 * Practitioners open the portal on slow and metered connections, so the JavaScript a page
 * makes the browser fetch and parse is a budget, checked here in the real browser.
 *
 * The budget has about 25 % of room over today's heaviest page (about 515 KB of script,
 * 160 KB gzipped). It caught a real regression: `import { z } from 'zod'` in a browser
 * module makes esbuild keep zod's whole namespace, every one of its 40-odd translations
 * included, and pushed these pages to about 860 KB; `import * as z from 'zod'` lets it
 * keep only what the schemas use.
 */
const SCRIPT_BUDGET_BYTES = 640 * 1024

/** Loads `path` and returns the decoded size of every script the page fetched, by URL. */
async function scriptsLoadedBy(page: Page, path: string): Promise<Map<string, number>> {
	const sizes = new Map<string, number>()
	const unread: string[] = []
	const pending: Promise<void>[] = []
	page.on('response', (response) => {
		if (response.request().resourceType() !== 'script') return
		pending.push(
			response.body().then(
				(body) => void sizes.set(new URL(response.url()).pathname, body.length),
				// A script whose size cannot be read would be left out of the total: fail instead.
				() => void unread.push(response.url()),
			),
		)
	})
	await page.goto(path)
	// Hydration has finished once the router's lazy route discovery and every module import have run.
	await page.waitForLoadState('networkidle')
	// Bodies still being read when the page went idle, and any a read started meanwhile.
	for (let seen = 0; seen < pending.length; seen = pending.length) await Promise.all(pending.slice(seen))
	expect(unread, `${path}: scripts whose size could not be read`).toEqual([])
	return sizes
}

const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0)

test('the pages members use most stay within the JavaScript budget', async ({ browser }) => {
	const anonymous = await browser.newContext()
	const signIn = await scriptsLoadedBy(await anonymous.newPage(), '/login')
	await anonymous.close()

	const context = await browser.newContext()
	await loginAs(context, await createUser({ regions: ['central-asia'] }))
	const author = await context.newPage()
	await author.goto('/forums/central-asia/new')
	await author.getByLabel('Title').fill('Budget check: a thread to open')
	await author.getByLabel('Message').fill('A short post, so the thread page has its reply form and post actions.')
	await author.getByRole('button', { name: 'Post thread' }).click()
	await expect(author.getByRole('heading', { level: 1, name: 'Budget check: a thread to open' })).toBeVisible()
	const threadPath = new URL(author.url()).pathname

	const pages: Array<[string, Map<string, number>]> = [['/login', signIn]]
	for (const path of [threadPath, '/cases?q=pistol', '/messages/new', '/events']) pages.push([path, await scriptsLoadedBy(await context.newPage(), path)])

	for (const [path, sizes] of pages) {
		// The measurement saw the app's own modules (a page that loaded none would pass for the wrong reason).
		expect([...sizes.keys()].some((u) => u.startsWith('/build/entry.client-')), path).toBe(true)
		expect(total(sizes), `${path}: ${[...sizes].map(([u, n]) => `${u} ${n}`).join(', ')}`).toBeLessThan(SCRIPT_BUDGET_BYTES)
	}
})
