import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-labels-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { readTaxonomy, upsertTaxonomy } = await import('../../db/content/taxonomy')
const { readRegions, upsertRegions } = await import('../../db/content/regions')
const { directoryVocabulary, labelProfile } = await import('./directory.server')

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

	test('French: the country in French, content names without a French version in English', async () => {
		const person = labelProfile(profile, await directoryVocabulary('fr'))
		expect(person.country?.name).toBe('Serbie')
		expect(person.regions?.[0]).toBe('Western Balkans')
		expect(person.expertise?.[0]).toBe('Deactivation')
	})
})
