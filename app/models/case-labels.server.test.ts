import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-labels-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { readTaxonomy, upsertTaxonomy } = await import('../../db/content/taxonomy')
const { readRegions, upsertRegions } = await import('../../db/content/regions')
const { caseEditorOptions, caseLabels, facetValueLabel } = await import('./case-labels.server')
const { countryName, countryOptions } = await import('../utils/countries.server')

// The portal's own vocabularies (content/taxonomy.yaml and content/regions.yaml), so every real term is checked.
const content = path.resolve(import.meta.dirname, '../../content')
const { taxonomy } = await readTaxonomy(content)
const { regions } = await readRegions(content)
if (!taxonomy || !regions) throw new Error('content/taxonomy.yaml or content/regions.yaml does not read')
const countriesInRegions = [...new Set(regions.flatMap((r) => r.countries))]

const HAN = /\p{Script=Han}/u
/** A label that is still English in a Chinese page: no Chinese character in it. */
const notChinese = (labels: Record<string, string>) => Object.entries(labels).filter(([, label]) => !HAN.test(label))

beforeAll(async () => {
	await migrateToLatest(database().db)
	await upsertTaxonomy(database().db, taxonomy)
	await upsertRegions(database().db, regions)
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('caseLabels in English (the contract of the CSV export and the API)', () => {
	test('is the default and gives exactly the labels it always gave', async () => {
		const labels = await caseLabels()
		const english = await caseLabels('en')
		const byKey = (entries: Array<[string, string]>) => Object.fromEntries(entries)
		for (const l of [labels, english]) {
			expect(l.region).toEqual(byKey(regions.map((r) => [r.slug, r.name])))
			expect(l.crime_type).toEqual(byKey(taxonomy.crime_types.map((t) => [t.slug, t.en])))
			expect(l.cross_cutting).toEqual(byKey(taxonomy.cross_cutting.map((t) => [t.slug, t.en])))
			expect(l.article).toEqual(byKey(taxonomy.protocol_articles.map((t) => [t.number, `Art. ${t.number} — ${t.en}`])))
			expect(l.convention_article).toEqual(byKey(taxonomy.convention_articles.map((t) => [t.number, `Art. ${t.number} — ${t.en}`])))
			expect(l.court_level).toEqual({ 'first-instance': 'First instance', appeal: 'Appeal', supreme: 'Supreme court', other: 'Other' })
			expect(l.outcome).toEqual({ convicted: 'Convicted', acquitted: 'Acquitted', mixed: 'Mixed', pending: 'Pending', other: 'Other' })
			expect(l.legal_system).toEqual({ 'common-law': 'Common law', 'civil-law': 'Civil law', mixed: 'Mixed', other: 'Other' })
			expect(l.language).toEqual({ en: 'English', zh: 'Chinese (中文)', fr: 'French', es: 'Spanish', ru: 'Russian', ar: 'Arabic', pt: 'Portuguese' })
			for (const code of countriesInRegions) expect(l.countryName(code)).toBe(countryName(code, 'en'))
			expect(l.articleNumber('99')).toBe('Art. 99')
		}
		expect(facetValueLabel(labels, 'article', '5')).toBe('Art. 5 — Criminalization')
		expect(facetValueLabel(labels, 'country', 'BRA')).toBe('Brazil')
		expect(facetValueLabel(labels, 'region', 'western-balkans')).toBe('Western Balkans')
		expect(facetValueLabel(labels, 'crime_type', 'postal-trafficking')).toBe('Postal or express-parcel trafficking')
		expect(facetValueLabel(labels, 'year', '2021')).toBe('2021')
		expect(facetValueLabel(labels, 'crime_type', 'no-such-term')).toBe('no-such-term')
	})

	test('the editor options are unchanged in English', async () => {
		const options = await caseEditorOptions()
		expect(await caseEditorOptions('en')).toEqual(options)
		expect(options.countries).toEqual(countryOptions('en').map((c) => ({ value: c.code, label: c.name })))
		expect(options.regions).toEqual(regions.map((r) => ({ value: r.slug, label: r.name })))
		expect(options.crimeTypes).toEqual(taxonomy.crime_types.map((t) => ({ value: t.slug, label: t.en })))
		expect(options.crossCutting).toEqual(taxonomy.cross_cutting.map((t) => ({ value: t.slug, label: t.en })))
		expect(options.protocolArticles).toEqual(taxonomy.protocol_articles.map((t) => ({ value: t.number, label: `${t.number} — ${t.en}` })))
		expect(options.conventionArticles).toEqual(taxonomy.convention_articles.map((t) => ({ value: t.number, label: `${t.number} — ${t.en}` })))
		expect(options.courtLevels).toContainEqual({ value: 'supreme', label: 'Supreme court' })
		expect(options.languages).toContainEqual({ value: 'zh', label: 'Chinese (中文)' })
	})
})

describe('caseLabels in Chinese', () => {
	test('no region, crime type, cross-cutting issue, article or fixed value is left in English', async () => {
		const labels = await caseLabels('zh')
		for (const facet of ['region', 'crime_type', 'cross_cutting', 'article', 'convention_article', 'court_level', 'outcome', 'legal_system', 'language'] as const) {
			expect(Object.keys(labels[facet]).length, facet).toBeGreaterThan(0)
			expect(notChinese(labels[facet]), `${facet} labels without Chinese`).toEqual([])
		}
		expect(labels.region['western-balkans']).toBe('西巴尔干')
		expect(labels.crime_type['postal-trafficking']).toBe('通过邮包或快递包裹贩运')
		expect(labels.cross_cutting['controlled-delivery']).toBe('控制下交付')
		expect(labels.article['5']).toBe('第 5 条：刑事定罪')
		expect(labels.convention_article['18']).toBe('第 18 条：司法协助')
		expect(labels.court_level['first-instance']).toBe('一审')
		expect(labels.articleNumber('99')).toBe('第 99 条')
	})

	test('every country of the network is named in Chinese', async () => {
		const labels = await caseLabels('zh')
		const english = countriesInRegions.filter((code) => !HAN.test(facetValueLabel(labels, 'country', code)))
		expect(english, 'countries named in English on a Chinese page').toEqual([])
		expect(labels.countryName('BRA')).toBe('巴西')
		expect(labels.countryName('XKX')).toBe('科索沃（安理会第1244号决议）')
	})

	test('the editor offers Chinese names, sorted for a Chinese reader', async () => {
		const options = await caseEditorOptions('zh')
		for (const list of ['countries', 'regions', 'crimeTypes', 'crossCutting', 'protocolArticles', 'conventionArticles'] as const) {
			expect(options[list].length, list).toBeGreaterThan(0)
			expect(options[list].filter((o) => !HAN.test(o.label)), `${list} without Chinese`).toEqual([])
		}
		expect(options.protocolArticles.find((o) => o.value === '5')?.label).toBe('第 5 条：刑事定罪')
		expect(options.countries.map((c) => c.label)).toEqual(countryOptions('zh').map((c) => c.name))
		// Same values as in English: only the labels change.
		const english = await caseEditorOptions('en')
		for (const list of ['countries', 'regions', 'crimeTypes', 'crossCutting', 'protocolArticles', 'conventionArticles', 'courtLevels', 'outcomes', 'legalSystems', 'languages'] as const)
			expect(new Set(options[list].map((o) => o.value)), list).toEqual(new Set(english[list].map((o) => o.value)))
	})
})

describe('caseLabels in the other UN languages', () => {
	test('countries and fixed values in the language; content names (English only in the content) in English', async () => {
		const fr = await caseLabels('fr')
		expect(fr.countryName('BRA')).toBe('Brésil')
		expect(fr.outcome.convicted).not.toBe('Convicted')
		expect(fr.article['5']).toBe('Art. 5 — Criminalization')
		expect(fr.crime_type['postal-trafficking']).toBe('Postal or express-parcel trafficking')
		expect((await caseLabels('ru')).countryName('BRA')).toBe('Бразилия')
		expect((await caseLabels('ar')).countryName('BRA')).toBe('البرازيل')
		expect((await caseLabels('es')).countryName('DEU')).toBe('Alemania')
		expect((await caseEditorOptions('ru')).countries.find((c) => c.value === 'BRA')?.label).toBe('Бразилия')
	})
})
