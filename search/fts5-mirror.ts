import type BetterSqlite3 from 'better-sqlite3'
import { DOC_TYPES } from './normalize'
import type { SearchDocType } from './types'

/**
 * An in-memory copy of `search_fts_rows` (type, ACL set, year, date, facet value ids per
 * document) in typed arrays. Counting facets and types in SQL costs 20-40 ms at 100,000
 * documents (GROUP BY sorts, a join per match); the same counts over typed arrays cost
 * a few milliseconds.
 *
 * It is a cache of the database, so it must never be stale where access is concerned.
 * refresh() runs inside the search's read transaction: it compares the table epoch and
 * the last change sequence in that snapshot and replays logged changes (or reloads), so
 * the mirror is exactly the snapshot the FTS5 queries of that search read. A document
 * the mirror does not know is treated as invisible.
 */

const REPLAY_LIMIT = 20_000
const DAY = 86_400_000
const DOC_SPAN = 2 ** 21
export const NO_YEAR = -1

type Row = [number, string, number, number | null, number | null, string]

export function createMirror(sqlite: BetterSqlite3.Database) {
	let epoch: string | null = null
	let seq = 0
	let cap = 0
	let present = new Uint8Array(0)
	let type = new Uint8Array(0)
	let acl = new Uint32Array(0)
	let year = new Int16Array(0)
	let date = new Float64Array(0)
	// Facet value ids of doc d are pool[start[d] .. start[d] + count[d]); updates append.
	let start = new Uint32Array(0)
	let count = new Uint8Array(0)
	let pool = new Uint32Array(0)
	let used = 0
	let live = 0
	let docs = 0
	let maxDoc = 0
	const values: { facet: string; value: string }[] = []
	const valueIds = new Map<string, number>()
	const facetValues = new Map<string, number[]>()
	const aclTags: string[][] = []
	// Dated documents oldest first, as day * 2^21 + doc (both fit a double exactly); rebuilt lazily after changes.
	let byDate: Float64Array | null = null

	let stmts: ReturnType<typeof prepare> | null = null
	function prepare() {
		const q = (sql: string) => sqlite.prepare(sql)
		return {
			epoch: q(`SELECT value FROM search_fts_meta WHERE name = 'epoch'`).pluck(),
			maxSeq: q('SELECT coalesce(max(seq), 0) FROM search_fts_changes').pluck(),
			minSeq: q('SELECT coalesce(min(seq), 0) FROM search_fts_changes').pluck(),
			changed: q('SELECT DISTINCT doc FROM search_fts_changes WHERE seq > ?').pluck(),
			row: q('SELECT doc, type, acl, year, date_ts, facets FROM search_fts_rows WHERE doc = ?').raw(),
			rows: q('SELECT doc, type, acl, year, date_ts, facets FROM search_fts_rows').raw(),
			values: q('SELECT id, facet, value FROM search_fts_facet_values WHERE id >= ?').raw(),
			acls: q('SELECT id, tags FROM search_fts_acl WHERE id >= ?').raw(),
		}
	}

	function resize<T extends Uint8Array | Uint32Array | Int16Array | Float64Array>(a: T, n: number, fill = 0): T {
		const b = new (a.constructor as new (n: number) => T)(n)
		if (fill) b.fill(fill)
		b.set(a)
		return b
	}

	function grow(doc: number): void {
		if (doc < cap) return
		let n = Math.max(1024, cap)
		while (n <= doc) n *= 2
		present = resize(present, n)
		type = resize(type, n)
		acl = resize(acl, n)
		year = resize(year, n, NO_YEAR)
		date = resize(date, n, Number.NaN)
		start = resize(start, n)
		count = resize(count, n)
		cap = n
	}

	function setRow([doc, t, a, y, ts, f]: Row): void {
		byDate = null
		grow(doc)
		if (present[doc]) unset(doc)
		present[doc] = 1
		docs++
		type[doc] = DOC_TYPES.indexOf(t as SearchDocType)
		acl[doc] = a
		year[doc] = y ?? NO_YEAR
		date[doc] = ts ?? Number.NaN
		const ids = f ? f.split(',') : []
		if (used + ids.length > pool.length) pool = resize(pool, Math.max(4096, (used + ids.length) * 2))
		start[doc] = used
		count[doc] = Math.min(255, ids.length)
		live += count[doc]
		for (let k = 0; k < count[doc]; k++) pool[used++] = Number(ids[k])
		if (doc > maxDoc) maxDoc = doc
	}

	function unset(doc: number): void {
		if (doc >= cap || !present[doc]) return
		byDate = null
		present[doc] = 0
		docs--
		live -= count[doc]
		count[doc] = 0
	}

	function loadDictionaries(): void {
		const s = stmts as ReturnType<typeof prepare>
		for (const [id, facet, value] of s.values.all(values.length) as [number, string, string][]) {
			values[id] = { facet, value }
			valueIds.set(valueKey(facet, value), id)
			const list = facetValues.get(facet)
			if (list) list.push(id)
			else facetValues.set(facet, [id])
		}
		for (const [id, tags] of s.acls.all(aclTags.length) as [number, string][]) aclTags[id] = JSON.parse(tags) as string[]
	}

	function loadAll(e: string, maxSeq: number): void {
		const s = stmts as ReturnType<typeof prepare>
		cap = 0
		used = 0
		live = 0
		docs = 0
		maxDoc = 0
		present = new Uint8Array(0)
		type = new Uint8Array(0)
		acl = new Uint32Array(0)
		year = new Int16Array(0)
		date = new Float64Array(0)
		start = new Uint32Array(0)
		count = new Uint8Array(0)
		values.length = 0
		valueIds.clear()
		facetValues.clear()
		aclTags.length = 0
		loadDictionaries()
		for (const row of s.rows.iterate() as IterableIterator<Row>) setRow(row)
		epoch = e
		seq = maxSeq
	}

	return {
		/** Bring the mirror to the current snapshot. Call inside the search's read transaction. */
		refresh(): void {
			stmts ??= prepare()
			const e = stmts.epoch.get() as string
			const maxSeq = stmts.maxSeq.get() as number
			if (e !== epoch) return loadAll(e, maxSeq)
			if (maxSeq === seq) return
			// The log is pruned; if it no longer reaches back to us, or replay would be slower, reload.
			if ((stmts.minSeq.get() as number) > seq + 1 || maxSeq - seq > REPLAY_LIMIT) return loadAll(e, maxSeq)
			loadDictionaries()
			for (const doc of stmts.changed.all(seq) as number[]) {
				const row = stmts.row.get(doc) as Row | undefined
				if (row) setRow(row)
				else unset(doc)
			}
			seq = maxSeq
			// Replaced rows leave holes in the pool; compact when they dominate.
			if (used > 2 * live + 65_536) loadAll(e, maxSeq)
		},
		/**
		 * The start (ms) of the day of the `k`-th most recent dated document that `accept`
		 * allows, walking from the newest; -Infinity when fewer than `k` qualify.
		 */
		recentDay(k: number, accept: (doc: number) => boolean): number {
			if (maxDoc >= DOC_SPAN) return Number.NEGATIVE_INFINITY
			if (!byDate) {
				const keys = new Float64Array(docs)
				let n = 0
				for (let d = 0; d <= maxDoc; d++) if (present[d] === 1 && !Number.isNaN(date[d])) keys[n++] = Math.max(0, Math.floor(date[d] / DAY)) * DOC_SPAN + d
				byDate = keys.subarray(0, n).sort()
			}
			let found = 0
			for (let i = byDate.length - 1; i >= 0; i--) {
				const key = byDate[i]
				const doc = key % DOC_SPAN
				if (accept(doc) && ++found === k) return Math.floor(key / DOC_SPAN) * DAY
			}
			return Number.NEGATIVE_INFINITY
		},
		/** The snapshot the mirror holds (after refresh): equal generations mean an identical index. */
		get generation(): string {
			return `${epoch}#${seq}`
		},
		/** Statements refer to tables that clear() recreates. */
		reset(): void {
			stmts = null
			epoch = null
		},
		get view() {
			return { present, type, acl, year, date, start, count, pool, values, valueIds, facetValues, aclTags, maxDoc, docs }
		},
	}
}

export type Mirror = ReturnType<typeof createMirror>
export type MirrorView = Mirror['view']

export function valueKey(facet: string, value: string): string {
	return `${facet}\u0000${value}`
}
