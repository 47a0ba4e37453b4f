import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.MAIL_DIR = path.join(dir, 'mail')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { directoryProfile, directorySettingsOf, foldForSearch, matchesSearch, profileAsSeenBy, readVisibility, saveDirectorySettings, searchDirectory } = await import('./directory.server')
const { DEFAULT_VISIBILITY, directorySettingsSchema, parseDirectorySearch } = await import('./directory-forms')
type Member = import('./directory.server').DirectoryMember

const balkan = { id: 'viewer-wb', regions: ['western-balkans'] }
const latin = { id: 'viewer-la', regions: ['latin-america'] }
const noRegion = { id: 'viewer-none', regions: [] as string[] }

function member(overrides: Partial<Member> = {}): Member {
	return {
		id: 'm1',
		handle: 'amina.diallo',
		name: 'Amina Diallo',
		country: 'SRB',
		organisation: 'Border Police Directorate',
		job_title: 'Chief inspector',
		regions: ['western-balkans'],
		listed: true,
		organisation_type: 'police',
		languages: ['sr', 'en'],
		expertise: ['deactivation', 'postal-trafficking'],
		bio: 'Worked on converted alarm pistols.',
		visibility: { ...DEFAULT_VISIBILITY },
		...overrides,
	}
}

describe('profileAsSeenBy', () => {
	test('defaults: name, handle, country, regions and organisation type only', () => {
		const seen = profileAsSeenBy(member(), latin)
		expect(seen).toEqual({ handle: 'amina.diallo', name: 'Amina Diallo', country: 'SRB', regions: ['western-balkans'], organisation_type: 'police' })
		// Absent, not null: the keys do not exist.
		for (const key of ['organisation', 'job_title', 'languages', 'expertise', 'bio', 'own', 'id', 'email']) expect(seen).not.toHaveProperty(key)
	})

	test('"regions" shows a field to members sharing a region, and to nobody else', () => {
		const m = member({ visibility: { ...DEFAULT_VISIBILITY, expertise: 'regions', bio: 'regions' } })
		expect(profileAsSeenBy(m, balkan)?.expertise).toEqual(['deactivation', 'postal-trafficking'])
		expect(profileAsSeenBy(m, balkan)?.bio).toBe('Worked on converted alarm pistols.')
		expect(profileAsSeenBy(m, latin)).not.toHaveProperty('expertise')
		expect(profileAsSeenBy(m, latin)).not.toHaveProperty('bio')
		expect(profileAsSeenBy(m, noRegion)).not.toHaveProperty('expertise')
		// Sharing any one region is enough.
		expect(profileAsSeenBy(m, { id: 'x', regions: ['latin-america', 'western-balkans'] })?.expertise).toHaveLength(2)
		// A member without regions shares none, even with a viewer without regions.
		expect(profileAsSeenBy(member({ regions: [], visibility: { ...DEFAULT_VISIBILITY, bio: 'regions' } }), noRegion)).not.toHaveProperty('bio')
	})

	test('"everyone" and "nobody"', () => {
		const m = member({ visibility: { ...DEFAULT_VISIBILITY, organisation: 'everyone', country: 'nobody', regions: 'nobody', organisation_type: 'nobody' } })
		expect(profileAsSeenBy(m, latin)).toEqual({ handle: 'amina.diallo', name: 'Amina Diallo', organisation: 'Border Police Directorate' })
		expect(profileAsSeenBy(m, balkan)).toEqual({ handle: 'amina.diallo', name: 'Amina Diallo', organisation: 'Border Police Directorate' })
	})

	test('the member sees their whole profile, with their settings, even when unlisted', () => {
		const m = member({ listed: false, visibility: { ...DEFAULT_VISIBILITY, country: 'nobody' } })
		const own = profileAsSeenBy(m, { id: 'm1', regions: [] })
		expect(own).toMatchObject({ country: 'SRB', organisation: 'Border Police Directorate', job_title: 'Chief inspector', languages: ['sr', 'en'], bio: 'Worked on converted alarm pistols.' })
		expect(own?.own).toEqual({ listed: false, visibility: { ...DEFAULT_VISIBILITY, country: 'nobody' } })
	})

	test('an unlisted member does not exist for others', () => {
		expect(profileAsSeenBy(member({ listed: false }), balkan)).toBeNull()
	})

	test('empty values are absent even when visible', () => {
		const m = member({ organisation_type: '', languages: [], bio: '', visibility: { ...DEFAULT_VISIBILITY, languages: 'everyone', bio: 'everyone' } })
		const seen = profileAsSeenBy(m, latin)
		expect(seen).not.toHaveProperty('organisation_type')
		expect(seen).not.toHaveProperty('languages')
		expect(seen).not.toHaveProperty('bio')
	})

	test('unreadable visibility shows nothing rather than the defaults, whose country, regions and agency kind are for everyone', () => {
		const nothing = Object.fromEntries(Object.keys(DEFAULT_VISIBILITY).map((field) => [field, 'nobody']))
		expect(readVisibility('not json')).toEqual(nothing)
		expect(readVisibility('[]')).toEqual(nothing)
		expect(readVisibility('"everyone"')).toEqual(nothing)
		// A value that is not one of ours hides that field; a field the settings predate keeps its default.
		expect(readVisibility('{"bio":"public","expertise":"regions","country":"nobody","regions":42}')).toEqual({ ...DEFAULT_VISIBILITY, bio: 'nobody', expertise: 'regions', country: 'nobody', regions: 'nobody' })
		// No settings at all: the defaults the member was shown when they joined.
		expect(readVisibility(null)).toEqual(DEFAULT_VISIBILITY)
	})
})

describe('matchesSearch', () => {
	const m = member({ visibility: { ...DEFAULT_VISIBILITY, expertise: 'regions', languages: 'regions', bio: 'regions', organisation: 'regions' } })

	test('a filter on a field hidden from the viewer never matches', () => {
		const forBalkan = profileAsSeenBy(m, balkan)!
		const forLatin = profileAsSeenBy(m, latin)!
		expect(matchesSearch(forBalkan, { expertise: 'deactivation' })).toBe(true)
		expect(matchesSearch(forLatin, { expertise: 'deactivation' })).toBe(false)
		expect(matchesSearch(forBalkan, { language: 'sr' })).toBe(true)
		expect(matchesSearch(forLatin, { language: 'sr' })).toBe(false)
		// Words of a hidden bio or organisation do not match either.
		expect(matchesSearch(forBalkan, { q: 'alarm pistols' })).toBe(true)
		expect(matchesSearch(forLatin, { q: 'alarm pistols' })).toBe(false)
		expect(matchesSearch(forLatin, { q: 'directorate' })).toBe(false)
		// Job title is "nobody" by default: no one else matches on it.
		expect(matchesSearch(forBalkan, { q: 'inspector' })).toBe(false)
	})

	test('country, region and organisation type match what is shown', () => {
		const seen = profileAsSeenBy(m, latin)!
		expect(matchesSearch(seen, { country: 'SRB', region: 'western-balkans', organisation_type: 'police' })).toBe(true)
		expect(matchesSearch(seen, { country: 'BRA' })).toBe(false)
		expect(matchesSearch(seen, { organisation_type: 'customs' })).toBe(false)
		const hiddenCountry = profileAsSeenBy(member({ visibility: { ...DEFAULT_VISIBILITY, country: 'regions' } }), latin)!
		expect(matchesSearch(hiddenCountry, { country: 'SRB' })).toBe(false)
	})

	test('names match without regard to case or accents, every word somewhere', () => {
		const seen = profileAsSeenBy(member({ name: 'José Zoë Núñez' }), latin)!
		expect(matchesSearch(seen, { q: 'jose' })).toBe(true)
		expect(matchesSearch(seen, { q: 'ZOE nunez' })).toBe(true)
		expect(matchesSearch(seen, { q: 'núñez josé' })).toBe(true)
		expect(matchesSearch(seen, { q: 'amina.diallo' })).toBe(true)
		expect(matchesSearch(seen, { q: 'jose smith' })).toBe(false)
		expect(foldForSearch('Ångström')).toBe('angstrom')
	})
})

describe('search parameters and the settings form', () => {
	test('empty fields mean no filter; bad values are refused with a message', () => {
		const ok = parseDirectorySearch(new URLSearchParams('q=&country=bra&region=&expertise=deactivation&page='))
		expect(ok.success && ok.data).toEqual({ country: 'BRA', expertise: 'deactivation', page: 1 })
		for (const bad of ['country=Brazil', 'organisation_type=spy', 'language=xx', 'page=0', 'page=abc', 'expertise=DROP%20TABLE', `q=${'x'.repeat(201)}`]) {
			const parsed = parseDirectorySearch(new URLSearchParams(bad))
			expect(parsed.success, bad).toBe(false)
			expect(parsed.error?.issues[0].message).toBeTruthy()
		}
	})

	test('the settings schema refuses unknown areas, languages, visibilities and long bios', () => {
		const schema = directorySettingsSchema(new Set(['deactivation']))
		const ok = schema.safeParse({ listed: true, languages: ['en', 'en', 'pt'], expertise: ['deactivation'], bio: '  Hello  ', visibility: { expertise: 'regions' } })
		expect(ok.success && ok.data).toEqual({ listed: true, languages: ['en', 'pt'], expertise: ['deactivation'], bio: 'Hello', visibility: { ...DEFAULT_VISIBILITY, expertise: 'regions' }, organisation_type: undefined })
		expect(schema.safeParse({ expertise: ['firearms-of-the-moon'] }).success).toBe(false)
		expect(schema.safeParse({ languages: ['xx'] }).success).toBe(false)
		expect(schema.safeParse({ visibility: { bio: 'public' } }).success).toBe(false)
		expect(schema.safeParse({ organisation_type: 'spy' }).success).toBe(false)
		expect(schema.safeParse({ bio: 'x'.repeat(2001) }).success).toBe(false)
	})
})

describe('the directory over the database', () => {
	beforeAll(async () => {
		const db = database().db
		await migrateToLatest(db)
		await db
			.insertInto('regions')
			.values([
				{ slug: 'western-balkans', name: 'Western Balkans', name_zh: null, countries: '[]', sort_order: 1 },
				{ slug: 'latin-america', name: 'Latin America', name_zh: null, countries: '[]', sort_order: 2 },
			])
			.execute()
		const user = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, email: `${id}@test.portal`, name, handle: id, country: 'SRB', organisation: 'Agency', job_title: 'Analyst', role: 'member' as const, status: 'active' as const, created_at: 0, ...extra })
		await db
			.insertInto('users')
			.values([
				user('ana', 'Ana Petrović'),
				user('bo', 'Bo Silva', { country: 'BRA' }),
				user('cy', 'Cy Hidden'),
				user('dee', 'Dee Default', { country: 'BRA' }),
				user('gone', 'Gone Suspended', { status: 'suspended' }),
				user('wb', 'Viewer Balkans'),
				user('la', 'Viewer Latin', { country: 'ARG' }),
			])
			.execute()
		await db
			.insertInto('user_regions')
			.values([
				{ user_id: 'ana', region_slug: 'western-balkans' },
				{ user_id: 'bo', region_slug: 'latin-america' },
				{ user_id: 'wb', region_slug: 'western-balkans' },
				{ user_id: 'la', region_slug: 'latin-america' },
			])
			.execute()
		const profile = (user_id: string, p: Record<string, unknown>) => ({ user_id, listed: 1, organisation_type: '' as const, languages: '[]', expertise: '[]', bio: '', visibility: '{}', updated_at: 0, ...p })
		await db
			.insertInto('directory_profiles')
			.values([
				profile('ana', { organisation_type: 'customs', expertise: '["deactivation"]', visibility: '{"expertise":"regions"}' }),
				profile('bo', { expertise: '["deactivation"]', visibility: '{"expertise":"everyone"}' }),
				profile('cy', { listed: 0, expertise: '["deactivation"]', visibility: '{"expertise":"everyone"}' }),
				profile('gone', { expertise: '["deactivation"]', visibility: '{"expertise":"everyone"}' }),
			])
			.execute()
	})
	afterAll(async () => {
		await database().close()
		fs.rmSync(dir, { recursive: true, force: true })
	})

	const wb = { id: 'wb', regions: ['western-balkans'] }
	const la = { id: 'la', regions: ['latin-america'] }

	test('only listed active members, sorted by name; a member without a row is listed with defaults', async () => {
		const all = await searchDirectory(la, { page: 1 })
		expect(all.people.map((p) => p.handle)).toEqual(['ana', 'bo', 'dee', 'wb', 'la'])
		expect(all.total).toBe(5)
		expect(all.people.find((p) => p.handle === 'dee')).toEqual({ handle: 'dee', name: 'Dee Default', country: 'BRA' })
		expect(JSON.stringify(all)).not.toContain('@test.portal')
	})

	test('filters and totals count only what the viewer may see', async () => {
		const forWb = await searchDirectory(wb, { expertise: 'deactivation', page: 1 })
		expect(forWb.people.map((p) => p.handle)).toEqual(['ana', 'bo'])
		expect(forWb.total).toBe(2)
		const forLa = await searchDirectory(la, { expertise: 'deactivation', page: 1 })
		expect(forLa.people.map((p) => p.handle)).toEqual(['bo'])
		expect(forLa.total).toBe(1)
		expect((await searchDirectory(la, { country: 'SRB', organisation_type: 'customs', page: 1 })).people.map((p) => p.handle)).toEqual(['ana'])
		expect((await searchDirectory(la, { region: 'western-balkans', page: 1 })).people.map((p) => p.handle)).toEqual(['ana', 'wb'])
	})

	test('one profile: unlisted and inactive members are not found by others, the unlisted one finds themselves', async () => {
		expect(await directoryProfile(la, 'ana')).not.toHaveProperty('expertise')
		expect((await directoryProfile(wb, 'ana'))?.expertise).toEqual(['deactivation'])
		expect(await directoryProfile(la, 'cy')).toBeNull()
		expect(await directoryProfile(la, 'gone')).toBeNull()
		expect(await directoryProfile(la, 'nobody-at-all')).toBeNull()
		expect((await directoryProfile({ id: 'cy', regions: [] }, 'cy'))?.own?.listed).toBe(false)
		// Unlisted: not in the list, not even for themselves.
		expect((await searchDirectory({ id: 'cy', regions: [] }, { q: 'hidden', page: 1 })).total).toBe(0)
	})

	test('pages hold 20 members', async () => {
		const db = database().db
		await db
			.insertInto('users')
			.values(Array.from({ length: 25 }, (_, i) => ({ id: `p${i}`, email: `p${i}@test.portal`, name: `Paged ${String(i).padStart(2, '0')}`, handle: `p${i}`, role: 'member' as const, status: 'active' as const, created_at: 0 })))
			.execute()
		const first = await searchDirectory(la, { q: 'paged', page: 1 })
		const second = await searchDirectory(la, { q: 'paged', page: 2 })
		expect(first).toMatchObject({ total: 25, page: 1, per_page: 20 })
		expect(first.people).toHaveLength(20)
		expect(second.people.map((p) => p.name)).toEqual(['Paged 20', 'Paged 21', 'Paged 22', 'Paged 23', 'Paged 24'])
	})

	test('saving upserts the row and writes an audit entry', async () => {
		const value = directorySettingsSchema(new Set(['deactivation'])).parse({ listed: true, organisation_type: 'prosecution', languages: ['pt'], expertise: ['deactivation'], bio: 'Prosecutor.', visibility: { bio: 'everyone' } })
		await saveDirectorySettings('dee', value, '127.0.0.1')
		await saveDirectorySettings('dee', { ...value, languages: ['pt', 'es'] }, '127.0.0.1')
		const settings = await directorySettingsOf('dee')
		expect(settings).toMatchObject({ listed: true, organisation_type: 'prosecution', languages: ['pt', 'es'], expertise: ['deactivation'], bio: 'Prosecutor.', visibility: { ...DEFAULT_VISIBILITY, bio: 'everyone' } })
		expect(await directoryProfile(la, 'dee')).toEqual({ handle: 'dee', name: 'Dee Default', country: 'BRA', organisation_type: 'prosecution', bio: 'Prosecutor.' })
		const audits = await database().db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'directory.update').execute()
		expect(audits).toHaveLength(2)
		expect(audits[0].detail).not.toContain('Prosecutor.')
	})
})
