import type { LoaderFunctionArgs } from '@remix-run/node'
import { DIRECTORY_SEARCH_KEYS, parseDirectorySearch } from '~/models/directory-forms'
import { searchDirectory } from '~/models/directory.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/people — the directory search as JSON; same parameters and rules as /people. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const url = new URL(request.url)
	// A misspelt filter would otherwise be ignored silently and return everyone.
	const known = new Set<string>(DIRECTORY_SEARCH_KEYS)
	const unknown = [...new Set(url.searchParams.keys())].filter((k) => !known.has(k))
	if (unknown.length) return Response.json({ error: `Unknown parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` }, { status: 400 })
	const parsed = parseDirectorySearch(url.searchParams)
	if (!parsed.success)
		return Response.json(
			{ error: 'Invalid parameters.', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'query'), i.message])) },
			{ status: 400 },
		)
	const found = await searchDirectory(viewer, parsed.data)
	return Response.json(found, { headers: { 'Cache-Control': 'private, no-store' } })
}
