import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/pagination'
import { GLOBAL_TYPES, globalSearchSchema, PER_PAGE, searchEverything } from '~/models/global-search.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q ? `${data.q} — Search` : 'Search — Practitioners Portal' }]

const TYPE_LABELS: Record<string, string> = { case: 'Cases', thread: 'Forum threads', event: 'Events', guidance: 'Guidance', recommendation: 'Recommendations' }

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const parsed = globalSearchSchema.safeParse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	if (!parsed.success) return { q: '', type: null, page: 1, pages: 1, error: parsed.error.issues.map((i) => i.message).join(' '), results: null, types: GLOBAL_TYPES }
	const { q, type, page } = parsed.data
	const results = q ? await searchEverything(viewer, parsed.data) : null
	return { q, type: type ?? null, page, pages: results ? Math.max(1, Math.ceil(results.total / PER_PAGE)) : 1, error: null, results, types: GLOBAL_TYPES }
}

export default function Search() {
	const { q, type, page, pages, results, error, types } = useLoaderData<typeof loader>()
	const href = (extra: { type?: string | null; page?: number }) => {
		const sp = new URLSearchParams({ q })
		const t = extra.type === undefined ? type : extra.type
		if (t) sp.set('type', t)
		if (extra.page && extra.page > 1) sp.set('page', String(extra.page))
		return `/search?${sp}`
	}
	const all = results ? Object.values(results.counts).reduce((a, b) => a + b, 0) : 0
	return (
		<>
			<h1>Search the portal</h1>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="global-q" className="sr-only">
					Search cases, forum threads and events
				</label>
				<input id="global-q" type="search" name="q" defaultValue={q} placeholder="Words, &quot;exact phrase&quot;, -exclude, a OR b" />
				{type ? <input type="hidden" name="type" value={type} /> : null}
				<button type="submit">Search</button>
			</Form>
			{error ? (
				<p className="form-error" role="alert">
					{error}
				</p>
			) : null}
			{results?.degraded ? <p className="panel">The main search engine is unavailable; these results come from the built-in index.</p> : null}
			{results ? (
				<>
					<nav aria-label="Result types" className="tabs">
						<Link to={href({ type: null, page: 1 })} aria-current={!type ? 'page' : undefined}>
							All ({all})
						</Link>
						{types.map((t) => (
							<Link key={t} to={href({ type: t, page: 1 })} aria-current={type === t ? 'page' : undefined}>
								{TYPE_LABELS[t]} ({results.counts[t]})
							</Link>
						))}
					</nav>
					<h2 className="sr-only">Results</h2>
					{results.hits.length === 0 ? (
						<p className="panel">Nothing found{type ? ` in ${TYPE_LABELS[type].toLowerCase()}` : ''}.</p>
					) : (
						<ol className="hits">
							{results.hits.map((h) => (
								<li key={`${h.type}:${h.id}`} className="hit">
									<span className="badge">{TYPE_LABELS[h.type] ?? h.type}</span>{' '}
									<Link to={h.url}>{h.title}</Link>
									{h.date ? <span className="muted"> · {h.date}</span> : null}
									<p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
								</li>
							))}
						</ol>
					)}
					<Pagination page={page} pages={pages} hrefFor={(p) => href({ page: p })} label="Pages of results" />
				</>
			) : null}
		</>
	)
}
