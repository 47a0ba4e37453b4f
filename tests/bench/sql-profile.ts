/**
 * Loaded into the benchmark's server (node --import) when BENCH_SQL_PROFILE is set: times
 * every statement the process runs through better-sqlite3 (Kysely's queries, lucia's, the
 * search engine's; a commit's time includes its fsync) without touching app code. On
 * SIGUSR2 it appends the totals since the last signal to the file named by
 * BENCH_SQL_PROFILE as one JSON line and starts counting afresh; the bench signals after
 * each scenario.
 */
import fs from 'node:fs'
import SQLite from 'better-sqlite3'

interface Tally {
	calls: number
	ms: number
	max: number
}

const file = process.env.BENCH_SQL_PROFILE
let tallies = new Map<string, Tally>()

if (file) {
	const probe = new SQLite(':memory:')
	const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>
	probe.close()
	for (const method of ['run', 'get', 'all'] as const) {
		const original = proto[method] as (this: { source: string }, ...args: unknown[]) => unknown
		proto[method] = function (this: { source: string }, ...args: unknown[]) {
			const t = performance.now()
			try {
				return original.apply(this, args)
			} finally {
				const ms = performance.now() - t
				const sql = this.source.replace(/\s+/g, ' ').trim()
				const tally = tallies.get(sql) ?? { calls: 0, ms: 0, max: 0 }
				tally.calls++
				tally.ms += ms
				tally.max = Math.max(tally.max, ms)
				tallies.set(sql, tally)
			}
		}
	}
	process.on('SIGUSR2', () => {
		const rows = [...tallies].map(([sql, t]) => ({ sql, ...t })).sort((a, b) => b.ms - a.ms)
		fs.appendFileSync(file, `${JSON.stringify(rows)}\n`)
		tallies = new Map()
	})
}
