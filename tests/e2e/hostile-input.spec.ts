import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { seedEvent, seedRegistration } from './fixtures/events'
import {
	BAD_BYTES,
	BAD_PERCENT,
	BLNS,
	BLNS_WALK,
	CHOICE,
	CONTROL,
	FILE_NAMES,
	FTS5,
	FULL,
	NUMBERS,
	NEARLY_A_MEGABYTE,
	OVER_A_MEGABYTE,
	QUICK,
	SEARCH,
	SEARCH_SYNTAX,
	spread,
	SQL,
	XSS,
	YAML,
	type Hostile,
} from './hostile-corpus'
import { routeSamples } from './routes'
import { createUser, database, loginAs, uniqueEmail, uniqueIp, type TestUser } from './support'

/**
 * Hostile input, everywhere: every form field and API parameter gets bad input (empty, blank,
 * 900 KB and 1 MB, controls and invalid UTF-8, SQL and FTS5 syntax, traversal, the Big List of
 * Naughty Strings, XSS). The answer must be a 4xx with a message, or the value stored as given
 * and shown as text; never a 5xx, never internals in the answer, never a dead server, and in
 * Chromium never a dialog, a script error or a request to another origin.
 *
 * Forms are found, not listed: each test opens pages as a real role with its own data and
 * collects every <form> from the DOM, so a field added to a page is fuzzed the day it appears.
 * A test below fails when a route with an `action` is reached by no page here.
 */

const ORIGIN = new URL(E2E.baseURL).origin
const FORUM = 'western-balkans'
const abs = (p: string) => new URL(p, E2E.baseURL).toString()
const nowSeconds = () => Math.floor(Date.now() / 1000)
const rand = () => crypto.randomBytes(4).toString('hex')

// A loaded 2-core machine runs these alongside the rest of the suite; each test sends a few hundred requests.
test.describe.configure({ timeout: 240_000 })

// ---------------------------------------------------------------- judging answers

// Signs of internals in an answer: stack frames, Node internals, server paths, SQLite's own errors.
const LEAKS: RegExp[] = [
	/\bat (?:async )?[\w$.<>[\]]+ \((?:file:\/\/|node:|\/)[^)\n]*:\d+:\d+\)/,
	/node:internal\//,
	new RegExp(E2E.root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
	/SqliteError|SQLITE_(?:ERROR|CONSTRAINT|MISMATCH|TOOBIG|RANGE|CORRUPT)/,
	/fts5: syntax error|unterminated string|no such column/i,
]

interface Tally {
	requests: number
	statuses: Map<number, number>
	failures: string[]
	/** HTML 400s without a visible message (role="alert" or an error list) next to the form. */
	unclear: string[]
}
const tally = (): Tally => ({ requests: 0, statuses: new Map(), failures: [], unclear: [] })

/** Records what is wrong with one answer: a 5xx, internals in the body, or (for the API) a non-JSON error. */
async function judge(res: APIResponse, label: string, t: Tally, opts: { api?: boolean } = {}) {
	const status = res.status()
	t.requests++
	t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1)
	const body = (await res.body().catch(() => Buffer.alloc(0))).toString('utf8')
	if (status >= 500) t.failures.push(`${status} ← ${label}`)
	for (const re of LEAKS) {
		const m = body.match(re)
		if (m) t.failures.push(`internals in a ${status} answer («${m[0].slice(0, 100)}») ← ${label}`)
	}
	// A 400 page says what is wrong: an alert next to the form, or the error page's "Bad request" and its reason.
	if (status === 400 && (res.headers()['content-type'] ?? '').includes('text/html') && !/role="alert"|<h1>(Bad request|Page not found|Not allowed|Too many requests)<\/h1>\s*<p>[^<]/.test(body))
		t.unclear.push(process.env.HOSTILE_DEBUG ? `${label}: ${body.match(/<main[\s\S]{0,600}/)?.[0]}` : label)
	// 411, 413 and 431 come from the gate or Node's HTTP parser, before any route: text or nothing, by design.
	if (opts.api && ![411, 413, 414, 431].includes(status)) {
		const type = res.headers()['content-type'] ?? ''
		if (!type.includes('application/json')) t.failures.push(`${status} answer is ${type || 'untyped'}, not JSON ← ${label}`)
		else if (status >= 400) {
			const parsed = (() => {
				try {
					return JSON.parse(body) as { error?: unknown }
				} catch {
					return null
				}
			})()
			if (!parsed || typeof parsed.error !== 'string' || !parsed.error) t.failures.push(`${status} without a JSON error message ← ${label}`)
		}
	}
}

/** A 400 page must say what was wrong (set HOSTILE_DEBUG=1 to see each page's text). */
function expectClear(t: Tally) {
	expect.soft(t.unclear, 'HTML 400 answers without a visible message').toEqual([])
}

function summary(t: Tally) {
	return `${t.requests} requests; statuses ${[...t.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}${t.unclear.length ? `; ${t.unclear.length} HTML 400s without a visible message, e.g. ${t.unclear.slice(0, 3).join(' | ')}` : ''}`
}

/**
 * Failures that differ only in the part `detail` matches, as one line each: "… ← label: detail1, detail2".
 * Keeps a long list (the same fault on every route) readable.
 */
function grouped(failures: string[], detail: RegExp): string[] {
	const groups = new Map<string, string[]>()
	for (const f of failures) {
		const m = f.match(detail)
		const key = m ? f.slice(0, m.index) : f
		groups.set(key, [...(groups.get(key) ?? []), ...(m ? [m.slice(1).join(' ')] : [])])
	}
	return [...groups].map(([key, details]) => (details.length ? `${key}: ${[...new Set(details)].join(', ')}` : key))
}

/** Runs `work` over `items`, at most `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<unknown>) {
	let next = 0
	await Promise.all(
		Array.from({ length: Math.min(width, items.length) }, async () => {
			while (next < items.length) await work(items[next++])
		}),
	)
}

// ---------------------------------------------------------------- people, sessions and data

/** A day-old account with a region: new accounts get a third of the posting limits, which would mask checks. */
async function person(role = 'member', regions: string[] = [FORUM], name?: string): Promise<TestUser> {
	const user = await createUser({ role, regions, name })
	database().prepare('update users set created_at = created_at - 3 * 86400 where id = ?').run(user.id)
	return user
}

/**
 * Posting limits count recent rows; pushing what a fuzzing account wrote an hour into the past
 * stands for time passing, so a 429 never hides how the next value is handled.
 */
function ageContent(user: TestUser) {
	const db = database()
	const since = nowSeconds() - 3600
	db.prepare('update threads set created_at = created_at - 7200 where author_id = ? and created_at > ?').run(user.id, since)
	db.prepare('update posts set created_at = created_at - 7200 where author_id = ? and created_at > ?').run(user.id, since)
	db.prepare('update messages set created_at = created_at - 7200 where author_id = ? and created_at > ?').run(user.id, since)
	db.prepare('update conversations set created_at = created_at - 2 * 86400 where created_by = ? and created_at > ?').run(user.id, nowSeconds() - 86400)
}

interface SendOptions {
	body?: string | Buffer
	type?: string
	headers?: Record<string, string>
}

/** One browser context (so pages and requests share the session) that logs back in when a form ended its session. */
class Client {
	relogins = 0
	resets = 0
	private constructor(
		readonly context: BrowserContext,
		readonly user: TestUser | null,
		private readonly login: (context: BrowserContext, user: TestUser) => Promise<unknown>,
	) {}

	static async open(browser: Browser, user: TestUser | null, options: Parameters<Browser['newContext']>[0] = {}, login: (context: BrowserContext, user: TestUser) => Promise<unknown> = loginAs) {
		const context = await browser.newContext({ ...options, baseURL: E2E.baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		if (user) await login(context, user)
		return new Client(context, user, login)
	}

	async send(method: string, url: string, opts: SendOptions = {}): Promise<APIResponse> {
		for (let attempt = 0; ; attempt++) {
			// A fresh client address for every write: the login throttle counts failures per address too.
			const headers: Record<string, string> = { ...(method === 'GET' ? {} : { Origin: ORIGIN, 'X-Forwarded-For': uniqueIp() }), ...(opts.type ? { 'Content-Type': opts.type } : {}), ...opts.headers }
			const res = await this.context.request.fetch(abs(url), { method, data: opts.body, headers, maxRedirects: 0, failOnStatusCode: false, timeout: 60_000 }).catch((e: Error) => e)
			if (res instanceof Error) {
				// A route that answers before reading a large body can have the kept-alive connection reset
				// under the next request; the answer itself was a 4xx. Once on a fresh connection, then it counts.
				if (attempt === 0 && /ECONNRESET|EPIPE|socket hang up/.test(res.message)) {
					this.resets++
					continue
				}
				throw res
			}
			// Logout, "end all sessions" and the like are forms too: log in again and repeat once.
			// A page answers with a redirect; a data request (.data) with a 202 whose body names the redirect.
			const toLogin = (res.status() === 302 && /^\/login\?redirectTo=/.test(res.headers()['location'] ?? '')) || (res.status() === 202 && (await res.text()).includes('"/login?redirectTo='))
			if (this.user && attempt === 0 && toLogin) {
				this.relogins++
				await this.login(this.context, this.user)
				continue
			}
			if (this.user && method === 'POST' && res.status() < 400 && /^\/(forums\/[^/]+\/new|threads\/|messages\/)/.test(new URL(abs(url)).pathname)) ageContent(this.user)
			return res
		}
	}

	/** Without this client's session: a session that still owes its second factor is sent to /login/two-factor from everywhere. */
	async alive(label: string) {
		const res = await fetch(abs('/healthz')).catch(() => fetch(abs('/healthz'))).catch((e: Error) => e)
		expect(res instanceof Error ? res.message : res.status, `the server answers /healthz after ${label}`).toBe(200)
	}
}

/** A thread in the database, a day old, with one post per [author, body]. */
function seedThread(forum: string, title: string, posts: Array<[TestUser, string]>) {
	const db = database()
	const at = nowSeconds() - 86_400
	return db.transaction(() => {
		const threadId = Number(
			db
				.prepare(`insert into threads (forum_slug, title, author_id, tags, pinned, locked, post_count, last_post_at, created_at) values (?, ?, ?, '[]', 0, 0, ?, ?, ?)`)
				.run(forum, title, posts[0][0].id, posts.length, at, at).lastInsertRowid,
		)
		const postIds = posts.map(([author, body]) => Number(db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, author.id, body, at).lastInsertRowid))
		return { threadId, postIds }
	})()
}

function flagPost(postId: number, by: TestUser, reason: string) {
	database().prepare('insert into post_flags (post_id, flagged_by, reason, created_at) values (?, ?, ?, ?)').run(postId, by.id, reason, nowSeconds())
}

/** A draft case of our own: a copy of a demonstration case under a fresh id, so the editor has valid values to start from. */
function seedDraftCase(): string {
	const db = database()
	const id = `BRA${crypto.randomInt(100_000, 999_999)}`
	const columns = (db.prepare('pragma table_info(cases)').all() as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id' && c !== 'status')
	db.prepare(`insert into cases (id, status, ${columns.join(', ')}) select ?, 'draft', ${columns.join(', ')} from cases where id = 'BRA001'`).run(id)
	return id
}

/** A session that passed the password but still owes its second factor (what /login/two-factor is for). */
async function halfLogin(context: BrowserContext, user: TestUser) {
	const token = crypto.randomBytes(20).toString('hex')
	const now = nowSeconds()
	database()
		.prepare('insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, ip, user_agent, two_factor_verified) values (?, ?, ?, ?, ?, ?, ?, 0)')
		.run(crypto.createHash('sha256').update(token).digest('hex'), user.id, now + 1800, now + 12 * 3600, now, '127.0.0.1', 'playwright')
	await context.addCookies([{ name: 'portal_session', value: token, url: E2E.baseURL, httpOnly: true, sameSite: 'Lax' }])
}

// ---------------------------------------------------------------- bodies

type Entries = Array<[string, string]>

const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')).replace(/%20/g, '+')
const urlencoded = (entries: Entries) => entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')

interface FilePart {
	field: string
	filename: string
	type: string
	bytes: Buffer
}

/** multipart/form-data as a browser writes it (quotes and line breaks in names percent-encoded). */
function multipart(entries: Array<[string, string | Buffer]>, files: FilePart[] = [], opts: { rawNames?: boolean } = {}) {
	const boundary = `----hostile${crypto.randomBytes(12).toString('hex')}`
	const quote = (s: string) => (opts.rawNames ? s : s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
	const parts: Buffer[] = []
	for (const [k, v] of entries) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n`), Buffer.isBuffer(v) ? v : Buffer.from(v), Buffer.from('\r\n'))
	for (const f of files) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.field)}"; filename="${quote(f.filename)}"\r\nContent-Type: ${f.type}\r\n\r\n`))
		parts.push(f.bytes, Buffer.from('\r\n'))
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`))
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

// ---------------------------------------------------------------- finding forms

interface FoundField {
	name: string
	tag: string
	type: string
	value: string
	checked: boolean
	required: boolean
	options: string[]
}

interface FoundForm {
	page: string
	method: 'get' | 'post'
	action: string
	multipart: boolean
	fields: FoundField[]
	/** Named submit buttons; the first is the one a reader presses. */
	submitters: Array<{ name: string; value: string }>
	around: string
}

async function formsOnPage(page: Page, url: string): Promise<FoundForm[]> {
	const res = await page.goto(abs(url))
	expect(res?.status(), `GET ${url} (to find its forms)`).toBe(200)
	const raw = await page.evaluate(() =>
		[...document.forms].map((f) => {
			const named = [...f.elements].filter((e): e is HTMLInputElement => 'name' in e && !!(e as HTMLInputElement).name && !(e as HTMLInputElement).disabled)
			const isSubmit = (e: HTMLInputElement) => (e.localName === 'button' && (e.type === 'submit' || !e.getAttribute('type'))) || (e.localName === 'input' && e.type === 'submit')
			return {
				method: (f.getAttribute('method') || 'get').toLowerCase(),
				// Attributes, not properties: a field named "action" would shadow form.action.
				action: (() => {
					const u = new URL(f.getAttribute('action') ?? '', document.baseURI)
					return u.pathname + u.search
				})(),
				multipart: f.getAttribute('enctype') === 'multipart/form-data',
				fields: named
					.filter((e) => !isSubmit(e))
					.map((e) => ({
						name: e.name,
						tag: e.localName,
						type: e.localName === 'select' ? 'select' : e.localName === 'textarea' ? 'textarea' : e.type,
						value: e.value,
						checked: !!e.checked,
						required: e.required,
						options: e.localName === 'select' ? [...(e as unknown as HTMLSelectElement).options].map((o) => o.value) : [],
					})),
				submitters: named.filter(isSubmit).map((e) => ({ name: e.name, value: e.value })),
				around: `${(f.closest('li, tr, article, .post, .panel, section') ?? f).textContent ?? ''} ${named.map((e) => e.value).join(' ')}`.slice(0, 4000),
			}
		}),
	)
	// The footer's language switcher is on every page: it is fuzzed once, on the public pages (signed-in
	// fuzzing would switch the member's interface language under the other tests' page texts).
	return raw.filter((f) => f.action !== '/locale' || url === '/login').map((f) => ({ ...f, page: url, method: f.method === 'post' ? 'post' : 'get' }))
}

/** A page to open; `mine` limits its forms to those about our own data (queues shared with other tests). */
interface Visit {
	path: string
	mine?: string[]
}

const formKey = (f: FoundForm) =>
	[f.method, f.action.replace(/\d+/g, 'N'), [...new Set(f.fields.map((x) => x.name.replace(/\[\d+\]/g, '[]')))].sort().join(','), f.fields.filter((x) => x.name === 'intent').map((x) => x.value).join('|'), f.submitters.map((s) => `${s.name}=${s.value}`).join('|')].join(' ')

async function discover(page: Page, visits: Visit[]): Promise<FoundForm[]> {
	const found = new Map<string, FoundForm>()
	for (const visit of visits) {
		for (const form of await formsOnPage(page, visit.path)) {
			if (visit.mine && form.method === 'post' && !visit.mine.some((m) => form.around.includes(m))) continue
			const key = formKey(form)
			if (!found.has(key)) found.set(key, form)
		}
	}
	return [...found.values()]
}

// ---------------------------------------------------------------- which route a form posts to

const routeFiles = routeSamples().map((r) => ({
	...r,
	re: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/sample-id/g, '[^/]+').replace(/anything\/here/g, '.*')}$`),
	// The catch-all ($.tsx) matches anything, so it loses every tie.
	literal: r.path.includes('anything/here') ? -1 : r.path.split('/').filter((s) => s && s !== 'sample-id').length,
}))

function routeFileFor(action: string): string | undefined {
	const pathname = action.split('?')[0]
	return routeFiles
		.filter((r) => r.re.test(pathname))
		.sort((a, b) => b.literal - a.literal)[0]?.file
}

const actionRouteFiles = routeFiles
	.filter((r) => /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(fs.readFileSync(path.join(E2E.root, 'app/routes', r.file), 'utf8')))
	.map((r) => r.file)

// ---------------------------------------------------------------- fuzzing a form

type Fill = string | (() => string)
interface FuzzPlan {
	/** Values for fields the page leaves empty, and values that must be fresh on every request (ids). */
	fill?: Record<string, Fill>
	/** Fields that get the long list. */
	deep?: string[]
	/** Defaults taken from another form with the same fields (the case editor's "new" from an existing case). */
	base?: FoundForm
	/** Values for one field, instead of the corpus (the event editor's YAML). */
	custom?: Record<string, Array<{ name: string; value: string }>>
	/** Submit with this button rather than the first. */
	submitter?: string
	/** At most this many values for fields outside `deep` (big forms, whose fields share one validator). */
	width?: number
}

const STRONG_PASSWORD = `Hostile-input-${rand()}-Passw0rd!`

function fillFor(field: FoundField, plan: FuzzPlan): string {
	const given = plan.fill?.[field.name]
	if (given !== undefined) return typeof given === 'function' ? given() : given
	if (field.value || field.type === 'hidden') return field.value
	if (field.type === 'password') return STRONG_PASSWORD
	// An optional field left empty is what a reader sends (a filled-in year would change what a search means).
	if (!field.required) return ''
	switch (field.type) {
		case 'email':
			return uniqueEmail('hostile')
		case 'date':
			return '2031-03-04'
		case 'number':
			return '2'
		case 'url':
			return 'https://example.org/'
		case 'select':
			return field.options.find((o) => o) ?? ''
		case 'textarea':
			return 'Hostile input test: an ordinary paragraph.'
		default:
			return 'Hostile input test'
	}
}

/** What the form sends when a reader fills it in the ordinary way. */
function ordinaryEntries(form: FoundForm, plan: FuzzPlan): Entries {
	const entries: Entries = []
	const base = plan.base ? new Map(plan.base.fields.filter((f) => f.type !== 'checkbox' && f.type !== 'radio').map((f) => [f.name, f.value])) : null
	const baseChecks = plan.base ? plan.base.fields.filter((f) => (f.type === 'checkbox' || f.type === 'radio') && f.checked) : null
	for (const field of form.fields) {
		if (field.type === 'file') continue
		if (field.type === 'checkbox' || field.type === 'radio') {
			const checked = baseChecks ? baseChecks.some((b) => b.name === field.name && b.value === field.value) : field.checked
			if (checked && plan.fill?.[field.name] === undefined) entries.push([field.name, field.value])
			continue
		}
		const fromBase = base?.get(field.name)
		entries.push([field.name, plan.fill?.[field.name] === undefined && fromBase ? fromBase : fillFor(field, plan)])
	}
	// A checkbox group given in `fill` (e.g. one region) is sent once.
	for (const [name, value] of Object.entries(plan.fill ?? {}))
		if (form.fields.some((f) => f.name === name && (f.type === 'checkbox' || f.type === 'radio'))) entries.push([name, typeof value === 'function' ? value() : value])
	const submitter = form.submitters.find((s) => s.value === plan.submitter) ?? form.submitters[0]
	if (submitter) entries.push([submitter.name, submitter.value])
	return entries
}

interface FuzzTarget {
	name: string
	kind: 'text' | 'choice'
	type: string
}

/** Each named thing a reader can change, once: text fields, choices (select, checkbox, radio, hidden, buttons). */
function targetsOf(form: FoundForm): FuzzTarget[] {
	const targets = new Map<string, FuzzTarget>()
	for (const f of form.fields) {
		if (f.type === 'file') continue
		// Repeated rows (defendants[0].name, defendants[1].name…) are the same field.
		if (/\[[1-9]\d*\]/.test(f.name)) continue
		const kind = ['hidden', 'select', 'checkbox', 'radio'].includes(f.type) ? 'choice' : 'text'
		if (!targets.has(f.name)) targets.set(f.name, { name: f.name, kind, type: f.type })
	}
	for (const s of form.submitters) if (!targets.has(s.name)) targets.set(s.name, { name: s.name, kind: 'choice', type: 'submit' })
	return [...targets.values()]
}

// Positive whole numbers are ordinary ids, not hostile input; sent as a post or report id they would act on other tests' data.
const isOrdinaryId = (s: string) => /^\s*\+?\d/.test(s) && Number.isSafeInteger(Number(s)) && Number(s) > 0
const MISSING = '\u0000missing'
const TWICE = '\u0000twice'

function corpusFor(target: FuzzTarget, plan: FuzzPlan, deep: boolean): Hostile[] {
	const custom = plan.custom?.[target.name]
	if (custom) return custom
	const search = target.type === 'search' || target.name === 'q'
	const narrow = (list: Hostile[]) => (plan.width ? spread(list, plan.width) : list)
	const list = deep
		? [...FULL, ...(search ? FTS5 : [])]
		: target.kind === 'choice'
			? narrow(CHOICE)
			: search
				? [...narrow(QUICK), ...SEARCH_SYNTAX]
				: target.type === 'number' || target.type === 'date'
					? [...narrow(QUICK), ...spread(NUMBERS, 4)]
					: narrow(QUICK)
	const unique = [...new Map(list.filter((h) => !isOrdinaryId(h.value)).map((h) => [h.value, h])).values()]
	return [...unique, { name: 'missing', value: MISSING }, ...(deep ? [{ name: 'sent twice', value: TWICE }] : [])]
}

function replaced(entries: Entries, name: string, value: string): Entries {
	const others = entries.filter(([k]) => k !== name)
	const at = Math.max(0, entries.findIndex(([k]) => k === name))
	if (value === MISSING) return others
	const original = entries.find(([k]) => k === name)?.[1] ?? ''
	const mine: Entries = value === TWICE ? [[name, original], [name, `${original}<second>`]] : [[name, value]]
	return [...others.slice(0, at), ...mine, ...others.slice(at)]
}

/** The URL a hydrated page fetches for the same route (Remix single fetch): the action or loaders' data, no HTML. */
function dataUrl(action: string) {
	const [pathname, search] = action.split('?')
	return `${pathname === '/' ? '/_root' : pathname.replace(/\/$/, '')}.data${search ? `?${search}` : ''}`
}

/**
 * Sends the form as a browser would: `document` as a page without JavaScript does (the answer is the
 * whole page, hostile value included), otherwise as the hydrated page does (the route's data only).
 */
async function submit(client: Client, form: FoundForm, entries: Entries, how: { document: boolean } = { document: true }) {
	const target = how.document ? form.action : dataUrl(form.action)
	if (form.method === 'get') {
		const [pathname, search] = target.split('?')
		const query = [search, urlencoded(entries)].filter(Boolean).join('&')
		return client.send('GET', `${pathname}?${query}`)
	}
	if (form.multipart) {
		const { body, type } = multipart(entries)
		return client.send('POST', target, { body, type })
	}
	return client.send('POST', target, { body: urlencoded(entries), type: 'application/x-www-form-urlencoded' })
}

/**
 * Every field of the form with each of its hostile values, the others filled in the ordinary way.
 * A field named in `deep` gets the long list the first time it is met in a test (`deepDone`), the
 * short one after.
 */
async function fuzzFields(client: Client, form: FoundForm, plan: FuzzPlan, t: Tally, deepDone: Set<string>) {
	const where = `${form.method.toUpperCase()} ${form.action} (form on ${form.page})`
	const tries: Array<{ label: string; entries: Entries; document: boolean }> = []
	for (const target of targetsOf(form)) {
		const deep = !!plan.deep?.includes(target.name) && !deepDone.has(target.name)
		if (deep) deepDone.add(target.name)
		for (const h of corpusFor(target, plan, deep)) tries.push({ label: `${target.name} = ${h.name}`, entries: replaced(ordinaryEntries(form, plan), target.name, h.value), document: h.name.startsWith('xss') || tries.length % 6 === 0 })
	}
	// Searches change nothing, so a few at once; writes one after another, in order, as a reader would.
	// One value in six (and every XSS payload) as a whole page, where the value comes back inside the form; the rest as data
	// (the same action on the server; the page adds only its rendering, which the XSS payloads exercise).
	await inParallel(tries, form.method === 'get' ? 3 : 1, async (x) => judge(await submit(client, form, x.entries, x), `${where} ${x.label}${x.document ? '' : ' (.data)'}`, t))
	await client.alive(where)
}

/**
 * The form filled in the ordinary way plus odd field names, then with a 900 KB and a 1 MB value.
 * These mostly succeed (they do what the form does: delete, leave, log out…), so they run after
 * every form's fields have been tried.
 */
async function fuzzShapes(client: Client, form: FoundForm, plan: FuzzPlan, t: Tally) {
	const where = `${form.method.toUpperCase()} ${form.action} (form on ${form.page})`
	const ordinary = ordinaryEntries(form, plan)
	const firstText = targetsOf(form).find((x) => x.kind === 'text')?.name
	const first = firstText ?? ordinary.find(([k]) => k !== 'intent')?.[0] ?? 'x'
	const oddNames: Array<[string, Entries]> = [
		['prototype keys, array and object names', [...ordinary, ['__proto__', 'x'], ['__proto__[polluted]', '1'], ['constructor[prototype][polluted]', '1'], ['constructor.prototype.polluted', '1'], [`${first}[]`, 'a'], [`${first}[0]`, 'b'], [`${first}.x`, 'c']]],
		// Browsers never send a nameless field; a client can.
		['a field with an empty name', [...ordinary, ['', 'nameless']]],
	]
	for (const [name, entries] of oddNames) await judge(await submit(client, form, entries), `${where} ${name}`, t)
	if (firstText) await judge(await submit(client, form, replaced(ordinary, firstText, NEARLY_A_MEGABYTE)), `${where} ${firstText} = 900 KB`, t)
	if (form.method === 'post') await judge(await submit(client, form, replaced(ordinary, first, OVER_A_MEGABYTE)), `${where} ${first} = 1 MB`, t)
	await client.alive(where)
}

interface Group {
	/** Route files whose forms this group must have found (a page that stops showing its form fails the test). */
	covers: string[]
	forms: FoundForm[]
}

/** Checks the group found a form for each route it claims, then fuzzes them all. */
async function fuzzAll(client: Client, group: Group, planFor: (form: FoundForm) => FuzzPlan, opts: { getForms?: boolean | 'only' } = {}) {
	const posts = group.forms.filter((f) => f.method === 'post')
	const reached = new Set(posts.map((f) => routeFileFor(f.action)))
	expect(group.covers.filter((file) => !reached.has(file)), 'routes whose form was not found on the pages opened').toEqual([])
	const t = tally()
	const deepDone = new Set<string>()
	const forms = group.forms.filter((f) => (opts.getForms === 'only' ? f.method === 'get' : f.method === 'post' || opts.getForms))
	if (process.env.HOSTILE_DEBUG) for (const f of forms) console.log(`  ${f.method} ${f.action} on ${f.page}: ${targetsOf(f).map((x) => `${x.name}(${x.type})`).join(' ')}`)
	for (const form of forms) await fuzzFields(client, form, planFor(form), t, deepDone)
	for (const form of forms) await fuzzShapes(client, form, planFor(form), t)
	const fields = forms.reduce((n, f) => n + targetsOf(f).length, 0)
	console.log(`[hostile-input] ${forms.length} forms, ${fields} fields: ${summary(t)}; ${client.relogins} fresh logins after a form ended the session; ${client.resets} connections reset and retried`)
	expectClear(t)
	// Soft: a group's other forms still run, and every failure is listed.
	expect.soft(t.failures, 'answers that were 5xx or showed internals').toEqual([])
	return t
}

// ---------------------------------------------------------------- the forms, by who sees them

test('every route with an action is covered by a page that one of the form tests opens', () => {
	// Kept in step with the `covers` lists below; api.$ (JSON 404 for any method) is covered by the API test.
	const covered = new Set([...COVERS.forums, ...COVERS.moderation, ...COVERS.settings, ...COVERS.cases, ...COVERS.events, ...COVERS.accounts, 'api.$.ts'])
	expect(actionRouteFiles.filter((f) => !covered.has(f))).toEqual([])
})

const COVERS = {
	forums: ['forums.$forumSlug._index.tsx', 'forums.$forumSlug.new.tsx', 'threads.$threadId.tsx', 'posts.$postId.edit.tsx', 'logout.tsx'],
	moderation: ['moderation._index.tsx', 'admin.reports.tsx'],
	settings: ['profile.tsx', 'profile_.directory.tsx', 'profile_.two-factor.tsx', 'notifications.tsx', 'saved-searches.tsx', 'messages._index.tsx', 'messages.new.tsx', 'messages.$conversationId.tsx', 'guidance._index.tsx', 'events.$eventId._index.tsx'],
	cases: ['cases.new.tsx', 'cases.$caseId.edit.tsx', 'cases.$caseId._index.tsx'],
	events: ['events.new.tsx', 'events.$eventId.edit.tsx', 'events.$eventId.registrations._index.tsx', 'guidance.new.tsx', 'guidance.$docId.edit.tsx', 'guidance.review.tsx'],
	accounts: ['admin.invitations.tsx', 'admin.users.$userId.tsx', 'login.tsx', 'login_.two-factor.tsx', 'request-access.tsx', 'reset-password._index.tsx', 'reset-password.$token.tsx', 'invite.$token.tsx', 'unsubscribe.$token.tsx', 'locale.tsx'],
}

test('forums as a member: new thread, reply, flag, edit, delete, watch', async ({ browser }) => {
	const member = await person()
	const neighbour = await person()
	const { threadId, postIds } = seedThread(FORUM, `Hostile forum thread ${rand()}`, [
		[member, 'My opening post.'],
		[neighbour, 'A reply from a neighbour.'],
	])
	const client = await Client.open(browser, member)
	const page = await client.context.newPage()
	const forms = await discover(page, [{ path: `/forums/${FORUM}` }, { path: `/forums/${FORUM}/new` }, { path: `/threads/${threadId}` }, { path: `/posts/${postIds[0]}/edit` }])
	await fuzzAll(client, { covers: COVERS.forums, forms }, (form) => ({
		deep: /\/new$/.test(form.action) ? ['title'] : /^\/threads\//.test(form.action) ? ['body'] : [],
		fill: { title: () => `Hostile thread ${rand()}` },
	}))
	await client.context.close()
})

test('moderation as an admin: thread tools, flag queue, reported messages', async ({ browser }) => {
	const admin = await person('admin', [])
	const writer = await person()
	const flagger = await person()
	const marker = `Moderation fixture ${rand()}`
	const { threadId, postIds } = seedThread(FORUM, marker, [
		[writer, `${marker}: a post to moderate.`],
		[writer, `${marker}: another.`],
	])
	flagPost(postIds[0], flagger, `${marker} looks like an advert`)
	// A reported message: written and reported through the forms, as members do.
	const w = await Client.open(browser, writer)
	const started = multipart([
		['to', `@${flagger.handle}`],
		['subject', marker],
		['body', `${marker}: a message to report.`],
	])
	const created = await w.send('POST', '/messages/new', { body: started.body, type: started.type })
	const conversationPath = created.headers()['location']?.split('#')[0] ?? ''
	expect(conversationPath, 'the conversation was created').toMatch(/^\/messages\/\d+$/)
	const messageId = (database().prepare('select id from messages where conversation_id = ? order by id desc').get(Number(conversationPath.split('/').pop())) as { id: number }).id
	const f = await Client.open(browser, flagger)
	const reported = await f.send('POST', conversationPath, { body: urlencoded([['intent', 'report'], ['messageId', String(messageId)], ['reason', `${marker} is abusive`]]), type: 'application/x-www-form-urlencoded' })
	expect(reported.status(), 'the message was reported').toBe(302)
	await w.context.close()
	await f.context.close()

	const client = await Client.open(browser, admin)
	const page = await client.context.newPage()
	const forms = await discover(page, [{ path: `/threads/${threadId}` }, { path: '/moderation', mine: [marker] }, { path: '/admin/reports', mine: [marker] }])
	// The queues are shared with other tests: only the forms about our own post and message are used (`mine`).
	await fuzzAll(client, { covers: COVERS.moderation, forms }, () => ({ deep: ['reason'] }))
	await client.context.close()
})

test('a member’s own pages: profile, two-factor, directory, notifications, saved searches, messages, guidance, events', async ({ browser }) => {
	const member = await person()
	const correspondent = await person()
	const blocked = await person()
	database().prepare('insert into member_blocks (blocker_id, blocked_id, created_at) values (?, ?, ?)').run(member.id, blocked.id, nowSeconds())
	database().prepare(`insert into saved_searches (user_id, name, query, email, created_at) values (?, 'Pistols', 'q=pistol', 'none', ?)`).run(member.id, nowSeconds())
	const event = seedEvent({ regions: [FORUM], visibility: 'regions', registration: { mode: 'open', capacity: 50 } } as never)
	const client = await Client.open(browser, member)
	const started = multipart([
		['to', `@${correspondent.handle}`],
		['subject', `Hostile conversation ${rand()}`],
		['body', 'Hello.'],
	])
	const conversationPath = (await client.send('POST', '/messages/new', { body: started.body, type: started.type })).headers()['location']?.split('#')[0] ?? ''
	expect(conversationPath, 'the conversation was created').toMatch(/^\/messages\/\d+$/)
	const page = await client.context.newPage()
	const forms = await discover(page, [
		{ path: '/profile' },
		{ path: '/profile/directory' },
		{ path: '/profile/two-factor' },
		{ path: '/notifications' },
		{ path: '/saved-searches' },
		{ path: '/cases' },
		{ path: '/messages' },
		{ path: `/messages/new?to=${correspondent.handle}` },
		{ path: '/guidance' },
		{ path: `/events/${event.id}` },
		// Last: "leave" ends this member's part in it.
		{ path: conversationPath },
	])
	await fuzzAll(client, { covers: COVERS.settings, forms }, () => ({
		deep: ['name', 'bio'],
		fill: { currentPassword: member.password, to: `@${correspondent.handle}` },
	}))
	await client.context.close()
})

test('search boxes and filters on every page that has them (GET forms)', async ({ browser }) => {
	const client = await Client.open(browser, await person())
	const forms = await discover(await client.context.newPage(), [{ path: '/cases' }, { path: '/search?q=firearms' }, { path: '/people' }, { path: '/events' }, { path: '/recommendations' }, { path: '/guidance' }, { path: '/forums' }, { path: `/forums/${FORUM}` }])
	expect(forms.filter((f) => f.method === 'get').length, 'search and filter forms found').toBeGreaterThanOrEqual(8)
	// Full pages are slow to render; the JSON API test below takes the long lists for the same parameters.
	await fuzzAll(client, { covers: [], forms }, () => ({ deep: ['q'], width: 6 }), { getForms: 'only' })
	// The administration's filters (the header's search box was done above).
	const admin = await Client.open(browser, await person('admin', []))
	const adminForms = (await discover(await admin.context.newPage(), [{ path: '/admin/users' }, { path: '/admin/audit' }, { path: '/moderation/log' }])).filter((f) => f.action !== '/search')
	expect(adminForms.filter((f) => f.method === 'get').length, 'administration filter forms found').toBeGreaterThanOrEqual(2)
	await fuzzAll(admin, { covers: [], forms: adminForms }, () => ({ width: 6 }), { getForms: 'only' })
	await client.context.close()
	await admin.context.close()
})

test('staff editors: cases', async ({ browser }) => {
	const client = await Client.open(browser, await person('staff', []))
	const caseId = seedDraftCase()
	const forms = await discover(await client.context.newPage(), [{ path: `/cases/${caseId}/edit` }, { path: '/cases/new' }, { path: `/cases/${caseId}` }])
	const caseEditor = forms.find((f) => f.action === `/cases/${caseId}/edit`)
	await fuzzAll(client, { covers: COVERS.cases, forms }, (form): FuzzPlan => {
		// Some thirty fields behind one schema: the title gets the long list, the rest a few values each,
		// and "new" starts from the values of an existing case (a fresh id each time, as a draft).
		if (form.action === '/cases/new') return { base: caseEditor, fill: { id: () => `BRA${crypto.randomInt(100_000, 999_999)}`, status: 'draft' }, deep: ['title'], width: 5 }
		if (form === caseEditor) return { width: 2 }
		return {}
	})
	await client.context.close()
})

test('staff editors: events and guidance', async ({ browser }) => {
	const staff = await person('staff', [])
	const reviewer = await person('staff', [])
	const registrant = await person()
	const event = seedEvent({ regions: [FORUM], visibility: 'regions', registration: { mode: 'approval', capacity: 50 } } as never)
	seedRegistration(event.id, registrant, 'pending')
	const client = await Client.open(browser, staff)
	// A guidance draft of our own, written by another staff member and submitted, so the review forms appear.
	const docId = `hostile-${rand()}`
	const r = await Client.open(browser, reviewer)
	const draft = multipart([
		['id', docId],
		['language', 'en'],
		['title', `Hostile guidance ${docId}`],
		['summary', 'A draft for the hostile input suite.'],
		['body', 'Draft text.'],
		['themes', (database().prepare("select slug from taxonomy_terms where kind = 'themes' limit 1").get() as { slug: string }).slug],
	])
	expect((await r.send('POST', '/guidance/new', { body: draft.body, type: draft.type })).status(), 'the guidance draft was saved').toBe(302)
	expect((await r.send('POST', '/guidance/review', { body: urlencoded([['intent', 'submit'], ['id', docId]]), type: 'application/x-www-form-urlencoded' })).status()).toBe(302)
	await r.context.close()

	const forms = await discover(await client.context.newPage(), [
		{ path: `/events/${event.id}` },
		{ path: `/events/${event.id}/edit` },
		{ path: `/events/${event.id}/registrations` },
		{ path: '/events/new' },
		{ path: `/guidance/${docId}/edit` },
		{ path: '/guidance/new' },
		{ path: '/guidance/review', mine: [docId] },
	])
	const eventSource = forms.find((f) => f.action === '/events/new')!.fields.find((f) => f.name === 'source')!.value
	const ownEventSource = forms.find((f) => f.action === `/events/${event.id}/edit`)?.fields.find((f) => f.name === 'source')?.value ?? ''
	await fuzzAll(client, { covers: COVERS.events, forms }, (form): FuzzPlan => {
		if (form.action === '/events/new') return { custom: { source: yamlCorpus(eventSource, true) } }
		if (form.action.endsWith('/edit') && form.action.startsWith('/events/')) return { custom: { source: yamlCorpus(ownEventSource, false) } }
		if (form.action === '/guidance/new') return { fill: { id: () => `hostile-${rand()}`, themes: form.fields.find((f) => f.name === 'themes')?.value ?? '' }, deep: ['title'], width: 6 }
		if (form.action.startsWith('/guidance/')) return { width: 4 }
		return {}
	})
	await client.context.close()
})

/**
 * The event editor takes one field of YAML front matter; its "fields" are the keys inside.
 * Each key's value is replaced by hostile text (quoted as YAML), then YAML-specific trouble is
 * inserted, then the whole source is replaced. A new event gets a fresh id each time and is
 * invite-only, so nothing appears to other tests.
 */
function yamlCorpus(template: string, isNew: boolean): Array<{ name: string; value: string }> {
	const fresh = (source: string) =>
		isNew
			? source
					.replace(/^id: .*$/m, () => `id: hostile-${rand()}`)
					.replace(/^visibility: .*$/m, 'visibility: invite-only')
					.replace(/^(\s*(?:start|end|deadline): ")2027/gm, '$12031')
			: source
	const out: Array<{ name: string; value: string }> = []
	const keys = [...template.matchAll(/^(\s*(?:- )?)([a-z_]+): (.+)$/gm)].map((m) => m[2])
	const values = [...spread(QUICK, 5), FTS5[0]]
	for (const key of [...new Set(keys)])
		for (const h of isNew ? values : values.slice(0, 2))
			out.push({ name: `${key}: ${h.name}`, get value() {
				return fresh(template).replace(new RegExp(`^(\\s*(?:- )?${key}): .+$`, 'm'), (_m, lead: string) => `${lead}: ${JSON.stringify(h.value)}`)
			} })
	for (const y of YAML) out.push({ name: `yaml ${y.name}`, get value() {
		return fresh(template).replace(/^---\n/, `---\n${y.value}\n`)
	} })
	for (const h of isNew ? QUICK : spread(QUICK, 4)) out.push({ name: `whole source ${h.name}`, value: h.value })
	return out
}

test('accounts as an admin: invitations, approval, rejection, suspension', async ({ browser }) => {
	const pending = await createUser({ status: 'pending' })
	const active = await person()
	const client = await Client.open(browser, await person('admin', []))
	const forms = await discover(await client.context.newPage(), [{ path: '/admin/invitations' }, { path: `/admin/users/${pending.id}` }, { path: `/admin/users/${active.id}` }])
	await fuzzAll(client, { covers: COVERS.accounts.filter((f) => f.startsWith('admin')), forms }, (form): FuzzPlan => ({
		fill: form.action === '/admin/invitations' ? { email: () => uniqueEmail('invitee'), regions: FORUM } : {},
		deep: ['reason'],
	}))
	await client.context.close()
})

test('the public forms: login, second factor, request access, reset, invitation, unsubscribe', async ({ browser }) => {
	const active = await person()
	const admin = await Client.open(browser, await person('admin', []))
	// A real invitation and a real reset link, from the mails the portal sends.
	const invitee = uniqueEmail('invitee')
	expect((await admin.send('POST', '/admin/invitations', { body: urlencoded([['email', invitee], ['role', 'member'], ['regions', FORUM]]), type: 'application/x-www-form-urlencoded' })).status()).toBe(302)
	await admin.context.close()
	const invitePath = await linkMailedTo(invitee, '/invite/')
	const anonymous = await Client.open(browser, null)
	await anonymous.send('POST', '/reset-password?index', { body: urlencoded([['email', active.email]]), type: 'application/x-www-form-urlencoded' })
	const resetPath = await linkMailedTo(active.email, '/reset-password/')
	const unsubscribePath = `/unsubscribe/${await signedUnsubscribe(active)}`
	const forms = await discover(await anonymous.context.newPage(), [{ path: '/login' }, { path: '/request-access' }, { path: '/reset-password' }, { path: invitePath }, { path: resetPath }, { path: unsubscribePath }])
	// Fresh addresses everywhere, so the per-address login lockout never answers for the validation.
	await fuzzAll(anonymous, { covers: COVERS.accounts.filter((f) => !f.startsWith('admin') && f !== 'login_.two-factor.tsx'), forms }, (form) => ({
		fill: { email: () => uniqueEmail('nobody'), ...(form.action === '/request-access' ? { regions: FORUM } : {}) },
		deep: form.action === '/request-access' ? ['name'] : [],
	}))
	// Half logged in: a staff member between password and second factor.
	const halfway = await Client.open(browser, await person('staff', []), {}, halfLogin)
	const secondFactorForms = await discover(await halfway.context.newPage(), [{ path: '/login/two-factor' }])
	await fuzzAll(halfway, { covers: ['login_.two-factor.tsx'], forms: secondFactorForms }, () => ({ deep: ['code'] }))
	await anonymous.context.close()
	await halfway.context.close()
})

/** The path of the first link under `prefix` in the newest mail to `to`, waiting for the file to be written whole. */
async function linkMailedTo(to: string, prefix: string): Promise<string> {
	let found = ''
	await expect
		.poll(
			() => {
				const files = fs.existsSync(E2E.mailDir) ? fs.readdirSync(E2E.mailDir).filter((f) => f.endsWith(`${to}.json`)).sort() : []
				try {
					const text = (JSON.parse(fs.readFileSync(path.join(E2E.mailDir, files.at(-1)!), 'utf8')) as { text: string }).text
					found = new URL(new RegExp(`https?://\\S+${prefix}\\S+`).exec(text)![0]).pathname
				} catch {
					found = ''
				}
				return found
			},
			{ message: `a mail to ${to} with a ${prefix} link`, timeout: 15_000 },
		)
		.not.toBe('')
	return found
}

/** An unsubscribe link as the portal signs it (HMAC over purpose and payload with the signing key file). */
async function signedUnsubscribe(user: TestUser) {
	const keyFile = path.join(E2E.tmp, 'signing.key')
	// The server creates the key on first use; a GET of any unsubscribe link is such a use.
	if (!fs.existsSync(keyFile)) await fetch(abs('/unsubscribe/x.y'))
	const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex')
	const payload = Buffer.from(JSON.stringify({ u: user.id, s: { kind: 'forum-email' } })).toString('base64url')
	return `${payload}.${crypto.createHmac('sha256', key).update(`unsubscribe\n${payload}`).digest('base64url')}`
}

// ---------------------------------------------------------------- bodies that are not forms

test('a body that is not a well-formed form gets a 4xx from every action, never a 500', async ({ browser }) => {
	const admin = await person('admin', [FORUM])
	const writer = await person()
	const { threadId, postIds } = seedThread(FORUM, `Malformed bodies ${rand()}`, [[admin, 'A post.']])
	const event = seedEvent({ regions: [FORUM], visibility: 'regions' } as never)
	const client = await Client.open(browser, admin)
	const started = multipart([
		['to', `@${writer.handle}`],
		['subject', 'Malformed bodies'],
		['body', 'Hello.'],
	])
	const conversationId = (await client.send('POST', '/messages/new', { body: started.body, type: started.type })).headers()['location']?.match(/\/messages\/(\d+)/)?.[1]
	expect(conversationId, 'the conversation was created (so the session works)').toBeTruthy()
	const params: Record<string, string> = {
		forumSlug: FORUM,
		threadId: String(threadId),
		postId: String(postIds[0]),
		caseId: seedDraftCase(),
		eventId: event.id,
		docId: 'tracing-a-seized-firearm',
		conversationId: conversationId!,
		userId: writer.id,
		token: await signedUnsubscribe(writer),
	}
	const bodies: Array<{ name: string; type?: string; body: string | Buffer }> = [
		{ name: 'JSON', type: 'application/json', body: '{"intent":"x","name":"\\u0000"}' },
		{ name: 'text/plain', type: 'text/plain', body: 'intent=x' },
		{ name: 'multipart without a boundary', type: 'multipart/form-data', body: 'intent=x' },
		{ name: 'truncated multipart', type: 'multipart/form-data; boundary=b', body: '--b\r\nContent-Disposition: form-data; name="intent"\r\n\r\nx' },
		{ name: 'urlencoded with bad escapes and invalid UTF-8 bytes', type: 'application/x-www-form-urlencoded', body: Buffer.concat([Buffer.from('intent=%zz&%&name=%FF%FE%ED%A0%80&=&raw='), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0x00])]) },
		{ name: 'no content type', body: 'intent=x' },
		{ name: 'UTF-16 charset', type: 'application/x-www-form-urlencoded; charset=utf-16', body: Buffer.from('intent=x', 'utf16le') },
	]
	const t = tally()
	for (const file of actionRouteFiles) {
		const sample = routeFiles.find((r) => r.file === file)!
		const names = [...file.matchAll(/\$([A-Za-z]+)/g)].map((m) => m[1])
		let url = sample.path
		for (const name of names) url = url.replace('sample-id', params[name] ?? 'sample-id')
		if (url.includes('sample-id')) throw new Error(`No fixture for a parameter of ${file}; add it to params above`)
		if (file.endsWith('_index.tsx') && url !== '/') url += '?index'
		for (const b of bodies) await judge(await client.send('POST', url, { body: b.body, type: b.type }), `POST ${url} (${file}) with ${b.name}`, t, { api: file.startsWith('api.') })
		await client.alive(`malformed bodies to ${url}`)
	}
	console.log(`[hostile-input] malformed bodies: ${summary(t)}`)
	expectClear(t)
	// One line per route, naming the bodies it failed on.
	expect(grouped(t.failures, / with (.+)$/), 'actions that answered a malformed body with 5xx or internals').toEqual([])
	await client.context.close()
})

// ---------------------------------------------------------------- the JSON API and the search pages

interface ApiParams {
	path: string
	params: Record<string, Hostile[]>
}

test('every API parameter, and the search boxes, with search syntax, numbers out of range and naughty strings', async ({ browser }) => {
	const member = await person()
	const { threadId } = seedThread(FORUM, `API thread ${rand()}`, [[member, 'Post.']])
	const client = await Client.open(browser, member)
	const started = multipart([
		['to', `@${(await person()).handle}`],
		['subject', 'API conversation'],
		['body', 'Hello.'],
	])
	const conversationId = (await client.send('POST', '/messages/new', { body: started.body, type: started.type })).headers()['location']?.match(/\/messages\/(\d+)/)?.[1]
	expect(conversationId, 'the conversation was created').toBeTruthy()
	// Signed in, so the parameters reach the routes rather than the gate's 401.
	expect((await client.send('GET', '/api/search?q=firearms')).status()).toBe(200)
	const pageValues: Hostile[] = [...CHOICE, ...spread(NUMBERS, 5), { name: '99999999', value: '99999999' }, { name: 'spaces around', value: ' 2 ' }]
	const facet: Hostile[] = [...CHOICE, SQL[2], ...spread(BLNS, 2)]
	// The one search API gets BLNS (a third in npm test, all with HOSTILE_FULL=1); the case and people searches share its parser, so the search corpus.
	const everyQ = [...SEARCH, ...BLNS_WALK, ...spread(XSS, 20)]
	const apis: ApiParams[] = [
		{ path: '/api/cases', params: { q: [...SEARCH_SYNTAX, ...spread(SEARCH, 20)], region: facet, country: facet, crime_type: facet, article: facet, court_level: facet, outcome: facet, language: facet, legal_system: facet, year_from: pageValues, year_to: pageValues, sort: facet, page: pageValues, per_page: pageValues } },
		{ path: '/api/search', params: { q: everyQ, type: facet, page: pageValues } },
		{ path: '/api/people', params: { q: [...SEARCH_SYNTAX, ...spread(SEARCH, 20)], country: facet, region: facet, organisation_type: facet, language: facet, expertise: facet, page: pageValues } },
		{ path: '/api/events', params: { from: [...facet, { name: 'Feb 30', value: '2030-02-30' }, { name: 'year 0', value: '0000-01-01' }], to: [...facet, { name: 'year 99999', value: '99999-01-01' }], type: facet, region: facet } },
		{ path: `/api/forums/${FORUM}/threads`, params: { page: pageValues } },
		{ path: `/api/threads/${threadId}`, params: { page: pageValues } },
		{ path: `/api/conversations/${conversationId}`, params: { page: pageValues } },
		{ path: '/api/forums', params: { page: spread(pageValues, 3) } },
		{ path: '/api/conversations', params: { page: spread(pageValues, 3) } },
	]
	const asks: Array<{ url: string; label: string; api: boolean }> = []
	for (const api of apis) {
		for (const [name, values] of Object.entries(api.params)) {
			for (const h of values) asks.push({ url: `${api.path}?${enc(name)}=${enc(h.value)}`, label: `GET ${api.path} ${name} = ${h.name}`, api: true })
			// Shapes a parser may not expect: an array, an object, the parameter twice or bare, invalid UTF-8.
			for (const raw of [`${name}[]=1`, `${name}=1&${name}=2`, `${name}`, `${name}=${BAD_PERCENT[0].value}`]) asks.push({ url: `${api.path}?${raw}`, label: `GET ${api.path}?${raw}`, api: true })
		}
		asks.push({ url: `${api.path}?unknown_parameter=1&${'x'.repeat(5000)}=1`, label: `GET ${api.path} with unknown parameters`, api: true })
	}
	// The same syntax through the search pages (full pages are slower: the operators, not all of BLNS).
	for (const p of ['/cases?q=', '/search?q=', '/forums?q=', `/forums/${FORUM}?q=`, '/people?q=', '/admin/users?q=', '/cases/export?format=json&q=', '/cases/export?format=csv&q=']) {
		for (const h of [...SEARCH_SYNTAX, SQL[2], CONTROL[1], ...spread(BLNS, 2)]) asks.push({ url: `${p}${enc(h.value)}`, label: `GET ${p}${h.name}`, api: false })
		for (const b of spread(BAD_PERCENT, 2)) asks.push({ url: `${p}${b.value}`, label: `GET ${p}${b.value}`, api: false })
	}
	// Other query parameters the pages read (from their loaders).
	const pageParams = [`/threads/${threadId}?page=`, `/threads/${threadId}?quote=`, `/messages/${conversationId}?page=`, '/moderation/log?page=', '/moderation/log?forum=', '/guidance/tracing-a-seized-firearm?version=', '/messages/new?to=', `/forums/${FORUM}/new?case=`, `/forums/discuss?forum=${FORUM}&case=`, '/guidance/new?translation_of=', '/events?month=', '/events?type=', '/guidance?theme=', '/recommendations?meeting=', '/login?redirectTo=']
	for (const p of pageParams) for (const h of [...CHOICE, ...spread(NUMBERS, 2)]) asks.push({ url: `${p}${enc(h.value)}`, label: `GET ${p}${h.name}`, api: false })
	const t = tally()
	// Reads only: a few at once.
	await inParallel(asks, 4, async (a) => judge(await client.send('GET', a.url), a.label, t, { api: a.api }))
	await client.alive('the API')
	console.log(`[hostile-input] API and search parameters: ${summary(t)}`)
	expectClear(t)
	expect(t.failures, 'parameters answered with 5xx, internals or non-JSON errors').toEqual([])
	await client.context.close()
})

test('path parameters of every route: traversal, bad escapes, huge and odd ids', async ({ browser }) => {
	const client = await Client.open(browser, await person('admin', [FORUM]))
	expect((await client.send('GET', '/api/forums')).status(), 'signed in').toBe(200)
	const values = ['..%2f..%2fetc%2fpasswd', '%00', '%FF%FE', '%E0%A4%A', '-1', 'constructor', encodeURIComponent(`' OR 1=1 -- <script>alert(1)</script>"NEAR(`), 'x'.repeat(4000)]
	const t = tally()
	for (const r of routeFiles.filter((r) => r.path.includes('sample-id') || r.path.includes('anything/here'))) {
		const withAction = actionRouteFiles.includes(r.file)
		await inParallel(values, 3, async (value) => {
			const url = r.path.replace('sample-id', value).replace('anything/here', value)
			// Judged as the API only if the URL still names it once normalised.
			const api = new URL(abs(url)).pathname.startsWith('/api/')
			const shown = value.length > 40 ? `${value.slice(0, 12)}… (${value.length} characters)` : value
			await judge(await client.send('GET', url), `${r.file} GET ${shown}`, t, { api })
			// Writes with a bad id: every third value is enough to reach each action's id check.
			if (withAction && values.indexOf(value) % 3 === 0) await judge(await client.send('POST', url, { body: 'intent=x', type: 'application/x-www-form-urlencoded' }), `${r.file} POST ${shown}`, t)
		})
		// Remix's data requests, with a hostile list of routes to load.
		if (!r.file.startsWith('api.') && r.file.endsWith('.tsx')) {
			const url = r.path.replace('anything/here', 'anything')
			await judge(await client.send('GET', `${url}.data?_routes=${encodeURIComponent('../../etc/passwd,%00,routes/nothing')}`), `${r.file} GET .data with odd _routes`, t)
		}
	}
	await client.alive('path parameters')
	console.log(`[hostile-input] path parameters: ${summary(t)}`)
	expectClear(t)
	// One line per route file, naming the values it failed on.
	expect(grouped(t.failures, / ((?:GET|POST) .+)$/), 'path parameters answered with 5xx or internals').toEqual([])
	await client.context.close()
})

// ---------------------------------------------------------------- bytes below HTTP's text

/** One raw HTTP/1.1 exchange; the status line of the answer, or how the connection ended. */
function rawRequest(head: Buffer | string, body: Buffer = Buffer.alloc(0)): Promise<string> {
	return new Promise((resolve) => {
		const socket = net.connect(E2E.port, 'localhost')
		let answer = ''
		socket.setTimeout(15_000, () => {
			socket.destroy()
			resolve('timeout')
		})
		socket.on('data', (d) => {
			answer += d.toString('latin1')
			if (answer.includes('\r\n')) socket.destroy()
		})
		socket.on('error', (e) => resolve(answer.split('\r\n')[0] || `error ${e.message}`))
		socket.on('close', () => resolve(answer.split('\r\n')[0] || 'closed without an answer'))
		socket.on('connect', () => socket.write(Buffer.concat([Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1'), body])))
	})
}

test('a Host header that a URL parser could read as a path is refused before the gate and Remix can disagree on the route', async ({ browser }) => {
	const client = await Client.open(browser, await person())
	const cookie = (await client.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
	const get = (target: string, host: string, extra = '') => rawRequest(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`)
	// Remix's adapter joins protocol, host and target as text: `localhost\\api\\forums#` + `/login` routed to /api/forums
	// while the gate checked /login (a half-signed-in session reached the API, a token reached pages).
	for (const host of ['localhost\\api\\forums#', 'localhost/api/forums#', `localhost:${E2E.port}\\messages#`, 'localhost#', 'local host', 'localhost?x', 'localhost:99999', 'localhost:0'])
		expect(await get('/login', host, `Cookie: ${cookie}\r\n`), host).toMatch(/^HTTP\/1\.1 400 /)
	// Well-formed hosts still work.
	for (const host of [`localhost:${E2E.port}`, `127.0.0.1:${E2E.port}`, `[::1]:${E2E.port}`, 'localhost', 'Portal.Example.org.'])
		expect(await get('/healthz', host), host).toMatch(/^HTTP\/1\.1 200 /)
	// An HTTP/1.0 health check sends no Host at all.
	expect(await rawRequest('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /)
	// The test server trusts its loopback proxy: X-Forwarded-Host is checked as Host is (a port of 99999 made `new URL` throw: a 500 and a logged stack).
	for (const forwarded of ['a:99999', 'localhost\\api\\forums#', 'portal.example.org, evil\\x#'])
		expect(await get('/healthz', `localhost:${E2E.port}`, `X-Forwarded-Host: ${forwarded}\r\n`), forwarded).toMatch(/^HTTP\/1\.1 400 /)
	expect(await get('/healthz', `localhost:${E2E.port}`, 'X-Forwarded-Host: portal.example.org\r\n')).toMatch(/^HTTP\/1\.1 200 /)
	await client.context.close()
})

test('invalid UTF-8 and control bytes in request targets, headers, form bodies and JSON bodies', async ({ browser }) => {
	const member = await person()
	const client = await Client.open(browser, member)
	expect((await client.send('GET', '/api/forums')).status(), 'signed in').toBe(200)
	const cookie = (await client.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
	const t = tally()

	// Below the HTTP library: what Node's parser or the gate must refuse (or answer) without falling over.
	const host = `Host: localhost:${E2E.port}\r\n`
	const targets: Array<[string, Buffer | string]> = [
		['0xFF in the path', Buffer.concat([Buffer.from('GET /search?q='), Buffer.from([0xff, 0xfe]), Buffer.from(` HTTP/1.1\r\n${host}Cookie: ${cookie}\r\nConnection: close\r\n\r\n`)])],
		['NUL in the path', `GET /cases/\u0000 HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['space in the path', `GET /cases/a b HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['absolute-form to another host', `GET http://evil.example/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['asterisk-form', `GET * HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['backslashes', `GET \\\\evil.example\\x HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['100 KB target', `GET /search?q=${'a'.repeat(100_000)} HTTP/1.1\r\n${host}Connection: close\r\n\r\n`],
		['invalid UTF-8 in Cookie', Buffer.concat([Buffer.from(`GET /forums HTTP/1.1\r\n${host}Cookie: portal_session=`), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from('\r\nConnection: close\r\n\r\n')])],
		['invalid UTF-8 in Origin', Buffer.concat([Buffer.from(`POST /saved-searches HTTP/1.1\r\n${host}Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\nOrigin: http://`), Buffer.from([0xff, 0xfe]), Buffer.from('\r\nConnection: close\r\n\r\nintent=create&')])],
		['Content-Length lies (longer)', `POST /saved-searches HTTP/1.1\r\n${host}Cookie: ${cookie}\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\nConnection: close\r\n\r\nintent=create&name=x`],
		['negative Content-Length', `POST /saved-searches HTTP/1.1\r\n${host}Cookie: ${cookie}\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: -1\r\nConnection: close\r\n\r\nintent=create`],
		['chunked without a length', `POST /saved-searches HTTP/1.1\r\n${host}Cookie: ${cookie}\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nname=\r\n0\r\n\r\n`],
		['header folding and CR', `GET /forums HTTP/1.1\r\n${host}X-Test: a\r\n b\rc\r\nConnection: close\r\n\r\n`],
	]
	for (const [name, head] of targets) {
		const line = await rawRequest(head)
		const status = Number(line.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0)
		t.requests++
		// Node may also just close the connection on garbage; that is a refusal too. A 5xx is not.
		if (status >= 500) t.failures.push(`${line} ← raw request: ${name}`)
	}
	await client.alive('raw requests')

	// Form bodies with percent-escapes that decode to invalid UTF-8, and the same bytes unescaped.
	const forms: Array<{ url: string; entries: Entries; field: string; multipart?: boolean }> = [
		{ url: '/saved-searches', entries: [['intent', 'create'], ['query', 'q=x'], ['email', 'none']], field: 'name' },
		{ url: '/profile', entries: [['intent', 'profile'], ['organisation', 'Agency'], ['country', 'BRA'], ['jobTitle', 'Investigator'], ['preferredLanguage', 'en'], ['timezone', 'Europe/Vienna']], field: 'name' },
		{ url: '/messages/new', entries: [['to', `@${(await person()).handle}`], ['subject', 'Bytes']], field: 'body', multipart: true },
		{ url: `/forums/${FORUM}/new`, entries: [['title', 'Bytes in a thread'], ['intent', 'preview']], field: 'body', multipart: true },
		{ url: '/login', entries: [['password', 'x'.repeat(12)]], field: 'email' },
	]
	for (const f of forms) {
		for (const b of BAD_PERCENT) {
			if (f.multipart) continue
			const body = `${urlencoded(f.entries)}&${f.field}=${b.value}`
			await judge(await client.send('POST', f.url, { body, type: 'application/x-www-form-urlencoded', headers: { 'X-Forwarded-For': uniqueIp() } }), `POST ${f.url} ${f.field} = ${b.name} (escaped)`, t)
		}
		for (const b of BAD_BYTES) {
			if (f.multipart) {
				// The bytes go inside a part, where no escaping applies.
				const { body, type } = multipart([...f.entries, [f.field, b.bytes]])
				await judge(await client.send('POST', f.url, { body, type }), `POST ${f.url} ${f.field} = ${b.name} (raw, multipart)`, t)
			} else {
				const body = Buffer.concat([Buffer.from(`${urlencoded(f.entries)}&${f.field}=`), b.bytes])
				await judge(await client.send('POST', f.url, { body, type: 'application/x-www-form-urlencoded', headers: { 'X-Forwarded-For': uniqueIp() } }), `POST ${f.url} ${f.field} = ${b.name} (raw)`, t)
			}
		}
	}
	// Query strings of the API and search pages.
	for (const p of ['/api/search?q=', '/api/cases?q=', '/api/people?q=', '/api/events?type=', '/search?q=', '/cases?q=', '/people?q=']) {
		for (const b of BAD_PERCENT) await judge(await client.send('GET', `${p}${b.value}`), `GET ${p}${b.name}`, t, { api: p.startsWith('/api/') })
	}
	// JSON bodies to the API (which is read-only: any method but GET is a JSON 4xx), with and without a session.
	const anonymous = await Client.open(browser, null)
	for (const api of ['/api/cases', '/api/search', '/api/people', `/api/forums/${FORUM}/threads`, '/api/nothing/here']) {
		for (const b of [...BAD_BYTES.map((x) => ({ name: x.name, body: Buffer.concat([Buffer.from('{"q":"'), x.bytes, Buffer.from('"}')]) })), { name: 'lone surrogate escape', body: Buffer.from('{"q":"\\ud800"}') }, { name: 'not JSON', body: Buffer.from('{"q":') }, { name: 'deep JSON', body: Buffer.from('['.repeat(100_000)) }]) {
			// The API is read-only: a POST may be a 405 page rather than JSON, but never a 5xx.
			await judge(await client.send('POST', api, { body: b.body, type: 'application/json' }), `POST ${api} JSON ${b.name}`, t)
			await judge(await anonymous.send('POST', api, { body: b.body, type: 'application/json', headers: { Authorization: 'Bearer pp_\u00ff' } }), `POST ${api} JSON ${b.name} with a bad token`, t)
		}
		await judge(await anonymous.send('GET', api, { headers: { Authorization: `Bearer pp_${'x'.repeat(10_000)}` } }), `GET ${api} with a 10 KB token`, t, { api: true })
	}
	await client.alive('bytes')
	console.log(`[hostile-input] bytes: ${summary(t)}`)
	expectClear(t)
	expect(t.failures, 'bytes answered with 5xx or internals').toEqual([])
	await client.context.close()
	await anonymous.context.close()
})

// ---------------------------------------------------------------- file names

test('uploaded file names cannot traverse, inject headers or run script: stored cleaned, served safely', async ({ browser }) => {
	const member = await person()
	const { threadId } = seedThread(FORUM, `Uploads ${rand()}`, [[member, 'Files follow.']])
	const client = await Client.open(browser, member, { bypassCSP: true })
	const attachments = path.join(E2E.tmp, 'attachments')
	const before = new Set(listFiles(E2E.tmp))
	const t = tally()
	// One file a reply, named as a browser writes it (quotes and line breaks percent-encoded), so one refusal hides no other name.
	for (const name of FILE_NAMES) {
		const { body, type } = multipart([['body', `Reply with a file named ${name.name}`]], [{ field: 'attachments', filename: name.value, type: 'application/pdf', bytes: PDF }])
		await judge(await client.send('POST', `/threads/${threadId}`, { body, type }), `reply with a PDF named ${name.name}`, t)
	}
	// The same names raw, as a client that does not escape writes them (a quote or CRLF breaks the part's header).
	for (const raw of FILE_NAMES.filter((f) => /["\r\n]/.test(f.value))) {
		const { body, type } = multipart([['body', `Raw name ${raw.name}`]], [{ field: 'attachments', filename: raw.value, type: 'application/pdf', bytes: PDF }], { rawNames: true })
		await judge(await client.send('POST', `/threads/${threadId}`, { body, type }), `reply with a PDF named ${raw.name}, unescaped`, t)
	}
	// A message attachment too (names are encrypted there, and decrypted for the download).
	const started = multipart([['to', `@${(await person()).handle}`], ['subject', 'Files'], ['body', 'Names follow.']], FILE_NAMES.slice(0, 5).map((b) => ({ field: 'attachments', filename: b.value, type: 'application/pdf', bytes: PDF })))
	const created = await client.send('POST', '/messages/new', { body: started.body, type: started.type })
	await judge(created, 'new conversation with hostile file names', t)
	// Soft, so the checks on what was stored and served still run.
	expect.soft(t.failures, 'uploads answered with 5xx or internals').toEqual([])

	// Stored: no separators, controls or over-long names; every file inside ATTACHMENT_DIR and nothing new anywhere else.
	const rows = database().prepare(`select a.id, a.filename from attachments a join posts p on p.id = a.parent_id where a.parent_type = 'post' and p.thread_id = ?`).all(threadId) as Array<{ id: string; filename: string }>
	expect(rows.length, 'files were accepted (a PDF is a PDF whatever its name)').toBeGreaterThanOrEqual(FILE_NAMES.length / 2)
	for (const row of rows) {
		expect(row.filename, `stored name ${JSON.stringify(row.filename)}`).not.toMatch(/[/\\\u0000-\u001f\u007f]/)
		expect(row.filename.length).toBeLessThanOrEqual(150)
		expect(row.filename.trim()).not.toBe('')
	}
	// The portal's signing key is made on first use, which may be this test when it runs alone.
	const after = listFiles(E2E.tmp).filter((f) => !before.has(f))
	const stray = after.filter((f) => !f.startsWith(attachments + path.sep) && !f.startsWith(E2E.mailDir + path.sep) && !/portal\.db(-wal|-shm|-journal)?$/.test(f) && path.basename(f) !== 'signing.key')
	expect(stray, 'files written outside ATTACHMENT_DIR').toEqual([])
	for (const f of after.filter((f) => f.startsWith(attachments + path.sep))) expect(path.relative(attachments, f), 'stored under ATTACHMENT_DIR/xx/<id>').toMatch(/^[a-z2-7]{2}\/[a-z2-7]{10,40}$/)
	for (const probe of ['/tmp/absolute-escape.pdf', path.resolve(attachments, '../../../../tmp/escaped.pdf'), path.join(E2E.tmp, 'escaped.pdf')]) expect(fs.existsSync(probe), probe).toBe(false)

	// Served: an attachment, never a page; one header line; ASCII fallback without quotes; the UTF-8 name round-trips.
	for (const row of rows) {
		const res = await client.send('GET', `/attachments/${row.id}`)
		expect(res.status()).toBe(200)
		const h = res.headers()
		expect(h['content-type']).toBe('application/pdf')
		expect(h['x-content-type-options']).toBe('nosniff')
		const disposition = h['content-disposition'] ?? ''
		expect(disposition, row.filename).toMatch(/^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%\-_.!~*'()]*$/)
		// The last filename*: a stored name may itself contain the text "filename*=UTF-8''" (inside the quoted fallback).
		expect(decodeURIComponent(disposition.slice(disposition.lastIndexOf("filename*=UTF-8''") + "filename*=UTF-8''".length))).toBe(row.filename)
		expect(h['content-security-policy']).toContain('sandbox')
	}
	// Shown: the names are text on the thread page, in a browser that would run anything injected.
	const page = await client.context.newPage()
	const seen = await watch(page)
	await page.goto(abs(`/threads/${threadId}`))
	await expect(page.locator('.attachments a')).toHaveCount(rows.length)
	expect((await page.locator('.attachments a').allTextContents()).sort(), 'each name shown as its text').toEqual(rows.map((r) => r.filename).sort())
	await expect(page.locator('.attachments a *'), 'no markup inside the links').toHaveCount(0)
	await settle(page)
	expect(seen.report()).toEqual(NOTHING_RAN)
	await client.context.close()
})

function listFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return []
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

// ---------------------------------------------------------------- stored, then shown

declare global {
	interface Window {
		__pwned?: unknown
	}
}

const NOTHING_RAN = { dialogs: [], foreign: [], loads: [], errors: [], pwned: [] }

/**
 * What injected markup would do: dialogs, requests to another origin (aborted, never sent), loads
 * of images, scripts or frames from our own origin that the app's own pages never make (an injected
 * <img src=x> asks for /x), page errors and console errors. The app's own assets (/build/, the catalogue script /i18n/<locale>.js) and
 * attachments are expected; a missing asset (a rebuild during the run) is not injected code.
 */
async function watch(page: Page) {
	const seen = { dialogs: [] as string[], foreign: [] as string[], loads: [] as string[], errors: [] as string[], pwned: [] as string[] }
	const own = (url: string) => /^\/(build\/|attachments\/|favicon|i18n\/[a-z]{2}\.js$)/.test(new URL(url).pathname)
	page.on('dialog', (d) => {
		seen.dialogs.push(`${d.type()}: ${d.message()}`)
		void d.dismiss().catch(() => {})
	})
	page.on('request', (r) => {
		const url = r.url()
		if (url.startsWith('data:') || url.startsWith('blob:')) return
		if (new URL(url).origin !== ORIGIN) seen.foreign.push(url)
		else if (!r.isNavigationRequest() && ['image', 'media', 'script', 'stylesheet', 'font', 'object', 'texttrack', 'other'].includes(r.resourceType()) && !own(url)) seen.loads.push(`${r.resourceType()} ${url}`)
	})
	page.on('pageerror', (e) => seen.errors.push(`page error: ${e.message}`))
	page.on('console', (m) => {
		const at = m.location().url
		// An asset of ours that failed (a rebuild during the run) says nothing about injection; an injected
		// script or stylesheet would be a load outside /build/, caught above.
		const asset = (at && new URL(at).origin === ORIGIN && own(at)) || m.text().includes(`${ORIGIN}/build/`) || /^Failed to load module script|^Refused to apply style/.test(m.text())
		if (m.type() === 'error' && !asset) seen.errors.push(`console: ${m.text()}${at ? ` (${at})` : ''}`)
	})
	await page.route(
		(url) => url.origin !== ORIGIN,
		(route) => route.abort('blockedbyclient'),
	)
	return {
		report: () => ({ ...seen }),
		async checkPwned() {
			const v = await page.evaluate(() => window.__pwned)
			if (v !== undefined) seen.pwned.push(`${page.url()}: window.__pwned = ${String(v)}`)
		},
	}
}

/** Hovers and clicks around, and waits for anything asynchronous an injected handler would do. */
async function settle(page: Page) {
	await page.evaluate(() => {
		for (const el of document.querySelectorAll<HTMLElement>('main *')) for (const type of ['mouseover', 'focus', 'click', 'error', 'load', 'animationstart']) el.dispatchEvent(new Event(type, { bubbles: false, cancelable: true }))
	})
	await page.waitForTimeout(300)
}

// One value per field that is stored and shown again: text with markup in it, and a marker to find it by.
const payload = (marker: string) => `${marker} <img src=x onerror=alert('${marker}')><script>window.__pwned=1</script>"'><svg/onload=alert(1)> {{7*7}} & &amp; </textarea></title>`

test.describe('stored hostile text is shown as text', () => {
	// As in hostile-markdown.spec.ts: without the CSP, so escaping is tested on its own.
	test.use({ bypassCSP: true })

	test('thread title and post, tags, profile name and bio, message subject and body, event title, flag reason, access request', async ({ browser }) => {
		const author = await person()
		const reader = await person()
		const admin = await person('admin', [])
		const staff = await person('staff', [])
		const a = await Client.open(browser, author, { bypassCSP: true })
		const stored: Array<{ what: string; value: string; pages: Array<{ client: Client; path: string }> }> = []
		const form = (entries: Entries) => ({ body: urlencoded(entries), type: 'application/x-www-form-urlencoded' })

		// A thread: title, body and tags.
		const title = payload(`T${rand()}`)
		const thread = multipart([['title', title], ['body', payload(`B${rand()}`)], ['tags', 'hostile, markup'], ['intent', 'post']])
		expect((await a.send('POST', `/forums/${FORUM}/new`, { body: thread.body, type: thread.type })).status(), 'thread posted').toBe(302)
		const threadRow = database().prepare('select id, title from threads where author_id = ? order by id desc').get(author.id) as { id: number; title: string }
		expect(threadRow.title, 'thread title stored as typed').toBe(title)
		const body = (database().prepare('select body from posts where thread_id = ?').get(threadRow.id) as { body: string }).body
		stored.push({ what: 'thread title', value: title, pages: [{ client: a, path: `/threads/${threadRow.id}` }, { client: a, path: `/forums/${FORUM}` }] })

		// Profile name and directory bio, listed for everyone.
		const name = payload(`N${rand()}`).slice(0, 120)
		const profile = await a.send('POST', '/profile', form([['intent', 'profile'], ['name', name], ['organisation', 'Agency'], ['country', 'BRA'], ['jobTitle', 'Investigator'], ['preferredLanguage', 'en'], ['timezone', 'Europe/Vienna']]))
		const bio = payload(`I${rand()}`)
		const visibility = ['country', 'regions', 'organisation_type', 'organisation', 'job_title', 'languages', 'expertise', 'bio'].map((k) => [`visibility.${k}`, 'everyone'] as [string, string])
		const directory = await a.send('POST', '/profile/directory', form([['listed', 'on'], ['bio', bio], ...visibility]))
		expect([profile.status(), directory.status()], 'profile and directory saved').toEqual([302, 302])
		const user = database().prepare('select name, handle from users where id = ?').get(author.id) as { name: string; handle: string }
		expect(user.name).toBe(name)
		const r = await Client.open(browser, reader, { bypassCSP: true })
		stored.push({ what: 'profile name', value: name, pages: [{ client: r, path: `/people/${user.handle}` }, { client: r, path: `/threads/${threadRow.id}` }, { client: a, path: '/profile' }] })
		stored.push({ what: 'directory bio', value: bio, pages: [{ client: r, path: `/people/${user.handle}` }] })

		// A message: subject and body, read by the other participant.
		const subject = payload(`S${rand()}`).slice(0, 200)
		const message = multipart([['to', `@${reader.handle}`], ['subject', subject], ['body', `Plain words ${rand()}`]])
		const conversation = (await a.send('POST', '/messages/new', { body: message.body, type: message.type })).headers()['location']?.split('#')[0] ?? ''
		expect(conversation).toMatch(/^\/messages\/\d+$/)
		const api = (await (await r.send('GET', `/api${conversation.replace('/messages/', '/conversations/')}`)).json()) as { subject: string }
		expect(api.subject, 'subject stored (encrypted) and returned as typed').toBe(subject)
		stored.push({ what: 'message subject', value: subject, pages: [{ client: r, path: conversation }, { client: r, path: '/messages' }] })

		// A saved search name.
		const searchName = payload(`Q${rand()}`).slice(0, 120)
		expect((await a.send('POST', '/saved-searches', form([['intent', 'create'], ['name', searchName], ['query', 'q=pistol'], ['email', 'none']]))).status()).toBe(302)
		stored.push({ what: 'saved search name', value: searchName, pages: [{ client: a, path: '/saved-searches' }] })

		// A flag reason, shown to the moderators.
		const reason = payload(`F${rand()}`).slice(0, 400)
		const postId = (database().prepare('select id from posts where thread_id = ?').get(threadRow.id) as { id: number }).id
		expect((await r.send('POST', `/threads/${threadRow.id}`, form([['intent', 'flag'], ['postId', String(postId)], ['reason', reason]]))).status()).toBe(302)
		const ad = await Client.open(browser, admin, { bypassCSP: true })
		stored.push({ what: 'flag reason', value: reason, pages: [{ client: ad, path: '/moderation' }] })

		// An access request, reviewed by an admin.
		const anonymous = await Client.open(browser, null, { bypassCSP: true })
		const applicantName = payload(`R${rand()}`).slice(0, 120)
		const applicantEmail = uniqueEmail('applicant')
		const request = await anonymous.send('POST', '/request-access', form([['name', applicantName], ['email', applicantEmail], ['organisation', 'Agency'], ['country', 'BRA'], ['jobTitle', 'Investigator'], ['regions', FORUM], ['reason', payload(`W${rand()}`)]]))
		expect(request.status(), 'access requested').toBeLessThan(400)
		const applicant = database().prepare('select id, name from users where email = ?').get(applicantEmail) as { id: string; name: string }
		expect(applicant.name).toBe(applicantName)
		stored.push({ what: 'applicant name', value: applicantName, pages: [{ client: ad, path: `/admin/users/${applicant.id}` }, { client: ad, path: '/admin/users' }] })

		// An event title, from the staff editor, invite-only with the reader invited.
		const s = await Client.open(browser, staff, { bypassCSP: true })
		const eventTitle = payload(`E${rand()}`)
		const eventId = `hostile-${rand()}`
		const source = `---\nid: ${eventId}\ntitle: ${JSON.stringify(eventTitle)}\ntype: workshop\ntimezone: Europe/Vienna\nstart: "2031-05-14T09:00"\nend: "2031-05-14T17:00"\nlocation:\n  venue: Hall\n  city: Vienna\n  country: AUT\norganizer: Tests\nregions: [${FORUM}]\nvisibility: invite-only\ninvitees: [${reader.email}]\nstatus: planned\n---\n\n${payload(`D${rand()}`)}\n`
		const saved = await s.send('POST', '/events/new', form([['source', source]]))
		expect(saved.status(), `event saved: ${saved.status() === 400 ? (await saved.text()).slice(0, 200) : ''}`).toBe(302)
		stored.push({ what: 'event title', value: eventTitle, pages: [{ client: r, path: `/events/${eventId}` }, { client: s, path: '/events' }] })

		// Every page that shows them, in a browser that would run anything that got through.
		for (const item of stored) {
			for (const where of item.pages) {
				const page = await where.client.context.newPage()
				const seen = await watch(page)
				expect((await page.goto(abs(where.path)))?.status(), `${item.what} on ${where.path}`).toBe(200)
				await expect(page.locator('body'), `${item.what} shown as text on ${where.path}`).toContainText(item.value.replace(/\s+/g, ' ').trim())
				await settle(page)
				await seen.checkPwned()
				expect(seen.report(), `${item.what} on ${where.path}`).toEqual(NOTHING_RAN)
				await page.close()
			}
		}
		// The post body is Markdown: stored as typed (hostile-markdown.spec.ts proves its rendering inert).
		expect(body).toContain('<img src=x onerror=')
		for (const c of [a, r, ad, s, anonymous]) await c.context.close()
	})

	test('the Big List of Naughty Strings as saved-search names: refused with a message, or stored as given and listed as text', async ({ browser }) => {
		const t = tally()
		const accepted: Array<{ name: string; value: string; owner: number }> = []
		// At most 50 saved searches an account; a new account for every 50.
		const owners: Client[] = []
		for (let i = 0; i < BLNS_WALK.length; i += 50) owners.push(await Client.open(browser, await person(), { bypassCSP: true }))
		await inParallel([...BLNS_WALK.keys()], 2, async (i) => {
			const h = BLNS_WALK[i]
			const owner = Math.floor(i / 50)
			const res = await owners[owner].send('POST', '/saved-searches', { body: urlencoded([['intent', 'create'], ['name', h.value], ['query', 'q=pistol'], ['email', 'none']]), type: 'application/x-www-form-urlencoded' })
			await judge(res, `saved search named ${h.name}`, t)
			if (res.status() === 302) accepted.push({ ...h, owner })
			else if (res.status() < 500) {
				expect([400, 413], `${h.name} refused with a 4xx`).toContain(res.status())
				if (res.status() === 400) expect(await res.text(), `${h.name} refused with a message`).toMatch(/role="alert">[^<]+/)
			}
		})
		expect(t.failures).toEqual([])
		// Stored as given, on one line (the name goes into email subjects: line breaks and tabs become a space, the ends are trimmed).
		const asStored = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim()
		for (const [o, owner] of owners.entries()) {
			const names = (database().prepare('select name from saved_searches where user_id = ?').all(owner.user!.id) as Array<{ name: string }>).map((r) => r.name)
			for (const h of accepted.filter((x) => x.owner === o)) expect(names, `${h.name} stored`).toContain(asStored(h.value))
			// Listed as text: each name is in the page's text, and nothing ran.
			const page = await owner.context.newPage()
			const seen = await watch(page)
			await page.goto(abs('/saved-searches'))
			const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ')
			for (const h of accepted.filter((x) => x.owner === o)) expect(text, `${h.name} listed as text`).toContain(asStored(h.value).replace(/\s+/g, ' '))
			await settle(page)
			await seen.checkPwned()
			expect(seen.report(), `saved searches of owner ${o}`).toEqual(NOTHING_RAN)
			await owner.context.close()
		}
		console.log(`[hostile-input] BLNS saved searches: ${accepted.length} stored, ${BLNS_WALK.length - accepted.length} refused; ${summary(t)}`)
		expectClear(t)
	})
})

test.describe('refused hostile text comes back as text', () => {
	test.use({ bypassCSP: true })

	// A refused form is answered with the page and the text the reader typed, so they can fix it: the value
	// is reflected into the HTML. Each answer is opened in Chromium, at its own address, as a browser without
	// JavaScript would have received it (the scripts in it still run, hydrate and would run anything injected).
	test('a refused form echoes the hostile value inside the form, inert', async ({ browser }) => {
		const member = await person()
		const client = await Client.open(browser, member, { bypassCSP: true })
		const anonymous = await Client.open(browser, null, { bypassCSP: true })
		const form = (entries: Entries) => ({ body: urlencoded(entries), type: 'application/x-www-form-urlencoded' })
		const cases: Array<{ who: Client; path: string; send: (value: string) => SendOptions; echo?: false }> = [
			// Each is refused for another field (empty or missing), so the hostile value is echoed, not stored.
			{ who: client, path: `/forums/${FORUM}/new`, send: (x) => multipart([['title', x], ['body', ''], ['tags', x], ['intent', 'post']]) },
			{ who: client, path: '/messages/new', send: (x) => multipart([['to', '@nobody.here'], ['subject', x], ['body', x]]) },
			{ who: client, path: '/profile', send: (x) => form([['intent', 'profile'], ['name', x], ['organisation', ''], ['country', 'BRA'], ['jobTitle', x]]) },
			{ who: client, path: '/profile/directory', send: (x) => form([['listed', 'on'], ['bio', x], ['organisation_type', x]]) },
			// Its form lives on /cases; the answer is the list page, which shows the error but not the text.
			{ who: client, path: '/saved-searches', send: (x) => form([['intent', 'create'], ['name', x], ['query', x], ['email', 'never']]), echo: false },
			{ who: anonymous, path: '/request-access', send: (x) => form([['name', x], ['email', x], ['organisation', x], ['country', 'XXX'], ['jobTitle', x], ['reason', x]]) },
			{ who: anonymous, path: '/login', send: (x) => form([['email', x], ['password', ''], ['redirectTo', x]]) },
		]
		for (const [i, c] of cases.entries()) {
			const marker = `R${i}${rand()}`
			const res = await c.who.send('POST', c.path, c.send(payload(marker)))
			expect(res.status(), `${c.path} refuses the form`).toBeGreaterThanOrEqual(400)
			expect(res.status(), `${c.path} refuses the form`).toBeLessThan(500)
			const html = await res.body()
			const page = await c.who.context.newPage()
			const seen = await watch(page)
			await page.route(abs(c.path), (route) => (route.request().isNavigationRequest() ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.fallback()), { times: 1 })
			await page.goto(abs(c.path))
			// The value is somewhere in the form as text (an input's value or a textarea's), not as markup.
			const echoed = await page.evaluate((m) => [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].some((e) => e.value.includes(m)), marker)
			expect(echoed, `${c.path} gives the typed text back`).toBe(c.echo ?? true)
			await settle(page)
			await seen.checkPwned()
			expect(seen.report(), `${c.path}`).toEqual(NOTHING_RAN)
			await page.close()
		}
		await client.context.close()
		await anonymous.context.close()
	})
})

test('text over the upload forms’ field limit is refused as too long, not replaced by an internal marker', async ({ browser }) => {
	const member = await person()
	const { threadId } = seedThread(FORUM, `Long fields ${rand()}`, [[member, 'Opening.']])
	const client = await Client.open(browser, member)
	// 300 KB: under the 1 MB body limit, over the 256 KB a text field of an upload form may hold (and the 50,000 characters of a post).
	const long = 'words '.repeat(50_000)
	for (const [path, entries] of [
		[`/threads/${threadId}`, [['body', long], ['intent', 'reply']]],
		[`/forums/${FORUM}/new`, [['title', 'A long post'], ['body', long], ['intent', 'post']]],
		['/messages/new', [['to', `@${(await person()).handle}`], ['subject', 'Long'], ['body', long]]],
	] as Array<[string, Entries]>) {
		const { body, type } = multipart(entries)
		const res = await client.send('POST', path, { body, type })
		expect(res.status(), path).toBe(400)
		const html = await res.text()
		expect.soft(html, `${path}: the reason given`).toMatch(/too long|at most/i)
		// What the page says, not its scripts (the data for translating error messages lists every message's English text).
		const shown = html.replace(/<script[\s\S]*?<\/script>/g, '')
		expect.soft(shown, `${path}: not told about control characters it did not type`).not.toContain('Remove control characters')
		expect.soft(html.includes('\u0000refused'), `${path}: the internal marker does not come back in the form`).toBe(false)
	}
	await client.context.close()
})
