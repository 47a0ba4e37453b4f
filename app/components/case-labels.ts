/** A `t` that takes plain values: the page's `useT()` or the server's `requestT()`. */
type Translate = (id: string, values?: Record<string, string | number>) => string

/*
 * Labels of the case facets and of the fixed values a case record takes (outcome, court level, legal
 * system, language of the summary), as literal keys so the catalogue test can see them. Pages translate
 * them here; case-labels.server.ts uses the same keys when a page asks it for labels in the reader's language
 * (its English tables are the contract of the exports and the API). Names that come from content (regions,
 * crime types, articles, countries) are kept as the server gives them: it names them in the reader's language.
 */
export const CASE_FACET_TITLE_KEYS: Record<string, string> = {
	region: 'cases.facet.region',
	country: 'cases.facet.country',
	year: 'cases.facet.year',
	crime_type: 'cases.facet.crimeType',
	article: 'cases.facet.article',
	court_level: 'cases.facet.courtLevel',
	outcome: 'cases.facet.outcome',
	language: 'cases.facet.language',
	legal_system: 'cases.facet.legalSystem',
}

const OUTCOME_LABEL_KEYS: Record<string, string> = {
	convicted: 'cases.outcome.convicted',
	acquitted: 'cases.outcome.acquitted',
	mixed: 'cases.outcome.mixed',
	pending: 'cases.outcome.pending',
	other: 'cases.outcome.other',
}

const COURT_LEVEL_LABEL_KEYS: Record<string, string> = {
	'first-instance': 'cases.courtLevel.firstInstance',
	appeal: 'cases.courtLevel.appeal',
	supreme: 'cases.courtLevel.supreme',
	other: 'cases.courtLevel.other',
}

const LEGAL_SYSTEM_LABEL_KEYS: Record<string, string> = {
	'common-law': 'cases.legalSystem.commonLaw',
	'civil-law': 'cases.legalSystem.civilLaw',
	mixed: 'cases.legalSystem.mixed',
	other: 'cases.legalSystem.other',
}

const LANGUAGE_LABEL_KEYS: Record<string, string> = {
	en: 'cases.language.en',
	zh: 'cases.language.zh',
	fr: 'cases.language.fr',
	es: 'cases.language.es',
	ru: 'cases.language.ru',
	ar: 'cases.language.ar',
	pt: 'cases.language.pt',
}

const VALUE_LABEL_KEYS: Record<string, Record<string, string>> = {
	outcome: OUTCOME_LABEL_KEYS,
	court_level: COURT_LEVEL_LABEL_KEYS,
	legal_system: LEGAL_SYSTEM_LABEL_KEYS,
	language: LANGUAGE_LABEL_KEYS,
}

/** The title of a facet ('Court level'), in the reader's language. */
export function caseFacetTitle(t: Translate, facet: string, fallback = facet): string {
	const key = CASE_FACET_TITLE_KEYS[facet]
	return key ? t(key) : fallback
}

/** The label of a facet value: translated for the fixed values, else the label the server gave (content names). */
export function caseValueLabel(t: Translate, facet: string, value: string, fallback: string): string {
	const key = VALUE_LABEL_KEYS[facet]?.[value]
	return key ? t(key) : fallback
}
