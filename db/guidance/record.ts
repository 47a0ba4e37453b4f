import * as z from 'zod'
import { isCalendarDate, noControl, plainText, text } from '../validation'

/**
 * Guidance documents and Working Group recommendations as editors write them (content
 * files and the staff form share these schemas). Vocabulary (themes, articles, regions,
 * cases, meetings) is checked against the database by the importer and the editor.
 */

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'Use lower-case letters, digits and hyphens.')
const article = z.coerce.string().regex(/^\d{1,2}$/, 'Article numbers are written as numbers, e.g. "8".')
const isoDate = z
	.union([z.string(), z.date()])
	.transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
	.refine(isCalendarDate, 'Use a real date written YYYY-MM-DD.')

export const GUIDANCE_LANGUAGES = ['en', 'fr', 'es', 'ru', 'zh', 'ar', 'pt'] as const

export const guidanceFieldsSchema = z.object({
	title: text(300, 'The title'),
	summary: text(1000, 'The summary'),
	themes: z.array(slug).min(1, 'Choose at least one theme.').max(10),
	articles: z.array(article).max(21).default([]),
	/** Regions it applies to; empty = every region. */
	regions: z.array(slug).max(20).default([]),
	related_cases: z.array(z.string().regex(/^[A-Z]{3}\d{3,6}$/, 'Case ids look like BRA004.')).max(50).default([]),
	related_recommendations: z.array(slug).max(50).default([]),
	body: text(200_000, 'The text'),
})

/** A content file: the document's fields plus its identity, language and (for imports) publication. */
export const guidanceFileSchema = guidanceFieldsSchema.extend({
	id: slug,
	/** Language versions of one document share a group (e.g. the English id). */
	translation_of: slug.optional(),
	language: z.enum(GUIDANCE_LANGUAGES, { error: `language must be one of ${GUIDANCE_LANGUAGES.join(', ')}.` }).default('en'),
	published: isoDate.optional(),
	change_note: plainText(500).default('First publication.'),
	sample: z.boolean().default(false),
})
export type GuidanceFile = z.output<typeof guidanceFileSchema>

export const recommendationSchema = z.object({
	id: slug,
	/** The event id of the meeting that adopted it (content/events). */
	meeting: slug,
	meeting_number: z.number().int().positive().max(100),
	number: z.coerce.string().trim().min(1).max(20).refine(noControl, 'Contains control characters.'),
	theme: slug,
	articles: z.array(article).max(21).default([]),
	/** The official symbol of the report or compilation it comes from. */
	document_symbol: text(100, 'The document symbol'),
	status_notes: plainText(2000).default(''),
	/** Our short summary (not the official wording), as Markdown. */
	body: text(10_000, 'The summary'),
})
export type RecommendationRecord = z.output<typeof recommendationSchema>
