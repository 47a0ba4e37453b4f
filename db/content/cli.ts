import path from 'node:path'
import cliProgress from 'cli-progress'
import { openDatabase } from '../client'
import { migrateToLatest } from '../migrate'
import { importContent } from './import'
import { formatProblem } from './problems'

const dir = process.argv[2]
if (!dir) {
	console.error('Usage: npm run content:import -- DIR   (a directory laid out like content/)')
	process.exit(2)
}

const { db, close } = openDatabase()
const bars = new cliProgress.MultiBar(
	{ format: ' {kind} [{bar}] {value}/{total} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000 },
	cliProgress.Presets.shades_classic,
)
const barsByKind = new Map<string, cliProgress.SingleBar>()
try {
	await migrateToLatest(db)
	const report = await importContent(db, path.resolve(dir), ({ kind, done, total }) => {
		let bar = barsByKind.get(kind)
		if (!bar) {
			bar = bars.create(total, 0, { kind: kind.padEnd(16) })
			barsByKind.set(kind, bar)
		}
		bar.setTotal(total)
		bar.update(done, { kind: kind.padEnd(16) })
	})
	bars.stop()
	for (const [kind, n] of Object.entries(report.imported)) {
		const changed = report.changed?.[kind]
		console.log(`Imported ${n} ${kind}${changed ? ` (${changed.length} new or changed)` : ''}`)
	}
	if (report.problems.length) {
		console.error(`\n${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; the files named were not imported:`)
		for (const p of report.problems) console.error(`  ${formatProblem(p)}`)
		process.exitCode = 1
	}
} catch (error) {
	bars.stop()
	console.error('Import failed:', error instanceof Error ? error.message : error)
	process.exitCode = 1
} finally {
	await close()
}
