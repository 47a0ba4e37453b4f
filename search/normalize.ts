import { type ParsedQuery, parseQuery } from './query'
import type { SearchDocType, SearchDocument, SearchQuery, SearchResult, SearchSort } from './types'

export const DOC_TYPES: readonly SearchDocType[] = ['case', 'thread', 'guidance', 'recommendation', 'event', 'person']
export const MAX_PER_PAGE = 100
// Beyond this nobody is reading; it also bounds the sort work a request can ask for.
export const MAX_PAGE = 500
const MAX_FILTER_FACETS = 20
const MAX_FILTER_VALUES = 100

/** A query with every user-supplied part checked and bounded, identical for both engines. */
export interface NormalizedQuery {
	parsed: ParsedQuery
	/** Empty = all types. */
	types: SearchDocType[]
	/** Facet → values, facets in name order, empty selections dropped. */
	filters: [string, string[]][]
	yearFrom: number | null
	yearTo: number | null
	facets: string[]
	sort: SearchSort
	page: number
	perPage: number
	offset: number
	access: string[]
}

export function normalizeQuery(query: SearchQuery): NormalizedQuery {
	const perPage = clampInt(query.perPage, 1, MAX_PER_PAGE, 20)
	const page = clampInt(query.page, 1, MAX_PAGE, 1)
	const types = unique((query.types ?? []).filter((t) => DOC_TYPES.includes(t)))
	const filters: [string, string[]][] = Object.entries(query.filters ?? {})
		.filter(([name, values]) => typeof name === 'string' && name && Array.isArray(values))
		.map(([name, values]): [string, string[]] => [name, unique(values.filter((v) => typeof v === 'string' && v !== '')).slice(0, MAX_FILTER_VALUES)])
		.filter(([, values]) => values.length > 0)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.slice(0, MAX_FILTER_FACETS)
	const sort: SearchSort = query.sort === 'newest' || query.sort === 'oldest' ? query.sort : 'relevance'
	return {
		parsed: parseQuery(query.q),
		types: types.length === DOC_TYPES.length ? [] : types,
		filters,
		yearFrom: year(query.yearFrom),
		yearTo: year(query.yearTo),
		facets: unique((query.facets ?? []).filter((f) => typeof f === 'string' && f !== '')).slice(0, MAX_FILTER_FACETS),
		sort,
		page,
		perPage,
		offset: (page - 1) * perPage,
		access: unique((query.access ?? []).filter((t) => typeof t === 'string' && t !== '')),
	}
}

export function emptyResult(): SearchResult {
	return { total: 0, hits: [], facets: {}, countsByType: {} }
}

/** Timestamp (ms) and year of a document date; the year is read from the string so time zones cannot move it. */
export function dateParts(date: string | null): { ts: number | null; year: number | null } {
	if (!date) return { ts: null, year: null }
	const ts = Date.parse(date)
	const m = /^(\d{4})/.exec(date)
	if (!Number.isFinite(ts) || !m) return { ts: null, year: null }
	return { ts, year: Number(m[1]) }
}

/** Programming errors in a document are thrown, not indexed: they would be invisible or leak. */
export function checkDocument(doc: SearchDocument): void {
	if (!DOC_TYPES.includes(doc.type)) throw new Error(`search: unknown document type ${String(doc.type)}`)
	if (doc.key !== `${doc.type}:${doc.id}`) throw new Error(`search: key ${doc.key} is not ${doc.type}:${doc.id}`)
	if (!Array.isArray(doc.access)) throw new Error(`search: ${doc.key} has no access tags`)
}

function year(v: unknown): number | null {
	return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9999 ? v : null
}

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
	if (typeof v !== 'number' || !Number.isFinite(v)) return fallback
	return Math.min(max, Math.max(min, Math.floor(v)))
}

function unique<T>(xs: T[]): T[] {
	return [...new Set(xs)]
}
