import type { Settings } from 'meilisearch'
import { dateParts, type NormalizedQuery } from './normalize'
import { type ParsedQuery, type QueryTerm, toDisjunctiveForm } from './query'
import { synonymMap } from './synonyms'
import { cjkBigrams, cjkWords, cleanText, hasCjk, normalizeExact } from './tokenize'
import type { SearchDocument } from './types'

/** Pure mapping between the portal's search model and Meilisearch: documents, settings, filters. */

export interface MeiliDocument {
	pk: string
	key: string
	type: string
	id: string
	title: string
	body: string
	exactTerms: string[]
	/** Identifiers without punctuation or case, so `bra-004` and `BRA004` meet. */
	exactNorm: string[]
	/** Segmenter words and bigrams of CJK text, a second reading next to Meilisearch's own. */
	cjk: string
	language: string
	date: string | null
	date_ts?: number
	year?: number
	access: string[]
	url: string
	[facet: `f_${string}`]: string[]
}

export const FACET_PREFIX = 'f_'

/** Facet names become attribute names; anything but [A-Za-z0-9_] would need quoting in filters. */
export function facetField(name: string): `f_${string}` {
	return `${FACET_PREFIX}${name.replace(/[^A-Za-z0-9_]/g, '_')}`
}

/** Meilisearch primary keys allow [A-Za-z0-9_-]; keys contain `:` and arbitrary ids. */
export function meiliDocumentId(key: string): string {
	return Buffer.from(key, 'utf8').toString('base64url')
}

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
	const { ts, year } = dateParts(doc.date)
	const text = `${doc.title}\n${doc.body}`
	const out: MeiliDocument = {
		pk: meiliDocumentId(doc.key),
		key: doc.key,
		type: doc.type,
		id: doc.id,
		title: cleanText(doc.title),
		body: cleanText(doc.body),
		exactTerms: doc.exactTerms,
		exactNorm: [...new Set(doc.exactTerms.map(normalizeExact).filter(Boolean))],
		cjk: hasCjk(text) ? cjkReading(text) : '',
		language: doc.language,
		date: doc.date,
		access: [...new Set(doc.access)],
		url: doc.url,
	}
	// Undated documents carry no sort key: Meilisearch sorts documents without one last.
	if (ts !== null) out.date_ts = ts
	if (year !== null) out.year = year
	for (const [name, values] of Object.entries(doc.facets ?? {})) out[facetField(name)] = [...new Set([...(out[facetField(name)] ?? []), ...values])]
	return out
}

function cjkReading(text: string): string {
	const runs = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu) ?? []
	return runs.flatMap((r) => [...cjkWords(r), ...cjkBigrams(r)]).join(' ')
}

/** A filter value in double quotes; backslash and quote escaped as Meilisearch's grammar requires. */
export function quoteFilterValue(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function inList(attribute: string, values: string[]): string {
	return `${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`
}

/**
 * The filter for a query as AND-ed expressions. Access is always present (the caller
 * never searches with an empty access list). `omitFacet`/`omitTypes` leave one selection
 * out, for disjunctive facet counts and for the per-type tab counts.
 */
export function buildFilter(n: NormalizedQuery, omit: { facet?: string; types?: boolean } = {}): string[] {
	const filter = [inList('access', n.access)]
	if (n.types.length && !omit.types) filter.push(inList('type', n.types))
	if (n.yearFrom !== null) filter.push(`year >= ${Math.trunc(n.yearFrom)}`)
	if (n.yearTo !== null) filter.push(`year <= ${Math.trunc(n.yearTo)}`)
	for (const [facet, values] of n.filters) if (facet !== omit.facet) filter.push(inList(facetField(facet), values))
	return filter
}

/**
 * Meilisearch queries for a parsed query: one string per alternative, since Meilisearch
 * has no OR operator (several strings are run as one federated search). Phrases keep
 * their quotes, exclusions their minus.
 */
export function meiliQueries(q: ParsedQuery): string[] {
	const excluded = q.excluded.map((t) => `-${termText(t)}`)
	return toDisjunctiveForm(q).map((terms) => [...terms.map(termText), ...excluded].join(' '))
}

function termText(t: QueryTerm): string {
	return t.phrase ? `"${t.text}"` : t.text
}

export function sortFor(n: NormalizedQuery): string[] | undefined {
	if (n.sort === 'newest') return ['date_ts:desc']
	if (n.sort === 'oldest') return ['date_ts:asc']
	return n.parsed.clauses.length === 0 ? ['date_ts:desc'] : undefined
}

export const MEILI_SETTINGS: Settings = {
	// Order is rank: an identifier match beats a title match beats the body.
	searchableAttributes: ['exactTerms', 'exactNorm', 'title', 'body', 'cjk'],
	filterableAttributes: [
		{ attributePatterns: ['type', 'access', `${FACET_PREFIX}*`], features: { facetSearch: false, filter: { equality: true, comparison: false } } },
		{ attributePatterns: ['year'], features: { facetSearch: false, filter: { equality: true, comparison: true } } },
	],
	sortableAttributes: ['date_ts'],
	// `sort` first so an explicit newest/oldest is a date order, not a tie-break.
	rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
	typoTolerance: {
		enabled: true,
		minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
		disableOnAttributes: ['exactTerms', 'exactNorm'],
		disableOnNumbers: true,
	},
	synonyms: synonymMap(),
	faceting: { maxValuesPerFacet: 500 },
	// Totals must be exact for tabs and paging, not capped at the default 1,000.
	pagination: { maxTotalHits: 100_000 },
}
