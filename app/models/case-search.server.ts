import * as z from 'zod'
import { FILTER_PARAMS } from './case-search'

/** Case search parameters: parsed the same way on the page, in the API, in exports and saved searches. */

const listParam = (re: RegExp, what: string) => z.array(z.string().max(100).regex(re, `Unknown ${what} value.`)).max(30, `Too many ${what} values.`)

export const caseSearchSchema = z
	.object({
		q: z.string().max(500, 'The query is too long (500 characters at most).').default(''),
		region: listParam(/^[a-z0-9-]+$/, 'region'),
		country: listParam(/^[A-Z]{3}$/, 'country'),
		crime_type: listParam(/^[a-z0-9-]+$/, 'crime_type'),
		article: listParam(/^\d{1,2}$/, 'article'),
		court_level: listParam(/^[a-z-]+$/, 'court_level'),
		outcome: listParam(/^[a-z-]+$/, 'outcome'),
		language: listParam(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'language'),
		legal_system: listParam(/^[a-z-]+$/, 'legal_system'),
		year_from: z.coerce.number({ error: 'year_from must be a year.' }).int('year_from must be a year.').min(1900).max(2100).optional(),
		year_to: z.coerce.number({ error: 'year_to must be a year.' }).int('year_to must be a year.').min(1900).max(2100).optional(),
		sort: z.enum(['relevance', 'newest', 'oldest'], { error: 'sort must be relevance, newest or oldest.' }).default('relevance'),
		page: z.coerce.number({ error: 'page must be a number.' }).int().min(1, 'page starts at 1.').max(500, 'page is at most 500.').default(1),
		per_page: z.coerce.number({ error: 'per_page must be a number.' }).int().min(1).max(100, 'per_page is at most 100.').default(20),
	})
	.refine((v) => v.year_from === undefined || v.year_to === undefined || v.year_from <= v.year_to, { path: ['year_to'], message: 'year_to must not be before year_from.' })

export type CaseSearchParams = z.infer<typeof caseSearchSchema>

export function parseCaseSearchParams(params: URLSearchParams) {
	const raw: Record<string, unknown> = {}
	for (const key of FILTER_PARAMS) raw[key] = params.getAll(key).filter(Boolean)
	for (const key of ['q', 'year_from', 'year_to', 'sort', 'page', 'per_page'] as const) {
		const v = params.get(key)
		if (v !== null && v !== '') raw[key] = v
	}
	return caseSearchSchema.safeParse(raw)
}
