import fs from 'node:fs/promises'
import path from 'node:path'
import type { DB } from '../client'
import { saveEvent, type SaveEventOutcome } from '../events/queries'
import { eventRecordSchema, type EventRecord } from '../events/record'
import { isCountryCode } from '../../app/utils/countries.server'
import { problemsFromZod, readFrontMatter, type ContentProblem } from './problems'

/** Parses and validates one event file (Markdown with YAML front matter). */
export function parseEventFile(file: string, source: string, regionSlugs: Set<string>): { record: EventRecord | null; problems: ContentProblem[] } {
	const parsed = readFrontMatter(file, source)
	if ('problem' in parsed) return { record: null, problems: [parsed.problem] }
	const result = eventRecordSchema.safeParse({ ...parsed.data, body: parsed.body })
	if (!result.success) return { record: null, problems: problemsFromZod(file, result.error) }
	const record = result.data
	const problems: ContentProblem[] = []
	if (path.basename(file) !== `${record.id}.md`) problems.push({ file, field: 'id', message: `The id ${record.id} does not match the file name; name the file ${record.id}.md.` })
	for (const r of record.regions) if (!regionSlugs.has(r)) problems.push({ file, field: 'regions', message: `Unknown region ${r}; use a slug from regions.yaml.` })
	if (record.location?.country && !isCountryCode(record.location.country)) problems.push({ file, field: 'location.country', message: `${record.location.country} is not an ISO 3166-1 alpha-3 code.` })
	return problems.length ? { record: null, problems } : { record, problems: [] }
}

export async function importEvents(
	db: DB,
	dir: string,
	onProgress?: (done: number, total: number) => void,
): Promise<{ saved: Array<{ id: string } & SaveEventOutcome>; problems: ContentProblem[]; total: number }> {
	const eventsDir = path.join(dir, 'events')
	let files: string[]
	try {
		files = (await fs.readdir(eventsDir)).filter((f) => f.endsWith('.md')).sort()
	} catch {
		return { saved: [], problems: [], total: 0 }
	}
	const regionSlugs = new Set((await db.selectFrom('regions').select('slug').execute()).map((r) => r.slug))
	const problems: ContentProblem[] = []
	const saved: Array<{ id: string } & SaveEventOutcome> = []
	let done = 0
	for (const name of files) {
		const file = path.join(eventsDir, name)
		const { record, problems: fileProblems } = parseEventFile(file, await fs.readFile(file, 'utf8'), regionSlugs)
		if (record) {
			const outcome = await saveEvent(db, record, { actorId: null, source: 'import' })
			if (outcome.kind === 'invalid') fileProblems.push({ file, field: outcome.field, message: outcome.message })
			else saved.push({ id: record.id, ...outcome })
		}
		problems.push(...fileProblems)
		onProgress?.(++done, files.length)
	}
	return { saved, problems, total: files.length }
}
