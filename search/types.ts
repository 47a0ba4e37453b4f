/**
 * The one search interface. Two engines implement it: SQLite FTS5 (the embedded default)
 * and Meilisearch (when MEILI_HOST is set). Callers never know which one answered.
 */

export type SearchDocType = 'case' | 'thread' | 'guidance' | 'recommendation' | 'event' | 'person'

/** Reader access is a set of tags; a document is visible when it shares at least one. */
export type AccessTag = string // 'all' | 'staff' | `region:${slug}` | `user:${id}` | `forum:${slug}` …

export interface SearchDocument {
	/** `${type}:${id}`, unique across the index. */
	key: string
	type: SearchDocType
	id: string
	title: string
	/** Plain text (Markdown already stripped). May be Chinese, English, French… */
	body: string
	/** Identifiers matched exactly and ranked above everything else: case ids, dockets. */
	exactTerms: string[]
	/** BCP 47 of the content, e.g. `en`, `zh`, `fr`. */
	language: string
	/** ISO date (YYYY-MM-DD) or date-time used for newest/oldest sorting and year ranges; null when undated. */
	date: string | null
	/** Facet name → values. OR within one facet, AND across facets when filtering. */
	facets: Record<string, string[]>
	/** Who may see it: the reader must hold at least one of these tags. Never empty. */
	access: AccessTag[]
	url: string
}

export type SearchSort = 'relevance' | 'newest' | 'oldest'

export interface SearchQuery {
	/** User query language: words, "exact phrases", -excluded, OR. Empty = browse everything visible. */
	q: string
	/** Restrict to these types (empty/undefined = all). */
	types?: SearchDocType[]
	/** Facet filters: OR within a facet, AND across facets. */
	filters?: Record<string, string[]>
	/** Inclusive year range on `date`. */
	yearFrom?: number
	yearTo?: number
	/** Facets to count (over the whole filtered, permitted result set, not one page). */
	facets?: string[]
	sort?: SearchSort
	page: number // 1-based
	perPage: number
	/** The reader's access tags. Filtering happens inside the engine query, before paging and counting. */
	access: AccessTag[]
}

export interface SearchHit {
	key: string
	type: SearchDocType
	id: string
	title: string
	url: string
	date: string | null
	/** HTML-escaped text whose only markup is <mark>…</mark> around matched words. */
	snippet: string
}

export interface SearchResult {
	total: number
	hits: SearchHit[]
	/** facet → value → count, for the facets asked for. */
	facets: Record<string, Record<string, number>>
	/** type → count of permitted matches, ignoring the `types` restriction (for tabs). */
	countsByType: Partial<Record<SearchDocType, number>>
}

export interface EngineHealth {
	ok: boolean
	detail?: string
}

export interface SearchEngine {
	readonly name: 'fts5' | 'meilisearch'
	/** Create indexes/tables/settings if missing. Idempotent. */
	init(): Promise<void>
	upsert(docs: SearchDocument[]): Promise<void>
	remove(keys: string[]): Promise<void>
	search(query: SearchQuery): Promise<SearchResult>
	/** Drop every document (used by reindex and tests). */
	clear(): Promise<void>
	health(): Promise<EngineHealth>
}

/** Thrown for queries a user wrote that cannot be parsed; callers turn it into a 400. */
export class SearchQueryError extends Error {}
