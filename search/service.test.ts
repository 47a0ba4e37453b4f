import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { beforeEach, describe, expect, test } from 'vitest'
import { createSearchService } from './index'
import { enqueue } from './outbox'
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult } from './types'

// A stand-in for Meilisearch that can be switched off, to test the sync rules without a server.
function fakeRemote() {
	const docs = new Map<string, SearchDocument>()
	let up = true
	const engine: SearchEngine & { setUp(v: boolean): void; docs: Map<string, SearchDocument> } = {
		name: 'meilisearch',
		docs,
		setUp: (v) => {
			up = v
		},
		async init() {},
		async upsert(batch) {
			if (!up) throw new Error('connection refused')
			for (const d of batch) docs.set(d.key, d)
		},
		async remove(keys) {
			if (!up) throw new Error('connection refused')
			for (const k of keys) docs.delete(k)
		},
		async search(q: SearchQuery): Promise<SearchResult> {
			if (!up) throw new Error('connection refused')
			const hits = [...docs.values()].filter((d) => d.title.toLowerCase().includes(q.q.toLowerCase()) && d.access.some((a) => q.access.includes(a)))
			return { total: hits.length, hits: hits.map((d) => ({ key: d.key, type: d.type, id: d.id, title: d.title, url: d.url, date: d.date, snippet: '' })), facets: {}, countsByType: {} }
		},
		async clear() {
			docs.clear()
		},
		async health() {
			return { ok: up }
		},
	}
	return engine
}

const doc = (id: string, title: string): SearchDocument => ({
	key: `case:${id}`,
	type: 'case',
	id,
	title,
	body: `${title} body text`,
	exactTerms: [id],
	language: 'en',
	date: '2020-01-01',
	facets: {},
	access: ['all'],
	url: `/cases/${id}`,
})

let sqlite: SQLite.Database
let db: Kysely<any>
let store: Map<string, SearchDocument | null>
let remote: ReturnType<typeof fakeRemote>

beforeEach(async () => {
	sqlite = new SQLite(':memory:')
	db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
	sqlite.exec(`create table search_outbox (id integer primary key autoincrement, doc_type text not null, doc_id text not null, created_at integer not null);
		create table search_cursors (engine text primary key, last_outbox_id integer not null default 0, updated_at integer not null, lease_holder text, lease_until integer not null default 0);`)
	store = new Map()
	remote = fakeRemote()
})

function service() {
	return createSearchService({ sqlite, db, source: async (type, id) => store.get(`${type}:${id}`) ?? null, env: {}, remoteEngine: remote })
}

const query = (q: string): SearchQuery => ({ q, page: 1, perPage: 10, access: ['all'] })

describe('search service with a remote engine', () => {
	test('an outage keeps changes in the outbox, search falls back to FTS5, and the backlog drains on recovery', async () => {
		const s = service()
		await s.init()
		store.set('case:NGA001', doc('NGA001', 'Prosecutor v. Okafor'))
		await enqueue(db, 'case', 'NGA001')
		await s.drain()
		expect(remote.docs.has('case:NGA001')).toBe(true)
		expect((await s.search(query('okafor'))).engine).toBe('meilisearch')

		remote.setUp(false)
		store.set('case:BRA001', doc('BRA001', 'Public Prosecutor v. Silva'))
		await enqueue(db, 'case', 'BRA001')
		await s.drain() // FTS5 takes it; the remote cannot
		const during = await s.search(query('silva'))
		expect(during).toMatchObject({ engine: 'fts5', degraded: true })
		expect(during.result.hits.map((h) => h.id)).toEqual(['BRA001'])
		const health = await s.health()
		expect(health.degraded).toBe(true)
		expect(health.engines.meilisearch.pending).toBe(1)
		expect(health.engines.fts5.pending).toBe(0)
		expect(sqlite.prepare('select count(*) n from search_outbox').get()).toEqual({ n: 1 })

		remote.setUp(true)
		await new Promise((r) => setTimeout(r, 5100)) // the health answer is cached for 5 s
		await s.drain()
		expect(remote.docs.has('case:BRA001')).toBe(true)
		expect((await s.health()).engines.meilisearch.pending).toBe(0)
		expect(sqlite.prepare('select count(*) n from search_outbox').get()).toEqual({ n: 0 })
	}, 15_000)

	test('a record that is no longer indexable (draft, deleted) is removed from every engine', async () => {
		const s = service()
		await s.init()
		store.set('case:NGA001', doc('NGA001', 'Prosecutor v. Okafor'))
		await enqueue(db, 'case', 'NGA001')
		await s.drain()
		store.set('case:NGA001', null)
		await enqueue(db, 'case', 'NGA001')
		await s.drain()
		expect(remote.docs.size).toBe(0)
		expect((await s.search(query('okafor'))).result.total).toBe(0)
	})
})
