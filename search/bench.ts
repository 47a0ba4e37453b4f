/**
 * Engine latency measurement, used by the project benchmark and runnable alone:
 *   npx tsx search/bench.ts 10000 100000
 * The synthetic corpus is deterministic (seeded) and shaped like the portal's content:
 * Zipf-distributed vocabulary, case ids, facets, restricted documents, some Chinese.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { SearchDocType, SearchDocument, SearchEngine, SearchQuery } from './types'

export interface BenchStats {
	count: number
	p50: number
	p95: number
	p99: number
	mean: number
	max: number
}

export interface BenchOptions {
	/** Indexed first (after clear) when given; omit to measure an engine already filled. */
	docs?: SearchDocument[]
	queries: SearchQuery[]
	/** Passes over the query list (default 3); the first pass is also run once untimed as warm-up. */
	rounds?: number
	batchSize?: number
}

export async function benchEngine(engine: SearchEngine, opts: BenchOptions): Promise<BenchStats & { indexMs?: number }> {
	let indexMs: number | undefined
	if (opts.docs) {
		const t = performance.now()
		await engine.clear()
		await engine.init()
		const size = opts.batchSize ?? 1000
		for (let i = 0; i < opts.docs.length; i += size) await engine.upsert(opts.docs.slice(i, i + size))
		indexMs = performance.now() - t
	}
	for (const q of opts.queries) await engine.search(q)
	const times: number[] = []
	for (let r = 0; r < (opts.rounds ?? 3); r++)
		for (const q of opts.queries) {
			const t = performance.now()
			await engine.search(q)
			times.push(performance.now() - t)
		}
	return { ...stats(times), indexMs }
}

export function stats(times: number[]): BenchStats {
	const s = [...times].sort((a, b) => a - b)
	const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0
	const round = (x: number) => Math.round(x * 100) / 100
	return {
		count: s.length,
		p50: round(at(0.5)),
		p95: round(at(0.95)),
		p99: round(at(0.99)),
		mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
		max: round(s[s.length - 1] ?? 0),
	}
}

// Deterministic PRNG so runs are comparable.
export function rng(seed: number) {
	let a = seed >>> 0
	return () => {
		a = (a + 0x6d2b79f5) >>> 0
		let t = a
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}

const DOMAIN = [
	'firearms', 'trafficking', 'smuggling', 'ammunition', 'prosecutor', 'court', 'judgment', 'conviction', 'appeal', 'evidence',
	'weapons', 'pistols', 'rifles', 'border', 'customs', 'parcel', 'postal', 'darknet', 'laundering', 'diversion',
	'markings', 'serial', 'licence', 'import', 'export', 'broker', 'investigation', 'sentence', 'defendant', 'witness',
]
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'va', 'den', 'tor', 'ist', 'ar', 'el', 'on', 'pre', 'con', 'ment', 'ing', 'ally']
const ZH = ['枪支', '邮包', '走私', '弹药', '法院', '检察官', '判决', '贩运', '海关', '边境', '调查', '证据', '非法', '制造', '持有', '布基纳法索', '巴西', '尼日利亚']
const COUNTRIES = ['BRA', 'NGA', 'BFA', 'ARG', 'COL', 'MEX', 'ZAF', 'KEN', 'FRA', 'ESP', 'DEU', 'USA', 'CHN', 'IND', 'PHL', 'GHA', 'CIV', 'CMR', 'ECU', 'PER']
const CRIMES = ['illicit-trafficking', 'illicit-manufacturing', 'illicit-possession', 'diversion', 'postal-trafficking', 'money-laundering', 'terrorism-link', 'ammunition-trafficking']
const NAMES = ['Okafor', 'Silva', 'Fernandez', 'Traore', 'Mensah', 'Kamau', 'Dubois', 'Garcia', 'Nguyen', 'Petrov', 'Haddad', 'Mbeki']
const TYPES: SearchDocType[] = ['case', 'case', 'case', 'thread', 'thread', 'thread', 'guidance', 'recommendation', 'event', 'person']

export function syntheticCorpus(n: number, seed = 1): SearchDocument[] {
	const rand = rng(seed)
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
	const vocab: string[] = []
	for (let i = 0; i < 8000; i++) {
		let w = ''
		const k = 2 + Math.floor(rand() * 3)
		for (let j = 0; j < k; j++) w += pick(SYLLABLES)
		vocab.push(w)
	}
	// Zipf-like: word i has weight 1/(i+1).
	const zipf = () => vocab[Math.floor(Math.exp(rand() * Math.log(vocab.length)) - 1)]
	const docs: SearchDocument[] = []
	for (let i = 0; i < n; i++) {
		const type = pick(TYPES)
		const country = pick(COUNTRIES)
		const zh = rand() < 0.05
		const words: string[] = []
		const len = 60 + Math.floor(rand() * 240)
		for (let j = 0; j < len; j++) words.push(zh ? pick(ZH) : rand() < 0.08 ? pick(DOMAIN) : zipf())
		const id = `${country}${String(i).padStart(6, '0')}`
		const name = pick(NAMES)
		const title = type === 'case' ? `Prosecutor v. ${name} ${i}` : zh ? `${pick(ZH)}${pick(ZH)}案` : `${pick(DOMAIN)} ${zipf()} ${zipf()} ${pick(DOMAIN)}`
		const r = rand()
		const access = r < 0.8 ? ['all'] : r < 0.9 ? ['staff'] : [`region:r${Math.floor(rand() * 5)}`]
		const year = 2000 + Math.floor(rand() * 26)
		const undated = rand() < 0.03
		docs.push({
			key: `${type}:${id}`,
			type,
			id,
			title,
			body: words.join(zh ? '' : ' ') + (type === 'case' ? ` The defendant ${name} was tried in ${country}.` : ''),
			exactTerms: type === 'case' ? [id] : [],
			language: zh ? 'zh' : 'en',
			date: undated ? null : `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
			facets: { country: [country], crime_type: [...new Set([pick(CRIMES), pick(CRIMES)])], language: [zh ? 'zh' : 'en'] },
			access,
			url: `/${type}/${id}`,
		})
	}
	return docs
}

/** A mix of realistic queries, half of them filtered, for a reader with partial access. */
export function syntheticQueries(): SearchQuery[] {
	const reader = { access: ['all', 'region:r1'], page: 1, perPage: 20, facets: ['country', 'crime_type'] }
	const texts = [
		'trafficking', 'firearms smuggling', '"postal parcel"', 'trafficing', 'BRA000042', 'Prosecutor v. Okafor 42', '枪支', '布基纳法索',
		'customs -border', 'darknet OR postal', 'weapons evidence court', 'kalomi', 'sentence appeal', '',
	]
	const queries: SearchQuery[] = []
	for (const q of texts) {
		queries.push({ ...reader, q })
		queries.push({ ...reader, q, filters: { country: ['BRA', 'NGA'] }, types: ['case'] })
		queries.push({ ...reader, q, filters: { crime_type: ['diversion'] }, yearFrom: 2010, yearTo: 2020, sort: 'newest' })
		queries.push({ ...reader, q, page: 3 })
	}
	return queries
}

async function main(sizes: number[]): Promise<void> {
	const { default: SQLite } = await import('better-sqlite3')
	const { createFts5Engine } = await import('./fts5')
	for (const size of sizes) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-'))
		const sqlite = new SQLite(path.join(dir, 'bench.db'))
		sqlite.pragma('journal_mode = WAL')
		// Without the result cache, which would answer every timed repeat of the mix.
		const engine = createFts5Engine(sqlite, { resultCache: 0 })
		const docs = syntheticCorpus(size)
		const queries = syntheticQueries()
		const all = await benchEngine(engine, { docs, queries })
		const filtered = await benchEngine(engine, { queries: queries.filter((q) => q.filters) })
		const plain = await benchEngine(engine, { queries: queries.filter((q) => !q.filters) })
		console.log(`fts5 ${size} docs: indexed in ${Math.round(all.indexMs ?? 0)} ms`)
		console.log(`  all        p50 ${all.p50} ms  p95 ${all.p95} ms  p99 ${all.p99} ms  max ${all.max} ms`)
		console.log(`  unfiltered p50 ${plain.p50} ms  p95 ${plain.p95} ms`)
		console.log(`  filtered   p50 ${filtered.p50} ms  p95 ${filtered.p95} ms`)
		if (process.env.BENCH_DETAIL) {
			for (const q of queries) {
				const s = await benchEngine(engine, { queries: [q], rounds: 5 })
				console.log(`  ${s.p50.toFixed(2).padStart(7)} ms  ${JSON.stringify({ q: q.q, f: q.filters, s: q.sort, p: q.page })}`)
			}
		}
		sqlite.close()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
	await main(sizes.length ? sizes : [10_000])
}
