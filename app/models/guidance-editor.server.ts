import * as z from 'zod'
import { GUIDANCE_LANGUAGES, guidanceFieldsSchema } from '../../db/guidance/record'
import { serverT } from '../i18n/intl.server'
import type { Locale } from '../i18n/locales'
import { db } from '../utils/db.server'
import { regionOptions, termName } from './case-labels.server'
import { listRegions } from './regions.server'
import { taxonomy } from './taxonomy.server'
import type { GuidanceFields } from './guidance.server'
import type { GuidanceFormData } from '../components/guidance-form'

/** The staff form: the same field rules as content files, plus the vocabulary checks. */

const list = (form: FormData, name: string) => form.getAll(name).map(String).filter(Boolean)
const commaList = (form: FormData, name: string) =>
	String(form.get(name) ?? '')
		.split(/[\s,;]+/)
		.map((s) => s.trim())
		.filter(Boolean)

export type FieldErrors = Record<string, string[]>

export async function parseGuidanceForm(form: FormData, opts: { isNew: boolean }): Promise<{ fields: GuidanceFields; id: string; language: string; translationOf?: string } | { errors: FieldErrors }> {
	const errors: FieldErrors = {}
	const parsed = guidanceFieldsSchema.safeParse({
		title: form.get('title') ?? '',
		summary: form.get('summary') ?? '',
		body: form.get('body') ?? '',
		themes: list(form, 'themes'),
		articles: list(form, 'articles'),
		regions: list(form, 'regions'),
		related_cases: commaList(form, 'related_cases').map((c) => c.toUpperCase()),
		related_recommendations: commaList(form, 'related_recommendations').map((r) => r.toLowerCase()),
	})
	if (!parsed.success) for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message)
	const meta = z
		.object({
			id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'An id is lower-case letters, digits and hyphens (it becomes the address).'),
			language: z.enum(GUIDANCE_LANGUAGES, { error: 'Choose a language.' }),
			translation_of: z
				.string()
				.regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'Give the id of the original document.')
				.optional(),
		})
		.safeParse({ id: form.get('id') ?? '', language: form.get('language') ?? 'en', translation_of: form.get('translation_of') || undefined })
	if (opts.isNew && !meta.success) for (const issue of meta.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message)
	if (parsed.success) {
		const terms = await taxonomy()
		const regions = new Set((await listRegions()).map((r) => r.slug))
		const f = parsed.data
		if (f.themes.some((t) => !terms.themes.some((x) => x.slug === t))) (errors.themes ??= []).push('Unknown theme.')
		if (f.articles.some((a) => !terms.protocol_articles.some((x) => x.slug === a))) (errors.articles ??= []).push('Unknown Protocol article.')
		if (f.regions.some((r) => !regions.has(r))) (errors.regions ??= []).push('Unknown region.')
		if (f.related_cases.length) {
			const found = new Set((await db().selectFrom('cases').select('id').where('id', 'in', f.related_cases).execute()).map((c) => c.id))
			const missing = f.related_cases.filter((c) => !found.has(c))
			if (missing.length) (errors.related_cases ??= []).push(`No case ${missing.join(', ')}.`)
		}
		if (f.related_recommendations.length) {
			const found = new Set((await db().selectFrom('recommendations').select('id').where('id', 'in', f.related_recommendations).execute()).map((r) => r.id))
			const missing = f.related_recommendations.filter((r) => !found.has(r))
			if (missing.length) (errors.related_recommendations ??= []).push(`No recommendation ${missing.join(', ')}.`)
		}
	}
	if (Object.keys(errors).length || !parsed.success) return { errors }
	return { fields: parsed.data, id: meta.success ? meta.data.id : '', language: meta.success ? meta.data.language : 'en', translationOf: meta.success ? meta.data.translation_of : undefined }
}

/** The names of the languages a document may be written in, as literal keys so the catalogue test sees them. */
const LANGUAGE_NAME_KEYS: Record<(typeof GUIDANCE_LANGUAGES)[number], string> = {
	en: 'guidance.form.languageName.en',
	fr: 'guidance.form.languageName.fr',
	es: 'guidance.form.languageName.es',
	ru: 'guidance.form.languageName.ru',
	zh: 'guidance.form.languageName.zh',
	ar: 'guidance.form.languageName.ar',
	pt: 'guidance.form.languageName.pt',
}

/**
 * The choices of the guidance and recommendation list filters, labelled in the reader's
 * language: themes, Protocol articles ("Article 3: Definitions") and the languages a note
 * may be written in, by name.
 */
export async function guidanceFilterOptions(locale: Locale = 'en') {
	return guidanceChoices(locale, 'guidance.list.articleOption')
}

/** Themes, articles (labelled with `articleKey`) and languages, named in the reader's language. */
async function guidanceChoices(locale: Locale, articleKey: 'guidance.list.articleOption' | 'guidance.form.articleOption') {
	const terms = await taxonomy()
	const t = serverT(locale)
	return {
		themes: terms.themes.map((th) => ({ value: th.slug, label: termName(th, locale) })),
		articles: terms.protocol_articles.map((a) => ({ value: a.slug, label: t(articleKey, { number: a.slug, title: termName(a, locale) }) })),
		languages: GUIDANCE_LANGUAGES.map((l) => ({ value: l, label: t(LANGUAGE_NAME_KEYS[l]) })),
	}
}

/**
 * The form's choices with their labels in the reader's language: themes, articles and regions from the
 * content (in the reader's language where it has a name in it, else English), the article's number through the catalogue.
 * `languages` stays the list of codes the form shows; `languageLabels` names each in the reader's language.
 */
export async function guidanceFormOptions(locale: Locale = 'en') {
	const { themes, articles, languages } = await guidanceChoices(locale, 'guidance.form.articleOption')
	return {
		themes,
		articles,
		regions: await regionOptions(locale),
		languages: languages.map((l) => l.value),
		languageLabels: Object.fromEntries(languages.map((l) => [l.value, l.label])) as Record<string, string>,
	}
}

/** What the member typed, to give it back with the messages. */
export function valuesFrom(form: FormData): GuidanceFormData['values'] {
	const s = (k: string) => String(form.get(k) ?? '')
	return { id: s('id'), language: s('language') || 'en', translation_of: s('translation_of'), title: s('title'), summary: s('summary'), body: s('body'), themes: form.getAll('themes').map(String), articles: form.getAll('articles').map(String), regions: form.getAll('regions').map(String), related_cases: s('related_cases'), related_recommendations: s('related_recommendations') }
}

