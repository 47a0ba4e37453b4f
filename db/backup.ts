import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { openDatabase } from './client'
import { knownMigrations, migrateToLatest } from './migrate'

/**
 * Online backup and restore with SQLite's backup API: pages are copied in steps under
 * SQLite's own locking, so the portal keeps serving reads and writes meanwhile and the copy
 * is one consistent snapshot (writes that land mid-copy make SQLite restart the pass).
 */

export interface BackupReport {
	file: string
	bytes: number
	ms: number
	/** Rows per table in the copy (what a restore will bring back). */
	counts: Record<string, number>
}

export type Progress = (done: number, total: number) => void

/** Rows per table, plus SQLite's integrity check. */
export function inspect(file: string): { integrity: string; counts: Record<string, number> } {
	const sqlite = new SQLite(file, { readonly: true, fileMustExist: true })
	try {
		const integrity = String(sqlite.pragma('integrity_check', { simple: true }))
		const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[]
		const counts: Record<string, number> = {}
		for (const t of tables) counts[t] = sqlite.prepare(`select count(*) from "${t.replace(/"/g, '""')}"`).pluck().get() as number
		return { integrity, counts }
	} finally {
		sqlite.close()
	}
}

async function copy(from: string, to: string, onProgress?: Progress) {
	const source = new SQLite(from, { readonly: true, fileMustExist: true })
	source.pragma('busy_timeout = 5000')
	try {
		await source.backup(to, {
			progress({ totalPages, remainingPages }) {
				onProgress?.(totalPages - remainingPages, totalPages)
				// Pages per step: small enough that writers wait at most a few milliseconds.
				return 256
			},
		})
	} finally {
		source.close()
	}
}

const sidecars = (file: string) => [`${file}-wal`, `${file}-shm`, `${file}-journal`]

/** Copies the live database to `target` (written beside it first, renamed when checked). */
export async function backupDatabase(livePath: string, target: string, onProgress?: Progress): Promise<BackupReport> {
	const started = Date.now()
	if (path.resolve(target) === path.resolve(livePath) || sidecars(path.resolve(livePath)).includes(path.resolve(target)))
		throw new Error('The backup file cannot be the live database itself.')
	const partial = `${target}.partial-${process.pid}`
	fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
	fs.rmSync(partial, { force: true })
	try {
		// A backup holds everything (password hashes, personal data): readable by its owner only.
		// Created here first, exclusively, so no one can have planted a file at that name.
		fs.closeSync(fs.openSync(partial, 'wx', 0o600))
		await copy(livePath, partial, onProgress)
		const { integrity, counts } = inspect(partial)
		if (integrity !== 'ok') throw new Error(`The copy failed SQLite's integrity check: ${integrity}`)
		const fd = fs.openSync(partial, 'r')
		fs.fsyncSync(fd)
		fs.closeSync(fd)
		fs.renameSync(partial, target)
		fs.chmodSync(target, 0o600)
		return { file: target, bytes: fs.statSync(target).size, ms: Date.now() - started, counts }
	} finally {
		for (const f of [partial, ...sidecars(partial)]) fs.rmSync(f, { force: true })
	}
}

export interface RestoreReport {
	counts: Record<string, number>
	/** Migrations the backup predates, applied after the restore. */
	migrated: string[]
	/** Sessions ended: they may predate a revocation the backup does not know about. */
	sessionsEnded: number
	/** Where the database as it was just before the restore was kept (null if there was none). */
	previous: string | null
	ms: number
}

/**
 * Replaces the live database's content with a backup, online: connections already open (a
 * running portal) see the restored data at their next transaction. The current content is
 * first saved beside it, so a restore can itself be undone. Writes that land while the copy
 * runs are lost with the content they were made on: stop the portal first when you can.
 */
export async function restoreDatabase(backupFile: string, livePath: string, onProgress?: Progress): Promise<RestoreReport> {
	const started = Date.now()
	const checked = inspect(backupFile)
	if (checked.integrity !== 'ok') throw new Error(`${backupFile} failed SQLite's integrity check: ${checked.integrity}`)
	if (!('kysely_migration' in checked.counts)) throw new Error(`${backupFile} is not a portal database (it has no migration table).`)
	const unknown = migrationsIn(backupFile).filter((m) => !knownMigrations().includes(m))
	if (unknown.length) throw new Error(`${backupFile} was made by a newer version of the portal (migrations ${unknown.join(', ')}); restore it with that version.`)
	let previous: string | null = null
	fs.mkdirSync(path.dirname(path.resolve(livePath)), { recursive: true })
	if (fs.existsSync(livePath)) {
		previous = `${livePath}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
		await backupDatabase(livePath, previous)
	}
	await copy(backupFile, livePath, onProgress)
	// Bring an older backup up to this code's schema, and end every session: a session (or a
	// second-factor check) revoked after the backup was taken would otherwise live again.
	const opened = openDatabase(livePath)
	let migrated: string[]
	let sessionsEnded: number
	try {
		migrated = await migrateToLatest(opened.db)
		sessionsEnded = Number((await opened.db.deleteFrom('sessions').executeTakeFirst()).numDeletedRows)
	} finally {
		await opened.close()
	}
	const after = inspect(livePath)
	if (after.integrity !== 'ok') throw new Error(`The restored database failed SQLite's integrity check: ${after.integrity}`)
	return { counts: after.counts, previous, ms: Date.now() - started, migrated, sessionsEnded }
}

function migrationsIn(file: string): string[] {
	const sqlite = new SQLite(file, { readonly: true, fileMustExist: true })
	try {
		return sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[]
	} finally {
		sqlite.close()
	}
}
