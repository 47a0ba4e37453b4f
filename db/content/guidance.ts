import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { DB } from '../client'
import { guidanceFileSchema, recommendationSchema, type GuidanceFile, type RecommendationRecord } from '../guidance/record'
import { enqueue } from '../../search/outbox'
import { problemsFromZod, readFrontMatter, type ContentProblem } from './problems'

interface Vocab {
	themes: Set<string>
	articles: Set<string>
	regions: Set<string>
}

async function vocabulary(db: DB): Promise<Vocab> {
	const terms = await db.selectFrom('taxonomy_terms').select(['kind', 'slug']).execute()
	const regions = await db.selectFrom('regions').select('slug').execute()
	return {
		themes: new Set(terms.filter((t) => t.kind === 'themes').map((t) => t.slug)),
		articles: new Set(terms.filter((t) => t.kind === 'protocol_articles').map((t) => t.slug)),
		regions: new Set(regions.map((r) => r.slug)),
	}
}

async function readFiles(dir: string): Promise<Array<{ file: string; source: string }>> {
	try {
		const names = (await fs.readdir(dir)).filter((f) => f.endsWith('.md')).sort()
		return Promise.all(names.map(async (n) => ({ file: path.join(dir, n), source: await fs.readFile(path.join(dir, n), 'utf8') })))
	} catch {
		return []
	}
}

function checkVocab(file: string, v: Vocab, themes: string[], articles: string[], regions: string[]): ContentProblem[] {
	return [
		...themes.filter((t) => !v.themes.has(t)).map((t) => ({ file, field: 'themes', message: `Unknown theme ${t}; use a slug from taxonomy.yaml.` })),
		...articles.filter((a) => !v.articles.has(a)).map((a) => ({ file, field: 'articles', message: `The Protocol has no article ${a}.` })),
		...regions.filter((r) => !v.regions.has(r)).map((r) => ({ file, field: 'regions', message: `Unknown region ${r}.` })),
	]
}

export async function importRecommendations(db: DB, dir: string): Promise<{ saved: number; problems: ContentProblem[]; total: number }> {
	const files = await readFiles(path.join(dir, 'recommendations'))
	const v = await vocabulary(db)
	const meetings = new Set((await db.selectFrom('events').select('id').execute()).map((e) => e.id))
	const problems: ContentProblem[] = []
	let saved = 0
	for (const { file, source } of files) {
		const f = readFrontMatter(file, source)
		if ('problem' in f) {
			problems.push(f.problem)
			continue
		}
		const result = recommendationSchema.safeParse({ ...f.data, body: f.body })
		if (!result.success) {
			problems.push(...problemsFromZod(file, result.error))
			continue
		}
		const r: RecommendationRecord = result.data
		const fileProblems = checkVocab(file, v, [r.theme], r.articles, [])
		if (path.basename(file) !== `${r.id}.md`) fileProblems.push({ file, field: 'id', message: `Name the file ${r.id}.md.` })
		if (!meetings.has(r.meeting)) fileProblems.push({ file, field: 'meeting', message: `No event ${r.meeting}; the meeting must be in content/events.` })
		if (fileProblems.length) {
			problems.push(...fileProblems)
			continue
		}
		const hash = crypto.createHash('sha256').update(JSON.stringify(r)).digest('hex')
		const row = { meeting_event_id: r.meeting, meeting_number: r.meeting_number, number: r.number, theme: r.theme, articles: JSON.stringify(r.articles), document_symbol: r.document_symbol, status_notes: r.status_notes, summary: r.body, content_hash: hash, updated_at: Math.floor(Date.now() / 1000) }
		await db.transaction().execute(async (trx) => {
			const existing = await trx.selectFrom('recommendations').select('content_hash').where('id', '=', r.id).executeTakeFirst()
			if (existing?.content_hash === hash) return
			if (existing) await trx.updateTable('recommendations').set(row).where('id', '=', r.id).execute()
			else await trx.insertInto('recommendations').values({ id: r.id, ...row }).execute()
			await enqueue(trx, 'recommendation', r.id)
		})
		saved++
	}
	return { saved, problems, total: files.length }
}

/**
 * Guidance files are published documents: a file whose content differs from the latest
 * published version becomes a new version (the previous one stays readable).
 */
export async function importGuidance(db: DB, dir: string): Promise<{ saved: number; problems: ContentProblem[]; total: number }> {
	const files = await readFiles(path.join(dir, 'guidance'))
	const v = await vocabulary(db)
	const cases = new Set((await db.selectFrom('cases').select('id').execute()).map((c) => c.id))
	const recommendations = new Set((await db.selectFrom('recommendations').select('id').execute()).map((r) => r.id))
	const problems: ContentProblem[] = []
	const parsed: Array<{ file: string; g: GuidanceFile }> = []
	for (const { file, source } of files) {
		const f = readFrontMatter(file, source)
		if ('problem' in f) {
			problems.push(f.problem)
			continue
		}
		const result = guidanceFileSchema.safeParse({ ...f.data, body: f.body })
		if (!result.success) {
			problems.push(...problemsFromZod(file, result.error))
			continue
		}
		const g = result.data
		const fileProblems = checkVocab(file, v, g.themes, g.articles, g.regions)
		if (path.basename(file) !== `${g.id}.md`) fileProblems.push({ file, field: 'id', message: `Name the file ${g.id}.md.` })
		for (const c of g.related_cases) if (!cases.has(c)) fileProblems.push({ file, field: 'related_cases', message: `No case ${c}.` })
		for (const r of g.related_recommendations) if (!recommendations.has(r)) fileProblems.push({ file, field: 'related_recommendations', message: `No recommendation ${r}.` })
		if (fileProblems.length) problems.push(...fileProblems)
		else parsed.push({ file, g })
	}
	const ids = new Set(parsed.map((p) => p.g.id))
	let saved = 0
	for (const { file, g } of parsed) {
		if (g.translation_of && !ids.has(g.translation_of) && !(await db.selectFrom('guidance_documents').select('id').where('id', '=', g.translation_of).executeTakeFirst())) {
			problems.push({ file, field: 'translation_of', message: `No guidance ${g.translation_of} to be a translation of.` })
			continue
		}
		const fields = {
			title: g.title,
			summary: g.summary,
			body: g.body,
			themes: JSON.stringify(g.themes),
			articles: JSON.stringify(g.articles),
			regions: JSON.stringify(g.regions),
			related_cases: JSON.stringify(g.related_cases),
			related_recommendations: JSON.stringify(g.related_recommendations),
		}
		const now = Math.floor(Date.now() / 1000)
		const changed = await db.transaction().execute(async (trx) => {
			const latest = await trx.selectFrom('guidance_versions').selectAll().where('document_id', '=', g.id).orderBy('version', 'desc').executeTakeFirst()
			const same = latest && Object.entries(fields).every(([k, val]) => (latest as Record<string, unknown>)[k] === val)
			const doc = { translation_group: g.translation_of ?? g.id, language: g.language, status: 'published' as const, ...fields, change_note: g.change_note, sample: g.sample ? 1 : 0, updated_at: now }
			const exists = await trx.selectFrom('guidance_documents').select('id').where('id', '=', g.id).executeTakeFirst()
			if (exists) await trx.updateTable('guidance_documents').set(doc).where('id', '=', g.id).execute()
			else await trx.insertInto('guidance_documents').values({ id: g.id, ...doc, author_id: null, submitted_by: null, submitted_at: null, created_at: now }).execute()
			if (same) return false
			const publishedAt = !latest && g.published ? Math.floor(Date.parse(`${g.published}T00:00:00Z`) / 1000) : now
			await trx
				.insertInto('guidance_versions')
				.values({ document_id: g.id, version: (latest?.version ?? 0) + 1, ...fields, change_note: g.change_note, published_at: publishedAt, published_by: null, author_id: null })
				.execute()
			await enqueue(trx, 'guidance', g.id)
			return true
		})
		if (changed) saved++
	}
	return { saved, problems, total: files.length }
}
