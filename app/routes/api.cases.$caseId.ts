import type { LoaderFunctionArgs } from '@remix-run/node'
import { caseForViewer, presentCase } from '~/models/cases.server'
import { requireApiViewer } from '~/utils/permissions.server'

/** GET /api/cases/:id — one case record. */
export async function loader({ context, params }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const id = params.caseId ?? ''
	if (!/^[A-Za-z]{3}\d{3,6}$/.test(id)) return Response.json({ error: 'A case id looks like BRA004.' }, { status: 400 })
	const row = await caseForViewer(viewer, id.toUpperCase())
	if (!row) return Response.json({ error: 'Not found.' }, { status: 404 })
	const { sectionsHtml, ...record } = presentCase(row)
	return Response.json(
		{ ...record, sections_html: sectionsHtml, updated_at: new Date(record.updatedAt * 1000).toISOString(), updatedAt: undefined },
		{ headers: { 'Cache-Control': 'private, no-store' } },
	)
}
