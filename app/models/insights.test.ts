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
const { serverT } = await import('../i18n/intl.server')
const { monthLabel } = await import('../utils/charts.server')
const { CATALOGUES } = await import('../i18n/catalogues.server')

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
		{ slug: 'alpha', name: 'Alpha region', name_zh: '阿尔法区域', countries: ['BRA', 'ARG'] },
		{ slug: 'bravo', name: 'Bravo region', name_zh: '布拉沃区域', countries: ['SRB', 'XKX'] },
	])
	await db()
		.insertInto('taxonomy_terms')
		.values([
			{ kind: 'crime_types', slug: 'illicit-trafficking', en: 'Illicit trafficking', zh: '非法贩运', sort_order: 1 },
			{ kind: 'crime_types', slug: 'diversion', en: 'Diversion from the legal chain', zh: '转移用途（流失）', sort_order: 2 },
			{ kind: 'crime_types', slug: 'organized-criminal-group', en: 'Organized criminal group', zh: '有组织犯罪集团', sort_order: 3 },
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

// ---------- the dashboard in the reader's language ----------

type Charts = ReturnType<typeof insightCharts>
type Figures = Awaited<ReturnType<typeof insightsFor>>

/** Fields that hold identifiers, links, geometry or colours rather than text someone reads or hears. */
const NOT_TEXT = new Set(['id', 'key', 'slug', 'code', 'href', 'd', 'basemap', 'area', 'line', 'colour', 'fill', 'pattern', 'crimeTypeSeries', 'months'])

/** Every string a reader may see or hear, with where it is (`map.countries.1.label`). */
function texts(value: unknown, at = ''): Array<[string, string]> {
	if (typeof value === 'string') return [[at, value]]
	if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${at}.${i}`))
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (NOT_TEXT.has(k) ? [] : texts(v, at ? `${at}.${k}` : k)))
	return []
}

/** Figures with more crime types than the chart draws on their own, or none at all: the branches the database fixture does not reach. */
function syntheticFigures(kind: 'many' | 'empty'): Figures {
	const types = [...'甲乙丙丁戊己庚'].map((stem, i) => ({ slug: `type-${i}`, name: `${stem}类犯罪`, count: 7 - i }))
	const many = kind === 'many'
	return {
		cases: {
			total: many ? 10 : 0,
			byYear: many ? [{ year: 2024, count: 10 }] : [],
			byRegion: many ? [{ slug: null, name: '未归入任何区域', count: 10, crimeTypes: Object.fromEntries(types.map((t) => [t.slug, t.count])) }] : [],
			crimeTypes: many ? types : [],
			byCountry: many ? [{ code: 'BRA', name: '巴西', count: 10 }] : [],
		},
		forums: { months, activity: many ? [] : [{ slug: 'interregional', name: '跨区域', posts: perMonth({}), total: 0 }] },
		events: { total: 0, byRegion: [] },
	}
}

describe('the dashboard in the reader’s language', () => {
	test('English: titles, summaries, series, labels and months are what they have always been', async () => {
		const charts = insightCharts(await insightsFor(staff, NOW))
		expect(charts.byYear.title).toBe('Published cases by year of decision')
		expect(charts.byYear.summary).toBe('4 published cases decided from 2018 to 2021; the most in 2021 (2).')
		expect(charts.byYear.bars.map((b) => b.label)).toEqual(['2018: 1', '2019: 1', '2020: 0', '2021: 2'])
		expect(charts.byYear.yTicks.map((t) => t.label)).toEqual(['0', '1', '2'])
		expect(charts.byRegion.title).toBe('Crime types in published cases, by region')
		expect(charts.byRegion.summary).toBe('For each region, its published cases by crime type: Illicit trafficking, Diversion from the legal chain, Organized criminal group. A case with several crime types counts once for each.')
		expect(charts.map.title).toBe('Published cases by country')
		expect(charts.map.summary).toBe('Published cases come from 3 countries; the most from Brazil (2), Argentina (1), Kosovo (UNSCR 1244) (1). Each country with cases is a link to its cases.')
		expect([charts.activity.first, charts.activity.last]).toEqual(['Jul 2024', 'Jun 2025'])
		expect(charts.activity.forums.map((f) => [f.name, f.summary])).toEqual([
			['Interregional', '1 post from Jul 2024 to Jun 2025; the busiest month was May 2025 with 1.'],
			['Alpha region', '3 posts from Jul 2024 to Jun 2025; the busiest month was Jun 2025 with 3.'],
			['Bravo region', '2 posts from Jul 2024 to Jun 2025; the busiest month was Jul 2024 with 2.'],
			['UNODC staff', '2 posts from Jul 2024 to Jun 2025; the busiest month was Jun 2025 with 2.'],
		])
		expect(charts.activitySummary).toBe('8 posts in the 4 forums you can read, over the last twelve months.')
		expect(charts.events.title).toBe('Upcoming events by region')
		expect(charts.events.summary).toBe('5 upcoming events you can see; the most in Alpha region (3). An event of several regions counts in each.')
		expect(charts.events.series.map((s) => s.name)).toEqual(['Upcoming events'])
		expect(months.map((m) => monthLabel(m))).toEqual(['Jul 2024', 'Aug 2024', 'Sep 2024', 'Oct 2024', 'Nov 2024', 'Dec 2024', 'Jan 2025', 'Feb 2025', 'Mar 2025', 'Apr 2025', 'May 2025', 'Jun 2025'])
		// The default is English: callers that pass no locale get the same as `'en'`.
		expect(insightCharts(await insightsFor(staff, NOW, 'en'), 'en')).toEqual(charts)
		await expect(insightsFor(memberA, NOW, 'en')).resolves.toEqual(await insightsFor(memberA, NOW))
	})

	test('English: the branches the fixture does not reach (other crime types, nothing yet)', () => {
		const many = insightCharts(syntheticFigures('many'))
		expect(many.byRegion.series.at(-1)?.name).toBe('Other crime types (2)')
		expect(many.byRegion.summary).toMatch(/^For each region, its published cases by crime type: .+ and other crime types\. A case with several crime types counts once for each\.$/)
		expect(many.byYear.summary).toBe('10 published cases decided from 2024 to 2024; the most in 2024 (10).')
		expect(many.activitySummary).toBe('0 posts in the 0 forums you can read, over the last twelve months.')
		const empty = insightCharts(syntheticFigures('empty'))
		expect([empty.byYear.summary, empty.map.summary, empty.byRegion.summary]).toEqual(['No published case yet.', 'No published case yet.', 'No published case yet.'])
		expect(empty.events.summary).toBe('No upcoming event you can see.')
		expect(empty.activity.forums[0].summary).toBe('No posts from Jul 2024 to Jun 2025.')
		expect(empty.activitySummary).toBe('0 posts in the 1 forum you can read, over the last twelve months.')
	})

	test('Chinese: no English title, summary, series, label or name is left', async () => {
		for (const v of [memberA, memberB, staff]) {
			const figures = await insightsFor(v, NOW, 'zh')
			const charts = insightCharts(figures, 'zh')
			const english = [...texts(figures), ...texts(charts), ...texts({ monthLabels: months.map((m) => monthLabel(m, 'zh')) })].filter(([, text]) => /[A-Za-z]/.test(text))
			expect(english, `English left on the Chinese dashboard of ${v.id}`).toEqual([])
		}
	})

	test('Chinese: the charts say what the English ones say, in the catalogue’s words and the content’s Chinese names', async () => {
		const figures = await insightsFor(staff, NOW, 'zh')
		const charts = insightCharts(figures, 'zh')
		const zh = CATALOGUES.zh
		expect([charts.byYear.title, charts.byRegion.title, charts.map.title, charts.events.title]).toEqual([zh['insights.chart.years.title'], zh['insights.chart.regions.title'], zh['insights.chart.map.title'], zh['insights.chart.events.title']])
		expect(charts.byYear.summary).toBe('2018 年至 2021 年间裁决的已发布案例共 4 个；其中 2021 年最多（2 个）。')
		expect(charts.byYear.bars.map((b) => b.label)).toEqual(['2018 年：1', '2019 年：1', '2020 年：0', '2021 年：2'])
		expect(charts.byRegion.series.map((s) => s.name)).toEqual(['非法贩运', '转移用途（流失）', '有组织犯罪集团'])
		expect(charts.byRegion.summary).toBe('各区域的已发布案例按犯罪类型分列：非法贩运、转移用途（流失）、有组织犯罪集团。一个案例涉及多种犯罪类型时，每种类型各计一次。')
		expect(charts.byRegion.rows.map((r) => r.label)).toEqual(['阿尔法区域 — 3 个案例', '布拉沃区域 — 1 个案例'])
		// Countries are named and ordered in Chinese (pinyin: Agenting, Baxi, Kesuowo).
		expect(charts.map.countries.map((c) => c.label)).toEqual(['阿根廷：1 个案例', '巴西：2 个案例', '科索沃（安理会第1244号决议）：1 个案例'])
		expect(charts.map.summary).toBe('已发布案例来自 3 个国家，其中案例最多的是巴西（2）、阿根廷（1）、科索沃（安理会第1244号决议）（1）。每个有案例的国家均链接至其案例。')
		expect(charts.map.legend.map((l) => l.label)).toEqual(['1 个案例', '2 个案例'])
		expect(figures.forums.activity.map((f) => f.name)).toEqual(['跨区域', '阿尔法区域', '布拉沃区域', '毒品和犯罪问题办公室工作人员'])
		expect([charts.activity.first, charts.activity.last]).toEqual(['2024年7月', '2025年6月'])
		expect(charts.activity.forums[1].summary).toBe('2024年7月至2025年6月共有 3 个帖子；帖子最多的月份是2025年6月，共 3 个。')
		expect(charts.activitySummary).toBe('过去十二个月，您可阅读的 4 个论坛中共有 8 个帖子。')
		expect(charts.events.summary).toBe('您可查看的即将举行的活动共 5 项，其中阿尔法区域最多（3 项）。涉及多个区域的活动在每个区域各计一次。')
		expect(charts.events.series.map((s) => s.name)).toEqual(['即将举行的活动'])
		expect(charts.events.rows.map((r) => [r.label, r.totalLabel])).toEqual([
			['阿尔法区域', '3'],
			['布拉沃区域', '2'],
			['所有区域（不限于某一区域）', '1'],
		])
		// The same figures whatever the language: only the words change.
		const english = await insightsFor(staff, NOW)
		expect(figures.cases.byYear).toEqual(english.cases.byYear)
		expect(figures.cases.crimeTypes.map((t) => [t.slug, t.count])).toEqual(english.cases.crimeTypes.map((t) => [t.slug, t.count]))
		expect(charts.crimeTypeSeries).toEqual(insightCharts(english).crimeTypeSeries)
	})

	test('Chinese: the branches the fixture does not reach are translated too', () => {
		const many = insightCharts(syntheticFigures('many'), 'zh')
		expect(many.byRegion.series.at(-1)?.name).toBe('其他犯罪类型（2 种）')
		expect(many.byRegion.summary).toBe('各区域的已发布案例按犯罪类型分列：甲类犯罪、乙类犯罪、丙类犯罪、丁类犯罪、戊类犯罪及其他犯罪类型。一个案例涉及多种犯罪类型时，每种类型各计一次。')
		const empty = insightCharts(syntheticFigures('empty'), 'zh')
		for (const charts of [many, empty]) expect(texts(charts).filter(([, text]) => /[A-Za-z]/.test(text))).toEqual([])
		expect([empty.byYear.summary, empty.map.summary, empty.byRegion.summary, empty.events.summary]).toEqual(['尚无已发布的案例。', '尚无已发布的案例。', '尚无已发布的案例。', '没有您可查看的即将举行的活动。'])
		expect(empty.activity.forums[0].summary).toBe('2024年7月至2025年6月没有帖子。')
	})

	test('other languages: chart text, countries and months in the language; a region the content names only in English keeps that name', async () => {
		const figures = await insightsFor(memberA, NOW, 'fr')
		expect(figures.cases.byCountry.map((c) => c.name)).toEqual(['Brésil', 'Argentine', 'Kosovo (RCSNU 1244)'])
		expect(figures.cases.byRegion.map((r) => r.name)).toEqual(['Alpha region', 'Bravo region'])
		const charts = insightCharts(figures, 'fr')
		expect(charts.byYear.title).toBe(serverT('fr')('insights.chart.years.title'))
		expect(charts.byYear.title).not.toBe('Published cases by year of decision')
		expect(charts.activity.first).toBe('juil. 2024')
	})
})
