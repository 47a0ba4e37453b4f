import * as z from 'zod'
import { isCalendarDate, listItem, longText, optionalText, plainText, text } from '../validation'

/**
 * A case record as editors write it (content files and the portal's form alike).
 * Pure: no database, so the importer, the editor and the tests share it.
 */

export const COURT_LEVELS = ['first-instance', 'appeal', 'supreme', 'other'] as const
export const LEGAL_SYSTEMS = ['common-law', 'civil-law', 'mixed', 'other'] as const
export const OUTCOMES = ['convicted', 'acquitted', 'mixed', 'pending', 'other'] as const
export const CASE_SECTIONS = ['Facts', 'Procedural history', 'Decision', 'Commentary'] as const


const isoDate = z
	.union([z.string(), z.date()])
	.transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
	.refine(isCalendarDate, 'Use a real date written YYYY-MM-DD.')

const articleNumber = z.coerce.string().regex(/^\d{1,2}$/, 'Article numbers are written as numbers, e.g. "5".')

export const defendantSchema = z
	.object({
		name: optionalText(200),
		label: optionalText(200),
		kind: z.enum(['person', 'legal-person']).default('person'),
		sex: z.enum(['male', 'female', 'unknown']).optional(),
		nationality: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 3166-1 alpha-3 code.').optional(),
		charges: z.array(listItem(300)).max(30).default([]),
		verdict: z.enum(['convicted', 'acquitted', 'pending', 'other']).optional(),
		sentence: optionalText(300),
	})
	.refine((d) => d.name || d.label, { message: 'Give each defendant a name or a label.', path: ['name'] })

export const caseRecordSchema = z.object({
	id: z
		.string({ error: 'id is required.' })
		.trim()
		.regex(/^[A-Z]{3}\d{3,6}$/, 'An id is a country code and a number, like BRA004.'),
	title: text(300, 'The title'),
	country: z.string({ error: 'country is required.' }).regex(/^[A-Z]{3}$/, 'Use an ISO 3166-1 alpha-3 code, like BRA.'),
	region: z.string().regex(/^[a-z0-9-]+$/).optional(),
	court: text(300, 'The court'),
	court_level: z.enum(COURT_LEVELS, { error: `court_level must be one of ${COURT_LEVELS.join(', ')}.` }),
	decision_date: isoDate,
	docket: plainText(200).default(''),
	legal_system: z.enum(LEGAL_SYSTEMS, { error: `legal_system must be one of ${LEGAL_SYSTEMS.join(', ')}.` }),
	crime_types: z.array(z.string()).max(20).default([]),
	protocol_articles: z.array(articleNumber).max(21).default([]),
	convention_articles: z.array(articleNumber).max(41).default([]),
	cross_cutting: z.array(z.string()).max(20).default([]),
	defendants: z.array(defendantSchema).max(200).default([]),
	firearms: z
		.array(z.object({ type: listItem(200), quantity: z.coerce.number().int().min(0).max(10_000_000).optional() }))
		.max(50)
		.default([]),
	outcome: z.enum(OUTCOMES, { error: `outcome must be one of ${OUTCOMES.join(', ')}.` }),
	keywords: z.array(listItem(100)).max(50).default([]),
	language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a BCP 47 language tag, like en or zh.'),
	sources: z
		.array(z.object({ title: listItem(300), url: z.url({ protocol: /^https?$/, error: 'Use an http(s) address.' }) }))
		.max(20)
		.default([]),
	status: z.enum(['published', 'draft']).default('draft'),
	sample: z.boolean().default(false),
	body: longText(200_000, 'The text is too long (200,000 characters at most).').default(''),
})

export type CaseRecord = z.infer<typeof caseRecordSchema>

export interface Vocabulary {
	crimeTypes: Set<string>
	crossCutting: Set<string>
	protocolArticles: Set<string>
	regions: Map<string, string[]> // region → countries
	isCountry: (code: string) => boolean
}

/** Checks that need the taxonomy and regions: slugs exist, the country is real, the region is derivable. */
export function checkAgainstVocabulary(record: CaseRecord, vocab: Vocabulary): Array<{ path: string; message: string }> {
	const problems: Array<{ path: string; message: string }> = []
	record.crime_types.forEach((slug, i) => {
		if (!vocab.crimeTypes.has(slug)) problems.push({ path: `crime_types.${i}`, message: `Unknown crime type "${slug}" (see taxonomy.yaml).` })
	})
	record.cross_cutting.forEach((slug, i) => {
		if (!vocab.crossCutting.has(slug)) problems.push({ path: `cross_cutting.${i}`, message: `Unknown cross-cutting issue "${slug}" (see taxonomy.yaml).` })
	})
	record.protocol_articles.forEach((n, i) => {
		if (vocab.protocolArticles.size && !vocab.protocolArticles.has(n)) problems.push({ path: `protocol_articles.${i}`, message: `The Firearms Protocol has no article ${n}.` })
	})
	if (!vocab.isCountry(record.country)) problems.push({ path: 'country', message: `"${record.country}" is not an ISO 3166-1 alpha-3 country code.` })
	if (record.region && !vocab.regions.has(record.region)) problems.push({ path: 'region', message: `Unknown region "${record.region}".` })
	return problems
}

export function deriveRegion(record: Pick<CaseRecord, 'country' | 'region'>, regions: Map<string, string[]>): string | null {
	if (record.region) return record.region
	for (const [slug, countries] of regions) if (countries.includes(record.country)) return slug
	return null
}

/** Splits the Markdown body into its four sections (text before the first heading is ignored). */
export function caseSections(body: string): Record<(typeof CASE_SECTIONS)[number], string> {
	const sections = Object.fromEntries(CASE_SECTIONS.map((s) => [s, ''])) as Record<(typeof CASE_SECTIONS)[number], string>
	let current: (typeof CASE_SECTIONS)[number] | null = null
	const lines: string[] = []
	const flush = () => {
		if (current) sections[current] = lines.join('\n').trim()
		lines.length = 0
	}
	for (const line of body.split(/\r?\n/)) {
		const heading = line.match(/^##\s+(.+?)\s*$/)
		const known = heading ? CASE_SECTIONS.find((s) => s.toLowerCase() === heading[1].toLowerCase()) : undefined
		if (known) {
			flush()
			current = known
		} else lines.push(line)
	}
	flush()
	return sections
}

export function missingSections(body: string): string[] {
	const found = caseSections(body)
	return CASE_SECTIONS.filter((s) => !found[s])
}
