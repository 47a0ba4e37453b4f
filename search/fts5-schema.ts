import { randomUUID } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'

/**
 * The FTS5 engine's own tables, in the application database. They hold derived data that
 * `reindex` rebuilds from the content tables, so they live here rather than in
 * db/migrations: a layout change bumps SCHEMA_VERSION, init() drops and recreates the
 * tables, and a reindex fills them again. No content is ever lost that way.
 *
 * Documents get a small integer `doc` (the FTS5 rowid). Filter columns live in a narrow
 * table (`search_fts_rows`) that the engine mirrors in memory; `search_fts_changes` logs
 * every written doc so the mirror can catch up with other processes exactly (see
 * fts5-mirror.ts), and `epoch` changes whenever the tables are recreated.
 */
export const SCHEMA_VERSION = '3'

const TABLES = [
	'search_fts_index',
	'search_fts_head',
	'search_fts_docs',
	'search_fts_rows',
	'search_fts_acl',
	'search_fts_acl_tags',
	'search_fts_facet_values',
	'search_fts_changes',
	'search_fts_exact',
	'search_fts_vocab',
	'search_fts_deletes',
	'search_fts_meta',
]

const DDL = `
CREATE TABLE IF NOT EXISTS search_fts_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS search_fts_docs (
	doc INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	id TEXT NOT NULL,
	title TEXT NOT NULL,
	url TEXT NOT NULL,
	date TEXT,
	language TEXT NOT NULL,
	-- Original text for snippets; the indexed copy carries CJK bigrams.
	body TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS search_fts_rows (
	doc INTEGER PRIMARY KEY,
	type TEXT NOT NULL,
	acl INTEGER NOT NULL,
	year INTEGER,
	date_ts INTEGER,
	-- Comma-separated search_fts_facet_values ids.
	facets TEXT NOT NULL
);

-- Readers hold tags, documents list tags. Few distinct tag sets exist, so each document
-- points at one set (acl) and a query first resolves the handful of sets a reader may see.
CREATE TABLE IF NOT EXISTS search_fts_acl (id INTEGER PRIMARY KEY, tags TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS search_fts_acl_tags (tag TEXT NOT NULL, acl INTEGER NOT NULL, PRIMARY KEY (tag, acl)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS search_fts_facet_values (id INTEGER PRIMARY KEY, facet TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (facet, value));

CREATE TABLE IF NOT EXISTS search_fts_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS search_fts_exact (term TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_fts_exact_doc ON search_fts_exact (doc);

-- df: documents containing the surface word; typo expansion is for words the corpus lacks.
CREATE TABLE IF NOT EXISTS search_fts_vocab (word TEXT PRIMARY KEY, df INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_fts_deletes (del TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (del, word)) WITHOUT ROWID;

-- porter: smuggled/smuggling; remove_diacritics 2: São = Sao. Column order matters to bm25 weights.
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_index USING fts5(
	exact, title, body,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Identifiers and titles again, alone: their doclists are short, so "which matches are
-- in a title" and "is the case name typed in full" cost a fraction of a body pass.
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_head USING fts5(
	exact, title,
	content = '', contentless_delete = 1,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
`

export function ensureSchema(sqlite: BetterSqlite3.Database): void {
	// One transaction: a concurrent reader sees the old tables or the new ones, never none.
	sqlite.transaction(() => {
		const version = tableExists(sqlite, 'search_fts_meta')
			? (sqlite.prepare(`SELECT value FROM search_fts_meta WHERE name = 'schema_version'`).pluck().get() as string | undefined)
			: undefined
		if (version !== SCHEMA_VERSION) dropSchema(sqlite)
		sqlite.exec(DDL)
		sqlite.prepare(`INSERT OR REPLACE INTO search_fts_meta (name, value) VALUES ('schema_version', ?)`).run(SCHEMA_VERSION)
		sqlite.prepare(`INSERT OR IGNORE INTO search_fts_meta (name, value) VALUES ('epoch', ?)`).run(randomUUID())
	}).immediate()
}

/** clear() is drop-and-recreate, atomically, with a new epoch so every mirror reloads. */
export function recreateSchema(sqlite: BetterSqlite3.Database): void {
	sqlite.transaction(() => {
		dropSchema(sqlite)
		ensureSchema(sqlite)
	}).immediate()
}

export function dropSchema(sqlite: BetterSqlite3.Database): void {
	sqlite.transaction(() => {
		for (const t of TABLES) sqlite.exec(`DROP TABLE IF EXISTS ${t}`)
	})()
}

function tableExists(sqlite: BetterSqlite3.Database, name: string): boolean {
	return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined
}
