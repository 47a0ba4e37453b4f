import type { DB } from '../client'
import type { ContentProblem } from './problems'
import { readRegions, upsertRegions } from './regions'

export interface ImportProgress {
	kind: string
	done: number
	total: number
}

export interface ImportReport {
	imported: Record<string, number>
	problems: ContentProblem[]
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

	return report
}
