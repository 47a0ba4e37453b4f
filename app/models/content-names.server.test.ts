import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

/*
 * Names that come from content (regions, crime types, articles, themes, countries, forums) in the
 * reader's language, on every page that shows them: the case pages and editor, the directory, the
 * guidance forms and the forums. English must stay exactly as it was (the API and CSV export use it).
 */

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-names-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { readTaxonomy, upsertTaxonomy } = await import('../../db/content/taxonomy')
const { readRegions, upsertRegions } = await import('../../db/content/regions')
const { caseEditorOptions, caseLabels, facetValueLabel } = await import('./case-labels.server')
const { directoryVocabulary, labelProfile } = await import('./directory.server')
const { guidanceFormOptions } = await import('./guidance-editor.server')
const { forumNamer } = await import('./forum-names.server')
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
	test('countries, fixed values and the content’s names in the language', async () => {
		const fr = await caseLabels('fr')
		expect(fr.countryName('BRA')).toBe('Brésil')
		expect(fr.outcome.convicted).not.toBe('Convicted')
		expect(fr.article['5']).toBe('Art. 5 — Incrimination')
		expect(fr.crime_type['postal-trafficking']).toBe('Trafic par voie postale ou colis express')
		expect(fr.region['western-balkans']).toBe('Balkans occidentaux')
		expect((await caseLabels('ru')).countryName('BRA')).toBe('Бразилия')
		expect((await caseLabels('ar')).countryName('BRA')).toBe('البرازيل')
		expect((await caseLabels('es')).countryName('DEU')).toBe('Alemania')
		expect((await caseEditorOptions('ru')).countries.find((c) => c.value === 'BRA')?.label).toBe('Бразилия')
	})

	test('every region, crime type, cross-cutting issue and article has its name in French, Spanish, Russian and Arabic', async () => {
		for (const locale of ['fr', 'es', 'ru', 'ar'] as const) {
			const labels = await caseLabels(locale)
			for (const r of regions) expect(labels.region[r.slug], `${locale} region ${r.slug}`).toBe(r[`name_${locale}`])
			for (const term of taxonomy.crime_types) expect(labels.crime_type[term.slug], `${locale} crime type ${term.slug}`).toBe(term[locale])
			for (const term of taxonomy.cross_cutting) expect(labels.cross_cutting[term.slug], `${locale} cross-cutting ${term.slug}`).toBe(term[locale])
			for (const a of taxonomy.protocol_articles) expect(labels.article[a.number], `${locale} article ${a.number}`).toContain(a[locale]!)
			for (const a of taxonomy.convention_articles) expect(labels.convention_article[a.number], `${locale} convention article ${a.number}`).toContain(a[locale]!)
		}
	})

	test('a language the content has no name in falls back to English, never to nothing', async () => {
		await database().db.updateTable('taxonomy_terms').set({ names: null }).where('kind', '=', 'crime_types').where('slug', '=', 'diversion').execute()
		await database().db.updateTable('regions').set({ names: '{"fr": 7, "es": ""}' }).where('slug', '=', 'caribbean').execute()
		try {
			const es = await caseLabels('es')
			expect(es.crime_type.diversion).toBe(taxonomy.crime_types.find((t) => t.slug === 'diversion')!.en)
			expect(es.region.caribbean).toBe('The Caribbean')
			expect((await caseLabels('fr')).region.caribbean).toBe('The Caribbean')
		} finally {
			await upsertTaxonomy(database().db, taxonomy)
			await upsertRegions(database().db, regions)
		}
	})
})

const profile = {
	handle: 'amina.diallo',
	name: 'Amina Diallo',
	country: 'SRB',
	regions: ['western-balkans', 'no-such-region'],
	organisation_type: 'police' as const,
	organisation: 'Border Police Directorate',
	job_title: 'Chief inspector',
	languages: ['sr', 'en'],
	expertise: ['deactivation', 'postal-trafficking'],
	bio: 'Worked on converted alarm pistols.',
}

describe('directory labels', () => {
	test('English is the default and unchanged', async () => {
		const vocabulary = await directoryVocabulary()
		expect(vocabulary.locale).toBe('en')
		expect(vocabulary.regions).toEqual(regions.map((r) => ({ slug: r.slug, name: r.name })))
		expect(vocabulary.themes).toEqual(taxonomy.themes.map((t) => ({ slug: t.slug, name: t.en })))
		expect(vocabulary.crimeTypes).toEqual(taxonomy.crime_types.map((t) => ({ slug: t.slug, name: t.en })))
		expect(labelProfile(profile, vocabulary)).toEqual({
			handle: 'amina.diallo',
			name: 'Amina Diallo',
			country: { code: 'SRB', name: 'Serbia' },
			regions: ['Western Balkans', 'no-such-region'],
			organisationType: 'Police',
			organisation: 'Border Police Directorate',
			jobTitle: 'Chief inspector',
			languages: ['Serbian', 'English'],
			expertise: ['Deactivation', 'Postal or express-parcel trafficking'],
			bio: 'Worked on converted alarm pistols.',
			own: undefined,
		})
	})

	test('Chinese: country, regions and areas of expertise named in Chinese', async () => {
		const vocabulary = await directoryVocabulary('zh')
		expect(vocabulary.regions.filter((r) => !HAN.test(r.name))).toEqual([])
		expect([...vocabulary.themes, ...vocabulary.crimeTypes].filter((t) => !HAN.test(t.name))).toEqual([])
		const person = labelProfile(profile, vocabulary)
		expect(person.country).toEqual({ code: 'SRB', name: '塞尔维亚' })
		expect(person.regions).toEqual(['西巴尔干', 'no-such-region'])
		expect(person.expertise).toEqual(['停用', '通过邮包或快递包裹贩运'])
		// Organisation types and languages stay English here: the pages translate them by their English label.
		expect(person.organisationType).toBe('Police')
		expect(person.languages).toEqual(['Serbian', 'English'])
	})

	test('French: the country, regions and areas of expertise in French', async () => {
		const person = labelProfile(profile, await directoryVocabulary('fr'))
		expect(person.country?.name).toBe('Serbie')
		expect(person.regions).toEqual(['Balkans occidentaux', 'no-such-region'])
		expect(person.expertise).toEqual(['Neutralisation', 'Trafic par voie postale ou colis express'])
	})
})

describe('guidanceFormOptions', () => {
	test('English is the default and unchanged', async () => {
		const options = await guidanceFormOptions()
		expect(await guidanceFormOptions('en')).toEqual(options)
		expect(options.themes).toEqual(taxonomy.themes.map((t) => ({ value: t.slug, label: t.en })))
		expect(options.articles).toEqual(taxonomy.protocol_articles.map((a) => ({ value: a.number, label: `${a.number}. ${a.en}` })))
		expect(options.regions).toEqual(regions.map((r) => ({ value: r.slug, label: r.name })))
		expect(options.languages).toEqual(['en', 'fr', 'es', 'ru', 'zh', 'ar', 'pt'])
		expect(options.languageLabels).toEqual({ en: 'English', fr: 'French', es: 'Spanish', ru: 'Russian', zh: 'Chinese', ar: 'Arabic', pt: 'Portuguese' })
	})

	test('Chinese: no theme, article, region or language name left in English', async () => {
		const options = await guidanceFormOptions('zh')
		for (const list of ['themes', 'articles', 'regions'] as const) {
			expect(options[list].length, list).toBeGreaterThan(0)
			expect(options[list].filter((o) => !HAN.test(o.label)), `${list} without Chinese`).toEqual([])
		}
		expect(Object.values(options.languageLabels).filter((l) => !HAN.test(l))).toEqual([])
		expect(options.articles.find((a) => a.value === '8')?.label).toBe('第 8 条：枪支标识')
		expect(options.themes.find((t) => t.value === 'deactivation')?.label).toBe('停用')
		expect(options.regions.find((r) => r.value === 'central-asia')?.label).toBe('中亚')
		expect(options.languages).toEqual(['en', 'fr', 'es', 'ru', 'zh', 'ar', 'pt'])
	})
})

const forums = () => database().db.selectFrom('forums').selectAll().orderBy('sort_order').execute()

describe('forum names', () => {
	test('in English, as the forums table has them', async () => {
		const names = await forumNamer('en')
		for (const f of await forums()) {
			expect(names.name(f)).toBe(f.name)
			expect(names.description(f)).toBe(f.description)
		}
	})

	test('in Chinese, every forum has a Chinese name and description (a region’s forum takes its region’s Chinese name)', async () => {
		const names = await forumNamer('zh')
		const all = await forums()
		expect(all.length).toBe(regions.length + 2)
		for (const f of all) {
			expect(names.name(f), f.slug).toMatch(/\p{Script=Han}/u)
			expect(names.name(f), f.slug).not.toMatch(/[A-Za-z]/)
			expect(names.description(f), f.slug).toMatch(/\p{Script=Han}/u)
		}
		const balkans = all.find((f) => f.region_slug === 'western-balkans')
		expect(balkans && names.name(balkans)).toBe(regions.find((r) => r.slug === 'western-balkans')?.name_zh)
	})

	test('in French, a region’s forum takes its region’s French name, in the French description', async () => {
		const names = await forumNamer('fr')
		const region = (await forums()).find((f) => f.region_slug === 'west-central-africa')!
		expect(names.name(region)).toBe('Afrique de l’Ouest et du Centre')
		expect(names.description(region)).toContain('Afrique de l’Ouest et du Centre')
		expect(names.description(region)).not.toBe(region.description)
	})
})
