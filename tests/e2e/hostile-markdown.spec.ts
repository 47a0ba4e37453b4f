import { expect, test, type Page } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { hostilePayloads, type HostilePayload } from './hostile-payloads'
import { createUser, database, loginAs, uniqueIp, type TestUser } from './support'

/**
 * Hostile Markdown and HTML in forum posts must render inert in a real browser: no dialog, no
 * window.__pwned, no request to a foreign host, nothing in .prose beyond the sanitizer's allowlist.
 *
 * The portal sends a strict CSP, which would silently block most of what a sanitizer hole lets
 * through (inline handlers, foreign images). A run with the CSP on could then pass over a real hole,
 * so the main runs bypass it and test the sanitizer alone; one run keeps it on, as shipped.
 */

const ORIGIN = new URL(E2E.baseURL).origin
const FORUM = 'western-balkans'
const PER_PAGE = 20

// What renderMarkdown may emit (app/utils/markdown.server.ts); anything else inside .prose is a leak.
const ALLOWED: Record<string, string[]> = {
	...Object.fromEntries(['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'li', 'strong', 'em', 's', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'mark', 'sup', 'sub'].map((t) => [t, []])),
	a: ['href', 'title', 'rel'],
	th: ['align'],
	td: ['align'],
	ol: ['start'],
}
// Named in the issue; the allowlist already excludes them, but a hit here reads better in a failure.
const NEVER = ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'style', 'form', 'base', 'meta', 'link']
// Dispatched on every element of every post: an inline handler that survived would run on one of them.
const EVENTS = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick', 'contextmenu', 'pointerover', 'pointerdown', 'focus', 'focusin', 'blur', 'keydown', 'keyup', 'input', 'change', 'toggle', 'load', 'error', 'animationstart', 'transitionend', 'scroll', 'wheel', 'copy']

interface Watch {
	dialogs: string[]
	foreign: string[]
	popups: string[]
	sockets: string[]
}

declare global {
	interface Window {
		__pwned?: unknown
	}
}

// Each test is 5–20 s on a quiet machine; several page loads apiece make that double on a busy one,
// and a timeout there would say nothing about sanitizing.
test.describe.configure({ timeout: 60_000 })

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

/** Records dialogs, requests to any other origin, popups and websockets; foreign requests are aborted, never sent. */
async function watch(page: Page): Promise<Watch> {
	const seen: Watch = { dialogs: [], foreign: [], popups: [], sockets: [] }
	const context = page.context()
	context.on('dialog', (d) => {
		seen.dialogs.push(`${d.type()}: ${d.message()}`)
		void d.dismiss().catch(() => {})
	})
	// The request event fires before routing, so an aborted request is still recorded.
	context.on('request', (r) => {
		if (new URL(r.url()).origin !== ORIGIN) seen.foreign.push(r.url())
	})
	context.on('page', (p) => seen.popups.push(p.url()))
	page.on('websocket', (ws) => seen.sockets.push(ws.url()))
	await context.route(
		(url) => url.origin !== ORIGIN,
		(route) => route.abort('blockedbyclient'),
	)
	return seen
}

/** Inserts a thread holding one post per body, a day old so no posting limit counts them. */
function threadWith(author: TestUser, title: string, bodies: string[]): number {
	const db = database()
	const at = Math.floor(Date.now() / 1000) - 86_400
	return db.transaction(() => {
		const id = Number(
			db
				.prepare(`insert into threads (forum_slug, title, author_id, tags, pinned, locked, post_count, last_post_at, created_at) values (?, ?, ?, '[]', 0, 0, ?, ?, ?)`)
				.run(FORUM, title, author.id, bodies.length, at, at).lastInsertRowid,
		)
		const insert = db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)')
		for (const body of bodies) insert.run(id, author.id, body, at)
		return id
	})()
}

/** Everything inside the posts that the allowlist does not permit, labelled with the payload's name. */
function findings(page: Page, names: string[]): Promise<string[]> {
	return page.evaluate(
		({ names, allowed, never }) => {
			const out: string[] = []
			document.querySelectorAll('.post .prose').forEach((prose, i) => {
				const who = names[i] ?? `post ${i + 1}`
				for (const tag of never) if (prose.querySelector(tag)) out.push(`${who}: <${tag}>`)
				for (const el of prose.querySelectorAll('*')) {
					const tag = el.localName
					if (!(tag in allowed)) out.push(`${who}: <${tag}> is not allowed`)
					for (const a of el.attributes) {
						if (/^on/i.test(a.name)) out.push(`${who}: handler <${tag} ${a.name}="${a.value}">`)
						else if (!allowed[tag]?.includes(a.name)) out.push(`${who}: attribute <${tag} ${a.name}="${a.value}">`)
					}
					if (el instanceof HTMLAnchorElement && el.hasAttribute('href')) {
						// The browser's own reading of the URL, after entity decoding and its whitespace rules.
						if (!['http:', 'https:', 'mailto:'].includes(el.protocol)) out.push(`${who}: href ${el.getAttribute('href')}`)
						if (!el.relList.contains('nofollow') || !el.relList.contains('noopener')) out.push(`${who}: rel "${el.rel}" on ${el.href}`)
					}
				}
			})
			// A <base> or <meta refresh> anywhere would show here, even if it escaped .prose.
			if (document.baseURI !== location.href) out.push(`document base changed to ${document.baseURI}`)
			if (window.__pwned !== undefined) out.push(`window.__pwned = ${String(window.__pwned)}`)
			return out
		},
		{ names, allowed: ALLOWED, never: NEVER },
	)
}

/** Hovers, focuses and clicks some links as a reader would, and fires every common event at every element of the posts. */
async function poke(page: Page) {
	// Foreign links are real (http, nofollow) and must not be followed: cancel the navigation at the
	// document, in the capture phase, which still lets any handler on the link itself run.
	await page.evaluate(() => {
		document.addEventListener(
			'click',
			(e) => {
				if (e.target instanceof Element && e.target.closest('.prose a')) e.preventDefault()
			},
			true,
		)
		window.scrollTo(0, document.body.scrollHeight)
	})
	// A spread sample with the real mouse and keyboard (a link whose text was dropped has no box to
	// point at); real input is slow, and the dispatch below reaches every element anyway.
	const links = page.locator('.post .prose a').filter({ visible: true })
	const count = await links.count()
	for (let i = 0; i < count; i += Math.max(1, Math.ceil(count / 3))) {
		const link = links.nth(i)
		await link.hover({ timeout: 2000 })
		await link.focus()
		await link.click({ timeout: 2000 })
	}
	await page.evaluate((events) => {
		for (const el of document.querySelectorAll<HTMLElement>('.post .prose, .post .prose *')) {
			for (const type of events) el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }))
		}
		window.scrollTo(0, 0)
	}, EVENTS)
	// Timers, refreshes and failed loads report asynchronously; give them a moment to.
	await page.waitForTimeout(200)
}

/** Opens every page of the thread and asserts the posts on it are inert; `interact` also pokes at them. */
async function expectThreadInert(page: Page, seen: Watch, threadId: number, payloads: HostilePayload[], interact = true) {
	for (let n = 1; n <= Math.ceil(payloads.length / PER_PAGE); n++) {
		const here = payloads.slice((n - 1) * PER_PAGE, n * PER_PAGE)
		const path = `/threads/${threadId}?page=${n}`
		expect((await page.goto(path))?.status(), path).toBe(200)
		await expect(page.locator('.post .prose'), 'every post rendered').toHaveCount(here.length)
		if (interact) await poke(page)
		else await page.waitForTimeout(200)
		expect(await findings(page, here.map((p) => p.name)), path).toEqual([])
		expect(page.frames(), 'frames').toHaveLength(1)
		expect(page.url(), 'still on the thread').toBe(`${E2E.baseURL}${path}`)
	}
	expect(seen).toEqual({ dialogs: [], foreign: [], popups: [], sockets: [] })
}

async function memberIn(page: Page) {
	const member = await createUser({ regions: [FORUM] })
	await loginAs(page.context(), member)
	return member
}

// Two threads of several pages each (so ?page=N is exercised), one per worker, to share the load.
const half = Math.ceil(hostilePayloads.length / 2)
const chunks = [hostilePayloads.slice(0, half), hostilePayloads.slice(half)].map((payloads, i) => ({
	label: `${i * half + 1}–${i * half + payloads.length} of ${hostilePayloads.length}`,
	payloads,
}))

const byName = (name: string) => {
	const found = hostilePayloads.find((p) => p.name === name)
	if (!found) throw new Error(`No payload named ${name}`)
	return found
}

test.describe('the sanitizer alone (CSP bypassed, so it cannot hide a hole)', () => {
	test.use({ bypassCSP: true })

	// First, as the longest: it starts while the others run.
	test('payloads posted through the thread and reply forms render inert, and quoting one stays text', async ({ page }) => {
		const member = await memberIn(page)
		// Watching from the start covers the form pages and the redirects after each post, too.
		const seen = await watch(page)
		const first = byName('img-onerror-foreign')
		const replies = ['md-link-entity-hex-scheme', 'md-image-tracking-pixel', 'svg-use-foreign', 'md-link-title-double-quote-break', 'script-closing-tag-breakout'].map(byName)
		const title = `</title><img src=x onerror=alert('title')> "quoted" & <b>bold</b>`

		await page.goto(`/forums/${FORUM}/new`)
		await page.getByLabel('Title').fill(title)
		await page.getByLabel('Message').fill(first.body)
		await page.getByLabel('Tags').fill('hostile, markup')
		await page.getByRole('button', { name: 'Post thread' }).click()
		// Found by its author rather than read off the redirect: where the form lands is forums.spec.ts's concern.
		const findThread = () => database().prepare('select id from threads where author_id = ?').get(member.id) as { id: number } | undefined
		await expect.poll(findThread).toBeDefined()
		const threadId = findThread()!.id
		await page.goto(`/threads/${threadId}`)
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
		await expect(page).toHaveTitle(`${title} — Forums`)
		for (const [i, reply] of replies.entries()) {
			await page.getByLabel('Your reply').fill(reply.body)
			await page.getByRole('button', { name: 'Post reply' }).click()
			await expect(page.locator('.post')).toHaveCount(i + 2)
		}
		// Stored exactly as typed: the write path keeps the text and leaves the defence to rendering.
		const stored = database().prepare('select id, body from posts where thread_id = ? order by id').all(threadId) as Array<{ id: number; body: string }>
		expect(stored.map((r) => r.body)).toEqual([first, ...replies].map((p) => p.body))

		await expectThreadInert(page, seen, threadId, [first, ...replies])

		// A quote sends the raw text back to the browser, inside the textarea and the loader data that the
		// server inlines in a <script>: a full load, so a `</script>` in the text meets that inline script.
		await page.goto(`/threads/${threadId}?quote=${stored.at(-1)!.id}`)
		await expect(page.getByLabel('Your reply')).toHaveValue(/<\/script><script>window\.__pwned = 1<\/script><!--/)
		expect(await findings(page, [first, ...replies].map((p) => p.name))).toEqual([])
		// The title is text wherever it appears.
		await page.goto(`/forums/${FORUM}`)
		const listed = page.getByRole('link', { name: title })
		await expect(listed).toBeVisible()
		await expect(listed.locator('*')).toHaveCount(0)
		expect(seen).toEqual({ dialogs: [], foreign: [], popups: [], sockets: [] })
	})

	test('the detectors catch markup that does get through', async ({ page }) => {
		const member = await memberIn(page)
		const id = threadWith(member, 'Detector check', ['An ordinary post.'])
		const seen = await watch(page)
		await page.goto(`/threads/${id}`)
		expect(await findings(page, ['ordinary'])).toEqual([])
		// Stand in for a sanitizer hole: put into the post what a broken sanitizer would have emitted.
		await page.locator('.post .prose').evaluate((el) => {
			el.innerHTML = `<a href="javascript:void 0" onmouseover="window.__pwned = 1">x</a><img src="http://evil.example/sanity.png" onerror="alert('sanity')">`
		})
		await poke(page)
		const found = await findings(page, ['ordinary'])
		expect(found).toContain('ordinary: <img>')
		expect(found).toContain('ordinary: href javascript:void 0')
		expect(found).toContain('ordinary: handler <a onmouseover="window.__pwned = 1">')
		expect(found).toContain('window.__pwned = 1')
		await expect.poll(() => seen.dialogs).toContain('alert: sanity')
		expect(seen.foreign).toContain('http://evil.example/sanity.png')
	})

	for (const chunk of chunks) {
		test(`stored payloads ${chunk.label} render inert`, async ({ page }) => {
			const member = await memberIn(page)
			const id = threadWith(member, `Hostile markup ${chunk.label}`, chunk.payloads.map((p) => p.body))
			await expectThreadInert(page, await watch(page), id, chunk.payloads)
		})
	}
})

// As a reader gets it. The CSP can only block more, and the markup is the same as above, where it was
// poked at with no CSP to help; so here loading every page and checking it is enough.
test(`as shipped, with the CSP on, all ${hostilePayloads.length} payloads render inert`, async ({ page }) => {
	const member = await memberIn(page)
	const id = threadWith(member, 'Hostile markup, as shipped', hostilePayloads.map((p) => p.body))
	await expectThreadInert(page, await watch(page), id, hostilePayloads, false)
})
