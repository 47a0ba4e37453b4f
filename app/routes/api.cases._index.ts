import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseCaseSearchParams, publishedCasesByIds, searchCases } from '~/models/cases.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/cases — the case search as JSON; same parameters as the /cases page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const url = new URL(request.url)
	const known = new Set(['q', 'region', 'country', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system', 'year_from', 'year_to', 'sort', 'page', 'per_page'])
	const unknown = [...new Set(url.searchParams.keys())].filter((k) => !known.has(k))
	if (unknown.length) return Response.json({ error: `Unknown parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` }, { status: 400 })
	const parsed = parseCaseSearchParams(url.searchParams)
	if (!parsed.success)
		return Response.json(
			{ error: 'Invalid parameters.', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'query'), i.message])) },
			{ status: 400 },
		)
	const { result, engine, degraded } = await searchCases(viewer, parsed.data)
	const rows = new Map((await publishedCasesByIds(viewer, result.hits.map((h) => h.id))).map((r) => [r.id, r]))
	return Response.json(
		{
			total: result.total,
			page: parsed.data.page,
			per_page: parsed.data.per_page,
			// A hit the database no longer shows this reader is dropped, whatever the index says.
			hits: result.hits.filter((h) => rows.has(h.id)).map((h) => ({ id: h.id, title: h.title, country: rows.get(h.id)!.country, decision_date: h.date, snippet: h.snippet })),
			facets: result.facets,
			engine,
			degraded,
		},
		{ headers: { 'Cache-Control': 'private, no-store' } },
	)
}
