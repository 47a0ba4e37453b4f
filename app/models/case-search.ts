import type { CaseSearchParams } from './case-search.server'

/**
 * Case search parameters, the browser's part: the facet names and writing a search back into a URL.
 * Parsing (a zod schema) is server-only, in case-search.server.ts, so the pages do not ship zod.
 */

export const CASE_FACETS = ['region', 'country', 'year', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system'] as const
export type CaseFacet = (typeof CASE_FACETS)[number]
export const FILTER_PARAMS = ['region', 'country', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system'] as const

export type { CaseSearchParams }

export function caseSearchToQueryString(p: Partial<CaseSearchParams>, overrides: Record<string, string | string[] | undefined> = {}): string {
	const sp = new URLSearchParams()
	const merged: Record<string, unknown> = { ...p, ...overrides }
	for (const [k, v] of Object.entries(merged)) {
		if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'per_page' && v === 20) || (k === 'sort' && v === 'relevance')) continue
		if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)))
		else sp.set(k, String(v))
	}
	return sp.toString()
}

