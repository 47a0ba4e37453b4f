import { expect, request as playwrightRequest, test, type APIRequestContext, type BrowserContext } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { ACTORS, apiTokenFor, buildFixture, MATRIX, type Actor, type Expected, type MatrixFixture, type Probe } from './access-matrix'
import { routeSamples } from './routes'
import { database, loginAs, uniqueIp, type TestUser } from './support'

/**
 * Every route file × every actor (tests/e2e/access-matrix.ts), against real objects of other
 * users and regions. Mismatches are collected, not thrown, so one run lists them all.
 */

test('every route file has an entry in the access matrix, and every entry a route file', () => {
	const files = routeSamples().map((r) => r.file)
	const missing = files.filter((f) => !(f in MATRIX))
	const stale = Object.keys(MATRIX).filter((f) => !files.includes(f))
	expect({ missing, stale }, 'route files without an entry in tests/e2e/access-matrix.ts (missing), entries whose file is gone (stale)').toEqual({ missing: [], stale: [] })
})

interface Cell {
	file: string
	probe: Probe
}

interface Caller {
	actor: Actor
	/** How the actor is identified: the session cookie, or (for /api/*) a personal token. */
	via: 'cookie' | 'bearer'
	user: TestUser | null
	request: APIRequestContext
	/** Runs before each request (the pending account's session is destroyed on first use, so it gets a fresh one each time). */
	prepare?: () => Promise<unknown>
}

function matches(expected: Expected, url: string, status: number, location: string | undefined): boolean {
	if (expected === 'login') return status === 302 && location === `/login?redirectTo=${encodeURIComponent(url)}`
	if (typeof expected === 'number') return status === expected
	const target = expected.slice('302 '.length)
	if (status !== 302 || location === undefined) return false
	return target.endsWith('*') ? location.startsWith(target.slice(0, -1)) : location === target
}

async function ask(caller: Caller, probe: Probe, url = probe.url): Promise<{ status: number; location?: string; got: string; body: string }> {
	await caller.prepare?.()
	const post = probe.method === 'POST'
	const response = await caller.request.fetch(url, {
		method: probe.method ?? 'GET',
		...(post ? { form: probe.form ?? {}, headers: { Origin: E2E.baseURL } } : {}),
		maxRedirects: 0,
	})
	const status = response.status()
	const location = response.headers().location
	const body = status === 200 && probe.shows ? await response.text() : ''
	await response.dispose()
	return { status, location, got: status === 302 ? `302 ${location}` : String(status), body }
}

/** Remix's data request for a page URL (`/threads/1?page=2` → `/threads/1.data?page=2`). */
function dataUrl(url: string): string {
	const [pathname, search] = url.split('?')
	return `${pathname}.data${search ? `?${search}` : ''}`
}

const line = (cell: Cell, caller: Caller, expected: Expected, got: string) =>
	[cell.file, cell.probe.what, `${cell.probe.method ?? 'GET'} ${cell.probe.url}`, caller.via === 'bearer' ? `${caller.actor} (bearer)` : caller.actor, String(expected), got].join(' | ')

test('every actor gets the expected answer from every route, on other users’ and other regions’ objects', async ({ browser }) => {
	test.setTimeout(240_000)
	const contexts: BrowserContext[] = []
	const requests: APIRequestContext[] = []
	const newContext = async () => {
		const context = await browser.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		contexts.push(context)
		return context
	}
	const bearerRequest = async (token: string) => {
		const r = await playwrightRequest.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': uniqueIp() } })
		requests.push(r)
		return r
	}
	try {
		const fixture: MatrixFixture = await test.step('create the fixture', () =>
			buildFixture(async (user) => {
				const context = await newContext()
				await loginAs(context, user)
				return context.request
			}),
		)

		const cells: Cell[] = Object.entries(MATRIX).flatMap(([file, build]) => build(fixture).map((probe) => ({ file, probe })))
		const mismatches: string[] = []
		for (const [file, build] of Object.entries(MATRIX)) if (!build(fixture).some((p) => (p.method ?? 'GET') === 'GET')) mismatches.push(`${file} | (table) | has no GET probe`)

		const callers: Caller[] = []
		for (const actor of ACTORS) {
			const context = await newContext()
			if (actor === 'anonymous') {
				callers.push({ actor, via: 'cookie', user: null, request: context.request })
				callers.push({ actor, via: 'bearer', user: null, request: await bearerRequest('pp_made-up-token') })
				continue
			}
			const user = fixture.users[actor]
			// The pending account logs in afresh before each request (prepare), so no session is left unused.
			if (actor !== 'pending') await loginAs(context, user)
			callers.push({ actor, via: 'cookie', user, request: context.request, prepare: actor === 'pending' ? () => loginAs(context, user) : undefined })
			callers.push({ actor, via: 'bearer', user, request: await bearerRequest(apiTokenFor(user)) })
		}
		const applies = (caller: Caller, cell: Cell) => caller.via === 'cookie' || cell.probe.url.startsWith('/api/')

		// Reads: each caller walks every GET cell; callers run side by side.
		const gets = cells.filter((c) => (c.probe.method ?? 'GET') === 'GET')
		let asked = 0
		await test.step(`GET: ${gets.length} URLs × ${ACTORS.length} actors (and the API again by bearer token)`, async () => {
			await Promise.all(
				callers.map(async (caller) => {
					for (const cell of gets.filter((c) => applies(caller, c))) {
						const expected = cell.probe.expect[caller.actor]
						const answer = await ask(caller, cell.probe)
						asked++
						if (!matches(expected, cell.probe.url, answer.status, answer.location)) mismatches.push(line(cell, caller, expected, answer.got))
						else if (answer.status === 200)
							for (const { text, to } of cell.probe.shows ?? []) {
								const shown = answer.body.includes(text)
								if (shown !== to.includes(caller.actor)) mismatches.push(`${line(cell, caller, expected, answer.got)} | ${shown ? 'SHOWS' : 'does not show'} “${text}”`)
							}
						// A page refused to a member is refused the same way to Remix's data request (no loader data on the side).
						if (caller.via === 'cookie' && cell.file.endsWith('.tsx') && (expected === 403 || expected === 404)) {
							const data = await ask(caller, cell.probe, dataUrl(cell.probe.url))
							asked++
							if (data.status !== expected) mismatches.push(line({ ...cell, probe: { ...cell.probe, url: dataUrl(cell.probe.url) } }, caller, expected, data.got))
						}
					}
				}),
			)
		})

		// Writes: one at a time, so each before/after comparison sees only its own request.
		const posts = cells.filter((c) => c.probe.method === 'POST')
		await test.step(`POST: ${posts.length} writes × ${ACTORS.length} actors, checking the database`, async () => {
			for (const cell of posts)
				for (const caller of callers.filter((c) => applies(c, cell))) {
					const expected = cell.probe.expect[caller.actor]
					const before = JSON.stringify(cell.probe.state?.(caller.user) ?? null)
					const answer = await ask(caller, cell.probe)
					asked++
					const after = JSON.stringify(cell.probe.state?.(caller.user) ?? null)
					if (!matches(expected, cell.probe.url, answer.status, answer.location)) mismatches.push(line(cell, caller, expected, answer.got))
					if (before !== after && !cell.probe.mayChange?.includes(caller.actor)) mismatches.push(`${line(cell, caller, expected, answer.got)} | CHANGED the database: ${before} → ${after}`)
				}
		})

		// A pending account's session is worthless, and is ended when it is presented.
		const live = database().prepare('select count(*) n from sessions where user_id = ?').get(fixture.users.pending.id) as { n: number }
		if (live.n !== 0) mismatches.push(`(sessions) | pending account | ${live.n} session(s) still stored after use | expected 0`)

		test.info().annotations.push({ type: 'access matrix', description: `${Object.keys(MATRIX).length} route files, ${cells.length} URLs, ${asked} requests` })
		mismatches.sort()
		expect(mismatches, `Access-matrix mismatches (${mismatches.length}):\nfile | object | request | actor | expected | got\n${mismatches.join('\n')}\n`).toEqual([])
	} finally {
		await Promise.all([...contexts.map((c) => c.close()), ...requests.map((r) => r.dispose())])
	}
})
