import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment: set it before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-'))
Object.assign(process.env, {
	DATABASE_PATH: path.join(dir, 'portal.db'),
	MAIL_DIR: path.join(dir, 'mail'),
	SIGNING_KEY_FILE: path.join(dir, 'signing.key'),
})

const { database, db } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { upsertRegions } = await import('../../db/content/regions')
const { saveEvent } = await import('../../db/events/queries')
const { eventRecordSchema } = await import('../../db/events/record')
const { insightCharts, insightsFor, lastTwelveMonths } = await import('./insights.server')

type V = Parameters<typeof insightsFor>[0]
const viewer = (id: string, opts: Partial<V> = {}): V => ({ id, email: `${id}@test.portal`, role: 'member', regions: [], ...opts })
const memberA = viewer('ana', { regions: ['alpha'] })
const memberB = viewer('ben', { regions: ['bravo'] })
const staff = viewer('sam', { role: 'staff' })

/** Mid-June 2025 (UTC): the twelve months are July 2024 to June 2025. */
const NOW = Date.UTC(2025, 5, 15, 12) / 1000
const DAY = 86_400

async function insertCase(id: string, country: string, region: string, date: string, crimeTypes: string[], status: 'published' | 'draft' = 'published') {
	await db()
		.insertInto('cases')
		.values({
			id,
			title: `Case ${id}`,
			country,
			region,
			court: 'A court',
			court_level: 'first-instance',
			decision_date: date,
			docket: '',
			legal_system: 'civil-law',
			crime_types: JSON.stringify(crimeTypes),
			protocol_articles: '[]',
			convention_articles: '[]',
			cross_cutting: '[]',
			defendants: '[]',
			firearms: '[]',
			outcome: 'convicted',
			keywords: '[]',
			language: 'en',
			sources: '[]',
			status,
			sample: 1,
			body: '',
			revision: 1,
			first_published_at: status === 'published' ? 0 : null,
			created_at: 0,
			updated_at: 0,
		})
		.execute()
}

/** A thread whose posts were written at the given times; `hidden`/`deleted` mark posts by index. */
async function thread(forum: string, times: number[], marks: { hidden?: number[]; deleted?: number[] } = {}) {
	const t = await db()
		.insertInto('threads')
		.values({ forum_slug: forum, title: `In ${forum}`, author_id: 'ana', tags: '[]', pinned: 0, locked: 0, post_count: times.length, last_post_at: Math.max(...times), created_at: times[0] })
		.returning('id')
		.executeTakeFirstOrThrow()
	for (const [i, at] of times.entries())
		await db()
			.insertInto('posts')
			.values({ thread_id: t.id, author_id: 'ana', body: `post ${i}`, created_at: at, hidden_at: marks.hidden?.includes(i) ? at : null, deleted_at: marks.deleted?.includes(i) ? at : null })
			.execute()
}

async function event(id: string, input: Record<string, unknown>) {
	const record = eventRecordSchema.parse({ id, title: `Event ${id}`, type: 'workshop', timezone: 'UTC', location: { city: 'Vienna' }, organizer: 'UNODC', status: 'confirmed', ...input })
	const outcome = await saveEvent(db(), record, { actorId: null, source: 'portal' })
	if (outcome.kind === 'invalid') throw new Error(outcome.message)
}

beforeAll(async () => {
	await migrateToLatest(database().db)
	await upsertRegions(db(), [
		{ slug: 'alpha', name: 'Alpha region', countries: ['BRA', 'ARG'] },
		{ slug: 'bravo', name: 'Bravo region', countries: ['SRB', 'XKX'] },
	])
	await db()
		.insertInto('taxonomy_terms')
		.values([
			{ kind: 'crime_types', slug: 'illicit-trafficking', en: 'Illicit trafficking', zh: null, sort_order: 1 },
			{ kind: 'crime_types', slug: 'diversion', en: 'Diversion from the legal chain', zh: null, sort_order: 2 },
			{ kind: 'crime_types', slug: 'organized-criminal-group', en: 'Organized criminal group', zh: null, sort_order: 3 },
		])
		.execute()
	await db()
		.insertInto('users')
		.values(['ana', 'ben', 'sam'].map((id) => ({ id, email: `${id}@test.portal`, name: id, handle: id, role: id === 'sam' ? ('staff' as const) : ('member' as const), status: 'active' as const, created_at: 0 })))
		.execute()

	await insertCase('BRA001', 'BRA', 'alpha', '2019-03-01', ['illicit-trafficking', 'organized-criminal-group'])
	await insertCase('BRA002', 'BRA', 'alpha', '2021-06-01', ['illicit-trafficking'])
	await insertCase('ARG001', 'ARG', 'alpha', '2021-09-01', ['diversion'])
	// A crime type listed twice still makes one case of that type.
	await insertCase('XKX001', 'XKX', 'bravo', '2018-01-01', ['illicit-trafficking', 'illicit-trafficking'])
	// Drafts are in no figure, for anyone (nor do they stretch the years to 2024).
	await insertCase('SRB001', 'SRB', 'bravo', '2024-01-01', ['diversion'], 'draft')

	// Alpha's forum: 3 visible posts this month, one hidden, one deleted, one older than twelve months.
	await thread('alpha', [NOW - DAY, NOW - 2 * DAY, NOW - 3 * DAY, NOW - 4 * DAY, NOW - 5 * DAY, Date.UTC(2024, 5, 30) / 1000], { hidden: [3], deleted: [4] })
	// Bravo's forum: two posts in July 2024 (the first month of the window).
	await thread('bravo', [Date.UTC(2024, 6, 1) / 1000, Date.UTC(2024, 6, 31, 23) / 1000])
	await thread('interregional', [Date.UTC(2025, 4, 20) / 1000])
	await thread('staff', [NOW - DAY, NOW - DAY])

	await event('e1-everyone', { visibility: 'members', start: '2025-07-01T09:00', end: '2025-07-01T17:00' })
	await event('e2-members-alpha', { visibility: 'members', regions: ['alpha'], start: '2025-08-01T09:00', end: '2025-08-01T17:00' })
	await event('e3-bravo-only', { visibility: 'regions', regions: ['bravo'], start: '2025-08-02T09:00', end: '2025-08-02T17:00' })
	await event('e4-both', { visibility: 'regions', regions: ['alpha', 'bravo'], start: '2025-09-01T09:00', end: '2025-09-01T17:00' })
	// Invite-only: Ben is invited although he is not in Alpha; Ana is in Alpha but not invited.
	await event('e5-invite', { visibility: 'invite-only', regions: ['alpha'], invitees: ['ben@test.portal'], start: '2025-09-02T09:00', end: '2025-09-02T17:00' })
	await event('e6-cancelled', { visibility: 'members', regions: ['alpha'], status: 'cancelled', start: '2025-10-01T09:00', end: '2025-10-01T17:00' })
	await event('e7-past', { visibility: 'members', regions: ['alpha'], start: '2025-05-01T09:00', end: '2025-05-01T17:00' })
	await event('e8-under-way', { visibility: 'members', regions: ['alpha'], start: '2025-06-14T09:00', end: '2025-06-16T17:00' })
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

const months = lastTwelveMonths(NOW)
const perMonth = (entries: Record<string, number>) => months.map((m) => entries[m] ?? 0)

describe('insight figures', () => {
	test('the twelve months run from July 2024 to June 2025', () => {
		expect(months).toEqual(['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'])
	})

	test('cases: published only, the same for every viewer, years without cases included', async () => {
		const expected = {
			total: 4,
			byYear: [
				{ year: 2018, count: 1 },
				{ year: 2019, count: 1 },
				{ year: 2020, count: 0 },
				{ year: 2021, count: 2 },
			],
			byRegion: [
				{ slug: 'alpha', name: 'Alpha region', count: 3, crimeTypes: { 'illicit-trafficking': 2, 'organized-criminal-group': 1, diversion: 1 } },
				{ slug: 'bravo', name: 'Bravo region', count: 1, crimeTypes: { 'illicit-trafficking': 1 } },
			],
			crimeTypes: [
				{ slug: 'illicit-trafficking', name: 'Illicit trafficking', count: 3 },
				{ slug: 'diversion', name: 'Diversion from the legal chain', count: 1 },
				{ slug: 'organized-criminal-group', name: 'Organized criminal group', count: 1 },
			],
			byCountry: [
				{ code: 'BRA', name: 'Brazil', count: 2 },
				{ code: 'ARG', name: 'Argentina', count: 1 },
				{ code: 'XKX', name: 'Kosovo (UNSCR 1244)', count: 1 },
			],
		}
		for (const v of [memberA, memberB, staff]) expect((await insightsFor(v, NOW)).cases).toEqual(expected)
	})

	test('forum activity: only readable forums, without hidden, deleted or older posts', async () => {
		expect((await insightsFor(memberA, NOW)).forums).toEqual({
			months,
			activity: [
				{ slug: 'interregional', name: 'Interregional', posts: perMonth({ '2025-05': 1 }), total: 1 },
				{ slug: 'alpha', name: 'Alpha region', posts: perMonth({ '2025-06': 3 }), total: 3 },
			],
		})
		expect((await insightsFor(memberB, NOW)).forums.activity).toEqual([
			{ slug: 'interregional', name: 'Interregional', posts: perMonth({ '2025-05': 1 }), total: 1 },
			{ slug: 'bravo', name: 'Bravo region', posts: perMonth({ '2024-07': 2 }), total: 2 },
		])
		expect((await insightsFor(staff, NOW)).forums.activity.map((f) => [f.slug, f.total])).toEqual([
			['interregional', 1],
			['alpha', 3],
			['bravo', 2],
			['staff', 2],
		])
	})

	test('upcoming events: only those the viewer may see, not started, not cancelled', async () => {
		const counts = async (v: V) => {
			const { events } = await insightsFor(v, NOW)
			return { total: events.total, byRegion: Object.fromEntries(events.byRegion.map((r) => [r.slug ?? 'none', r.count])) }
		}
		// Ana: e1, e2, e4 — not e3 (Bravo only) nor e5 (not invited).
		expect(await counts(memberA)).toEqual({ total: 3, byRegion: { alpha: 2, bravo: 1, none: 1 } })
		// Ben: e1 and e2 (for all members), e3 and e4 (Bravo), e5 (invited).
		expect(await counts(memberB)).toEqual({ total: 5, byRegion: { alpha: 3, bravo: 2, none: 1 } })
		expect(await counts(staff)).toEqual({ total: 5, byRegion: { alpha: 3, bravo: 2, none: 1 } })
		expect((await insightsFor(memberA, NOW)).events.byRegion.at(-1)).toEqual({ slug: null, name: 'All regions (not tied to one)', count: 1 })
	})
})

describe('insight charts', () => {
	test('the map links each drawn country with cases to its case search, named with its count', async () => {
		const charts = insightCharts(await insightsFor(memberA, NOW))
		expect(charts.map.countries.map((c) => [c.code, c.href, c.label])).toEqual([
			['ARG', '/cases?country=ARG', 'Argentina: 1 case'],
			['BRA', '/cases?country=BRA', 'Brazil: 2 cases'],
			['XKX', '/cases?country=XKX', 'Kosovo (UNSCR 1244): 1 case'],
		])
		expect(charts.map.undrawn).toEqual([])
		expect(charts.map.legend).toEqual([
			{ label: '1 case', fill: expect.any(String) },
			{ label: '2 cases', fill: expect.any(String) },
		])
		expect(charts.map.basemap).toMatch(/^M\d+ \d+/)
		for (const c of charts.map.countries) expect(c.d).toMatch(/^M[\d .lmz-]+$/)
	})

	test('bars carry the figures: one per year, stacked segments add up per region', async () => {
		const charts = insightCharts(await insightsFor(memberA, NOW))
		expect(charts.byYear.bars.map((b) => [b.key, b.value])).toEqual([
			['2018', 1],
			['2019', 1],
			['2020', 0],
			['2021', 2],
		])
		expect(charts.byRegion.series.map((s) => s.name)).toEqual(['Illicit trafficking', 'Diversion from the legal chain', 'Organized criminal group'])
		expect(charts.byRegion.rows.map((r) => [r.label, r.total])).toEqual([
			['Alpha region — 3 cases', 4],
			['Bravo region — 1 case', 1],
		])
		expect(charts.events.rows.map((r) => [r.label, r.totalLabel])).toEqual([
			['Alpha region', '2'],
			['Bravo region', '1'],
			['All regions (not tied to one)', '1'],
		])
	})
})
