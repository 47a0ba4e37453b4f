import { countryName } from '../utils/countries.server'
import { listRegions } from './regions.server'
import { taxonomy } from './taxonomy.server'

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

/** Human labels for every facet value, so pages, exports and the API agree. */
export async function caseLabels() {
	const [tax, regions] = await Promise.all([taxonomy(), listRegions()])
	const map = (entries: Array<[string, string]>) => Object.fromEntries(entries)
	return {
		region: map(regions.map((r) => [r.slug, r.name])),
		crime_type: map(tax.crime_types.map((t) => [t.slug, t.en])),
		cross_cutting: map(tax.cross_cutting.map((t) => [t.slug, t.en])),
		article: map(tax.protocol_articles.map((t) => [t.slug, `Art. ${t.slug} — ${t.en}`])),
		convention_article: map(tax.convention_articles.map((t) => [t.slug, `Art. ${t.slug} — ${t.en}`])),
		court_level: COURT_LEVEL_LABELS,
		outcome: OUTCOME_LABELS,
		legal_system: LEGAL_SYSTEM_LABELS,
		language: LANGUAGE_LABELS,
		countryName,
	}
}

export type CaseLabels = Awaited<ReturnType<typeof caseLabels>>

export function facetValueLabel(labels: CaseLabels, facet: string, value: string): string {
	if (facet === 'country') return labels.countryName(value)
	if (facet === 'year') return value
	const table = (labels as unknown as Record<string, Record<string, string>>)[facet]
	return table?.[value] ?? value
}

export async function caseEditorOptions() {
	const [tax, regions] = await Promise.all([taxonomy(), listRegions()])
	const { countryOptions } = await import('../utils/countries.server')
	const entries = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }))
	return {
		countries: countryOptions('en').map((c) => ({ value: c.code, label: c.name })),
		regions: regions.map((r) => ({ value: r.slug, label: r.name })),
		crimeTypes: tax.crime_types.map((t) => ({ value: t.slug, label: t.en })),
		crossCutting: tax.cross_cutting.map((t) => ({ value: t.slug, label: t.en })),
		protocolArticles: tax.protocol_articles.map((t) => ({ value: t.slug, label: `${t.slug} — ${t.en}` })),
		conventionArticles: tax.convention_articles.map((t) => ({ value: t.slug, label: `${t.slug} — ${t.en}` })),
		courtLevels: entries(COURT_LEVEL_LABELS),
		legalSystems: entries(LEGAL_SYSTEM_LABELS),
		outcomes: entries(OUTCOME_LABELS),
		languages: entries(LANGUAGE_LABELS),
	}
}
