import type BetterSqlite3 from 'better-sqlite3'
import { type CompiledMatch, compileMatch } from './fts5-match'
import { createMirror, type MirrorView } from './fts5-mirror'
import { ensureSchema, recreateSchema } from './fts5-schema'
import { createResultCache, openedAccessSets, queryKey, RESULT_CACHE_DEFAULT, RESULT_CACHE_MAX_OFFSET } from './fts5-results'
import { createScratch } from './fts5-scratch'
import { createTally, pageByDate, recentDateOf, type Tally } from './fts5-tally'
import { createTypoIndex } from './fts5-typo'
import { createWriter } from './fts5-write'
import { emptyResult, normalizeQuery, type NormalizedQuery } from './normalize'
import { isEmptyQuery } from './query'
import { leadSnippet, makeSnippet, MARK_CLOSE, MARK_OPEN } from './snippet'
import { synonymsOf } from './synonyms'
import { foldWord, restoreIndexText } from './tokenize'
import type { SearchDocType, SearchEngine, SearchHit, SearchResult } from './types'

// bm25 weights for (exact, title, body): an identifier or title hit outranks any body.
const BM25 = 'bm25(search_fts_index, 20.0, 6.0, 1.0)'
/**
 * bm25 costs 0.5-1.5 µs a row, so ranking the 100,000 matches of a word every document
 * uses would cost 100 ms. Relevance therefore ranks a pool (see rankedPage) of about
 * twice this size. Totals and counts are always exact.
 */
export const RANK_POOL = 1000
const STATEMENT_CACHE = 256
const BOOST_EXACT = 4
const BOOST_TITLE = 2
const BOOST_LITERAL = 1

interface DocRow {
	doc: number
	key: string
	type: SearchDocType
	id: string
	title: string
	url: string
	date: string | null
	body: string
}

/**
 * SQLite FTS5 engine: always available, and kept in sync as the fallback for Meilisearch.
 *
 * Every FTS5 pass carries the filters inside its SQL, as `search_fts_visit(rowid)`: a
 * function that checks access, year, type and facets against the in-memory mirror of
 * the filter columns (fts5-mirror.ts) and counts what passes. So a document the reader
 * may not see is never ranked, paged or counted, and counting costs no GROUP BY.
 */
export function createFts5Engine(sqlite: BetterSqlite3.Database, opts: { resultCache?: number } = {}): SearchEngine {
	const results = createResultCache(opts.resultCache ?? RESULT_CACHE_DEFAULT)
	const typos = createTypoIndex(sqlite)
	const mirror = createMirror(sqlite)
	const scratch = createScratch()
	const statements = new Map<string, BetterSqlite3.Statement>()
	registerFunctions(sqlite)

	function stmt(sql: string): BetterSqlite3.Statement {
		let s = statements.get(sql)
		if (!s) {
			// Statements vary by IN-list length; a bounded cache keeps the common shapes hot.
			if (statements.size >= STATEMENT_CACHE) statements.clear()
			s = sqlite.prepare(sql)
			statements.set(sql, s)
		}
		return s
	}

	const synonyms = (word: string) => synonymsOf(foldWord(word))
	const expand = (word: string) => [...synonyms(word), ...typos.candidates(word)]

	const writer = createWriter(sqlite, stmt, typos)

	// A read transaction: the mirror refresh, the cache check and every FTS5 pass see one snapshot.
	const searchTx = sqlite.transaction((n: NormalizedQuery, committed: boolean) => {
		mirror.refresh()
		const view = mirror.view
		if (!committed) return runSearch(n, view)
		const key = `${openedAccessSets(view.aclTags, n.access)}|${queryKey(n)}`
		const kept = results.get(mirror.generation, key)
		if (kept) return kept
		const result = runSearch(n, view)
		if (n.offset < RESULT_CACHE_MAX_OFFSET) results.set(mirror.generation, key, result)
		return result
	})

	function resetStatements(): void {
		statements.clear()
		typos.reset()
		mirror.reset()
	}

	function runSearch(n: NormalizedQuery, view: MirrorView): SearchResult {
		const compiled = compileMatch(n.parsed, expand, synonyms)
		const tally = createTally(n, view, scratch)
		if (compiled.match && n.sort === 'relevance') {
			const docs = rankedPage(n, compiled, tally, view)
			const result = tally.result()
			result.hits = hits(docs, compiled.match)
			return result
		}
		if (compiled.match) visit('search_fts_index', compiled.match, tally.visit)
		else if (compiled.excluded) {
			const excluded = scratch.take('excluded', Uint8Array, view.maxDoc + 1)
			visit('search_fts_index', compiled.excluded, (doc) => ((excluded[doc] = 1), 0))
			tally.visitAll(excluded)
		} else if (isEmptyQuery(n.parsed)) tally.visitAll()
		const result = tally.result()
		if (tally.total > n.offset)
			result.hits = hits(pageByDate(tally.matched, view, n.sort === 'oldest' ? 'oldest' : 'newest', n.offset, n.perPage), compiled.match)
		return result
	}

	/** Runs one FTS5 expression through a visitor; the SQL returns only a count. */
	function visit(table: 'search_fts_index' | 'search_fts_head', match: string, fn: (doc: number) => number): void {
		withFunctions(fn, noBoost, () => stmt(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ? AND search_fts_visit(rowid)`).get(match))
	}

	/**
	 * One pass over the matches both counts (the visitor filters and tallies every match)
	 * and ranks: only the pool reaches bm25. The pool is every identifier, title-phrase and
	 * title match (the most recent RANK_POOL of them) plus the matches among the RANK_POOL
	 * most recent documents the filters allow. A query whose words are rare enough to leave
	 * the pool short of the page has short doclists, so ranking all its matches in a second
	 * pass is cheap.
	 */
	function rankedPage(n: NormalizedQuery, c: CompiledMatch, tally: Tally, view: MirrorView): number[] {
		const boost = scratch.take('boost', Uint8Array, view.maxDoc + 1)
		const pool = scratch.take('pool', Uint8Array, view.maxDoc + 1)
		const need = n.offset + n.perPage
		const pooling = need <= RANK_POOL && view.docs > RANK_POOL
		// Admits the most recent RANK_POOL of a set when pooling; they fill any pooled page.
		const admitRecent = (docs: number[], flag: number) => {
			const cut = pooling && docs.length > RANK_POOL ? recentDateOf(docs, view, RANK_POOL) : Number.NEGATIVE_INFINITY
			for (const d of docs) {
				boost[d] |= flag
				if (!(view.date[d] < cut)) pool[d] = 1
			}
		}
		if (c.exactKeys.length)
			admitRecent(stmt(`SELECT doc FROM search_fts_exact WHERE term IN (${marks(c.exactKeys.length)})`).pluck().all(...c.exactKeys) as number[], BOOST_EXACT)
		if (c.titlePhrase) admitRecent(collect('search_fts_head', c.titlePhrase), BOOST_TITLE)
		// Only after typo expansion, i.e. for a rare word, so its literal doclist is short.
		if (c.literal) admitRecent(collect('search_fts_index', c.literal), BOOST_LITERAL)
		if (pooling) admitRecent(collect('search_fts_head', c.positive as string), 0)
		// Recency is measured among documents the filters allow, so a year range or a rare
		// facet value does not leave the pool empty.
		const since = pooling ? mirror.recentDay(RANK_POOL, tally.passes) : Number.NEGATIVE_INFINITY
		const { date } = view
		let pooled = 0
		const admit = (d: number) => {
			if (tally.visit(d) === 0) return 0
			if (pooling && pool[d] === 0 && !(date[d] >= since)) return 0
			pooled++
			return 1
		}
		const page = rank(c.match as string, admit, boost, n)
		if (pooled >= need || pooled >= tally.total || tally.total <= n.offset) return page
		return rank(c.match as string, (d) => tally.inResult[d] ?? 0, boost, n)
	}

	function collect(table: 'search_fts_index' | 'search_fts_head', match: string): number[] {
		const docs: number[] = []
		visit(table, match, (d) => (docs.push(d), 0))
		return docs
	}

	function rank(match: string, admit: (doc: number) => number, boost: Uint8Array, n: NormalizedQuery): number[] {
		return withFunctions(
			admit,
			(d) => boost[d] ?? 0,
			() =>
				stmt(
					`SELECT rowid FROM search_fts_index WHERE search_fts_index MATCH ? AND search_fts_visit(rowid) ORDER BY search_fts_boost(rowid) DESC, ${BM25}, rowid DESC LIMIT ? OFFSET ?`,
				)
					.pluck()
					.all(match, n.perPage, n.offset) as number[],
		)
	}

	function hits(docs: number[], match: string | null): SearchHit[] {
		if (!docs.length) return []
		const rows = new Map(
			(stmt(`SELECT doc, key, type, id, title, url, date, body FROM search_fts_docs WHERE doc IN (${marks(docs.length)})`).all(...docs) as DocRow[]).map(
				(r) => [r.doc, r],
			),
		)
		const marked = new Map<number, string>()
		if (match) {
			const hl = stmt(
				`SELECT rowid AS doc, highlight(search_fts_index, 2, ?, ?) AS hl FROM search_fts_index WHERE search_fts_index MATCH ? AND rowid IN (${marks(docs.length)})`,
			).all(MARK_OPEN, MARK_CLOSE, match, ...docs) as { doc: number; hl: string }[]
			for (const h of hl) marked.set(h.doc, restoreIndexText(h.hl, MARK_OPEN, MARK_CLOSE))
		}
		return docs.flatMap((doc): SearchHit[] => {
			const r = rows.get(doc)
			if (!r) return []
			const m = marked.get(doc)
			const snippet = m?.includes(MARK_OPEN) ? makeSnippet(m) : leadSnippet(r.body)
			return [{ key: r.key, type: r.type, id: r.id, title: r.title, url: r.url, date: r.date, snippet }]
		})
	}

	return {
		name: 'fts5',

		async init() {
			ensureSchema(sqlite)
			resetStatements()
		},

		async upsert(docs) {
			writer.upsert(docs)
		},

		async remove(keys) {
			writer.remove(keys)
		},

		async search(query) {
			const n = normalizeQuery(query)
			if (!n.access.length) return emptyResult()
			if (!sqlite.inTransaction) return searchTx.deferred(n, true)
			// Inside a transaction opened by someone else on this connection, the search sees writes
			// that may yet roll back (and whose change numbers a later commit would reuse): its
			// result is not kept, and the mirror reloads from committed data next time.
			try {
				return searchTx.deferred(n, false)
			} finally {
				resetStatements()
			}
		},

		async clear() {
			recreateSchema(sqlite)
			resetStatements()
		},

		async health() {
			try {
				const n = stmt('SELECT count(*) FROM search_fts_rows').pluck().get() as number
				return { ok: true, detail: `${n} documents` }
			} catch (e) {
				return { ok: false, detail: (e as Error).message }
			}
		},
	}
}

/**
 * SQL functions are registered once per connection, so several engines on one handle
 * share them; each pass installs its own callbacks for its (synchronous) duration.
 */
const registered = new WeakSet<BetterSqlite3.Database>()
let visitFn: (doc: number) => number = () => 0
let boostFn: (doc: number) => number = () => 0
const noBoost = () => 0

function registerFunctions(sqlite: BetterSqlite3.Database): void {
	if (registered.has(sqlite)) return
	sqlite.function('search_fts_visit', { deterministic: false, directOnly: true }, (doc) => visitFn(Number(doc)))
	sqlite.function('search_fts_boost', { deterministic: false, directOnly: true }, (doc) => boostFn(Number(doc)))
	registered.add(sqlite)
}

function withFunctions<T>(visit: (doc: number) => number, boost: (doc: number) => number, run: () => T): T {
	const [v, b] = [visitFn, boostFn]
	visitFn = visit
	boostFn = boost
	try {
		return run()
	} finally {
		visitFn = v
		boostFn = b
	}
}

function marks(n: number): string {
	return new Array(n).fill('?').join(', ')
}
