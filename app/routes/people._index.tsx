import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/pagination'
import { DIRECTORY_LANGUAGES, directorySearchToQueryString, ORGANISATION_TYPES, parseDirectorySearch, PEOPLE_PER_PAGE, type DirectorySearch } from '~/models/directory-forms'
import { directoryVocabulary, labelProfile, searchDirectory } from '~/models/directory.server'
import { countryOptions } from '~/utils/countries.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.search.q ? `${data.search.q} — ` : ''}People — Practitioners Portal` }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const parsed = parseDirectorySearch(new URL(request.url).searchParams)
	// A bad parameter (a hand-edited URL) shows its message above an unfiltered list rather than an error page.
	const search: DirectorySearch = parsed.success ? parsed.data : { page: 1 }
	const errors = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.message))]
	const [found, vocabulary] = await Promise.all([searchDirectory(viewer, search), directoryVocabulary()])
	return {
		search,
		errors,
		total: found.total,
		pages: Math.max(1, Math.ceil(found.total / PEOPLE_PER_PAGE)),
		people: found.people.map((p) => labelProfile(p, vocabulary)),
		countries: countryOptions('en'),
		regions: vocabulary.regions,
		themes: vocabulary.themes.map((t) => ({ value: t.slug, label: t.en })),
		crimeTypes: vocabulary.crimeTypes.map((t) => ({ value: t.slug, label: t.en })),
	}
}

export default function People() {
	const { search, errors, total, pages, people, countries, regions, themes, crimeTypes } = useLoaderData<typeof loader>()
	const first = (search.page - 1) * PEOPLE_PER_PAGE + 1
	const filtered = !!(search.q || search.country || search.region || search.organisation_type || search.language || search.expertise)
	// Keyed on the query so the form shows the current search after client-side navigation.
	const formKey = directorySearchToQueryString(search, { page: undefined })
	return (
		<>
			<h1>People</h1>
			<p className="lead">Practitioners who chose to be listed, with what they chose to show. Email addresses are never shown: write to a member through messages.</p>
			<Form method="get" action="/people" role="search" aria-label="Search the directory" key={formKey}>
				<div className="search-bar">
					<label htmlFor="people-q" className="sr-only">
						Name, organisation or words from a profile
					</label>
					<input id="people-q" type="search" name="q" defaultValue={search.q ?? ''} placeholder="Name, organisation or words from a profile" maxLength={200} />
					<button type="submit">Search</button>
				</div>
				{errors.length ? (
					<p className="form-error" role="alert">
						{errors.join(' ')}
					</p>
				) : null}
				<div className="two-col">
					<div className="field">
						<label htmlFor="people-country">Country</label>
						<select id="people-country" name="country" defaultValue={search.country ?? ''}>
							<option value="">Any country</option>
							{countries.map((c) => (
								<option key={c.code} value={c.code}>
									{c.name}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-region">Region</label>
						<select id="people-region" name="region" defaultValue={search.region ?? ''}>
							<option value="">Any region</option>
							{regions.map((r) => (
								<option key={r.slug} value={r.slug}>
									{r.name}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-organisation-type">Type of organisation</label>
						<select id="people-organisation-type" name="organisation_type" defaultValue={search.organisation_type ?? ''}>
							<option value="">Any type</option>
							{ORGANISATION_TYPES.map((o) => (
								<option key={o.value} value={o.value}>
									{o.label}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-language">Language</label>
						<select id="people-language" name="language" defaultValue={search.language ?? ''}>
							<option value="">Any language</option>
							{DIRECTORY_LANGUAGES.map((l) => (
								<option key={l.value} value={l.value}>
									{l.label}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="people-expertise">Area of expertise</label>
						<select id="people-expertise" name="expertise" defaultValue={search.expertise ?? ''}>
							<option value="">Any area</option>
							<optgroup label="Themes">
								{themes.map((t) => (
									<option key={t.value} value={t.value}>
										{t.label}
									</option>
								))}
							</optgroup>
							<optgroup label="Crime types">
								{crimeTypes.map((t) => (
									<option key={t.value} value={t.value}>
										{t.label}
									</option>
								))}
							</optgroup>
						</select>
					</div>
				</div>
				<p className="actions">
					<button type="submit" className="secondary">
						Apply filters
					</button>
					{filtered ? <Link to="/people">Clear the search</Link> : null}
					<Link to="/profile/directory">Your directory profile</Link>
				</p>
			</Form>
			<section aria-labelledby="people-results">
				<h2 id="people-results" className="results-count" aria-live="polite">
					{total === 0 ? 'No member found' : `${total} member${total === 1 ? '' : 's'}${pages > 1 ? ` — ${first}–${Math.min(total, first + PEOPLE_PER_PAGE - 1)} shown` : ''}`}
				</h2>
				{total === 0 ? (
					<p className="panel empty">{filtered ? 'No listed member matches this search, among what members chose to show you.' : 'No member is listed yet.'}</p>
				) : (
					<ol className="hits people" start={first}>
						{people.map((p) => (
							<li key={p.handle} className="hit person">
								<h3>
									<Link to={`/people/${encodeURIComponent(p.handle)}`}>{p.name}</Link> <span className="muted">@{p.handle}</span>
									{/* The member's own entry shows all their fields; say so, lest they think others see them too. */}
									{p.own ? <span className="badge">you — others see less</span> : null}
								</h3>
								{p.jobTitle || p.organisation ? <p className="hit-meta">{[p.jobTitle, p.organisation].filter(Boolean).join(', ')}</p> : null}
								<p className="muted hit-meta">{[p.organisationType, p.country?.name, p.regions?.join(', ')].filter(Boolean).join(' · ')}</p>
								{p.expertise?.length ? <p className="hit-meta">Expertise: {p.expertise.join(', ')}</p> : null}
								{p.languages?.length ? <p className="hit-meta">Languages: {p.languages.join(', ')}</p> : null}
							</li>
						))}
					</ol>
				)}
				<Pagination page={search.page} pages={pages} hrefFor={(p) => `/people?${directorySearchToQueryString(search, { page: String(p) })}`} label="Pages of members" />
			</section>
		</>
	)
}
