import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/pagination'
import { GLOBAL_TYPES, globalSearchSchema, PER_PAGE, searchEverything } from '~/models/global-search.server'
import { requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: data?.q ? t('search.page.metaTitleQuery', { q: data.q }) : t('search.page.metaTitle') }]
}

/** Each kind of result: its tab and badge, and how "nothing found in …" names it. */
const TYPE_LABEL_KEYS: Record<string, { label: string; empty: string }> = {
	case: { label: 'search.type.case', empty: 'search.page.emptyCase' },
	thread: { label: 'search.type.thread', empty: 'search.page.emptyThread' },
	event: { label: 'search.type.event', empty: 'search.page.emptyEvent' },
	guidance: { label: 'search.type.guidance', empty: 'search.page.emptyGuidance' },
	recommendation: { label: 'search.type.recommendation', empty: 'search.page.emptyRecommendation' },
}

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
	const t = useT()
	const tr = useTranslateError()
	const typeLabel = (kind: string) => (TYPE_LABEL_KEYS[kind] ? t(TYPE_LABEL_KEYS[kind].label) : kind)
	const href = (extra: { type?: string | null; page?: number }) => {
		const sp = new URLSearchParams({ q })
		const kind = extra.type === undefined ? type : extra.type
		if (kind) sp.set('type', kind)
		if (extra.page && extra.page > 1) sp.set('page', String(extra.page))
		return `/search?${sp}`
	}
	const all = results ? Object.values(results.counts).reduce((a, b) => a + b, 0) : 0
	return (
		<>
			<h1>{t('search.page.heading')}</h1>
			<Form method="get" role="search" className="search-bar">
				<label htmlFor="global-q" className="sr-only">
					{t('search.page.label')}
				</label>
				<input id="global-q" type="search" name="q" defaultValue={q} placeholder={t('search.page.placeholder')} />
				{type ? <input type="hidden" name="type" value={type} /> : null}
				<button type="submit">{t('search.page.submit')}</button>
			</Form>
			{error ? (
				<p className="form-error" role="alert">
					{tr(error)}
				</p>
			) : null}
			{results?.degraded ? <p className="panel">{t('search.page.degraded')}</p> : null}
			{results ? (
				<>
					<nav aria-label={t('search.page.types')} className="tabs">
						<Link to={href({ type: null, page: 1 })} aria-current={!type ? 'page' : undefined}>
							{t('search.page.all', { count: all })}
						</Link>
						{types.map((kind) => (
							<Link key={kind} to={href({ type: kind, page: 1 })} aria-current={type === kind ? 'page' : undefined}>
								{t('search.page.tab', { label: typeLabel(kind), count: results.counts[kind] })}
							</Link>
						))}
					</nav>
					<h2 className="sr-only">{t('search.page.results')}</h2>
					{results.hits.length === 0 ? (
						<p className="panel">{type && TYPE_LABEL_KEYS[type] ? t(TYPE_LABEL_KEYS[type].empty) : t('search.page.empty')}</p>
					) : (
						<ol className="hits">
							{results.hits.map((h) => (
								<li key={`${h.type}:${h.id}`} className="hit">
									<span className="badge">{typeLabel(h.type)}</span>{' '}
									<Link to={h.url}>{h.title}</Link>
									{h.date ? (
										<span className="muted">
											{' · '}
											<LocalTime value={h.date} />
										</span>
									) : null}
									<p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
								</li>
							))}
						</ol>
					)}
					<Pagination page={page} pages={pages} hrefFor={(p) => href({ page: p })} label={t('search.pagination.resultsLabel')} />
				</>
			) : null}
		</>
	)
}
