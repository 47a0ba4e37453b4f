import { type EnqueuedTaskPromise, Meilisearch, type MultiSearchQuery, type SearchResponse } from 'meilisearch'
import { buildFilter, facetField, MEILI_SETTINGS, type MeiliDocument, meiliDocumentId, meiliQueries, sortFor, toMeiliDocument } from './meili-map'
import { checkDocument, DOC_TYPES, emptyResult, type NormalizedQuery, normalizeQuery } from './normalize'
import { leadSnippet, MARK_CLOSE, MARK_OPEN, makeSnippet } from './snippet'
import type { SearchDocType, SearchEngine, SearchHit, SearchResult } from './types'

export interface MeiliEngineOptions {
	host: string
	apiKey?: string
	indexName: string
	/** Per request; a slow server should fail over to FTS5 quickly. */
	timeoutMs?: number
	/** How long upsert/remove wait for Meilisearch to apply a task. */
	taskTimeoutMs?: number
}

const RETRIEVE = ['key', 'type', 'id', 'title', 'url', 'date', 'body']
const UPSERT_BATCH = 1000

type Hit = Pick<MeiliDocument, 'key' | 'type' | 'id' | 'title' | 'url' | 'date' | 'body'> & { _formatted?: { body?: string } }

/**
 * Meilisearch engine. Settings live in code (meili-map.ts) and are applied by init().
 * Writes wait for their task so a returned upsert is searchable; filters (access
 * included) are built server-side from the normalised query, never taken from a client.
 */
export function createMeiliEngine(opts: MeiliEngineOptions): SearchEngine {
	const client = new Meilisearch({ host: opts.host, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 3000 })
	const index = client.index<MeiliDocument>(opts.indexName)
	const uid = opts.indexName

	async function applied(task: EnqueuedTaskPromise, allow: string[] = []): Promise<void> {
		const done = await task.waitTask({ timeout: opts.taskTimeoutMs ?? 60_000, interval: 50 })
		if (done.status !== 'succeeded' && !allow.includes(done.error?.code ?? ''))
			throw new Error(`meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? 'unknown error'}`)
	}

	function page(n: NormalizedQuery): Partial<MultiSearchQuery> {
		return {
			sort: sortFor(n),
			attributesToRetrieve: RETRIEVE,
			attributesToCrop: ['body'],
			cropLength: 40,
			cropMarker: '…',
			attributesToHighlight: ['body'],
			highlightPreTag: MARK_OPEN,
			highlightPostTag: MARK_CLOSE,
		}
	}

	/** Main query plus one count-only query per facet whose own selection must be ignored. */
	function countQueries(n: NormalizedQuery, q: string): { facet: string | null; query: MultiSearchQuery }[] {
		const out: { facet: string | null; query: MultiSearchQuery }[] = []
		const base = { indexUid: uid, q, matchingStrategy: 'all' as const, page: 1, hitsPerPage: 0 }
		for (const f of n.facets)
			if (n.filters.some(([name]) => name === f)) out.push({ facet: f, query: { ...base, filter: buildFilter(n, { facet: f }), facets: [facetField(f)] } })
		if (n.types.length) out.push({ facet: null, query: { ...base, filter: buildFilter(n, { types: true }), facets: ['type'] } })
		return out
	}

	async function searchSingle(n: NormalizedQuery, q: string): Promise<SearchResult> {
		const ownFacets = n.facets.filter((f) => !n.filters.some(([name]) => name === f)).map(facetField)
		const main: MultiSearchQuery = {
			indexUid: uid,
			q,
			matchingStrategy: 'all',
			filter: buildFilter(n),
			facets: n.types.length ? ownFacets : [...ownFacets, 'type'],
			page: n.page,
			hitsPerPage: n.perPage,
			...page(n),
		}
		const extra = countQueries(n, q)
		const { results } = await client.multiSearch<{ queries: MultiSearchQuery[] }, Hit>({ queries: [main, ...extra.map((e) => e.query)] })
		const [first, ...rest] = results as SearchResponse<Hit>[]
		const result: SearchResult = { total: first.totalHits ?? first.estimatedTotalHits ?? 0, hits: first.hits.map(toHit), facets: {}, countsByType: {} }
		readFacets(n, result, first.facetDistribution, rest, extra)
		return result
	}

	/** OR queries: one federated search per count, each over every alternative. */
	async function searchFederated(n: NormalizedQuery, qs: string[]): Promise<SearchResult> {
		const federated = async (filter: string[], facets: string[], limit: number, offset: number, withPage: boolean) =>
			(await client.multiSearch<{ federation: object; queries: MultiSearchQuery[] }, Hit>({
				federation: { limit, offset, facetsByIndex: facets.length ? { [uid]: facets } : undefined },
				queries: qs.map((q) => ({ indexUid: uid, q, matchingStrategy: 'all', filter, ...(withPage ? page(n) : {}) })),
			})) as SearchResponse<Hit> & { facetsByIndex?: Record<string, { distribution: Record<string, Record<string, number>> }> }
		const ownFacets = n.facets.filter((f) => !n.filters.some(([name]) => name === f)).map(facetField)
		const extra = countQueries(n, '')
		const [first, ...rest] = await Promise.all([
			federated(buildFilter(n), n.types.length ? ownFacets : [...ownFacets, 'type'], n.perPage, n.offset, true),
			...extra.map((e) => federated(e.query.filter as string[], e.query.facets as string[], 0, 0, false)),
		])
		const result: SearchResult = { total: first.estimatedTotalHits ?? 0, hits: first.hits.map(toHit), facets: {}, countsByType: {} }
		const dist = (r: typeof first) => r.facetsByIndex?.[uid]?.distribution
		readFacets(n, result, dist(first), rest.map((r) => ({ facetDistribution: dist(r) })), extra)
		return result
	}

	return {
		name: 'meilisearch',

		async init() {
			await applied(client.createIndex(uid, { primaryKey: 'pk' }), ['index_already_exists'])
			await applied(index.updateSettings(MEILI_SETTINGS))
		},

		async upsert(docs) {
			for (const d of docs) checkDocument(d)
			for (let i = 0; i < docs.length; i += UPSERT_BATCH) await applied(index.addDocuments(docs.slice(i, i + UPSERT_BATCH).map(toMeiliDocument), { primaryKey: 'pk' }))
		},

		async remove(keys) {
			if (keys.length) await applied(index.deleteDocuments(keys.map(meiliDocumentId)))
		},

		async search(query) {
			const n = normalizeQuery(query)
			if (!n.access.length) return emptyResult()
			const qs = meiliQueries(n.parsed)
			return qs.length > 1 ? searchFederated(n, qs) : searchSingle(n, qs[0] ?? '')
		},

		async clear() {
			await applied(index.deleteAllDocuments(), ['index_not_found'])
		},

		async health() {
			try {
				await client.health()
				return { ok: true }
			} catch (e) {
				return { ok: false, detail: (e as Error).message }
			}
		},
	}
}

function readFacets(
	n: NormalizedQuery,
	result: SearchResult,
	main: Record<string, Record<string, number>> | undefined,
	rest: { facetDistribution?: Record<string, Record<string, number>> }[],
	extra: { facet: string | null }[],
): void {
	for (const f of n.facets) result.facets[f] = { ...(main?.[facetField(f)] ?? {}) }
	let types = main?.type
	extra.forEach((e, i) => {
		const dist = rest[i]?.facetDistribution
		if (e.facet === null) types = dist?.type
		else result.facets[e.facet] = { ...(dist?.[facetField(e.facet)] ?? {}) }
	})
	for (const [t, c] of Object.entries(types ?? {})) if (DOC_TYPES.includes(t as SearchDocType) && c > 0) result.countsByType[t as SearchDocType] = c
}

function toHit(h: Hit): SearchHit {
	const formatted = h._formatted?.body
	return {
		key: h.key,
		type: h.type as SearchDocType,
		id: h.id,
		title: h.title,
		url: h.url,
		date: h.date,
		snippet: formatted?.includes(MARK_OPEN) ? makeSnippet(formatted, 300) : leadSnippet(h.body),
	}
}
