import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-names-'))
Object.assign(process.env, { DATABASE_PATH: path.join(dir, 'portal.db'), MAIL_DIR: path.join(dir, 'mail'), SIGNING_KEY_FILE: path.join(dir, 'signing.key') })

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { readRegions, upsertRegions } = await import('../../db/content/regions')
const { forumNamer } = await import('./forum-names.server')

const { regions } = await readRegions(path.resolve(import.meta.dirname, '../../content'))
if (!regions) throw new Error('content/regions.yaml does not read')

beforeAll(async () => {
	await migrateToLatest(database().db)
	await upsertRegions(database().db, regions)
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
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

	test('in a language the content lacks, region names stay English and the description is the English one', async () => {
		const names = await forumNamer('fr')
		const region = (await forums()).find((f) => f.kind === 'region')
		expect(region && names.name(region)).toBe(region?.name)
		expect(region && names.description(region)).toBe(region?.description)
	})
})
