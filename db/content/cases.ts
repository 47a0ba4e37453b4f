import fs from 'node:fs/promises'
import path from 'node:path'
import type { DB } from '../client'
import { caseRecordSchema, checkAgainstVocabulary, deriveRegion, missingSections, type CaseRecord, type Vocabulary } from '../cases/record'
import { saveCase, type SaveOutcome } from '../cases/queries'
import { isCountryCode } from '../../app/utils/countries.server'
import { problemsFromZod, readFrontMatter, type ContentProblem } from './problems'

export async function loadVocabulary(db: DB): Promise<Vocabulary> {
	const terms = await db.selectFrom('taxonomy_terms').select(['kind', 'slug']).execute()
	const regions = await db.selectFrom('regions').select(['slug', 'countries']).orderBy('sort_order').execute()
	const of = (kind: string) => new Set(terms.filter((t) => t.kind === kind).map((t) => t.slug))
	return {
		crimeTypes: of('crime_types'),
		crossCutting: of('cross_cutting'),
		protocolArticles: of('protocol_articles'),
		regions: new Map(regions.map((r) => [r.slug, JSON.parse(r.countries) as string[]])),
		isCountry: isCountryCode,
	}
}

/** Parses and validates one case file; returns the record or the problems found in it. */
export function parseCaseFile(file: string, source: string, vocab: Vocabulary): { record: CaseRecord | null; problems: ContentProblem[] } {
	const parsed = readFrontMatter(file, source)
	if ('problem' in parsed) return { record: null, problems: [parsed.problem] }
	const result = caseRecordSchema.safeParse({ ...parsed.data, body: parsed.body })
	if (!result.success) return { record: null, problems: problemsFromZod(file, result.error) }
	const record = result.data
	const problems: ContentProblem[] = checkAgainstVocabulary(record, vocab).map((p) => ({ file, field: p.path, message: p.message }))
	const expectedName = `${record.id}.md`
	if (path.basename(file) !== expectedName) problems.push({ file, field: 'id', message: `The id ${record.id} does not match the file name; name the file ${expectedName}.` })
	const missing = missingSections(record.body)
	if (missing.length) problems.push({ file, field: 'body', message: `Missing section${missing.length > 1 ? 's' : ''}: ${missing.map((s) => `## ${s}`).join(', ')}.` })
	if (!deriveRegion(record, vocab.regions)) problems.push({ file, field: 'region', message: `No region lists ${record.country}; add region: explicitly.` })
	return problems.length ? { record: null, problems } : { record, problems: [] }
}

export async function importCases(
	db: DB,
	dir: string,
	onProgress?: (done: number, total: number) => void,
): Promise<{ saved: Array<{ id: string } & SaveOutcome>; problems: ContentProblem[]; total: number }> {
	const casesDir = path.join(dir, 'cases')
	let files: string[]
	try {
		files = (await fs.readdir(casesDir)).filter((f) => f.endsWith('.md')).sort()
	} catch {
		return { saved: [], problems: [], total: 0 }
	}
	const vocab = await loadVocabulary(db)
	const problems: ContentProblem[] = []
	const saved: Array<{ id: string } & SaveOutcome> = []
	const seen = new Map<string, string>()
	let done = 0
	for (const name of files) {
		const file = path.join(casesDir, name)
		const { record, problems: fileProblems } = parseCaseFile(file, await fs.readFile(file, 'utf8'), vocab)
		if (record && seen.has(record.id)) fileProblems.push({ file, field: 'id', message: `Duplicate id ${record.id}, also in ${seen.get(record.id)}.` })
		if (record && !fileProblems.length) {
			seen.set(record.id, file)
			const outcome = await saveCase(db, record, deriveRegion(record, vocab.regions), { authorId: null, source: 'import' })
			saved.push({ id: record.id, ...outcome })
		}
		problems.push(...fileProblems)
		onProgress?.(++done, files.length)
	}
	return { saved, problems, total: files.length }
}
