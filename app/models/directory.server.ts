import type { FieldVisibility, OrganisationType } from '../../db/schema'
import type { Locale } from '../i18n/locales'
import { audit } from '../utils/audit.server'
import { countryName } from '../utils/countries.server'
import { db } from '../utils/db.server'
import type { Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import {
	DEFAULT_VISIBILITY,
	DIRECTORY_LANGUAGES,
	languageName,
	ORGANISATION_TYPES,
	organisationTypeLabel,
	PEOPLE_PER_PAGE,
	VISIBILITY_FIELDS,
	type DirectorySearch,
	type DirectorySettingsInput,
	type Visibility,
} from './directory-forms'
import { regionName, termName } from './case-labels.server'
import { listRegions } from './regions.server'
import { taxonomy, type Term } from './taxonomy.server'

/**
 * The practitioner directory. One rule decides what a viewer may see of a member
 * (`profileAsSeenBy`); the list, the profile page, the API and the search all work on
 * what it returns, so a field hidden from a viewer can neither be read nor matched.
 */

export type DirectoryViewer = Pick<Viewer, 'id' | 'regions'>

/** Everything the directory knows about one active member; never leaves this module as is. */
export interface DirectoryMember {
	id: string
	handle: string
	name: string
	country: string
	organisation: string
	job_title: string
	regions: string[]
	listed: boolean
	organisation_type: OrganisationType | ''
	languages: string[]
	expertise: string[]
	bio: string
	visibility: Visibility
}

/**
 * A member as one viewer may see them. A field the viewer may not see is absent (not null,
 * not flagged), so nothing downstream can show, serialise or match it by mistake. Empty
 * values are absent too: the page and the API show only what there is to show.
 */
export interface VisibleProfile {
	handle: string
	name: string
	country?: string
	regions?: string[]
	organisation_type?: OrganisationType
	organisation?: string
	job_title?: string
	languages?: string[]
	expertise?: string[]
	bio?: string
	/** Only on the member's own profile: whether they are listed and who sees each field. */
	own?: { listed: boolean; visibility: Visibility }
}

const VISIBILITY_VALUES: readonly FieldVisibility[] = ['everyone', 'regions', 'nobody']
const ORGANISATION_TYPE_VALUES: readonly string[] = ORGANISATION_TYPES.map((o) => o.value)

function parseJson(text: string | null | undefined): unknown {
	if (!text) return undefined
	try {
		return JSON.parse(text)
	} catch {
		return undefined
	}
}

/**
 * A damaged or hand-edited row must not widen what is shown. No settings at all (a member who
 * never opened them) means the defaults, and so does a field the stored settings predate; but
 * settings that cannot be read, or a field whose value is not one of ours, show nothing: the
 * defaults show country, regions and kind of agency to everyone, which the member may have
 * narrowed.
 */
export function readVisibility(text: string | null | undefined): Visibility {
	if (text == null || text === '') return { ...DEFAULT_VISIBILITY }
	const raw = parseJson(text)
	const nothing = Object.fromEntries(VISIBILITY_FIELDS.map((field) => [field, 'nobody'])) as Visibility
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return nothing
	const out: Visibility = { ...DEFAULT_VISIBILITY }
	for (const field of VISIBILITY_FIELDS) {
		if (!(field in raw)) continue
		const value = (raw as Record<string, unknown>)[field]
		out[field] = typeof value === 'string' && VISIBILITY_VALUES.includes(value as FieldVisibility) ? (value as FieldVisibility) : 'nobody'
	}
	return out
}

function readStringList(text: string | null | undefined): string[] {
	const raw = parseJson(text)
	return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []
}

/** The one rule: what `viewer` may see of `member`. Null when the member is not in the directory for them. */
export function profileAsSeenBy(member: DirectoryMember, viewer: DirectoryViewer): VisibleProfile | null {
	const self = member.id === viewer.id
	if (!member.listed && !self) return null
	const sharesRegion = member.regions.some((r) => viewer.regions.includes(r))
	const may = (field: keyof Visibility) => {
		const setting = member.visibility[field]
		return self || setting === 'everyone' || (setting === 'regions' && sharesRegion)
	}
	const out: VisibleProfile = { handle: member.handle, name: member.name }
	if (may('country') && member.country) out.country = member.country
	if (may('regions') && member.regions.length) out.regions = [...member.regions]
	if (may('organisation_type') && member.organisation_type) out.organisation_type = member.organisation_type
	if (may('organisation') && member.organisation) out.organisation = member.organisation
	if (may('job_title') && member.job_title) out.job_title = member.job_title
	if (may('languages') && member.languages.length) out.languages = [...member.languages]
	if (may('expertise') && member.expertise.length) out.expertise = [...member.expertise]
	if (may('bio') && member.bio) out.bio = member.bio
	if (self) out.own = { listed: member.listed, visibility: { ...member.visibility } }
	return out
}

/** Lower case without accents, so "jose" finds "José" and "ZOË" finds "Zoë". */
export function foldForSearch(text: string): string {
	return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * Whether a projected profile matches the search. It sees only the projection, so a filter
 * on a field hidden from the viewer cannot match (and cannot be used to probe the field).
 * Every word of `q` must appear in the name, handle or a visible organisation, job title or bio.
 */
export function matchesSearch(profile: VisibleProfile, search: Omit<DirectorySearch, 'page'>): boolean {
	if (search.country && profile.country !== search.country) return false
	if (search.region && !profile.regions?.includes(search.region)) return false
	if (search.organisation_type && profile.organisation_type !== search.organisation_type) return false
	if (search.language && !profile.languages?.includes(search.language)) return false
	if (search.expertise && !profile.expertise?.includes(search.expertise)) return false
	const words = foldForSearch(search.q ?? '')
		.split(/\s+/)
		.filter(Boolean)
	if (words.length) {
		const haystack = [profile.name, profile.handle, profile.organisation, profile.job_title, profile.bio].filter((s): s is string => !!s).map(foldForSearch)
		if (!words.every((w) => haystack.some((h) => h.includes(w)))) return false
	}
	return true
}

/**
 * Active members with a handle (the directory's address for them), with their directory
 * settings; a member without a row is listed with the defaults. Three queries whatever the
 * number of members: users, their regions, their profiles.
 */
async function loadMembers(only?: { handles: string[] }): Promise<DirectoryMember[]> {
	let users = db()
		.selectFrom('users')
		// Never the email: it is not in the directory's vocabulary at all.
		.select(['users.id', 'users.handle', 'users.name', 'users.country', 'users.organisation', 'users.job_title'])
		.where('users.status', '=', 'active')
		.where('users.handle', 'is not', null)
	let regions = db().selectFrom('user_regions').innerJoin('users', 'users.id', 'user_regions.user_id').select(['user_regions.user_id', 'user_regions.region_slug']).where('users.status', '=', 'active')
	let profiles = db().selectFrom('directory_profiles').innerJoin('users', 'users.id', 'directory_profiles.user_id').selectAll('directory_profiles').where('users.status', '=', 'active')
	if (only) {
		const handles = only.handles.length ? only.handles : ['']
		users = users.where('users.handle', 'in', handles)
		regions = regions.where('users.handle', 'in', handles)
		profiles = profiles.where('users.handle', 'in', handles)
	}
	const [userRows, regionRows, profileRows] = await Promise.all([users.execute(), regions.orderBy('user_regions.region_slug').execute(), profiles.execute()])
	const regionsOf = new Map<string, string[]>()
	for (const r of regionRows) regionsOf.set(r.user_id, [...(regionsOf.get(r.user_id) ?? []), r.region_slug])
	const profileOf = new Map(profileRows.map((p) => [p.user_id, p]))
	return userRows.map((u) => {
		const p = profileOf.get(u.id)
		return {
			id: u.id,
			handle: u.handle!,
			name: u.name,
			country: u.country,
			organisation: u.organisation,
			job_title: u.job_title,
			regions: regionsOf.get(u.id) ?? [],
			listed: p ? p.listed === 1 : true,
			organisation_type: p && ORGANISATION_TYPE_VALUES.includes(p.organisation_type) ? p.organisation_type : '',
			languages: readStringList(p?.languages),
			expertise: readStringList(p?.expertise),
			bio: p?.bio ?? '',
			visibility: readVisibility(p?.visibility),
		}
	})
}

const byName = new Intl.Collator('en', { sensitivity: 'base' })

export interface DirectoryPage {
	total: number
	page: number
	per_page: number
	people: VisibleProfile[]
}

/**
 * The directory search. It loads every listed active member and projects and filters in
 * JavaScript: at the community's size (about 2,000 members) that is a few milliseconds and
 * three queries, and it keeps the privacy rule in one function rather than re-expressed in SQL
 * (where a filter on a hidden field would be easy to get wrong). Revisit past ~50,000 members.
 */
export async function searchDirectory(viewer: DirectoryViewer, search: DirectorySearch): Promise<DirectoryPage> {
	const members = await loadMembers()
	const found = members
		// Unlisted members are absent from the list for everyone, themselves included.
		.filter((m) => m.listed)
		.map((m) => profileAsSeenBy(m, viewer))
		.filter((p): p is VisibleProfile => !!p && matchesSearch(p, search))
		.sort((a, b) => byName.compare(a.name, b.name) || a.handle.localeCompare(b.handle))
	const start = (search.page - 1) * PEOPLE_PER_PAGE
	return { total: found.length, page: search.page, per_page: PEOPLE_PER_PAGE, people: found.slice(start, start + PEOPLE_PER_PAGE) }
}

/** One member's profile as the viewer may see it; null (a 404) when unlisted, unknown or inactive. */
export async function directoryProfile(viewer: DirectoryViewer, handle: string): Promise<VisibleProfile | null> {
	if (!handle || handle.length > 100) return null
	const [member] = await loadMembers({ handles: [handle] })
	return member ? profileAsSeenBy(member, viewer) : null
}

/** Several members as the viewer may see them, in one load (null for those not in the directory for them). */
export async function directoryProfiles(viewer: DirectoryViewer, handles: string[]): Promise<Map<string, VisibleProfile | null>> {
	const members = await loadMembers({ handles })
	return new Map(members.map((m) => [m.handle, profileAsSeenBy(m, viewer)]))
}

// ---------- labels ----------

export interface DirectoryVocabulary {
	/** The language the names are given in. */
	locale: Locale
	/** Region names in `locale` (English where the content has none in it). */
	regions: Array<{ slug: string; name: string }>
	/** Themes and crime types (the areas of expertise) with their names in `locale`. */
	themes: Array<{ slug: string; name: string }>
	crimeTypes: Array<{ slug: string; name: string }>
}

/** What the search form and the pages need to put names on slugs and codes, in the reader's language. */
export async function directoryVocabulary(locale: Locale = 'en'): Promise<DirectoryVocabulary> {
	const [regions, terms] = await Promise.all([listRegions(), taxonomy()])
	const named = (list: Term[]) => list.map((t) => ({ slug: t.slug, name: termName(t, locale) }))
	return { locale, regions: regions.map((r) => ({ slug: r.slug, name: regionName(r, locale) })), themes: named(terms.themes), crimeTypes: named(terms.crime_types) }
}

export interface LabelledProfile {
	handle: string
	name: string
	country?: { code: string; name: string }
	regions?: string[]
	organisationType?: string
	organisation?: string
	jobTitle?: string
	languages?: string[]
	expertise?: string[]
	bio?: string
	own?: VisibleProfile['own']
}

/**
 * Human labels for a projected profile; built from the projection, so it cannot add a field. Country,
 * regions and expertise are named in the vocabulary's language; organisation type and languages keep
 * their English labels, which the pages translate (components/directory-labels.ts).
 */
export function labelProfile(profile: VisibleProfile, vocabulary: DirectoryVocabulary): LabelledProfile {
	const regionLabel = new Map(vocabulary.regions.map((r) => [r.slug, r.name]))
	const termLabel = new Map([...vocabulary.themes, ...vocabulary.crimeTypes].map((t) => [t.slug, t.name]))
	return {
		handle: profile.handle,
		name: profile.name,
		country: profile.country ? { code: profile.country, name: countryName(profile.country, vocabulary.locale) } : undefined,
		regions: profile.regions?.map((r) => regionLabel.get(r) ?? r),
		organisationType: profile.organisation_type ? organisationTypeLabel(profile.organisation_type) : undefined,
		organisation: profile.organisation,
		jobTitle: profile.job_title,
		languages: profile.languages?.map(languageName),
		expertise: profile.expertise?.map((s) => termLabel.get(s) ?? s),
		bio: profile.bio,
		own: profile.own,
	}
}

// ---------- the member's own settings ----------

export interface DirectorySettings {
	listed: boolean
	organisation_type: OrganisationType | ''
	languages: string[]
	expertise: string[]
	bio: string
	visibility: Visibility
	handle: string | null
	regions: string[]
}

export async function directorySettingsOf(userId: string): Promise<DirectorySettings> {
	const [row, user, regions] = await Promise.all([
		db().selectFrom('directory_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst(),
		db().selectFrom('users').select('handle').where('id', '=', userId).executeTakeFirst(),
		db().selectFrom('user_regions').select('region_slug').where('user_id', '=', userId).orderBy('region_slug').execute(),
	])
	return {
		listed: row ? row.listed === 1 : true,
		organisation_type: row && ORGANISATION_TYPE_VALUES.includes(row.organisation_type) ? row.organisation_type : '',
		languages: readStringList(row?.languages).filter((l) => DIRECTORY_LANGUAGES.some((d) => d.value === l)),
		expertise: readStringList(row?.expertise),
		bio: row?.bio ?? '',
		visibility: readVisibility(row?.visibility),
		handle: user?.handle ?? null,
		regions: regions.map((r) => r.region_slug),
	}
}

/** The slugs a member may choose as expertise: the taxonomy's themes and crime types. */
export async function expertiseSlugs(): Promise<Set<string>> {
	const rows = await db().selectFrom('taxonomy_terms').select('slug').where('kind', 'in', ['themes', 'crime_types']).execute()
	return new Set(rows.map((r) => r.slug))
}

/** Saves the member's directory settings with an audit entry, both or neither. */
export async function saveDirectorySettings(userId: string, input: DirectorySettingsInput, ip: string): Promise<void> {
	const values = {
		listed: input.listed ? 1 : 0,
		organisation_type: input.organisation_type ?? ('' as const),
		languages: JSON.stringify(input.languages),
		expertise: JSON.stringify(input.expertise),
		bio: input.bio,
		visibility: JSON.stringify(input.visibility),
		updated_at: nowSeconds(),
	}
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx
				.insertInto('directory_profiles')
				.values({ user_id: userId, ...values })
				.onConflict((oc) => oc.column('user_id').doUpdateSet(values))
				.execute()
			// The settings, not the bio's text: the log records a privacy decision, not what was written.
			await audit(trx, { actorId: userId, action: 'directory.update', objectType: 'user', objectId: userId, ip, detail: { listed: input.listed, visibility: input.visibility } })
		})
}
