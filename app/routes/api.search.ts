import type { LoaderFunctionArgs } from '@remix-run/node'
import * as z from 'zod'
import { globalSearchSchema, PER_PAGE, searchEverything } from '~/models/global-search.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/search?q=&type=&page= — `{ total, hits: [{ type, id, title, url, snippet }], counts }`, permissions applied inside the engine. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const parsed = globalSearchSchema.safeParse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	if (!parsed.success) return Response.json({ error: 'Invalid query.', fields: z.flattenError(parsed.error).fieldErrors }, { status: 400 })
	const results = await searchEverything(viewer, parsed.data)
	return Response.json({
		total: results.total,
		page: parsed.data.page,
		per_page: PER_PAGE,
		hits: results.hits.map((h) => ({ type: h.type, id: h.id, title: h.title, url: h.url, snippet: h.snippet })),
		counts: results.counts,
		...(results.degraded ? { degraded: true } : {}),
	})
}
