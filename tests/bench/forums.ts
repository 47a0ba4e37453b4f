/**
 * The forums part of `npm run bench` (issue: "with 1,000,000 posts in 50,000 threads,
 * report p50/p95 for a thread page, a forum's thread list and posting a reply, at 20
 * concurrent connections; target p95 < 50 ms for reads, < 100 ms for writes").
 *
 * Builds the corpus (forum-corpus.ts), starts the real server on it, and measures each
 * scenario alone: a short warm-up, then requests one at a time (unloaded latency), then
 * CONNECTIONS concurrent connections for BENCH_API_SECONDS. Figures are reported next to
 * the targets, never asserted.
 *
 * Search: the corpus is written past the app, so no thread is in the search outbox and
 * none is indexed (indexing a million posts would take the bench longer than the rest and
 * its background drain would dominate the figures). The server drains only the demo
 * cases at start. A reply still re-indexes its own thread synchronously (syncSearchSoon),
 * as in production, into an index that otherwise holds no threads — a slight flattery.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rng } from '../../search/bench'
import { BENCH_MEMBERS, corpusFile, fileSizeMb, fillForums, prepareForumSchema, type BenchForum, type BenchMember, type ForumCorpus } from './forum-corpus'
import { forumPostBody } from './forum-text'
import { BENCH_WORKERS, closedLoop, CONNECTIONS, oneAtATime, startServer, type BenchRequest, type LoadResult, type SqlTally } from './http-load'

const POSTS_PER_PAGE = 20 // app/models/forums.server.ts
const THREADS_PER_PAGE = 30
const TARGET_READ_MS = 50
const TARGET_WRITE_MS = 100
const WARMUP_SECONDS = 2

export interface ForumBenchOptions {
	root: string
	tmp: string
	posts: number
	threads: number
	seconds: number
}

export type ForumRow = Record<string, string | number>

// Each scenario's requests are also reported by group, to show what the cost grows with.
const THREAD_PAGE_TAGS = ['one-page threads', 'threads of 2–10 pages', 'threads of 11+ pages']
const FORUM_LIST_TAGS = ['first page', 'later pages']
const REPLY_TAGS = ['threads of ≤ 20 posts', 'threads of 21–200 posts', 'threads of 201+ posts']

interface Scenario {
	name: string
	next: (n: number) => BenchRequest
	/** The p95 target in ms; null for the floor, which is measured for reference only. */
	target: number | null
	/** Requests one at a time, for the unloaded latency. */
	single: number
	tags: string[]
}

function scenarios(corpus: ForumCorpus, base: string, seed: number) {
	const r = rng(seed)
	const readableCache = new Map<string, BenchForum[]>()
	const readable = (m: BenchMember) => {
		const key = m.regions.join(',')
		let forums = readableCache.get(key)
		if (!forums) {
			forums = corpus.forums.filter((f) => f.threadIds.length && (f.kind === 'interregional' || (f.kind === 'region' && m.regions.includes(f.regionSlug ?? ''))))
			readableCache.set(key, forums)
		}
		return forums
	}
	// A thread the member may read, every thread of their forums equally likely.
	const threadFor = (m: BenchMember) => {
		const forums = readable(m)
		let x = Math.floor(r() * forums.reduce((n, f) => n + f.threadIds.length, 0))
		for (const f of forums) {
			if (x < f.threadIds.length) return f.threadIds[x]
			x -= f.threadIds.length
		}
		return forums[0].threadIds[0]
	}
	const member = (n: number) => corpus.members[n % corpus.members.length]
	const cookie = (m: BenchMember) => ({ Cookie: `portal_session=${m.token}`, Accept: 'text/html' })
	const ok200 = (s: number) => s === 200

	return {
		/**
		 * The floor: what this machine and stack answer at 20 connections for requests that do
		 * almost nothing. /healthz goes through Remix to one loader (a `select 1` and the search
		 * engine's state, no page);
		 * the sign-in page renders the layout and a form and reads nothing. Every member page
		 * does that and more, so the second shows how far a target is from what the stack allows.
		 */
		health(): BenchRequest {
			return { url: `${base}/healthz`, ok: ok200 }
		},
		signInPage(): BenchRequest {
			return { url: `${base}/login`, init: { headers: { Accept: 'text/html' } }, ok: ok200 }
		},
		/** A thread page, any page of it equally likely. */
		threadPage(n: number): BenchRequest {
			const m = member(n)
			const id = threadFor(m)
			const pages = Math.max(1, Math.ceil(corpus.postCount[id] / POSTS_PER_PAGE))
			const page = 1 + Math.floor(r() * pages)
			const tag = THREAD_PAGE_TAGS[pages === 1 ? 0 : pages <= 10 ? 1 : 2]
			return { url: `${base}/threads/${id}?page=${page}`, init: { headers: cookie(m) }, ok: ok200, tag }
		},
		/** A forum's thread list: half the views on the first page, as readers land there; the rest on any page. */
		forumList(n: number): BenchRequest {
			const m = member(n)
			const forums = readable(m)
			const f = forums[Math.floor(r() * forums.length)]
			const pages = Math.max(1, Math.ceil(f.threadIds.length / THREADS_PER_PAGE))
			const page = r() < 0.5 ? 1 : 1 + Math.floor(r() * pages)
			return { url: `${base}/forums/${f.slug}?page=${page}`, init: { headers: cookie(m) }, ok: ok200, tag: FORUM_LIST_TAGS[page === 1 ? 0 : 1] }
		},
		/** A reply from the next member in turn to a thread they may read and that is open. */
		reply(n: number): BenchRequest {
			const m = member(n)
			let id = threadFor(m)
			while (corpus.locked[id]) id = threadFor(m)
			const size = corpus.postCount[id]
			const tag = REPLY_TAGS[size <= 20 ? 0 : size <= 200 ? 1 : 2]
			const mention = r() < 0.02 ? 'BRA001' : null
			return {
				url: `${base}/threads/${id}`,
				init: {
					method: 'POST',
					redirect: 'manual',
					// The gate refuses a write whose Origin is not the portal's own.
					headers: { ...cookie(m), Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ body: forumPostBody(r, mention) }).toString(),
				},
				// A reply that went through answers with a redirect to its page.
				ok: (s) => s === 302 || s === 303,
				tag,
			}
		},
	}
}

const fmt = (x: number) => x.toFixed(1)

function verdict(p95: number, target: number) {
	return p95 < target ? `within (${fmt(p95)} < ${target})` : `over: ${fmt(p95)} ms is ×${(p95 / target).toFixed(1)} the target`
}

/** Lines the server logged while a scenario ran: errors there explain failures and outliers. */
function errorLines(text: string): string[] {
	return text.split('\n').filter((l) => /error|fail|busy|locked/i.test(l))
}

export async function benchForums(o: ForumBenchOptions): Promise<ForumRow[]> {
	const file = corpusFile(o.tmp, o.posts, o.threads)
	fs.mkdirSync(path.dirname(file), { recursive: true })
	console.log(`Forums: ${o.posts.toLocaleString('en')} posts in ${o.threads.toLocaleString('en')} threads, ${BENCH_MEMBERS.toLocaleString('en')} members`)
	const t0 = performance.now()
	await prepareForumSchema(file, path.join(o.root, 'content'))
	const schemaSeconds = (performance.now() - t0) / 1000
	// Before building the corpus, check this build of the server opens the schema (and let it drain the demo cases).
	await (await startServer(o.root, file)).stop()
	const corpus = await fillForums(file, { posts: o.posts, threads: o.threads })
	console.log(
		`  corpus built in ${(schemaSeconds + corpus.seconds).toFixed(1)} s (migrations and content ${schemaSeconds.toFixed(1)} s, forums ${corpus.seconds.toFixed(1)} s), ${fileSizeMb(file)} MB; no ANALYZE (the app never runs it)`,
	)

	const server = await startServer(o.root, file, { workers: BENCH_WORKERS })
	const rows: ForumRow[] = []
	try {
		const s = scenarios(corpus, server.base, 5)
		const plan: Scenario[] = [
			{ name: 'floor: /healthz', next: s.health, target: null, single: 100, tags: [] },
			{ name: 'floor: sign-in page', next: s.signInPage, target: null, single: 100, tags: [] },
			{ name: 'thread page', next: s.threadPage, target: TARGET_READ_MS, single: 200, tags: THREAD_PAGE_TAGS },
			{ name: 'forum thread list', next: s.forumList, target: TARGET_READ_MS, single: 200, tags: FORUM_LIST_TAGS },
			{ name: 'post a reply', next: s.reply, target: TARGET_WRITE_MS, single: 100, tags: REPLY_TAGS },
		]
		// Replies come last: they grow the threads the reads would otherwise measure.
		// One counter for every request, so members take turns across warm-up and measurement.
		let counter = 0
		for (const sc of plan) {
			const next = () => sc.next(counter++)
			await closedLoop({ seconds: WARMUP_SECONDS, next })
			const single = await oneAtATime(Array.from({ length: sc.single }, next))
			const logMark = server.log().length
			await server.sqlProfile() // counts from here on
			const loadBefore = os.loadavg()[0]
			const load = await closedLoop({ seconds: o.seconds, next })
			const loadAfter = os.loadavg()[0]
			report(sc, single, load, errorLines(server.log(logMark).text), [loadBefore, loadAfter])
			reportSql(await server.sqlProfile(), load.count)
			rows.push({
				scenario: sc.name,
				one_p50: single.p50,
				one_p95: single.p95,
				p50: load.p50,
				p95: load.p95,
				p99: load.p99,
				max: load.max,
				rps: load.requestsPerSecond,
				errors: load.errors,
				target_p95: sc.target === null ? '—' : `< ${sc.target}`,
				verdict: sc.target === null ? 'reference' : load.p95 < sc.target ? 'within' : 'over',
				load_avg: Number(((loadBefore + loadAfter) / 2).toFixed(1)),
			})
		}
	} finally {
		await server.stop()
	}
	return rows
}

function report({ name, target, tags }: Scenario, single: LoadResult, load: LoadResult, logged: string[], loadAverage: number[]) {
	// Other work on the machine shows in the figures: say how busy it was (the bench itself adds about 2).
	console.log(`  ${name}  (load average ${loadAverage.map((x) => x.toFixed(1)).join(' → ')} on ${os.cpus().length} cores)`)
	console.log(`    one at a time       p50 ${fmt(single.p50)} ms  p95 ${fmt(single.p95)} ms  (${single.count} requests, errors ${single.errors})`)
	console.log(
		`    ${CONNECTIONS} connections      p50 ${fmt(load.p50)} ms  p95 ${fmt(load.p95)} ms  p99 ${fmt(load.p99)} ms  max ${fmt(load.max)} ms  ${load.requestsPerSecond} req/s  ${load.count} requests  errors ${load.errors}${load.errors ? ` ${JSON.stringify(load.statuses)}` : ''}`,
	)
	for (const [tag, t] of Object.entries(load.byTag).sort(([a], [b]) => tags.indexOf(a) - tags.indexOf(b)))
		console.log(`      ${tag.padEnd(24)} p50 ${fmt(t.p50)} ms  p95 ${fmt(t.p95)} ms  p99 ${fmt(t.p99)} ms  (${t.count}, errors ${t.errors})`)
	if (target === null) console.log(`    reference: every request below does more than this one, so its p95 will not be lower`)
	else console.log(`    target p95 < ${target} ms: ${verdict(load.p95, target)}`)
	if (logged.length) {
		console.log(`    the server logged ${logged.length} error line(s) meanwhile, e.g.:`)
		for (const l of [...new Set(logged)].slice(0, 3)) console.log(`      ${l.slice(0, 200)}`)
	}
}

/** With BENCH_SQL_PROFILE: where the scenario's time in SQLite went, per request. */
function reportSql(tallies: SqlTally[] | null, requests: number) {
	if (!tallies) return
	const total = tallies.reduce((n, t) => n + t.ms, 0)
	console.log(`    SQL: ${fmt(total / Math.max(1, requests))} ms a request in SQLite (statements run synchronously on the server's one thread); most time:`)
	for (const t of tallies.slice(0, 8))
		console.log(`      ${fmt(t.ms / Math.max(1, requests)).padStart(6)} ms/req  ${String(t.calls).padStart(6)} calls  max ${fmt(t.max).padStart(6)} ms  ${t.sql.slice(0, 150)}`)
}
