import type { DB } from '../client'
import type { ContentProblem } from './problems'
import { importCases } from './cases'
import { importEvents } from './events'
import { importGuidance, importRecommendations } from './guidance'
import { readRegions, upsertRegions } from './regions'
import { readTaxonomy, upsertTaxonomy } from './taxonomy'

export interface ImportProgress {
	kind: string
	done: number
	total: number
}

export interface ImportReport {
	imported: Record<string, number>
	problems: ContentProblem[]
	/** Ids whose stored content changed, by kind. */
	changed?: Record<string, string[]>
	/** Ids published for the first time by this import, by kind (for alerts). */
	firstPublished?: Record<string, string[]>
}

/**
 * Loads a directory laid out like content/. Every file is validated; an invalid file
 * changes nothing, valid files still import, and every problem is reported.
 * Idempotent: records are upserted by their stable id.
 */
export async function importContent(db: DB, dir: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
	const report: ImportReport = { imported: {}, problems: [] }

	const regions = await readRegions(dir)
	report.problems.push(...regions.problems)
	if (regions.regions) {
		await upsertRegions(db, regions.regions)
		report.imported.regions = regions.regions.length
		onProgress?.({ kind: 'regions', done: regions.regions.length, total: regions.regions.length })
	}

	const taxonomy = await readTaxonomy(dir)
	report.problems.push(...taxonomy.problems)
	if (taxonomy.taxonomy) {
		await upsertTaxonomy(db, taxonomy.taxonomy)
		report.imported.taxonomy = 1
	}

	const cases = await importCases(db, dir, (done, total) => onProgress?.({ kind: 'cases', done, total }))
	report.problems.push(...cases.problems)
	if (cases.total) {
		report.imported.cases = cases.saved.length
		report.changed = { ...report.changed, cases: cases.saved.filter((c) => c.changed).map((c) => c.id) }
		report.firstPublished = { ...report.firstPublished, cases: cases.saved.filter((c) => c.firstPublished).map((c) => c.id) }
	}

	const events = await importEvents(db, dir, (done, total) => onProgress?.({ kind: 'events', done, total }))
	report.problems.push(...events.problems)
	if (events.total) {
		report.imported.events = events.saved.length
		report.changed = { ...report.changed, events: events.saved.filter((e) => e.kind !== 'unchanged').map((e) => e.id) }
	}

	// After events: a recommendation names the meeting (an event) that adopted it; guidance links to both.
	const recommendations = await importRecommendations(db, dir)
	report.problems.push(...recommendations.problems)
	if (recommendations.total) report.imported.recommendations = recommendations.saved
	const guidance = await importGuidance(db, dir)
	report.problems.push(...guidance.problems)
	if (guidance.total) report.imported.guidance = guidance.saved

	return report
}
