import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guidance-editor-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { readTaxonomy, upsertTaxonomy } = await import('../../db/content/taxonomy')
const { readRegions, upsertRegions } = await import('../../db/content/regions')
const { guidanceFormOptions } = await import('./guidance-editor.server')

const content = path.resolve(import.meta.dirname, '../../content')
const { taxonomy } = await readTaxonomy(content)
const { regions } = await readRegions(content)
if (!taxonomy || !regions) throw new Error('content/taxonomy.yaml or content/regions.yaml does not read')

const HAN = /\p{Script=Han}/u

beforeAll(async () => {
	await migrateToLatest(database().db)
	await upsertTaxonomy(database().db, taxonomy)
	await upsertRegions(database().db, regions)
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
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
