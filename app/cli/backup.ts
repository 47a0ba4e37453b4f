/**
 * npm run backup -- FILE    consistent copy of the live database, while the portal runs
 * npm run restore -- FILE   put a backup back (the current content is kept beside it first)
 *
 * Only the database: uploaded files (ATTACHMENT_DIR) and the key files (SIGNING_KEY_FILE,
 * MESSAGE_KEY_FILE) are plain files to back up with the server's file backups. Keys are kept
 * apart on purpose: a stolen database backup then holds no readable messages.
 */
import cliProgress from 'cli-progress'
import { databasePath } from '../../db/client'
import { backupDatabase, restoreDatabase, type Progress } from '../../db/backup'

const [mode, file] = process.argv.slice(2)
if ((mode !== 'backup' && mode !== 'restore') || !file) {
	console.error(`Usage: npm run ${mode === 'restore' ? 'restore' : 'backup'} -- FILE`)
	process.exit(2)
}

const bar = new cliProgress.SingleBar({ format: ` ${mode} [{bar}] {value}/{total} pages | ETA {eta}s`, hideCursor: true }, cliProgress.Presets.legacy)
let started = false
const progress: Progress = (done, total) => {
	if (!started) bar.start(total, 0)
	started = true
	bar.setTotal(total)
	bar.update(done)
}
const rows = (counts: Record<string, number>) =>
	['users', 'cases', 'threads', 'posts', 'messages', 'events', 'event_registrations', 'guidance_documents', 'audit_log']
		.filter((t) => t in counts)
		.map((t) => `${t} ${counts[t]}`)
		.join(', ')

try {
	if (mode === 'backup') {
		const report = await backupDatabase(databasePath(), file, progress)
		if (started) bar.stop()
		console.log(`Backed up ${databasePath()} to ${report.file}: ${(report.bytes / 1e6).toFixed(1)} MB in ${report.ms} ms, integrity ok.`)
		console.log(`Rows: ${rows(report.counts)}`)
	} else {
		const report = await restoreDatabase(file, databasePath(), progress)
		if (started) bar.stop()
		console.log(`Restored ${file} into ${databasePath()} in ${report.ms} ms, integrity ok.`)
		if (report.previous) console.log(`The database as it was before is kept at ${report.previous}.`)
		if (report.migrated.length) console.log(`Brought up to date with migrations ${report.migrated.join(', ')}.`)
		console.log(`Ended ${report.sessionsEnded} sessions: everyone signs in again. API tokens and passwords are as they were when the backup was made; revoke any revoked since.`)
		console.log(`Rows: ${rows(report.counts)}`)
		console.log('With Meilisearch configured, run `npm run search:reindex` so its index matches the restored data.')
	}
} catch (error) {
	if (started) bar.stop()
	console.error(`${mode} failed: ${error instanceof Error ? error.message : String(error)}`)
	process.exit(1)
}
