import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FIXTURES } from './contract-fixtures'
import { createFts5Engine } from './fts5'
import { acquireLease, drainOutbox, enqueue, registerEngine, reindexAll } from './outbox'
import type { SearchDocType, SearchDocument, SearchEngine } from './types'

let sqlite: SQLite.Database
let db: Kysely<any>
let store: Map<string, SearchDocument | null>
let loads: string[]

const source = async (type: SearchDocType, id: string) => {
	loads.push(`${type}:${id}`)
	return store.get(`${type}:${id}`) ?? null
}
const cursor = (engine: string) => (sqlite.prepare('SELECT last_outbox_id FROM search_cursors WHERE engine = ?').pluck().get(engine) as number | undefined) ?? 0
const outboxSize = () => sqlite.prepare('SELECT count(*) FROM search_outbox').pluck().get() as number
const search = (engine: SearchEngine, q: string) => engine.search({ q, page: 1, perPage: 20, access: ['all'] })

/** Wraps an engine so writes can be made to fail, as during a Meilisearch outage. */
function flaky(inner: SearchEngine, name: string) {
	let down = false
	const engine = {
		...inner,
		name: name as SearchEngine['name'],
		async upsert(docs: SearchDocument[]) {
			if (down) throw new Error('connection refused')
			await inner.upsert(docs)
		},
		async remove(keys: string[]) {
			if (down) throw new Error('connection refused')
			await inner.remove(keys)
		},
	}
	return Object.assign(engine, { setDown: (v: boolean) => (down = v) })
}

beforeEach(() => {
	sqlite = new SQLite(':memory:')
	db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
	// The two tables as db/migrations/0001_accounts.ts and 0012_search_drain_lease.ts leave them.
	sqlite.exec(`CREATE TABLE search_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, doc_type TEXT NOT NULL, doc_id TEXT NOT NULL, created_at INTEGER NOT NULL);
		CREATE TABLE search_cursors (engine TEXT PRIMARY KEY, last_outbox_id INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL, lease_holder TEXT, lease_until INTEGER NOT NULL DEFAULT 0);`)
	store = new Map(FIXTURES.slice(0, 4).map((d) => [d.key, d]))
	loads = []
})

describe('drainOutbox', () => {
	it('indexes enqueued documents once each, advances the cursor and prunes the outbox', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await db.transaction().execute(async (trx) => {
			await enqueue(trx, 'case', 'NGA001')
			await enqueue(trx, 'case', 'BRA004')
			await enqueue(trx, 'case', 'NGA001')
		})
		const r = await drainOutbox({ db, engine: fts5, source, batchSize: 2 })
		expect(r).toMatchObject({ processed: 3, removed: 0 })
		expect(loads.filter((k) => k === 'case:NGA001').length).toBeLessThanOrEqual(2)
		expect((await search(fts5, 'Okafor')).hits[0]?.key).toBe('case:NGA001')
		expect(cursor('fts5')).toBe(3)
		expect(outboxSize()).toBe(0)
	})

	it('removes documents the source no longer returns', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await enqueue(db, 'case', 'BRA004')
		await drainOutbox({ db, engine: fts5, source })
		expect((await search(fts5, 'BRA004')).total).toBe(1)
		store.set('case:BRA004', null)
		await enqueue(db, 'case', 'BRA004')
		const r = await drainOutbox({ db, engine: fts5, source })
		expect(r.removed).toBe(1)
		expect((await search(fts5, 'BRA004')).total).toBe(0)
	})

	it('keeps the cursor and the rows while an engine fails, and catches up when it recovers', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		const remote = flaky(createFts5Engine(new SQLite(':memory:')), 'meilisearch')
		await remote.init()
		// As the service does at start-up: every configured engine holds a cursor.
		await registerEngine(db, 'fts5')
		await registerEngine(db, 'meilisearch')
		await enqueue(db, 'case', 'NGA001')
		await drainOutbox({ db, engine: fts5, source })
		await drainOutbox({ db, engine: remote, source })
		expect(cursor('meilisearch')).toBe(1)

		remote.setDown(true)
		await enqueue(db, 'case', 'BRA004')
		await drainOutbox({ db, engine: fts5, source })
		await expect(drainOutbox({ db, engine: remote, source })).rejects.toThrow('connection refused')
		expect(cursor('fts5')).toBe(2)
		expect(cursor('meilisearch')).toBe(1)
		// fts5 is done with row 2 but the remote is not: the row stays.
		expect(outboxSize()).toBe(1)
		expect((await search(fts5, 'Santos')).total).toBe(1)

		remote.setDown(false)
		await drainOutbox({ db, engine: remote, source })
		expect(cursor('meilisearch')).toBe(2)
		expect((await search(remote, 'Santos')).total).toBe(1)
		expect(outboxSize()).toBe(0)
	})
})

describe('the drain lease (several processes drain one outbox)', () => {
	/** A source whose loads wait until released, as a slow drain in another process would. */
	function gatedSource() {
		let open!: () => void
		const gate = new Promise<void>((resolve) => (open = resolve))
		const reads: string[] = []
		const slow = async (type: SearchDocType, id: string) => {
			const doc = store.get(`${type}:${id}`) ?? null
			reads.push(`${type}:${id}`)
			await gate
			return doc
		}
		return { slow, reads, open: () => open() }
	}
	const title = async (engine: SearchEngine, id: string) => (await engine.search({ q: id, page: 1, perPage: 20, access: ['all'] })).hits.find((h) => h.id === id)?.title

	it('lets one drain at a time work on an engine; the other waits, then finds the rows done', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await enqueue(db, 'case', 'NGA001')
		const gated = gatedSource()
		const first = drainOutbox({ db, engine: fts5, source: gated.slow })
		await vi.waitFor(() => expect(gated.reads).toEqual(['case:NGA001']))
		const second = drainOutbox({ db, engine: fts5, source })
		await new Promise((r) => setTimeout(r, 100))
		expect(loads).toEqual([]) // still waiting for the lease
		gated.open()
		expect(await first).toMatchObject({ processed: 1 })
		expect(await second).toMatchObject({ processed: 0 })
		expect(loads).toEqual([])
		expect(cursor('fts5')).toBe(1)
	})

	it('never leaves a stale copy when a drain outlives its lease: the late drain queues its documents again', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await enqueue(db, 'case', 'NGA001')
		const gated = gatedSource()
		const stale = drainOutbox({ db, engine: fts5, source: gated.slow })
		await vi.waitFor(() => expect(gated.reads).toEqual(['case:NGA001']))
		// The slow drain read the old version; the record changes and its lease lapses.
		store.set('case:NGA001', { ...(store.get('case:NGA001') as SearchDocument), title: 'Renamed after the slow read' })
		await enqueue(db, 'case', 'NGA001')
		sqlite.prepare('UPDATE search_cursors SET lease_until = 1').run()
		await drainOutbox({ db, engine: fts5, source })
		expect(await title(fts5, 'NGA001')).toBe('Renamed after the slow read')
		expect(outboxSize()).toBe(0)
		gated.open()
		await expect(stale).rejects.toThrow('lost its lease')
		// Its write went in, stale; the rows it queued again repair that on the next drain.
		expect(await title(fts5, 'NGA001')).not.toBe('Renamed after the slow read')
		await drainOutbox({ db, engine: fts5, source })
		expect(await title(fts5, 'NGA001')).toBe('Renamed after the slow read')
	})

	it('waits out a crashed holder: busy until its lease lapses, then drains', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await registerEngine(db, 'fts5')
		expect(await acquireLease(db, 'fts5', 'a process killed mid-drain')).toBe(true)
		await enqueue(db, 'case', 'BRA004')
		expect(await drainOutbox({ db, engine: fts5, source, waitMs: 50 })).toMatchObject({ busy: true, processed: 0 })
		expect(cursor('fts5')).toBe(0)
		sqlite.prepare('UPDATE search_cursors SET lease_until = 1').run()
		expect(await drainOutbox({ db, engine: fts5, source, waitMs: 50 })).toMatchObject({ processed: 1 })
		expect((await search(fts5, 'BRA004')).total).toBe(1)
		expect(sqlite.prepare('SELECT lease_holder FROM search_cursors').pluck().get()).toBeNull()
	})
})

describe('reindexAll', () => {
	it('rebuilds an engine and leaves changes made meanwhile to the next drain', async () => {
		const fts5 = createFts5Engine(sqlite)
		await fts5.init()
		await fts5.upsert([{ ...FIXTURES[0], key: 'case:STALE', id: 'STALE' }])
		await enqueue(db, 'case', 'NGA001')
		const progress: number[] = []
		const r = await reindexAll({
			db,
			engine: fts5,
			source,
			list: () => FIXTURES.slice(0, 4).map((d) => ({ type: d.type, id: d.id })),
			total: store.size,
			batchSize: 2,
			onProgress: (done) => progress.push(done),
		})
		expect(r.indexed).toBe(4)
		expect(progress.at(-1)).toBe(4)
		expect((await search(fts5, 'STALE')).total).toBe(0)
		expect((await search(fts5, '')).total).toBe(4)
		expect(cursor('fts5')).toBe(1)
	})
})
