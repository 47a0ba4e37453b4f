import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely'
import type { DatabaseConnection, Driver, SqliteDatabase } from 'kysely'
import type { Database } from './schema'

export type DB = Kysely<Database>

export interface OpenedDatabase {
	db: DB
	/** The raw handle, for lucia's adapter, FTS5 and the backup API. */
	sqlite: SQLite.Database
	close(): Promise<void>
}

/**
 * Transactions begin IMMEDIATE: they take the write lock at BEGIN, where busy_timeout waits for
 * it. A deferred transaction that reads and then writes while another process (a CLI import, a
 * backup) committed in between fails at once with SQLITE_BUSY, which busy_timeout cannot cure.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'))
	}
}

class PortalSqliteDialect extends SqliteDialect {
	private readonly database: SqliteDatabase
	constructor(sqlite: SQLite.Database) {
		const database = withStatementCache(sqlite)
		super({ database })
		this.database = database
	}
	override createDriver(): Driver {
		return new ImmediateSqliteDriver({ database: this.database })
	}
}

/** Prepared statements kept; the oldest goes first when the cache is full. */
export const STATEMENT_CACHE_SIZE = 1000

/**
 * Kysely prepares every statement afresh, and preparing cost 3.5 % of the server's CPU in
 * the forum benchmark, more than running many of the queries. The portal's SQL comes from
 * a fixed set of builders, so the same texts recur: keep their prepared statements.
 * Sharing a statement is safe because Kysely runs each one to completion synchronously
 * (`all` or `run`); the portal never calls Kysely's `stream()`, whose iterator would hold
 * a shared statement open across awaits. SQLite re-prepares a kept statement by itself
 * after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
	const kept = new Map<string, SQLite.Statement>()
	return {
		close: () => sqlite.close(),
		prepare(sql: string) {
			let statement = kept.get(sql)
			if (!statement) {
				if (kept.size >= STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value as string)
				statement = sqlite.prepare(sql)
				kept.set(sql, statement)
			}
			return statement
		},
	}
}

export function databasePath(): string {
	return process.env.DATABASE_PATH || path.join('data', 'portal.db')
}

/**
 * The one place that opens the database. Everything else receives `db`.
 */
export function openDatabase(file: string = databasePath()): OpenedDatabase {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
	const sqlite = new SQLite(file)
	// WAL lets readers proceed while one writer commits, which is the portal's load shape.
	sqlite.pragma('journal_mode = WAL')
	sqlite.pragma('foreign_keys = ON')
	// Concurrent CLI commands (import, reindex, backup) wait rather than fail with SQLITE_BUSY.
	sqlite.pragma('busy_timeout = 5000')
	// FULL, not NORMAL: with NORMAL a WAL commit is durable against a process crash but
	// not against power loss; we acknowledge writes to practitioners, so every commit is
	// fsynced. Measured cost is small at our write rates (see README, benchmark).
	sqlite.pragma('synchronous = FULL')
	const db = new Kysely<Database>({ dialect: new PortalSqliteDialect(sqlite) })
	return {
		db,
		sqlite,
		async close() {
			await db.destroy()
		},
	}
}
