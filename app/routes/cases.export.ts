import type { LoaderFunctionArgs } from '@remix-run/node'
import { spreadsheetCsv } from '~/utils/csv.server'
import { rowToRecord } from '../../db/cases/queries'
import { caseLabels, facetValueLabel } from '~/models/case-labels.server'
import { allMatchingCaseIds, parseCaseSearchParams, publishedCasesByIds } from '~/models/cases.server'
import { audit } from '~/utils/audit.server'
import { db } from '~/utils/db.server'
import { requireViewer } from '~/utils/permissions.server'
import { clientIp, originOf } from '~/utils/request.server'

/** The whole result set of a case search (not just one page) as CSV or JSON. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const url = new URL(request.url)
	const format = url.searchParams.get('format')
	if (format !== 'csv' && format !== 'json') throw new Response('Choose format=csv or format=json.', { status: 400 })
	url.searchParams.delete('format')
	const parsed = parseCaseSearchParams(url.searchParams)
	if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(' '), { status: 400 })
	const ids = await allMatchingCaseIds(viewer, parsed.data)
	const rows = await publishedCasesByIds(viewer, ids)
	const labels = await caseLabels()
	await audit(db(), { actorId: viewer.id, action: 'cases.exported', objectType: 'case_search', objectId: url.searchParams.toString().slice(0, 500), ip: clientIp(context), detail: { format, count: rows.length } })
	const stamp = new Date().toISOString().slice(0, 10)
	const origin = originOf(request)
	if (format === 'json') {
		const body = JSON.stringify({ exported_at: new Date().toISOString(), query: Object.fromEntries(url.searchParams), total: rows.length, cases: rows.map((r) => ({ ...rowToRecord(r), region: r.region, url: `${origin}/cases/${r.id}` })) }, null, 2)
		return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="cases-${stamp}.json"`, 'Cache-Control': 'private, no-store' } })
	}
	const records = rows.map((r) => {
		const c = rowToRecord(r)
		return [
			c.id,
			c.title,
			labels.countryName(c.country),
			c.country,
			r.region ? facetValueLabel(labels, 'region', r.region) : '',
			c.court,
			facetValueLabel(labels, 'court_level', c.court_level),
			c.decision_date,
			c.docket,
			facetValueLabel(labels, 'legal_system', c.legal_system),
			c.crime_types.map((s) => facetValueLabel(labels, 'crime_type', s)).join('; '),
			c.protocol_articles.join('; '),
			c.convention_articles.join('; '),
			facetValueLabel(labels, 'outcome', c.outcome),
			c.defendants.map((d) => d.name ?? d.label).join('; '),
			c.language,
			c.sample ? 'yes' : 'no',
			`${origin}/cases/${c.id}`,
		]
	})
	const csv = spreadsheetCsv(['id', 'title', 'country', 'country_code', 'region', 'court', 'court_level', 'decision_date', 'docket', 'legal_system', 'crime_types', 'protocol_articles', 'convention_articles', 'outcome', 'defendants', 'language', 'sample', 'url'], records)
	// A byte-order mark lets spreadsheet programs read the Chinese titles correctly.
	return new Response(`\uFEFF${csv}`, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="cases-${stamp}.csv"`, 'Cache-Control': 'private, no-store' } })
}
