/**
 * A synthetic forum corpus in a temporary database for `npm run bench`: the real
 * migrations and regions (which create the forums), then members, threads, posts and
 * read marks written through the raw better-sqlite3 handle with prepared statements in
 * large transactions (Kysely takes minutes per million rows; this takes seconds).
 * Deterministic (seeded), so runs are comparable.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../../db/client'
import { importContent } from '../../db/content/import'
import { migrateToLatest } from '../../db/migrate'
import { rng } from '../../search/bench'
import { storedMarkdown } from '../../app/utils/markdown.server'
import { forumPostBody, threadTitle, threadTags } from './forum-text'

/**
 * Members with a session, used round-robin by the load. A member may post 30 replies an
 * hour (forums.server.ts LIMITS); 5,000 of them give 150,000 replies an hour before any is
 * refused, far more than a measuring window produces.
 */
export const BENCH_MEMBERS = 5_000
const STAFF = 20
const MODERATORS_PER_REGION = 5
/** Read marks per member: the thread list joins them for its "unread" badges. */
const READS_PER_MEMBER = 40
/** The longest threads stay readable page by page (250 pages of 20). */
const MAX_POSTS_PER_THREAD = 5_000
const HOUR = 3600
const DAY = 24 * HOUR

export interface BenchMember {
	id: string
	/** The portal_session cookie value. */
	token: string
	regions: string[]
}

export interface BenchForum {
	slug: string
	kind: string
	regionSlug: string | null
	threadIds: Int32Array
}

export interface ForumCorpus {
	members: BenchMember[]
	forums: BenchForum[]
	/** By thread id. */
	postCount: Int32Array
	locked: Uint8Array
	seconds: number
}

/** Migrations and content: the schema and forums exactly as a deployment has them. */
export async function prepareForumSchema(file: string, contentDir: string): Promise<void> {
	const { db, close } = openDatabase(file)
	await migrateToLatest(db)
	await importContent(db, contentDir) // regions → one forum each, plus interregional and staff (and the 46 demo cases)
	await close()
}

function progress(label: string, done: number, total: number) {
	if (process.stdout.isTTY) process.stdout.write(`\r  ${label} ${done.toLocaleString('en')} / ${total.toLocaleString('en')}   `)
}

/**
 * Fills the forums. Shape: a third of the threads in the interregional forum, the rest
 * spread over the regions with a skew (some networks are much busier) and a few in the
 * staff forum; posts per thread log-normal (most threads short, a few running to
 * thousands of posts); posts inserted in time order, so a thread's posts are spread over
 * the table as in a live forum rather than stored side by side.
 */
export async function fillForums(file: string, opts: { posts: number; threads: number; seed?: number }): Promise<ForumCorpus> {
	const t0 = performance.now()
	const r = rng(opts.seed ?? 11)
	const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(r() * xs.length)]
	const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(r() * 256).toString(16).padStart(2, '0')).join('')
	const T = opts.threads
	const P = Math.max(opts.posts, T)
	const now = Math.floor(Date.now() / 1000)
	// Every corpus post is older than the hourly rate-limit window, with a margin.
	const end = now - 2 * HOUR
	const start = now - 3 * 365 * DAY

	const { sqlite, close } = openDatabase(file)
	// A throwaway database: no durability while filling it; WAL again at the end, as the server expects.
	sqlite.pragma('journal_mode = MEMORY')
	sqlite.pragma('synchronous = OFF')
	sqlite.pragma('cache_size = -524288')

	const regions = (sqlite.prepare('select slug from regions order by sort_order, slug').all() as Array<{ slug: string }>).map((x) => x.slug)
	const forumRows = sqlite.prepare('select slug, kind, region_slug from forums order by sort_order, slug').all() as Array<{ slug: string; kind: string; region_slug: string | null }>
	const published = (sqlite.prepare(`select id from cases where status = 'published' order by id`).all() as Array<{ id: string }>).map((x) => x.id)

	// ---------- users ----------
	const FIRST = ['Amina', 'João', 'Lucía', 'Kwame', 'Aigerim', 'Besnik', 'Olena', 'Youssef', 'Fatou', 'Carlos', 'Mariam', 'Dragan', 'Nadia', 'Ibrahim', 'Sofia', 'Timur', 'Ana', 'Moussa', 'Elena', 'Rashid']
	const LAST = ['Diallo', 'Silva', 'Gómez', 'Mensah', 'Nurlanova', 'Hoxha', 'Kovalenko', 'Haddad', 'Traoré', 'Rodríguez', 'Bakayoko', 'Petrović', 'Khan', 'Okafor', 'Ferreira', 'Sadykov', 'Morales', 'Keita', 'Popescu', 'Benali']
	// Busier networks first: weight 1/(i+1)^0.7 by the regions' order.
	const regionWeights = regions.map((_, i) => 1 / Math.pow(i + 1, 0.7))
	const weighted = <T>(xs: T[], ws: number[]) => {
		let x = r() * ws.reduce((a, b) => a + b, 0)
		for (let i = 0; i < xs.length; i++) if ((x -= ws[i]) < 0) return xs[i]
		return xs[xs.length - 1]
	}
	const insertUser = sqlite.prepare(`insert into users (id, email, name, handle, organisation, country, role, status, created_at, two_factor_enabled_at) values (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`)
	const insertRegion = sqlite.prepare('insert into user_regions (user_id, region_slug) values (?, ?)')
	const members: Array<{ id: string; regions: string[] }> = []
	const staff: string[] = []
	const authorsOfRegion = new Map<string, string[]>(regions.map((s) => [s, []]))
	sqlite.transaction(() => {
		const total = BENCH_MEMBERS + STAFF + MODERATORS_PER_REGION * regions.length
		for (let i = 0; i < total; i++) {
			const role = i < BENCH_MEMBERS ? 'member' : i < BENCH_MEMBERS + STAFF ? 'staff' : 'moderator'
			const first = pick(FIRST)
			const last = pick(LAST)
			const id = hex(12)
			const handle = `${first}.${last}`.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase() + (i + 1)
			// Older than a day: the full hourly posting limit applies, not the newcomers' third.
			const created = now - DAY * (2 + Math.floor(r() * 1000))
			// Staff must have a second factor to use the portal (see the gate).
			insertUser.run(id, `${handle}@bench.portal`, `${first} ${last}`, handle, 'Bench Agency', 'BRA', role, created, role === 'staff' ? created : null)
			let own: string[] = []
			if (role === 'member') {
				own = [weighted(regions, regionWeights)]
				if (r() < 0.15) own = [...new Set([...own, pick(regions)])]
			} else if (role === 'moderator') own = [regions[(i - BENCH_MEMBERS - STAFF) % regions.length]]
			for (const s of own) {
				insertRegion.run(id, s)
				authorsOfRegion.get(s)?.push(id)
			}
			if (role === 'member') members.push({ id, regions: own })
			if (role === 'staff') staff.push(id)
		}
	})()
	const everyone = [...members.map((m) => m.id), ...staff]

	// ---------- threads ----------
	const forumWeights = forumRows.map((f) => (f.kind === 'interregional' ? 0.33 : f.kind === 'staff' ? 0.02 : (0.65 * regionWeights[regions.indexOf(f.region_slug ?? '')]) / regionWeights.reduce((a, b) => a + b, 0)))
	const forumOf = new Uint8Array(T + 1)
	const postCount = new Int32Array(T + 1)
	const createdOf = new Int32Array(T + 1)
	const lastAt = new Int32Array(T + 1)
	const locked = new Uint8Array(T + 1)
	const authorsOf = (forum: number) => {
		const f = forumRows[forum]
		return f.kind === 'interregional' ? everyone : f.kind === 'staff' ? staff : (authorsOfRegion.get(f.region_slug ?? '') ?? everyone)
	}
	// Thread ids rise with creation time, as autoincrement ids do.
	const created = Array.from({ length: T }, () => start + Math.floor(r() * (end - start - HOUR))).sort((a, b) => a - b)
	// Posts per thread log-normal (σ 1.5): the median thread has a handful of posts, a few
	// run to thousands; scaled so the total is exactly P.
	const weights = new Float64Array(T + 1)
	let weightSum = 0
	for (let id = 1; id <= T; id++) {
		forumOf[id] = forumRows.indexOf(weighted(forumRows, forumWeights))
		createdOf[id] = created[id - 1]
		const normal = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
		weights[id] = Math.exp(1.5 * normal)
		weightSum += weights[id]
		locked[id] = r() < 0.005 ? 1 : 0
	}
	let assigned = 0
	for (let id = 1; id <= T; id++) {
		postCount[id] = Math.min(MAX_POSTS_PER_THREAD, Math.max(1, Math.round((P * weights[id]) / weightSum)))
		assigned += postCount[id]
	}
	// Rounding and the cap leave the total off by a little: correct it one post at a time.
	while (assigned !== P) {
		const id = 1 + Math.floor(r() * T)
		if (assigned < P && postCount[id] < MAX_POSTS_PER_THREAD) {
			postCount[id]++
			assigned++
		} else if (assigned > P && postCount[id] > 1) {
			postCount[id]--
			assigned--
		}
	}

	// Each thread's posts spread from its creation at a pace of its own, never past `end`.
	const postThread = new Int32Array(P)
	const postTime = new Int32Array(P)
	let k = 0
	for (let id = 1; id <= T; id++) {
		const gap = HOUR * (0.5 + r() * 24)
		const span = Math.min(end - createdOf[id], gap * postCount[id])
		for (let j = 0; j < postCount[id]; j++) {
			postThread[k] = id
			postTime[k] = createdOf[id] + Math.floor((span * j) / postCount[id])
			k++
		}
		lastAt[id] = postTime[k - 1]
	}
	const order = new Uint32Array(P)
	for (let i = 0; i < P; i++) order[i] = i
	order.sort((a, b) => postTime[a] - postTime[b] || a - b)

	const threadAuthor: string[] = new Array(T + 1)
	for (let id = 1; id <= T; id++) threadAuthor[id] = pick(authorsOf(forumOf[id]))
	const pinned = new Set<number>()
	for (let f = 0; f < forumRows.length; f++) for (let i = 0; i < 2; i++) pinned.add(1 + Math.floor(r() * T))
	const insertThread = sqlite.prepare('insert into threads (id, forum_slug, title, author_id, tags, pinned, locked, post_count, last_post_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
	const CHUNK = 100_000
	for (let from = 1; from <= T; from += CHUNK)
		sqlite.transaction(() => {
			for (let id = from; id < Math.min(T + 1, from + CHUNK); id++)
				insertThread.run(id, forumRows[forumOf[id]].slug, threadTitle(r, id), threadAuthor[id], JSON.stringify(threadTags(r)), pinned.has(id) ? 1 : 0, locked[id], postCount[id], lastAt[id], createdOf[id])
		})()

	// ---------- posts ----------
	// Each post also gets its HTML and text, as the app stores them when a post is written.
	const insertPost = sqlite.prepare(
		'insert into posts (id, thread_id, author_id, body, body_html, body_text, body_renderer, created_at, deleted_at, deleted_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
	)
	const firstPostSeen = new Uint8Array(T + 1)
	const lastPostId = new Int32Array(T + 1)
	const caseRefs = new Map<number, Set<string>>()
	for (let from = 0; from < P; from += CHUNK) {
		sqlite.transaction(() => {
			for (let i = from; i < Math.min(P, from + CHUNK); i++) {
				const postId = i + 1
				const thread = postThread[order[i]]
				const author = firstPostSeen[thread] ? pick(authorsOf(forumOf[thread])) : threadAuthor[thread]
				firstPostSeen[thread] = 1
				const mention = published.length && r() < 0.02 ? pick(published) : null
				if (mention) caseRefs.set(thread, (caseRefs.get(thread) ?? new Set()).add(mention))
				const deleted = r() < 0.005 ? postTime[order[i]] + HOUR : null
				const post = storedMarkdown(forumPostBody(r, mention))
				insertPost.run(postId, thread, author, post.body, post.body_html, post.body_text, post.body_renderer, postTime[order[i]], deleted, deleted ? author : null)
				lastPostId[thread] = postId
			}
		})()
		progress('posts', Math.min(P, from + CHUNK), P)
	}
	if (process.stdout.isTTY) process.stdout.write('\r')

	// Authors watch their own threads, the app's default: a reply then notifies them.
	const insertWatch = sqlite.prepare(`insert or ignore into watches (user_id, target_type, target_id, created_at) values (?, 'thread', ?, ?)`)
	sqlite.transaction(() => {
		for (let id = 1; id <= T; id++) insertWatch.run(threadAuthor[id], String(id), createdOf[id])
	})()

	// ---------- case cards, read marks ----------
	const insertRef = sqlite.prepare('insert into thread_case_refs (thread_id, case_id) values (?, ?)')
	sqlite.transaction(() => {
		for (const [thread, ids] of caseRefs) for (const id of ids) insertRef.run(thread, id)
	})()
	const forums: BenchForum[] = forumRows.map((f, i) => {
		const ids: number[] = []
		for (let id = 1; id <= T; id++) if (forumOf[id] === i) ids.push(id)
		return { slug: f.slug, kind: f.kind, regionSlug: f.region_slug, threadIds: Int32Array.from(ids) }
	})
	const readable = (m: { regions: string[] }) => forums.filter((f) => f.kind === 'interregional' || (f.kind === 'region' && m.regions.includes(f.regionSlug ?? '')))
	const insertRead = sqlite.prepare('insert or ignore into thread_reads (user_id, thread_id, last_read_post_id) values (?, ?, ?)')
	sqlite.transaction(() => {
		for (const m of members) {
			const mine = readable(m).filter((f) => f.threadIds.length)
			for (let i = 0; i < READS_PER_MEMBER && mine.length; i++) {
				const thread = pick(pick(mine).threadIds)
				// A quarter of the marks lag behind: those threads show as unread.
				insertRead.run(m.id, thread, r() < 0.75 ? lastPostId[thread] : Math.max(1, lastPostId[thread] - 1 - Math.floor(r() * 50)))
			}
		}
	})()

	// ---------- sessions (as tests/e2e/support.ts loginAs creates them) ----------
	const insertSession = sqlite.prepare('insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, ip, user_agent, two_factor_verified) values (?, ?, ?, ?, ?, ?, ?, 1)')
	const sessionNow = Math.floor(Date.now() / 1000)
	const benchMembers: BenchMember[] = []
	sqlite.transaction(() => {
		for (const m of members) {
			const token = crypto.randomBytes(20).toString('hex')
			// Idle expiry 30 minutes ahead: lucia slides it (a write) only after 15 minutes.
			insertSession.run(crypto.createHash('sha256').update(token).digest('hex'), m.id, sessionNow + 1800, sessionNow + 12 * HOUR, sessionNow, '127.0.0.1', 'bench')
			benchMembers.push({ ...m, token })
		}
	})()

	// Nothing above went through the search outbox, so no thread is indexed (see forums.ts).
	// Whatever the outbox holds (the demo cases, drained by the server's first start) is
	// marked done, as run.ts does for cases, so the server starts with nothing to drain.
	sqlite.prepare(`insert or replace into search_cursors (engine, last_outbox_id, updated_at) values ('fts5', (select coalesce(max(id), 0) from search_outbox), 0)`).run()

	// The app never runs ANALYZE (no sqlite_stat1), so neither does the bench: the planner
	// sees what a real deployment's planner sees.
	sqlite.pragma('journal_mode = WAL')
	await close()
	return { members: benchMembers, forums, postCount, locked, seconds: (performance.now() - t0) / 1000 }
}

export function fileSizeMb(file: string): number {
	const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0)
	return Math.round((size(file) + size(`${file}-wal`)) / 1e6)
}

export const corpusFile = (dir: string, posts: number, threads: number) => path.join(dir, `forums-${posts}-${threads}.db`)
