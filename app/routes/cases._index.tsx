import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { sanitizeSnippet } from '~/utils/markdown.server'
import { caseLabels, FACET_TITLES, facetValueLabel } from '~/models/case-labels.server'
import { Pagination } from '~/components/pagination'
import { caseSearchToQueryString } from '~/models/case-search'
import { CASE_FACETS, parseCaseSearchParams, searchCases, type CaseSearchParams } from '~/models/cases.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { caseFacetTitle, caseValueLabel } from '~/components/case-labels'
import { LocalTime, metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { resolveLocale } from '~/i18n/locale.server'
import { localeInfo } from '~/i18n/locales'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: data?.params.q ? t('cases.search.metaTitleQuery', { q: data.params.q }) : t('cases.search.metaTitle') }]
}

const FILTER_FACETS = ['region', 'country', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const url = new URL(request.url)
	const parsed = parseCaseSearchParams(url.searchParams)
	// Content names (regions, crime types, articles, countries) in the reader's language.
	const locale = resolveLocale(request, viewer)
	const labels = await caseLabels(locale)
	const collation = locale === 'en' ? undefined : localeInfo(locale).tag
	const params: CaseSearchParams = parsed.success ? parsed.data : parseCaseSearchParams(new URLSearchParams()).data!
	const errors = parsed.success ? [] : parsed.error.issues.map((i) => i.message)
	const { result, degraded } = await searchCases(viewer, params)
	const facets = CASE_FACETS.filter((f) => f !== 'year' || true).map((facet) => {
		const counts = result.facets[facet] ?? {}
		const selected: string[] = facet === 'year' ? [] : (params[facet as (typeof FILTER_FACETS)[number]] ?? [])
		const values = Object.entries(counts).map(([value, count]) => ({ value, count, label: facetValueLabel(labels, facet, value), selected: selected.includes(value) }))
		for (const value of selected) if (!counts[value]) values.push({ value, count: 0, label: facetValueLabel(labels, facet, value), selected: true })
		values.sort((a, b) => (facet === 'year' ? b.value.localeCompare(a.value) : facet === 'article' ? Number(a.value) - Number(b.value) : b.count - a.count || a.label.localeCompare(b.label, collation)))
		return { facet, title: FACET_TITLES[facet], values }
	})
	const activeFilters = FILTER_FACETS.flatMap((facet) => params[facet].map((value) => ({ facet, value, label: facetValueLabel(labels, facet, value) })))
	if (params.year_from) activeFilters.push({ facet: 'year_from' as never, value: String(params.year_from), label: `From ${params.year_from}` })
	if (params.year_to) activeFilters.push({ facet: 'year_to' as never, value: String(params.year_to), label: `Until ${params.year_to}` })
	return {
		params,
		errors,
		degraded,
		total: result.total,
		hits: result.hits.map((h) => ({ ...h, snippet: sanitizeSnippet(h.snippet) })),
		facets,
		activeFilters,
		queryString: caseSearchToQueryString(params, { page: undefined }),
		pages: Math.max(1, Math.ceil(result.total / params.per_page)),
		canPublish: can(viewer, 'publish:content'),
	}
}

function withoutFilter(params: CaseSearchParams, facet: string, value: string) {
	if (facet === 'year_from' || facet === 'year_to') return caseSearchToQueryString(params, { [facet]: undefined, page: undefined })
	const current = (params as unknown as Record<string, string[]>)[facet] ?? []
	return caseSearchToQueryString(params, { [facet]: current.filter((v) => v !== value), page: undefined })
}

export default function CaseSearch() {
	const { params, errors, degraded, total, hits, facets, activeFilters, queryString, pages, canPublish } = useLoaderData<typeof loader>()
	const t = useT()
	const tr = useTranslateError()
	const submit = useSubmit()
	const navigation = useNavigation()
	const searching = navigation.state === 'loading' && navigation.location?.pathname === '/cases'
	const first = (params.page - 1) * params.per_page + 1
	const filterLabel = (f: { facet: string; value: string; label: string }) =>
		f.facet === 'year_from' ? t('cases.search.yearFromFilter', { year: f.value }) : f.facet === 'year_to' ? t('cases.search.yearToFilter', { year: f.value }) : caseValueLabel(t, f.facet, f.value, f.label)
	return (
		<>
			<div className="page-heading">
				<h1>{t('cases.search.heading')}</h1>
				{canPublish ? (
					<Link to="/cases/new" className="button secondary">
						{t('cases.search.newCase')}
					</Link>
				) : null}
			</div>
			{degraded ? (
				<p className="flash flash-info" role="status">
					{t('cases.search.degraded')}
				</p>
			) : null}
			<Form method="get" action="/cases" className="case-search" role="search" id="case-search" onChange={(e) => {
				// With JavaScript, filters apply as soon as they are ticked; the button remains for everyone else.
				const target = e.target as HTMLInputElement
				if (target.type === 'checkbox' || target.tagName === 'SELECT') submit(e.currentTarget, { preventScrollReset: true })
			}}>
				<div className="search-bar">
					<label htmlFor="q" className="sr-only">
						{t('cases.search.label')}
					</label>
					<input
						id="q"
						type="search"
						name="q"
						defaultValue={params.q}
						key={params.q}
						placeholder={t('cases.search.placeholder')}
						aria-describedby="q-help"
					/>
					<button type="submit">{t('cases.search.submit')}</button>
				</div>
				<p id="q-help" className="hint">
					{t('cases.search.help')}
				</p>
				{errors.length ? (
					<p className="form-error" role="alert">
						{errors.map(tr).join(' ')}
					</p>
				) : null}
				<div className="search-layout">
					<aside className="facets" aria-label={t('cases.search.filters')}>
						<div className="field">
							<label htmlFor="sort">{t('cases.search.sort')}</label>
							<select id="sort" name="sort" defaultValue={params.sort} key={params.sort}>
								<option value="relevance">{t('cases.search.sortRelevance')}</option>
								<option value="newest">{t('cases.search.sortNewest')}</option>
								<option value="oldest">{t('cases.search.sortOldest')}</option>
							</select>
						</div>
						<fieldset className="field year-range">
							<legend>{t('cases.search.decisionYear')}</legend>
							<label htmlFor="year_from">{t('cases.search.yearFrom')}</label>
							<input id="year_from" type="number" name="year_from" min={1900} max={2100} defaultValue={params.year_from ?? ''} key={`f${params.year_from}`} />
							<label htmlFor="year_to">{t('cases.search.yearTo')}</label>
							<input id="year_to" type="number" name="year_to" min={1900} max={2100} defaultValue={params.year_to ?? ''} key={`t${params.year_to}`} />
						</fieldset>
						{facets
							.filter((f) => f.facet !== 'year' && f.values.length)
							.map((f) => (
								<details key={f.facet} className="facet" open={f.values.some((v) => v.selected) || ['region', 'crime_type'].includes(f.facet)}>
									<summary>{caseFacetTitle(t, f.facet, f.title)}</summary>
									<fieldset>
										<legend className="sr-only">{caseFacetTitle(t, f.facet, f.title)}</legend>
										{f.values.map((v) => (
											<label key={v.value} className="checkbox">
												<input type="checkbox" name={f.facet} value={v.value} defaultChecked={v.selected} key={`${f.facet}-${v.value}-${v.selected}`} />
												<span className="facet-label">{caseValueLabel(t, f.facet, v.value, v.label)}</span>
												<span className="facet-count">{v.count}</span>
												<span className="sr-only">
													{' '}
													{t('cases.search.facetCases', { count: v.count })}
												</span>
											</label>
										))}
									</fieldset>
								</details>
							))}
						<button type="submit" className="secondary">
							{t('cases.search.apply')}
						</button>
					</aside>
					<section className="results" aria-labelledby="results-heading" aria-busy={searching}>
						<h2 id="results-heading" className="results-count" aria-live="polite">
							{total === 0
								? t('cases.search.noResults')
								: pages > 1
									? t('cases.search.countShown', { count: total, first, last: Math.min(total, first + params.per_page - 1) })
									: t('cases.search.count', { count: total })}
						</h2>
						{activeFilters.length ? (
							<ul className="active-filters" aria-label={t('cases.search.activeFilters')}>
								{activeFilters.map((f) => (
									<li key={`${f.facet}-${f.value}`}>
										<Link to={`/cases?${withoutFilter(params, f.facet, f.value)}`} aria-label={t('cases.search.removeFilter', { label: filterLabel(f) })}>
											{filterLabel(f)} ✕
										</Link>
									</li>
								))}
								<li>
									<Link to={`/cases${params.q ? `?q=${encodeURIComponent(params.q)}` : ''}`}>{t('cases.search.clearFilters')}</Link>
								</li>
							</ul>
						) : null}
						{total === 0 ? (
							<div className="panel empty">
								<p>
									{params.q
										? t(activeFilters.length ? 'cases.search.emptyQueryFiltered' : 'cases.search.emptyQuery', { q: params.q, strong: (chunks) => <strong>{chunks}</strong> })
										: t('cases.search.emptyFilters')}
								</p>
								<ul>
									{activeFilters.length ? (
										<li>
											<Link to={`/cases${params.q ? `?q=${encodeURIComponent(params.q)}` : ''}`}>{t('cases.search.withoutFilters')}</Link>
										</li>
									) : null}
									{params.q ? <li>{t('cases.search.spellingTip')}</li> : null}
									{params.q ? (
										<li>
											<Link to={`/cases?${caseSearchToQueryString(params, { q: undefined, page: undefined })}`}>{t('cases.search.dropWords')}</Link>
										</li>
									) : null}
								</ul>
							</div>
						) : (
							<ol className="hits" start={first}>
								{hits.map((h) => (
									<li key={h.key} className="hit">
										<h3>
											<Link to={`/cases/${h.id}`}>{h.title}</Link>
										</h3>
										<p className="muted hit-meta">
											<span className="case-id">{h.id}</span> · {h.date ? <LocalTime value={h.date} /> : null}
										</p>
										<p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
									</li>
								))}
							</ol>
						)}
						<Pagination page={params.page} pages={pages} hrefFor={(p) => `/cases?${caseSearchToQueryString(params, { page: String(p) })}`} label={t('search.pagination.resultsLabel')} />
						{total > 0 ? (
							<p className="actions no-print">
								{t('cases.search.export', {
									count: total,
									csv: (chunks) => <a href={`/cases/export?${queryString}&format=csv`}>{chunks}</a>,
									json: (chunks) => <a href={`/cases/export?${queryString}&format=json`}>{chunks}</a>,
								})}
							</p>
						) : null}
					</section>
				</div>
			</Form>
			<section className="panel narrow no-print" aria-labelledby="save-heading">
				<h2 id="save-heading">{t('cases.save.heading')}</h2>
				<p className="hint">{t('cases.save.hint')}</p>
				<Form method="post" action="/saved-searches">
					<input type="hidden" name="intent" value="create" />
					<input type="hidden" name="query" value={queryString} />
					<div className="field">
						<label htmlFor="saved-name">{t('cases.save.name')}</label>
						<input id="saved-name" name="name" type="text" defaultValue={params.q || t('cases.save.defaultName')} maxLength={120} />
					</div>
					<div className="field">
						<label htmlFor="saved-email">{t('cases.save.email')}</label>
						<select id="saved-email" name="email" defaultValue="none">
							<option value="none">{t('cases.save.emailNone')}</option>
							<option value="immediate">{t('cases.save.emailImmediate')}</option>
							<option value="daily">{t('cases.save.emailDaily')}</option>
						</select>
					</div>
					<button type="submit">{t('cases.save.submit')}</button> <Link to="/saved-searches">{t('cases.save.manage')}</Link>
				</Form>
			</section>
		</>
	)
}
