import * as z from 'zod'
import type { FieldVisibility, OrganisationType } from '../../db/schema'
import { noControl } from '../utils/validation'

// Client-safe: the option lists and schemas of the directory's forms. Route components
// import from here, never from directory.server.ts (server values are undefined in the browser).

export const ORGANISATION_TYPES = [
	{ value: 'police', label: 'Police' },
	{ value: 'customs', label: 'Customs' },
	{ value: 'prosecution', label: 'Prosecution' },
	{ value: 'judiciary', label: 'Judiciary' },
	{ value: 'regulator', label: 'Regulator' },
	{ value: 'unodc', label: 'UNODC' },
	{ value: 'other', label: 'Other' },
] as const satisfies ReadonlyArray<{ value: OrganisationType; label: string }>
const ORGANISATION_TYPE_VALUES = ORGANISATION_TYPES.map((o) => o.value) as [OrganisationType, ...OrganisationType[]]

export function organisationTypeLabel(value: string): string {
	return ORGANISATION_TYPES.find((o) => o.value === value)?.label ?? value
}

/** The six UN languages first, then those most spoken in the regions the portal serves. */
export const DIRECTORY_LANGUAGES = [
	{ value: 'en', label: 'English' },
	{ value: 'fr', label: 'French' },
	{ value: 'es', label: 'Spanish' },
	{ value: 'ru', label: 'Russian' },
	{ value: 'zh', label: 'Chinese' },
	{ value: 'ar', label: 'Arabic' },
	{ value: 'pt', label: 'Portuguese' },
	{ value: 'de', label: 'German' },
	{ value: 'it', label: 'Italian' },
	{ value: 'tr', label: 'Turkish' },
	{ value: 'uk', label: 'Ukrainian' },
	{ value: 'sr', label: 'Serbian' },
	{ value: 'bs', label: 'Bosnian' },
	{ value: 'hr', label: 'Croatian' },
	{ value: 'sq', label: 'Albanian' },
	{ value: 'mk', label: 'Macedonian' },
	{ value: 'kk', label: 'Kazakh' },
	{ value: 'ky', label: 'Kyrgyz' },
	{ value: 'tg', label: 'Tajik' },
	{ value: 'uz', label: 'Uzbek' },
	{ value: 'tk', label: 'Turkmen' },
	{ value: 'sw', label: 'Swahili' },
	{ value: 'ha', label: 'Hausa' },
	{ value: 'wo', label: 'Wolof' },
] as const
export type DirectoryLanguage = (typeof DIRECTORY_LANGUAGES)[number]['value']
const LANGUAGE_VALUES = DIRECTORY_LANGUAGES.map((l) => l.value) as [DirectoryLanguage, ...DirectoryLanguage[]]

export function languageName(code: string): string {
	return DIRECTORY_LANGUAGES.find((l) => l.value === code)?.label ?? code
}

/** The fields a member decides about one by one; name and handle are always shown. */
export const VISIBILITY_FIELDS = ['country', 'regions', 'organisation_type', 'organisation', 'job_title', 'languages', 'expertise', 'bio'] as const
export type VisibilityField = (typeof VISIBILITY_FIELDS)[number]
export type Visibility = Record<VisibilityField, FieldVisibility>

export const FIELD_LABELS: Record<VisibilityField, string> = {
	country: 'Country',
	regions: 'Regions',
	organisation_type: 'Type of organisation',
	organisation: 'Organisation',
	job_title: 'Job title',
	languages: 'Languages',
	expertise: 'Areas of expertise',
	bio: 'About',
}

/** The labels of the per-field visibility selects on /profile/directory. */
export const VISIBILITY_QUESTIONS: Record<VisibilityField, string> = {
	country: 'Who sees your country',
	regions: 'Who sees your regions',
	organisation_type: 'Who sees your type of organisation',
	organisation: 'Who sees your organisation',
	job_title: 'Who sees your job title',
	languages: 'Who sees your languages',
	expertise: 'Who sees your areas of expertise',
	bio: 'Who sees what you wrote about yourself',
}

export const VISIBILITY_OPTIONS = [
	{ value: 'everyone', label: 'Everyone in the portal' },
	{ value: 'regions', label: 'Members of my regions' },
	{ value: 'nobody', label: 'Only me' },
] as const satisfies ReadonlyArray<{ value: FieldVisibility; label: string }>
const VISIBILITY_VALUES = ['everyone', 'regions', 'nobody'] as const satisfies readonly FieldVisibility[]

export function visibilityLabel(value: FieldVisibility): string {
	return VISIBILITY_OPTIONS.find((o) => o.value === value)?.label ?? value
}

/**
 * What a member with no directory row (or a row that leaves a field out) shows: enough to be
 * found by peers (country, regions, kind of agency), and nothing more until they opt in.
 */
export const DEFAULT_VISIBILITY: Visibility = {
	country: 'everyone',
	regions: 'everyone',
	organisation_type: 'everyone',
	organisation: 'nobody',
	job_title: 'nobody',
	languages: 'nobody',
	expertise: 'nobody',
	bio: 'nobody',
}

export const BIO_MAX = 2000
export const PEOPLE_PER_PAGE = 20

const slug = /^[a-z0-9][a-z0-9-]{0,79}$/

const visibilityChoice = (field: VisibilityField) => z.enum(VISIBILITY_VALUES, { error: 'Choose who may see this.' }).default(DEFAULT_VISIBILITY[field])

/**
 * The /profile/directory form. The server passes the taxonomy's themes and crime types so an
 * unknown area is a field error; the browser validates the shape only.
 */
export function directorySettingsSchema(knownExpertise?: ReadonlySet<string>) {
	return z.object({
		listed: z.boolean({ error: 'Tick the box, or leave it empty to be unlisted.' }).default(false),
		organisation_type: z.enum(ORGANISATION_TYPE_VALUES, { error: 'Choose a type of organisation from the list.' }).optional(),
		languages: z
			.array(z.enum(LANGUAGE_VALUES, { error: 'Choose languages from the list.' }))
			.max(LANGUAGE_VALUES.length, 'Choose languages from the list.')
			.default([])
			.transform((list) => [...new Set(list)]),
		expertise: z
			.array(
				z
					.string()
					.regex(slug, 'Choose areas of expertise from the list.')
					.refine((s) => !knownExpertise || knownExpertise.has(s), 'Choose areas of expertise from the list.'),
			)
			.max(60, 'Choose at most 60 areas of expertise.')
			.default([])
			.transform((list) => [...new Set(list)]),
		bio: z
			.string()
			.trim()
			.max(BIO_MAX, `Write at most ${BIO_MAX.toLocaleString('en')} characters.`)
			.refine(noControl, 'Remove control characters.')
			.optional()
			.transform((s) => s ?? ''),
		visibility: z
			.object(Object.fromEntries(VISIBILITY_FIELDS.map((f) => [f, visibilityChoice(f)])) as { [F in VisibilityField]: ReturnType<typeof visibilityChoice> })
			.default(DEFAULT_VISIBILITY),
	})
}
export type DirectorySettingsInput = z.infer<ReturnType<typeof directorySettingsSchema>>

// A GET form sends every field, chosen or not; an empty one means "no filter".
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional())

/** The directory search, shared by /people and /api/people. */
export const directorySearchSchema = z.object({
	q: optional(z.string().trim().max(200, 'Use at most 200 characters in the search.')),
	country: optional(
		z
			.string()
			.trim()
			.toUpperCase()
			.regex(/^[A-Z]{3}$/, 'A country is a three-letter ISO code, such as BRA.'),
	),
	region: optional(z.string().regex(slug, 'Choose a region from the list.')),
	organisation_type: optional(z.enum(ORGANISATION_TYPE_VALUES, { error: 'Choose a type of organisation from the list.' })),
	language: optional(z.enum(LANGUAGE_VALUES, { error: 'Choose a language from the list.' })),
	expertise: optional(z.string().regex(slug, 'Choose an area of expertise from the list.')),
	page: z.preprocess(blank, z.coerce.number({ error: 'A page is a whole number from 1.' }).int('A page is a whole number from 1.').min(1, 'A page is a whole number from 1.').max(10_000, 'A page is a whole number from 1.').default(1)),
})
export type DirectorySearch = z.infer<typeof directorySearchSchema>
export const DIRECTORY_SEARCH_KEYS = ['q', 'country', 'region', 'organisation_type', 'language', 'expertise', 'page'] as const

export function parseDirectorySearch(params: URLSearchParams) {
	// One value per filter: a repeated parameter keeps its first value, as a GET form sends it.
	return directorySearchSchema.safeParse(Object.fromEntries(DIRECTORY_SEARCH_KEYS.map((k) => [k, params.get(k) ?? undefined])))
}

export function directorySearchToQueryString(search: DirectorySearch, overrides: Partial<Record<keyof DirectorySearch, string | undefined>> = {}): string {
	const out = new URLSearchParams()
	for (const key of DIRECTORY_SEARCH_KEYS) {
		const value = key in overrides ? overrides[key] : search[key]
		if (value === undefined || value === '' || (key === 'page' && String(value) === '1')) continue
		out.set(key, String(value))
	}
	return out.toString()
}
