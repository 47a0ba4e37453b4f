import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/pagination'
import { DIRECTORY_LANGUAGES, directorySearchToQueryString, ORGANISATION_TYPES, parseDirectorySearch, PEOPLE_PER_PAGE, type DirectorySearch } from '~/models/directory-forms'
import { directoryVocabulary, labelProfile, searchDirectory } from '~/models/directory.server'
import { countryOptions } from '~/utils/countries.server'
import { requireViewer } from '~/utils/permissions.server'
import { LANGUAGE_BY_LABEL, LANGUAGE_KEYS, ORGANISATION_TYPE_BY_LABEL, ORGANISATION_TYPE_KEYS } from '~/components/directory-labels'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: data?.search.q ? t('people.directory.metaTitleQuery', { q: data.search.q }) : t('people.directory.metaTitle') }]
}

// Fixed labels in the reader's language (English as in directory-forms.ts); the server names countries, regions and
// areas of expertise in it, and gives organisation types and languages in English for the page to translate.

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const parsed = parseDirectorySearch(new URL(request.url).searchParams)
	// A bad parameter (a hand-edited URL) shows its message above an unfiltered list rather than an error page.
	const search: DirectorySearch = parsed.success ? parsed.data : { page: 1 }
	const errors = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.message))]
	const locale = resolveLocale(request, viewer)
	const [found, vocabulary] = await Promise.all([searchDirectory(viewer, search), directoryVocabulary(locale)])
	return {
		search,
		errors,
		total: found.total,
		pages: Math.max(1, Math.ceil(found.total / PEOPLE_PER_PAGE)),
		people: found.people.map((p) => labelProfile(p, vocabulary)),
		countries: countryOptions(locale),
		regions: vocabulary.regions,
		themes: vocabulary.themes.map((t) => ({ value: t.slug, label: t.name })),
		crimeTypes: vocabulary.crimeTypes.map((t) => ({ value: t.slug, label: t.name })),
	}
}

export default function People() {
	const { search, errors, total, pages, people, countries, regions, themes, crimeTypes } = useLoaderData<typeof loader>()
	const t = useT()
	const tr = useTranslateError()
	const translated = (byLabel: Map<string, string>, english: string) => {
		const key = byLabel.get(english)
		return key ? t(key) : english
	}
	const first = (search.page - 1) * PEOPLE_PER_PAGE + 1
	const filtered = !!(search.q || search.country || search.region || search.organisation_type || search.language || search.expertise)
	// Keyed on the query so the form shows the current search after client-side navigation.
	const formKey = directorySearchToQueryString(search, { page: undefined })
	return (
		<>
			<h1>{t('people.directory.heading')}</h1>
			<p className="lead">{t('people.directory.lead')}</p>
			<Form method="get" action="/people" role="search" aria-label={t('people.directory.searchLabel')} key={formKey}>
				<div className="search-bar">
					<label htmlFor="people-q" className="sr-only">
						{t('people.directory.queryLabel')}
					</label>
					<input id="people-q" type="search" name="q" defaultValue={search.q ?? ''} placeholder={t('people.directory.queryLabel')} maxLength={200} />
					<button type="submit">{t('people.directory.search')}</button>
				</div>
				{errors.length ? (
					<p className="form-error" role="alert">
						{errors.map(tr).join(' ')}
					</p>
				) : null}
				<div className="two-col">
					<div className="field">
						<label htmlFor="people-country">{t('people.directory.country')}</label>
						<select id="people-country" name="country" defaultValue={search.country ?? ''}>
							<option value="">{t('people.directory.anyCountry')}</option>
							{countries.map((c) => (
								<option key={c.code} value={c.code}>
									{c.name}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-region">{t('people.directory.region')}</label>
						<select id="people-region" name="region" defaultValue={search.region ?? ''}>
							<option value="">{t('people.directory.anyRegion')}</option>
							{regions.map((r) => (
								<option key={r.slug} value={r.slug}>
									{r.name}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-organisation-type">{t('people.directory.organisationType')}</label>
						<select id="people-organisation-type" name="organisation_type" defaultValue={search.organisation_type ?? ''}>
							<option value="">{t('people.directory.anyType')}</option>
							{ORGANISATION_TYPES.map((o) => (
								<option key={o.value} value={o.value}>
									{t(ORGANISATION_TYPE_KEYS[o.value])}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-language">{t('people.directory.language')}</label>
						<select id="people-language" name="language" defaultValue={search.language ?? ''}>
							<option value="">{t('people.directory.anyLanguage')}</option>
							{DIRECTORY_LANGUAGES.map((l) => (
								<option key={l.value} value={l.value}>
									{t(LANGUAGE_KEYS[l.value])}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-expertise">{t('people.directory.expertise')}</label>
						<select id="people-expertise" name="expertise" defaultValue={search.expertise ?? ''}>
							<option value="">{t('people.directory.anyArea')}</option>
							<optgroup label={t('people.directory.themes')}>
								{themes.map((th) => (
									<option key={th.value} value={th.value}>
										{th.label}
									</option>
								))}
							</optgroup>
							<optgroup label={t('people.directory.crimeTypes')}>
								{crimeTypes.map((ct) => (
									<option key={ct.value} value={ct.value}>
										{ct.label}
									</option>
								))}
							</optgroup>
						</select>
					</div>
				</div>
				<p className="actions">
					<button type="submit" className="secondary">
						{t('people.directory.apply')}
					</button>
					{filtered ? <Link to="/people">{t('people.directory.clear')}</Link> : null}
					<Link to="/profile/directory">{t('people.directory.ownProfile')}</Link>
				</p>
			</Form>
			<section aria-labelledby="people-results">
				<h2 id="people-results" className="results-count" aria-live="polite">
					{total === 0
						? t('people.directory.noneFound')
						: pages > 1
							? t('people.directory.countShown', { count: total, first, last: Math.min(total, first + PEOPLE_PER_PAGE - 1) })
							: t('people.directory.count', { count: total })}
				</h2>
				{total === 0 ? (
					<p className="panel empty">{filtered ? t('people.directory.noMatch') : t('people.directory.empty')}</p>
				) : (
					<ol className="hits people" start={first}>
						{people.map((p) => (
							<li key={p.handle} className="hit person">
								<h3>
									<Link to={`/people/${encodeURIComponent(p.handle)}`}>{p.name}</Link> <span className="muted">@{p.handle}</span>
									{/* The member's own entry shows all their fields; say so, lest they think others see them too. */}
									{p.own ? <span className="badge">{t('people.directory.ownBadge')}</span> : null}
								</h3>
								{p.jobTitle || p.organisation ? <p className="hit-meta">{[p.jobTitle, p.organisation].filter(Boolean).join(', ')}</p> : null}
								<p className="muted hit-meta">
									{[p.organisationType ? translated(ORGANISATION_TYPE_BY_LABEL, p.organisationType) : undefined, p.country?.name, p.regions?.join(', ')].filter(Boolean).join(' · ')}
								</p>
								{p.expertise?.length ? <p className="hit-meta">{t('people.directory.expertiseLine', { list: p.expertise.join(', ') })}</p> : null}
								{p.languages?.length ? (
									<p className="hit-meta">{t('people.directory.languagesLine', { list: p.languages.map((l) => translated(LANGUAGE_BY_LABEL, l)).join(', ') })}</p>
								) : null}
							</li>
						))}
					</ol>
				)}
				<Pagination page={search.page} pages={pages} hrefFor={(p) => `/people?${directorySearchToQueryString(search, { page: String(p) })}`} label={t('people.directory.pagination')} />
			</section>
		</>
	)
}
