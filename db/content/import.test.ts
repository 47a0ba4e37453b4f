import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openDatabase, type OpenedDatabase } from '../client'
import { migrateToLatest } from '../migrate'
import { importContent } from './import'

const repoContent = path.resolve(import.meta.dirname, '../../content')

const validCase = (id: string, extra = '') => `---
id: ${id}
title: "Prosecutor v. Test"
country: ${id.slice(0, 3)}
court: "High Court"
court_level: appeal
decision_date: "2020-05-01"
legal_system: common-law
crime_types: [illicit-trafficking]
protocol_articles: ["5"]
outcome: convicted
language: en
status: published
sample: true
${extra}---
## Facts
Facts.
## Procedural history
History.
## Decision
Decision.
## Commentary
Commentary.
`

let dir: string
let opened: OpenedDatabase

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-'))
	fs.copyFileSync(path.join(repoContent, 'regions.yaml'), path.join(dir, 'regions.yaml'))
	fs.copyFileSync(path.join(repoContent, 'taxonomy.yaml'), path.join(dir, 'taxonomy.yaml'))
	fs.mkdirSync(path.join(dir, 'cases'))
	opened = openDatabase(path.join(dir, 'test.db'))
	await migrateToLatest(opened.db)
})
afterEach(async () => {
	await opened.close()
	fs.rmSync(dir, { recursive: true, force: true })
})

const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, 'cases', name), text)

describe('content import', () => {
	test('imports the shipped content without a problem', async () => {
		const report = await importContent(opened.db, repoContent)
		expect(report.problems).toEqual([])
		expect(report.imported.regions).toBe(8)
		expect(report.imported.cases).toBeGreaterThanOrEqual(40)
	})

	test('each kind of bad case file is refused with file, field and problem; valid files still import', async () => {
		write('NGA100.md', validCase('NGA100'))
		write('NGA101.md', '---\nid: NGA101\ntitle: [unclosed\n---\n## Facts\nx')
		write('NGA102.md', validCase('NGA102').replace('court: "High Court"\n', ''))
		write('NGA103.md', validCase('NGA103').replace('[illicit-trafficking]', '[alien-smuggling]'))
		write('NGA104.md', validCase('NGA104').replace('"2020-05-01"', '"2020-13-45"'))
		write('NGA105.md', validCase('NGA199'))
		write('NGA106.md', validCase('NGA106').replace('## Commentary\nCommentary.\n', ''))
		write('NGA107.md', validCase('NGA107').replace('court_level: appeal', 'court_level: heavenly'))
		write('ZZZ108.md', validCase('ZZZ108'))
		write('NGA109.md', 'no front matter at all')
		// gray-matter would run JavaScript front matter through eval.
		write('NGA110.md', validCase('NGA110').replace(/^---\n/, '---js\n(globalThis.__frontMatterRan = true, {})\n---\n'))
		write('NGA111.md', validCase('NGA111').replace(/^---\n/, '---javascript\n'))
		const report = await importContent(opened.db, dir)
		const by = (file: string) => report.problems.filter((p) => p.file.endsWith(file))
		expect(by('NGA101.md')[0].message).toMatch(/Not valid YAML/)
		expect(by('NGA102.md')).toEqual([expect.objectContaining({ field: 'court', message: 'The court is required.' })])
		expect(by('NGA103.md')).toEqual([expect.objectContaining({ field: 'crime_types.0', message: expect.stringContaining('alien-smuggling') })])
		expect(by('NGA104.md')[0]).toMatchObject({ field: 'decision_date', message: 'Use a real date written YYYY-MM-DD.' })
		expect(by('NGA105.md')[0]).toMatchObject({ field: 'id', message: expect.stringContaining('does not match the file name') })
		expect(by('NGA106.md')[0]).toMatchObject({ field: 'body', message: 'Missing section: ## Commentary.' })
		expect(by('NGA107.md')[0]).toMatchObject({ field: 'court_level' })
		expect(by('ZZZ108.md').map((p) => p.field)).toContain('country')
		expect(by('NGA109.md')[0].message).toMatch(/no YAML front matter/)
		for (const f of ['NGA110.md', 'NGA111.md']) expect(by(f)[0]).toMatchObject({ field: '(front matter)', message: expect.stringMatching(/must be YAML/) })
		expect((globalThis as { __frontMatterRan?: boolean }).__frontMatterRan).toBeUndefined()
		expect(report.imported.cases).toBe(1)
		const ids = (await opened.db.selectFrom('cases').select('id').execute()).map((r) => r.id)
		expect(ids).toEqual(['NGA100'])
	})

	test('a bad regions file is reported and changes nothing', async () => {
		fs.writeFileSync(path.join(dir, 'regions.yaml'), '- slug: Bad Slug\n  name: ""\n  countries: [QQQ]\n')
		const report = await importContent(opened.db, dir)
		expect(report.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['0.slug', '0.name', '0.countries.0']))
		expect(await opened.db.selectFrom('regions').selectAll().execute()).toEqual([])
	})

	test('importing twice is idempotent: no second revision, one outbox entry per change', async () => {
		write('NGA100.md', validCase('NGA100'))
		const first = await importContent(opened.db, dir)
		expect(first.problems).toEqual([])
		await importContent(opened.db, dir)
		const revisions = await opened.db.selectFrom('case_revisions').selectAll().execute()
		expect(revisions).toHaveLength(1)
		write('NGA100.md', validCase('NGA100').replace('Prosecutor v. Test', 'Prosecutor v. Tested'))
		const third = await importContent(opened.db, dir)
		expect(third.changed?.cases).toEqual(['NGA100'])
		const after = await opened.db.selectFrom('case_revisions').select(['revision', 'changed_fields']).orderBy('revision').execute()
		expect(after.map((r) => r.revision)).toEqual([1, 2])
		expect(JSON.parse(after[1].changed_fields)).toEqual(['title'])
		const outbox = await opened.db.selectFrom('search_outbox').selectAll().execute()
		expect(outbox.filter((o) => o.doc_id === 'NGA100')).toHaveLength(2)
	})

	test('a region is derived from the country', async () => {
		write('KAZ100.md', validCase('KAZ100'))
		await importContent(opened.db, dir)
		const row = await opened.db.selectFrom('cases').select('region').where('id', '=', 'KAZ100').executeTakeFirstOrThrow()
		expect(row.region).toBe('central-asia')
	})
})
