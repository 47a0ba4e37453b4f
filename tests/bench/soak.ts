/**
 * The soak part of `npm run bench` (issue: "100 simulated members browsing, searching
 * and posting for 5 minutes on loopback: report requests served, error count (target 0),
 * p95 latency, and memory at start and end (no growth beyond 20%)").
 *
 * The database is made the way a deployment's is: the server under test creates the
 * schema with its own migrations (so build/ and the database always agree), then content/
 * is imported and SOAK_USERS members (default 100), spread over the regions, are written
 * with a session each, plus a few hundred threads in their forums. The threads go through
 * the search outbox, so the server indexes them at start and /search finds them.
 *
 * Each member is a virtual user looping until the time is up: a page (browse) or a
 * search, chosen by weight, then 0–200 ms of think time. Replies are paced rather than
 * weighted, so no member ever meets the posting limit (30 an hour, forums.server.ts):
 * each member replies at an even pace that spends POST_BUDGET replies over the run (at
 * most one every MIN_POST_INTERVAL s, the first at a random moment), and skips a turn
 * whenever POST_BUDGET of its replies fall within the last hour (paced by the clock, replies
 * make up more of the requests when the server is slow). A 429 is still counted,
 * separately from errors. Every request carries the member's session cookie and follows
 * no redirect: a page that sent a member to /login would be an error, not a 200.
 *
 * Memory is the server process's resident set (VmRSS in /proc/<pid>/status), sampled
 * every few seconds; "start" is after the warm-up, "end" as the load stops. The warm-up
 * is counted in requests as well as seconds: on a busy machine 15 s may serve too few
 * requests for the heap to reach its working size, and "growth" would then measure that.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../db/client'
import { importContent } from '../../db/content/import'
import { rng, stats, type BenchStats } from '../../search/bench'
import { forumPostBody, threadTags, threadTitle } from './forum-text'
import { startServer, type RunningServer } from './http-load'

const HOUR = 3600
const DAY = 24 * HOUR
/**
 * Warm-up: at least this long and this many requests a member (the heap grows to its working
 * size), at most the cap. With the 512 MB heap cap, RSS rose for about 90 s (some 6,000
 * requests at 65 a second) and then held level for the rest of a 5-minute soak; a 2,000-request
 * warm-up left that climb inside the measured window (385 → 480 MB, flat after 2 minutes).
 */
const WARMUP_SECONDS = 60
const WARMUP_REQUESTS_PER_MEMBER = 60
const WARMUP_MAX_SECONDS = 180
const THINK_MS = 200
/** Replies per member per hour: under the portal's 30, with room for clock skew. */
const POST_BUDGET = 25
const MIN_POST_INTERVAL = 10
const TARGET_GROWTH = 0.2
const RSS_EVERY_MS = 5_000
const POSTS_PER_PAGE = 20 // app/models/forums.server.ts

export interface SoakOptions {
	root: string
	tmp: string
	seconds: number
	users: number
}

export type SoakRow = Record<string, string | number>

export interface SoakReport {
	/** One row per kind (browse, search, post) and the total. */
	rows: SoakRow[]
	/** One row per page or search kind, for where the time goes. */
	routes: SoakRow[]
	requests: number
	errors: number
	limited: number
	rssStartMb: number
	rssEndMb: number
	growth: number
	loadAverage: [number, number]
	/** Share of one core used during the soak. */
	serverCpu: number
	benchCpu: number
}

type Kind = 'browse' | 'search' | 'post'

interface Member {
	id: string
	token: string
	regions: string[]
	forums: string[]
	events: string[]
}

interface Seed {
	members: Member[]
	cases: string[]
	guidance: string[]
	/** Threads by forum slug, and their post counts (kept current as replies succeed). */
	threads: Map<string, number[]>
	postCount: Map<number, number>
}

// ---------- the database ----------

const FIRST = ['Amina', 'João', 'Lucía', 'Kwame', 'Aigerim', 'Besnik', 'Olena', 'Youssef', 'Fatou', 'Carlos', 'Mariam', 'Dragan', 'Nadia', 'Ibrahim', 'Sofia', 'Timur', 'Ana', 'Moussa', 'Elena', 'Rashid', '李明', 'Wei']
const LAST = ['Diallo', 'Silva', 'Gómez', 'Mensah', 'Nurlanova', 'Hoxha', 'Kovalenko', 'Haddad', 'Traoré', 'Rodríguez', 'Bakayoko', 'Petrović', 'Khan', 'Okafor', 'Ferreira', 'Sadykov', 'Morales', 'Keita', 'Popescu', 'Benali']
const ORG_TYPES = ['police', 'customs', 'prosecution', 'judiciary', 'regulator', 'other']

/** Members, sessions, directory entries and threads, written past the app in one transaction. */
async function seed(file: string, contentDir: string, users: number): Promise<Seed> {
	const { db, sqlite, close } = openDatabase(file)
	const report = await importContent(db, contentDir)
	if (report.problems.length) console.log(`  content/: ${report.problems.length} problem(s) on import, e.g. ${JSON.stringify(report.problems[0])}`)
	const r = rng(29)
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
	const now = Math.floor(Date.now() / 1000)

	const regions = sqlite.prepare('select slug, countries from regions order by sort_order, slug').all() as Array<{ slug: string; countries: string }>
	const forums = sqlite.prepare(`select slug, kind, region_slug from forums where kind != 'staff' order by sort_order, slug`).all() as Array<{ slug: string; kind: string; region_slug: string | null }>
	const cases = (sqlite.prepare(`select id from cases where status = 'published' order by id`).all() as Array<{ id: string }>).map((x) => x.id)
	const guidance = (sqlite.prepare(`select id from guidance_documents where status = 'published' order by id`).all() as Array<{ id: string }>).map((x) => x.id)
	const events = sqlite.prepare('select id, visibility, regions from events order by id').all() as Array<{ id: string; visibility: string; regions: string }>
	if (!regions.length || !cases.length) throw new Error('Soak: content/ gave no regions or no published cases')
	// The lead is adding two-factor sessions: a session counts as fully signed in only once verified.
	const sessionColumns = new Set((sqlite.prepare('pragma table_info(sessions)').all() as Array<{ name: string }>).map((c) => c.name))
	const verified = sessionColumns.has('two_factor_verified')

	const insertUser = sqlite.prepare(`insert into users (id, email, name, handle, organisation, country, job_title, role, status, created_at) values (?, ?, ?, ?, ?, ?, 'Investigator', 'member', 'active', ?)`)
	const insertRegion = sqlite.prepare('insert into user_regions (user_id, region_slug) values (?, ?)')
	const insertProfile = sqlite.prepare(`insert into directory_profiles (user_id, listed, organisation_type, languages, expertise, bio, visibility, updated_at) values (?, 1, ?, '["en"]', '[]', '', '{}', ?)`)
	const insertSession = sqlite.prepare(
		`insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, ip, user_agent${verified ? ', two_factor_verified' : ''}) values (?, ?, ?, ?, ?, '127.0.0.1', 'soak'${verified ? ', 1' : ''})`,
	)
	const insertThread = sqlite.prepare('insert into threads (forum_slug, title, author_id, tags, post_count, last_post_at, created_at) values (?, ?, ?, ?, ?, ?, ?)')
	const insertPost = sqlite.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)')
	const insertRef = sqlite.prepare('insert or ignore into thread_case_refs (thread_id, case_id) values (?, ?)')
	const insertWatch = sqlite.prepare(`insert or ignore into watches (user_id, target_type, target_id, created_at) values (?, 'thread', ?, ?)`)
	const enqueue = sqlite.prepare(`insert into search_outbox (doc_type, doc_id, created_at) values ('thread', ?, ?)`)

	const members: Member[] = []
	const threads = new Map<string, number[]>()
	const postCount = new Map<number, number>()
	sqlite.transaction(() => {
		for (let i = 0; i < users; i++) {
			const id = crypto.randomBytes(12).toString('hex')
			const name = `${pick(FIRST)} ${pick(LAST)}`
			const handle = `soak.member${i + 1}`
			// Round robin over the regions, one member in seven in a second region too.
			const own = [regions[i % regions.length].slug]
			if (i % 7 === 3) own.push(regions[(i + 3) % regions.length].slug)
			const countries = JSON.parse(regions[i % regions.length].countries) as string[]
			// A few days old: the full hourly posting limit applies, not the newcomers' third.
			insertUser.run(id, `${handle}@soak.portal`, name, handle, 'Soak Agency', countries[i % countries.length] ?? 'BRA', now - DAY * (3 + (i % 60)))
			for (const s of own) insertRegion.run(id, s)
			if (i % 5 !== 0) insertProfile.run(id, ORG_TYPES[i % ORG_TYPES.length], now)
			const token = crypto.randomBytes(20).toString('hex')
			insertSession.run(crypto.createHash('sha256').update(token).digest('hex'), id, now + 1800, now + 12 * HOUR, now)
			members.push({
				id,
				token,
				regions: own,
				forums: forums.filter((f) => f.kind === 'interregional' || (f.region_slug !== null && own.includes(f.region_slug))).map((f) => f.slug),
				// canSeeEvent (events.server.ts) for a member who is invited nowhere.
				events: events.filter((e) => e.visibility === 'members' || (e.visibility === 'regions' && (JSON.parse(e.regions) as string[]).some((s) => own.includes(s)))).map((e) => e.id),
			})
		}
		// Threads: 40 in the interregional forum, 15 in each region's; 1–60 posts each, all
		// older than the hourly rate-limit window, by members who may write there.
		for (const f of forums) {
			const writers = members.filter((m) => m.forums.includes(f.slug))
			if (!writers.length) continue
			const ids: number[] = []
			for (let t = 0; t < (f.kind === 'interregional' ? 40 : 15); t++) {
				const n = Math.min(60, Math.max(1, Math.round(Math.exp(1.2 * (Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()))) * 5)))
				const created = now - 2 * HOUR - Math.floor(r() * 90 * DAY)
				const author = pick(writers).id
				const step = Math.max(60, Math.floor((now - 2 * HOUR - created) / n))
				const threadId = Number(insertThread.run(f.slug, threadTitle(r, ids.length + 1), author, JSON.stringify(threadTags(r)), n, created + step * (n - 1), created).lastInsertRowid)
				for (let p = 0; p < n; p++) {
					const mention = r() < 0.05 ? pick(cases) : null
					if (mention) insertRef.run(threadId, mention)
					insertPost.run(threadId, p === 0 ? author : pick(writers).id, forumPostBody(r, mention), created + step * p)
				}
				insertWatch.run(author, String(threadId), created)
				enqueue.run(String(threadId), now)
				ids.push(threadId)
				postCount.set(threadId, n)
			}
			threads.set(f.slug, ids)
		}
	})()
	await close()
	return { members, cases, guidance, threads, postCount }
}

// ---------- the server's memory ----------

/** The bench's child process serving `port` (startServer does not hand out its pid). */
function serverPid(port: number): number {
	const children = fs
		.readdirSync('/proc/self/task')
		.flatMap((task) => fs.readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/))
		.filter(Boolean)
		.map(Number)
	for (const pid of children) {
		try {
			if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`PORT=${port}`)) return pid
		} catch {}
	}
	throw new Error(`Soak: no child process serving port ${port} among ${children.join(', ') || 'none'}`)
}

/** Resident set and its peak so far, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
	const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0)
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
}

/** CPU seconds the process has used (user + system; USER_HZ is 100 on Linux). */
function cpuSecondsOf(pid: number): number {
	// The command name (field 2) may hold spaces: count fields after its closing parenthesis.
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
	return (Number(fields[11]) + Number(fields[12])) / 100
}

// ---------- the virtual members ----------

interface Request {
	kind: Kind
	/** What the request is, for the per-route lines: "thread page", "search (zh)"… */
	route: string
	url: string
	init: RequestInit
	ok(status: number): boolean
}

interface Sample {
	at: number
	ms: number
	kind: Kind
	route: string
	status: number | 'network'
	url: string
	/** For a 5xx or a failed connection: what came back. */
	detail?: string
}

const CASE_QUERIES = ['pistol', 'ammunition', 'trafficking', 'converted', 'postal parcel', '"firearms trafficking"', 'smuggling -ammunition', 'rifle OR pistol', 'armes', 'contrabando', '枪支', '走私', '邮包']
const SITE_QUERIES = ['tracing', 'parcels', 'darknet', 'marking', 'seized', 'serial numbers', 'pistol frames', 'licence', '枪支', '走私', 'ammunition']
const hasHan = (q: string) => /\p{Script=Han}/u.test(q)

function plan(s: Seed, base: string) {
	const ok200 = (status: number) => status === 200
	const get = (m: Member, kind: Kind, route: string, p: string): Request => ({
		kind,
		route,
		url: `${base}${p}`,
		init: { redirect: 'manual', headers: { Cookie: `portal_session=${m.token}`, Accept: 'text/html', 'User-Agent': 'portal-soak' } },
		ok: ok200,
	})
	const threadOf = (r: () => number, m: Member) => {
		const forum = m.forums[Math.floor(r() * m.forums.length)]
		const ids = s.threads.get(forum) ?? []
		return ids[Math.floor(r() * ids.length)]
	}
	const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

	const browse: Array<[number, (r: () => number, m: Member) => Request]> = [
		[8, (_, m) => get(m, 'browse', 'home', '/')],
		[8, (_, m) => get(m, 'browse', 'case list', '/cases')],
		[12, (r, m) => get(m, 'browse', 'case page', `/cases/${pick(r, s.cases)}`)],
		[6, (_, m) => get(m, 'browse', 'forum index', '/forums')],
		[10, (r, m) => get(m, 'browse', 'forum thread list', `/forums/${pick(r, m.forums)}`)],
		[
			20,
			(r, m) => {
				const id = threadOf(r, m)
				const pages = Math.max(1, Math.ceil((s.postCount.get(id) ?? 1) / POSTS_PER_PAGE))
				// Half land on the first page, the rest anywhere (the newest replies are on the last).
				return get(m, 'browse', 'thread page', `/threads/${id}?page=${r() < 0.5 ? 1 : 1 + Math.floor(r() * pages)}`)
			},
		],
		[5, (_, m) => get(m, 'browse', 'event list', '/events')],
		[5, (r, m) => (m.events.length ? get(m, 'browse', 'event page', `/events/${pick(r, m.events)}`) : get(m, 'browse', 'event list', '/events'))],
		[4, (_, m) => get(m, 'browse', 'guidance list', '/guidance')],
		[4, (r, m) => (s.guidance.length ? get(m, 'browse', 'guidance page', `/guidance/${pick(r, s.guidance)}`) : get(m, 'browse', 'guidance list', '/guidance'))],
		[5, (_, m) => get(m, 'browse', 'directory', '/people')],
	]
	const search: Array<[number, (r: () => number, m: Member) => Request]> = [
		[
			10,
			(r, m) => {
				const q = pick(r, CASE_QUERIES)
				return get(m, 'search', `case search${hasHan(q) ? ' (zh)' : ''}`, `/cases?${new URLSearchParams({ q })}`)
			},
		],
		[
			8,
			(r, m) => {
				const q = pick(r, SITE_QUERIES)
				return get(m, 'search', `site search${hasHan(q) ? ' (zh)' : ''}`, `/search?${new URLSearchParams({ q })}`)
			},
		],
		[3, (r, m) => get(m, 'search', 'forum search', `/forums/${pick(r, m.forums)}?${new URLSearchParams({ q: pick(r, SITE_QUERIES) })}`)],
		[2, (r, m) => get(m, 'search', 'directory search', `/people?${new URLSearchParams({ q: pick(r, FIRST) })}`)],
	]
	// Three pages for every search: members mostly read.
	const all: Array<[number, (r: () => number, m: Member) => Request]> = [
		...browse.map(([w, f]): [number, typeof f] => [(w * 3) / browse.reduce((n, [x]) => n + x, 0), f]),
		...search.map(([w, f]): [number, typeof f] => [w / search.reduce((n, [x]) => n + x, 0), f]),
	]
	const total = all.reduce((n, [w]) => n + w, 0)

	return {
		next(r: () => number, m: Member): Request {
			let x = r() * total
			for (const [w, f] of all) if ((x -= w) < 0) return f(r, m)
			return all[0][1](r, m)
		},
		reply(r: () => number, m: Member): Request & { threadId: number } {
			const threadId = threadOf(r, m)
			return {
				kind: 'post',
				route: 'reply',
				threadId,
				url: `${base}/threads/${threadId}`,
				init: {
					method: 'POST',
					redirect: 'manual',
					// The gate refuses a write whose Origin is not the portal's own.
					headers: { Cookie: `portal_session=${m.token}`, Origin: base, Accept: 'text/html', 'User-Agent': 'portal-soak', 'Content-Type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ intent: 'reply', body: forumPostBody(r, r() < 0.05 ? pick(r, s.cases) : null) }).toString(),
				},
				// A reply that went through answers with a redirect to its page.
				ok: (status) => status === 302 || status === 303,
			}
		},
	}
}

/** With BENCH_KEEP: the first few 5xx pages are written here, to read whole. */
let keptPages: { dir: string; count: number } | null = null

async function send(req: Request): Promise<{ ms: number; status: number | 'network'; detail?: string }> {
	const t = performance.now()
	try {
		const res = await fetch(req.url, req.init)
		const body = await res.arrayBuffer() // the whole body, as a browser waits for it
		const ms = performance.now() - t
		// A server error's page says which of the portal's error paths answered.
		const html = res.status >= 500 ? Buffer.from(body).toString('utf8') : ''
		if (html && keptPages && keptPages.count++ < 5) fs.writeFileSync(path.join(keptPages.dir, `error-${keptPages.count}-${res.status}.html`), html)
		const detail = html ? pageText(html) : undefined
		return { ms, status: res.status, detail }
	} catch (error) {
		return { ms: performance.now() - t, status: 'network', detail: String((error as Error).cause ?? error) }
	}
}

/**
 * The visible text of an error page, shortened: its title and first words are what tell.
 * A whole page with a 500 is React's doing: a part that failed while streaming (marked
 * <!--$!--> for the browser to render again) sets the status before the shell is sent.
 */
function pageText(html: string): string {
	const bare = html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
	const text = (from: RegExp, n: number) => (bare.match(from)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, n)
	const page = `${text(/<title>[\s\S]*?<\/title>/, 80)} | ${text(/<main[\s\S]*$/, 120) || text(/[\s\S]*/, 120)}`
	return html.includes('<!--$!-->') ? `[a streamed part failed on the server: <!--$!--> in the page] ${page}` : page
}

const isError = (s: Sample, ok: boolean) => !ok && s.status !== 429

/** When each member replies next, and the replies each has sent (ms since the epoch), shared by the warm-up and the soak. */
interface PostSchedule {
	interval: number
	next: number[]
	sent: number[][]
}

function dueToPost(p: PostSchedule, i: number): boolean {
	const now = Date.now()
	if (now < p.next[i]) return false
	p.next[i] += p.interval * 1000
	// The portal counts a member's posts of the last hour: stay under its limit whatever the pace.
	return p.sent[i].filter((t) => t > now - HOUR * 1000).length < POST_BUDGET
}

/** Runs every member until `stop()` says so; replies when `posts` says one is due. */
async function runMembers(o: { seed: Seed; base: string; stop: () => boolean; posts: PostSchedule; record: (s: Sample, ok: boolean) => void; round: number }) {
	const p = plan(o.seed, o.base)
	await Promise.all(
		o.seed.members.map(async (m, i) => {
			const r = rng(1000 * o.round + i + 1)
			while (!o.stop()) {
				const posting = dueToPost(o.posts, i)
				const req = posting ? p.reply(r, m) : p.next(r, m)
				if (posting) o.posts.sent[i].push(Date.now())
				const { ms, status, detail } = await send(req)
				const ok = status !== 'network' && req.ok(status)
				if (ok && 'threadId' in req) o.seed.postCount.set(req.threadId as number, (o.seed.postCount.get(req.threadId as number) ?? 0) + 1)
				o.record({ at: Date.now(), ms, kind: req.kind, route: req.route, status, url: req.url, detail }, ok)
				await new Promise((resolve) => setTimeout(resolve, r() * THINK_MS))
			}
		}),
	)
}

// ---------- the part ----------

const fmt = (x: number) => x.toFixed(1)
const mb = (x: number) => `${Math.round(x)} MB`

function row(label: string, xs: Sample[], failed: Set<Sample>, seconds: number): SoakRow {
	const s: BenchStats = stats(xs.map((x) => x.ms))
	return {
		kind: label,
		requests: s.count,
		'req/s': Number((s.count / seconds).toFixed(1)),
		errors: xs.filter((x) => failed.has(x)).length,
		'429': xs.filter((x) => x.status === 429).length,
		p50: s.p50,
		p95: s.p95,
		p99: s.p99,
		max: s.max,
	}
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
	const n = points.length
	const mx = points.reduce((a, [x]) => a + x, 0) / n
	const my = points.reduce((a, [, y]) => a + y, 0) / n
	const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
	return sxx ? points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : 0
}

/** Lines the server logged during the soak that say something went wrong. */
function errorLines(text: string): string[] {
	return text.split('\n').filter((l) => /error|fail|busy|locked|unhandled|exception/i.test(l))
}

export async function benchSoak(o: SoakOptions): Promise<SoakReport> {
	if (!fs.existsSync(path.join(o.root, 'build/index.js'))) throw new Error('Soak: build/ is missing; run `npm run build` first.')
	const dir = path.join(o.tmp, 'soak')
	fs.mkdirSync(path.join(dir, 'attachments'), { recursive: true })
	const file = path.join(dir, 'portal.db')
	// The server's files stay in the temporary directory, never in the checkout's data/
	// (startServer passes the bench's environment on, plus its own PORT, DATABASE_PATH and MAIL_DIR).
	const ownEnv = { ATTACHMENT_DIR: path.join(dir, 'attachments'), SIGNING_KEY_FILE: path.join(dir, 'signing.key'), MESSAGE_KEY_FILE: path.join(dir, 'message-keys.json') }
	const saved = Object.fromEntries(Object.keys(ownEnv).map((k) => [k, process.env[k]]))
	Object.assign(process.env, ownEnv)
	let server: RunningServer | null = null
	keptPages = process.env.BENCH_KEEP ? { dir, count: 0 } : null
	try {
		console.log(
			`Soak: ${o.users} members browsing, searching and posting for ${o.seconds} s (after a warm-up of ${WARMUP_SECONDS}–${WARMUP_MAX_SECONDS} s and ${WARMUP_REQUESTS_PER_MEMBER} requests a member), think time 0–${THINK_MS} ms`,
		)
		// The server's own migrations make the schema, so it matches build/ whatever the source holds.
		await (await startServer(o.root, file)).stop()
		const t0 = performance.now()
		const s = await seed(file, path.join(o.root, 'content'), o.users)
		const threadCount = [...s.threads.values()].reduce((n, ids) => n + ids.length, 0)
		const seededPosts = [...s.postCount.values()].reduce((n, c) => n + c, 0)
		console.log(`  content/ and ${s.members.length} members, ${threadCount} threads, ${seededPosts} posts seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

		server = await startServer(o.root, file) // indexes the seeded threads before it answers
		const port = Number(new URL(server.base).port)
		const pid = serverPid(port)
		const idle = memoryOf(pid)

		// Replies: POST_BUDGET per member spread over the soak, the first at a random moment.
		const interval = Math.max(MIN_POST_INTERVAL, Math.min(o.seconds, HOUR) / POST_BUDGET)
		const r = rng(7)
		const started = Date.now()
		const posts: PostSchedule = { interval, next: s.members.map(() => started + r() * interval * 1000), sent: s.members.map(() => []) }
		console.log(`  server pid ${pid} on ${server.base}; RSS ${mb(idle.rss)} idle. Each member replies every ${fmt(interval)} s, at most ${POST_BUDGET} an hour (the portal allows 30)`)

		// Warm-up: the same load, not counted, so start-up costs (JIT, caches, first SQL plans, heap growth) stay out.
		const warm: Sample[] = []
		const warmFailed: Sample[] = []
		const warmEnough = () => Date.now() - started >= WARMUP_SECONDS * 1000 && warm.length >= WARMUP_REQUESTS_PER_MEMBER * s.members.length
		await runMembers({
			seed: s,
			base: server.base,
			stop: () => warmEnough() || Date.now() - started >= WARMUP_MAX_SECONDS * 1000,
			posts,
			round: 1,
			record: (x, ok) => {
				warm.push(x)
				if (!ok) warmFailed.push(x)
			},
		})
		console.log(`  warm-up: ${warm.length} requests in ${fmt((Date.now() - started) / 1000)} s${warmEnough() ? '' : ' (stopped at the cap: the server is slow or the machine busy)'}`)
		if (warmFailed.length) {
			console.log(`  warm-up: ${warmFailed.length} of ${warm.length} requests failed, e.g.`)
			for (const x of warmFailed.slice(0, 5)) console.log(`    ${x.status} ${x.route} ${x.url.slice(server.base.length)} after ${Math.round(x.ms)} ms`)
		}

		const loadBefore = os.loadavg()[0]
		const serverCpu0 = cpuSecondsOf(pid)
		const benchCpu0 = process.cpuUsage()
		const logMark = server.log().length
		const rss: Array<{ t: number; rss: number }> = []
		const t1 = Date.now()
		const sampleRss = () => rss.push({ t: (Date.now() - t1) / 1000, rss: memoryOf(pid).rss })
		sampleRss()
		const samples: Sample[] = []
		const failed = new Set<Sample>()
		// Progress lines about ten times over the run: how the load and the memory move.
		const every = Math.max(10, Math.round(o.seconds / 10)) * 1000
		let lastLine = t1
		let lastCount = 0
		const timer = setInterval(() => {
			sampleRss()
			if (Date.now() - lastLine < every - RSS_EVERY_MS / 2) return
			const window = samples.slice(lastCount)
			const w = stats(window.map((x) => x.ms))
			console.log(
				`  ${String(Math.round((Date.now() - t1) / 1000)).padStart(4)} s  ${fmt(window.length / ((Date.now() - lastLine) / 1000)).padStart(6)} req/s  p95 ${fmt(w.p95).padStart(7)} ms  errors ${failed.size}  429 ${samples.filter((x) => x.status === 429).length}  RSS ${mb(rss.at(-1)?.rss ?? 0)}  load ${os.loadavg()[0].toFixed(1)}`,
			)
			lastLine = Date.now()
			lastCount = samples.length
		}, RSS_EVERY_MS)
		await runMembers({
			seed: s,
			base: server.base,
			stop: () => Date.now() >= t1 + o.seconds * 1000,
			posts,
			round: 2,
			record: (x, ok) => {
				samples.push(x)
				if (isError(x, ok)) failed.add(x)
			},
		})
		clearInterval(timer)
		const seconds = (Date.now() - t1) / 1000
		sampleRss()
		const end = memoryOf(pid)
		const loadAfter = os.loadavg()[0]
		const serverCpu = (cpuSecondsOf(pid) - serverCpu0) / seconds
		const benchUsage = process.cpuUsage(benchCpu0)
		const benchCpu = (benchUsage.user + benchUsage.system) / 1e6 / seconds
		// After a pause without load: what the process keeps once the requests are gone.
		await new Promise((resolve) => setTimeout(resolve, 5_000))
		const rested = memoryOf(pid).rss

		const rows = (['browse', 'search', 'post'] as const).map((k) =>
			row(
				k,
				samples.filter((x) => x.kind === k),
				failed,
				seconds,
			),
		)
		rows.push(row('all', samples, failed, seconds))
		const routes = [...new Set(samples.map((x) => `${x.kind}\t${x.route}`))]
			.sort()
			.map((key) => {
				const [kind, route] = key.split('\t')
				return { ...row(route, samples.filter((x) => x.kind === kind && x.route === route), failed, seconds), kind: `${kind}: ${route}` }
			})
		const start = rss[0].rss
		const growth = (end.rss - start) / start
		// A leak keeps growing; a heap that breathes with the garbage collector does not. Two
		// samples can land on a peak and a trough, so give the trend of them all as well.
		const trend = slope(rss.map((x) => [x.t / 60, x.rss]))

		console.log(`\n  ${samples.length.toLocaleString('en')} requests in ${fmt(seconds)} s (${fmt(samples.length / seconds)} req/s); errors ${failed.size}; 429 ${samples.filter((x) => x.status === 429).length}`)
		if (failed.size) {
			const groups = new Map<string, { n: number; url: string; ms: number; detail?: string }>()
			for (const x of failed) {
				const key = `${x.status} ${x.kind} ${x.route}`
				const g = groups.get(key)
				if (g) g.n++
				else groups.set(key, { n: 1, url: x.url.slice(server.base.length), ms: x.ms, detail: x.detail })
			}
			console.log('  errors by status and route (one example each, with its time and what the page said):')
			for (const [key, g] of [...groups].sort((a, b) => b[1].n - a[1].n).slice(0, 10))
				console.log(`    ${String(g.n).padStart(5)} × ${key}  e.g. ${g.url} after ${Math.round(g.ms)} ms${g.detail ? `: "${g.detail}"` : ''}`)
		}
		const output = server.log(logMark).text
		const logged = failed.size ? output.split('\n').filter((l) => l.trim()) : errorLines(output)
		if (logged.length) {
			console.log(`  the server logged ${logged.length} ${failed.size ? '' : 'error '}line(s) during the soak, e.g.:`)
			for (const l of [...new Set(logged)].slice(0, failed.size ? 15 : 5)) console.log(`    ${l.slice(0, 240)}`)
		} else if (failed.size) console.log('  the server logged nothing during the soak')
		console.log(
			`  server RSS: ${mb(idle.rss)} idle at start, ${mb(start)} after warm-up, ${mb(end.rss)} at the end (${growth >= 0 ? '+' : ''}${fmt(growth * 100)} %; trend of all samples ${trend >= 0 ? '+' : ''}${fmt(trend)} MB a minute), peak ${mb(end.hwm)}, ${mb(rested)} after 5 s without load`,
		)
		console.log(`  RSS samples (s: MB): ${rss.filter((_, i) => i % Math.max(1, Math.ceil(rss.length / 12)) === 0 || i === rss.length - 1).map((x) => `${Math.round(x.t)}: ${Math.round(x.rss)}`).join(', ')}`)
		// The server runs JavaScript on one thread: near 100 % of a core it is saturated, and latency is queueing.
		console.log(
			`  CPU: server ${Math.round(serverCpu * 100)} % of a core, the bench's members ${Math.round(benchCpu * 100)} %; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} on ${os.cpus().length} cores`,
		)
		return {
			rows,
			routes,
			requests: samples.length,
			errors: failed.size,
			limited: samples.filter((x) => x.status === 429).length,
			rssStartMb: Math.round(start),
			rssEndMb: Math.round(end.rss),
			growth,
			loadAverage: [loadBefore, loadAfter],
			serverCpu,
			benchCpu,
		}
	} finally {
		await server?.stop()
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k]
			else process.env[k] = v
		}
	}
}

export { TARGET_GROWTH as SOAK_TARGET_GROWTH }
