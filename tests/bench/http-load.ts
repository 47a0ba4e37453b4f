/**
 * What the benchmark parts share: the real server (server.ts over build/) on a free port
 * against a given database, and a closed-loop load of N concurrent connections.
 */
import { spawn } from 'node:child_process'
import net from 'node:net'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stats, type BenchStats } from '../../search/bench'

export const CONNECTIONS = 20

// 3210, 3298 and 3299 belong to the end-to-end tests, which may run at the same time.
const PORT_RANGE = [3410, 3900] as const

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer()
		probe.once('error', () => resolve(false))
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
	})
}

export async function freePort(): Promise<number> {
	for (let i = 0; i < 50; i++) {
		const port = PORT_RANGE[0] + Math.floor(Math.random() * (PORT_RANGE[1] - PORT_RANGE[0]))
		if (await portIsFree(port)) return port
	}
	throw new Error(`No free port in ${PORT_RANGE.join('–')}`)
}

export interface SqlTally {
	sql: string
	calls: number
	ms: number
	max: number
}

export interface RunningServer {
	base: string
	/** What the server printed after `since` characters of output (the last 1 MB at most), and the count so far. */
	log(since?: number): { text: string; length: number }
	/** With BENCH_SQL_PROFILE: the statements run since the last call, most time first (else null). */
	sqlProfile(): Promise<SqlTally[] | null>
	stop(): Promise<void>
}

const sqlProfileFile = process.env.BENCH_SQL_PROFILE ? path.resolve(process.env.BENCH_SQL_PROFILE) : null
const sqlProfileModule = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql-profile.ts')).href
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

/**
 * Starts server.ts as production does. Its output is kept, not discarded: a server that
 * dies at start (say, build/ older than db/migrations) or logs errors under load must
 * show up in the report rather than as a wall of connection errors.
 */
/**
 * Worker processes for the case and forum measurements (BENCH_WORKERS, default 1 as in
 * `npm start`; WEB_CONCURRENCY in production). On our 2-core machine two workers raised the
 * case API's throughput by 60-80 % but did not help the forum pages, whose load generator
 * shares the two cores. The SQL profile is read from one process: keep 1 with it.
 */
export const BENCH_WORKERS = Number(process.env.BENCH_WORKERS || 1)

export async function startServer(root: string, dbFile: string, opts: { workers?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
	const port = await freePort()
	// BENCH_CPU_PROFILE=<dir>: each server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
	const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : []
	// BENCH_SQL_PROFILE=<file>: time every SQL statement in the server (sql-profile.ts).
	const sqlProfile = sqlProfileFile ? ['--import', sqlProfileModule] : []
	// The heap cap of `npm start` (package.json): without it V8 lets a busy server's heap grow to about 1 GB before collecting.
	const server = spawn(process.execPath, [...profile, '--max-old-space-size=512', '--import', 'tsx', ...sqlProfile, 'server.ts'], {
		cwd: root,
		env: { ...process.env, WEB_CONCURRENCY: String(opts.workers ?? 1), BENCH_SQL_PROFILE: sqlProfileFile ?? '', NODE_ENV: 'production', INSECURE_COOKIES: '1', PORT: String(port), DATABASE_PATH: dbFile, MAIL_DIR: path.join(path.dirname(dbFile), 'mail'), ...opts.env },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	let received = 0
	const keep = (chunk: Buffer) => {
		const text = chunk.toString()
		received += text.length
		output = (output + text).slice(-1_000_000)
	}
	server.stdout.on('data', keep)
	server.stderr.on('data', keep)
	let exited: number | null = null
	const exit = new Promise<void>((resolve) =>
		server.on('exit', (code) => {
			exited = code ?? 1
			resolve()
		}),
	)
	const base = `http://127.0.0.1:${port}`
	for (let i = 0; ; i++) {
		if (exited !== null) throw new Error(`The server exited (code ${exited}) before answering /healthz. Is build/ current (npm run build)? Its output:\n${output}`)
		if (i === 300) {
			server.kill('SIGKILL')
			throw new Error(`The server did not answer /healthz within 60 s. Its output:\n${output}`)
		}
		try {
			// Under WEB_CONCURRENCY the supervisor says "listening" once every worker does.
			if (output.includes('listening on') && (await fetch(`${base}/healthz`)).ok) break
		} catch {}
		await new Promise((r) => setTimeout(r, 200))
	}
	return {
		base,
		log: (since = 0) => ({ text: output.slice(output.length - Math.min(output.length, received - since)), length: received }),
		async sqlProfile() {
			if (!sqlProfileFile || exited !== null) return null
			const before = lines(sqlProfileFile).length
			server.kill('SIGUSR2')
			for (let i = 0; i < 50 && lines(sqlProfileFile).length === before; i++) await new Promise((r) => setTimeout(r, 100))
			const last = lines(sqlProfileFile).slice(before).at(-1)
			return last ? (JSON.parse(last) as SqlTally[]) : null
		},
		async stop() {
			if (exited !== null) return
			server.kill('SIGTERM')
			// Wait for it to close the database, so the temporary files can be removed.
			const timer = setTimeout(() => server.kill('SIGKILL'), 10_000)
			await exit
			clearTimeout(timer)
		},
	}
}

export interface BenchRequest {
	url: string
	init?: RequestInit
	/** Whether the answer counts as a success. */
	ok(status: number): boolean
	/** Groups the request for a separate line in the report (first page, large thread…). */
	tag?: string
}

export interface LoadResult extends BenchStats {
	requestsPerSecond: number
	errors: number
	/** Unexpected answers by status ('network' for a failed connection). */
	statuses: Record<string, number>
	byTag: Record<string, BenchStats & { errors: number }>
}

async function timed(req: BenchRequest): Promise<{ ms: number; status: number | 'network' }> {
	const t = performance.now()
	try {
		const r = await fetch(req.url, req.init)
		// The whole body, as a browser would wait for it.
		await r.arrayBuffer()
		return { ms: performance.now() - t, status: r.status }
	} catch {
		return { ms: performance.now() - t, status: 'network' }
	}
}

function summarize(samples: Array<{ ms: number; failed: boolean; status: number | 'network'; tag?: string }>, seconds: number): LoadResult {
	const statuses: Record<string, number> = {}
	const tags = new Map<string, typeof samples>()
	for (const s of samples) {
		if (s.failed) statuses[s.status] = (statuses[s.status] ?? 0) + 1
		if (!s.tag) continue
		const group = tags.get(s.tag)
		if (group) group.push(s)
		else tags.set(s.tag, [s])
	}
	const byTag: LoadResult['byTag'] = {}
	for (const [tag, xs] of tags) byTag[tag] = { ...stats(xs.map((x) => x.ms)), errors: xs.filter((x) => x.failed).length }
	return {
		...stats(samples.map((s) => s.ms)),
		requestsPerSecond: Math.round(samples.length / seconds),
		errors: samples.filter((s) => s.failed).length,
		statuses,
		byTag,
	}
}

/**
 * `connections` clients, each sending its next request as soon as the previous answer
 * has fully arrived, until `seconds` have passed. Node's fetch keeps one socket per
 * client busy, so this is `connections` concurrent keep-alive connections.
 */
export async function closedLoop(opts: { connections?: number; seconds: number; next: (n: number) => BenchRequest }): Promise<LoadResult> {
	const samples: Array<{ ms: number; failed: boolean; status: number | 'network'; tag?: string }> = []
	let n = 0
	const deadline = Date.now() + opts.seconds * 1000
	const started = performance.now()
	await Promise.all(
		Array.from({ length: opts.connections ?? CONNECTIONS }, async () => {
			while (Date.now() < deadline) {
				const req = opts.next(n++)
				const { ms, status } = await timed(req)
				samples.push({ ms, status, failed: status === 'network' || !req.ok(status), tag: req.tag })
			}
		}),
	)
	return summarize(samples, (performance.now() - started) / 1000)
}

/** Unloaded latency: the requests one after another on one connection. */
export async function oneAtATime(requests: BenchRequest[]): Promise<LoadResult> {
	const samples: Array<{ ms: number; failed: boolean; status: number | 'network'; tag?: string }> = []
	const started = performance.now()
	for (const req of requests) {
		const { ms, status } = await timed(req)
		samples.push({ ms, status, failed: status === 'network' || !req.ok(status), tag: req.tag })
	}
	return summarize(samples, (performance.now() - started) / 1000)
}
