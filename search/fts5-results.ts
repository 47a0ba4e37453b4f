import type { NormalizedQuery } from './normalize'
import type { SearchResult } from './types'

/** Results kept by default; about 15 KB each with nine facets and twenty snippets. */
export const RESULT_CACHE_DEFAULT = 500
const RESULT_CACHE_MAX = 100_000
/**
 * Results further in than this are not kept: deep pages and exports (which walk every page)
 * are read once, and would only push out the first pages that readers come back to.
 */
export const RESULT_CACHE_MAX_OFFSET = 200

/**
 * The results of recent searches, for the same search asked again before anything in the
 * index changes: the case library's landing page that every reader opens, a popular
 * query, a reader coming back to a page, an API client polling. A search whose words
 * match most of 100,000 cases costs 25-40 ms to count and rank; a kept result costs a copy.
 *
 * An entry can never be stale or shown to the wrong reader:
 * - it is kept only from a search that ran in its own read transaction (fts5.ts), so it
 *   never holds a write that could still roll back;
 * - it belongs to one index generation (the epoch of the tables and the last change in the
 *   log, read inside the search's own read transaction); any write by any process moves
 *   the generation on, and the first search that sees it drops every entry;
 * - its key holds what the reader may see, as the list of access sets their tags open, so
 *   readers who may see exactly the same documents share entries and nobody else does;
 * - callers get a copy, so nothing they change reaches the next reader.
 */
export function createResultCache(capacity: number) {
	let generation = ''
	// A Map keeps insertion order: re-inserting on every hit makes the first key the least recently used.
	const entries = new Map<string, SearchResult>()

	return {
		get(gen: string, key: string): SearchResult | undefined {
			if (gen !== generation) {
				entries.clear()
				generation = gen
				return undefined
			}
			const found = entries.get(key)
			if (!found) return undefined
			entries.delete(key)
			entries.set(key, found)
			return structuredClone(found)
		},
		set(gen: string, key: string, result: SearchResult): void {
			if (capacity <= 0 || gen !== generation) return
			if (entries.size >= capacity) entries.delete(entries.keys().next().value as string)
			entries.set(key, structuredClone(result))
		},
		get size(): number {
			return entries.size
		},
	}
}

export type ResultCache = ReturnType<typeof createResultCache>

/** Everything of a normalized query that shapes its result, except access (see resultKey). */
export function queryKey(n: NormalizedQuery): string {
	return JSON.stringify([
		n.parsed,
		n.types,
		// OR within a facet: the order values were picked in changes nothing.
		n.filters.map(([facet, values]) => [facet, [...values].sort()]),
		n.yearFrom,
		n.yearTo,
		n.facets,
		n.sort,
		n.offset,
		n.perPage,
	])
}

/** The access sets (ids) a reader's tags open, in id order: what decides which documents they see. */
export function openedAccessSets(aclTags: string[][], readerTags: string[]): string {
	const tags = new Set(readerTags)
	const opened: number[] = []
	aclTags.forEach((set, id) => {
		if (set.some((t) => tags.has(t))) opened.push(id)
	})
	return opened.join(',')
}

/**
 * The cache size from the environment (SEARCH_RESULT_CACHE): a whole number of results,
 * 0 to turn the cache off, unset for the default. A typo stops the start rather than
 * silently running with a setting nobody chose.
 */
export function resultCacheSize(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return RESULT_CACHE_DEFAULT
	const n = Number(value.trim())
	if (!/^\d+$/.test(value.trim()) || n > RESULT_CACHE_MAX)
		throw new Error(`SEARCH_RESULT_CACHE must be a whole number of results from 0 (off) to ${RESULT_CACHE_MAX.toLocaleString('en')}, not "${value}"`)
	return n
}
