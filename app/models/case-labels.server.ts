import { caseValueLabel } from '../components/case-labels'
import { serverT } from '../i18n/intl.server'
import type { Locale } from '../i18n/locales'
import { countryName, countryOptions } from '../utils/countries.server'
import { listRegions, type RegionSummary } from './regions.server'
import { taxonomy, type Term } from './taxonomy.server'

const COURT_LEVEL_LABELS: Record<string, string> = { 'first-instance': 'First instance', appeal: 'Appeal', supreme: 'Supreme court', other: 'Other' }
const OUTCOME_LABELS: Record<string, string> = { convicted: 'Convicted', acquitted: 'Acquitted', mixed: 'Mixed', pending: 'Pending', other: 'Other' }
const LEGAL_SYSTEM_LABELS: Record<string, string> = { 'common-law': 'Common law', 'civil-law': 'Civil law', mixed: 'Mixed', other: 'Other' }
const LANGUAGE_LABELS: Record<string, string> = { en: 'English', zh: 'Chinese (中文)', fr: 'French', es: 'Spanish', ru: 'Russian', ar: 'Arabic', pt: 'Portuguese' }

export const FACET_TITLES: Record<string, string> = {
	region: 'Region',
	country: 'Country',
	year: 'Year of decision',
	crime_type: 'Crime type',
	article: 'Firearms Protocol article',
	court_level: 'Court level',
	outcome: 'Outcome',
	language: 'Language',
	legal_system: 'Legal system',
}

/**
 * The name of a taxonomy term (crime type, theme, article title…) in the reader's language,
 * English where the content has no name in it.
 */
export function termName(term: Pick<Term, 'en' | 'zh' | 'names'>, locale: Locale = 'en'): string {
	if (locale === 'en') return term.en
	return (locale === 'zh' ? term.zh : term.names[locale]) || term.en
}

/** The name of a region in the reader's language (English where the content has no name in it). */
export function regionName(region: Pick<RegionSummary, 'name' | 'nameZh' | 'names'>, locale: Locale = 'en'): string {
	if (locale === 'en') return region.name
	return (locale === 'zh' ? region.nameZh : region.names[locale]) || region.name
}

/** The regions as form choices (slug, name), named in the reader's language, in the content's order. */
export async function regionOptions(locale: Locale = 'en'): Promise<Array<{ value: string; label: string }>> {
	return (await listRegions()).map((r) => ({ value: r.slug, label: regionName(r, locale) }))
}

/** Names region slugs in the reader's language; an unknown slug is shown as it is. */
export async function regionNamer(locale: Locale = 'en'): Promise<(slug: string) => string> {
	const names = new Map((await regionOptions(locale)).map((r) => [r.value, r.label]))
	return (slug) => names.get(slug) ?? slug
}

/**
 * Human labels for every facet value. The default, English, is a stable contract shared by the CSV
 * export and the API: keep it as is. Pages pass the reader's locale to get content names (regions,
 * crime types, articles, countries) and the fixed values in that language.
 */
export async function caseLabels(locale: Locale = 'en') {
	const [tax, regions] = await Promise.all([taxonomy(), listRegions()])
	const t = serverT(locale)
	const map = (entries: Array<[string, string]>) => Object.fromEntries(entries)
	// English keeps its own tables (the contract); other languages take the catalogue's words for the fixed values.
	const fixed = (facet: string, english: Record<string, string>) =>
		locale === 'en' ? english : map(Object.entries(english).map(([value, label]) => [value, caseValueLabel(t, facet, value, label)]))
	const article = (a: Term) => t('cases.label.article', { number: a.slug, title: termName(a, locale) })
	return {
		region: map(regions.map((r) => [r.slug, regionName(r, locale)])),
		crime_type: map(tax.crime_types.map((c) => [c.slug, termName(c, locale)])),
		cross_cutting: map(tax.cross_cutting.map((c) => [c.slug, termName(c, locale)])),
		article: map(tax.protocol_articles.map((a) => [a.slug, article(a)])),
		convention_article: map(tax.convention_articles.map((a) => [a.slug, article(a)])),
		court_level: fixed('court_level', COURT_LEVEL_LABELS),
		outcome: fixed('outcome', OUTCOME_LABELS),
		legal_system: fixed('legal_system', LEGAL_SYSTEM_LABELS),
		language: fixed('language', LANGUAGE_LABELS),
		countryName: (code: string) => countryName(code, locale),
		/** "Art. 5", for an article the taxonomy does not (or no longer) has. */
		articleNumber: (number: string) => t('cases.label.articleNumber', { number }),
	}
}

export type CaseLabels = Awaited<ReturnType<typeof caseLabels>>

export function facetValueLabel(labels: CaseLabels, facet: string, value: string): string {
	if (facet === 'country') return labels.countryName(value)
	if (facet === 'year') return value
	const table = (labels as unknown as Record<string, Record<string, string>>)[facet]
	return table?.[value] ?? value
}

/**
 * The case editor's choices, content names in the reader's language. The fixed values (court level,
 * outcome…) stay in English here: the editor translates them with the catalogue (components/case-labels.ts).
 */
export async function caseEditorOptions(locale: Locale = 'en') {
	const [tax, regions] = await Promise.all([taxonomy(), listRegions()])
	const t = serverT(locale)
	const entries = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }))
	const articleOption = (a: Term) => ({ value: a.slug, label: t('cases.editor.articleOption', { number: a.slug, title: termName(a, locale) }) })
	return {
		countries: countryOptions(locale).map((c) => ({ value: c.code, label: c.name })),
		regions: regions.map((r) => ({ value: r.slug, label: regionName(r, locale) })),
		crimeTypes: tax.crime_types.map((c) => ({ value: c.slug, label: termName(c, locale) })),
		crossCutting: tax.cross_cutting.map((c) => ({ value: c.slug, label: termName(c, locale) })),
		protocolArticles: tax.protocol_articles.map(articleOption),
		conventionArticles: tax.convention_articles.map(articleOption),
		courtLevels: entries(COURT_LEVEL_LABELS),
		legalSystems: entries(LEGAL_SYSTEM_LABELS),
		outcomes: entries(OUTCOME_LABELS),
		languages: entries(LANGUAGE_LABELS),
	}
}
