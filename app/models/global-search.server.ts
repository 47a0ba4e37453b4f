import * as z from 'zod'
import type { SearchDocType } from '../../search/types'
import { sanitizeSnippet } from '../utils/markdown.server'
import { accessTagsFor, type Viewer } from '../utils/permissions.server'
import { searchIndex } from '../utils/search.server'

/**
 * One search across the portal: every type goes through the same engine query, filtered
 * by the reader's access tags inside the engine, so hits, totals and the per-type counts
 * on the tabs only ever include what the reader may open.
 */

export const GLOBAL_TYPES = ['case', 'thread', 'event', 'guidance', 'recommendation'] as const satisfies readonly SearchDocType[]
export type GlobalType = (typeof GLOBAL_TYPES)[number]

export const globalSearchSchema = z.object({
	q: z.string().trim().max(500, 'At most 500 characters.').default(''),
	type: z.enum(GLOBAL_TYPES, { error: `type must be one of ${GLOBAL_TYPES.join(', ')}.` }).optional(),
	page: z.coerce.number({ error: 'page is a whole number.' }).int('page is a whole number.').min(1, 'page starts at 1.').max(500, 'page is at most 500.').default(1),
})

export const PER_PAGE = 20

export async function searchEverything(viewer: Viewer, input: z.output<typeof globalSearchSchema>) {
	const { result, degraded } = await searchIndex({
		q: input.q,
		types: input.type ? [input.type] : [...GLOBAL_TYPES],
		facets: [],
		sort: 'relevance',
		page: input.page,
		perPage: PER_PAGE,
		access: accessTagsFor(viewer),
	})
	const counts = Object.fromEntries(GLOBAL_TYPES.map((t) => [t, result.countsByType[t] ?? 0])) as Record<GlobalType, number>
	return {
		total: result.total,
		counts,
		degraded,
		hits: result.hits.map((h) => ({ type: h.type, id: h.id, title: h.title, url: h.url, date: h.date, snippet: sanitizeSnippet(h.snippet) })),
	}
}
