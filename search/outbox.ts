import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { SearchDocType, SearchDocument, SearchEngine } from './types'

/**
 * The outbox: every write to searchable content inserts a row in `search_outbox` in the
 * same transaction (enqueue). Each engine drains it at its own pace with its own cursor
 * in `search_cursors`, so one engine's outage never holds the other back, and rows are
 * deleted only once every engine has passed them.
 *
 * Several processes may drain (server workers, `search:reindex`), so each
 * engine's drain holds a lease in its cursor row. Without it, a slow drain could write a
 * document as it read it before a newer drain wrote the newer version, and then the prune
 * would delete the outbox row that would have repaired it.
 */

/** Loads the current indexable form of a record; null = not indexable any more (draft, deleted). */
export type DocumentSource = (type: SearchDocType, id: string) => Promise<SearchDocument | null>

// Loose typing on purpose: callers pass their own Kysely<Database> or a transaction of it.
// biome-ignore lint: the outbox only touches its two tables
type AnyDb = Kysely<any>

const now = () => Math.floor(Date.now() / 1000)

export async function enqueue(db: AnyDb, type: SearchDocType, id: string): Promise<void> {
	await db.insertInto('search_outbox').values({ doc_type: type, doc_id: id, created_at: now() }).execute()
}

export async function registerEngine(db: AnyDb, engine: string): Promise<void> {
	// Read first: every drain calls this, and an insert that does nothing still takes the write lock.
	if (await db.selectFrom('search_cursors').select('engine').where('engine', '=', engine).executeTakeFirst()) return
	await db.insertInto('search_cursors').values({ engine, last_outbox_id: 0, updated_at: now() }).onConflict((oc) => oc.column('engine').doNothing()).execute()
}

export async function cursorOf(db: AnyDb, engine: string): Promise<number> {
	const row = await db.selectFrom('search_cursors').select('last_outbox_id').where('engine', '=', engine).executeTakeFirst()
	return Number(row?.last_outbox_id ?? 0)
}

export async function pendingCount(db: AnyDb, engine: string): Promise<number> {
	const cursor = await cursorOf(db, engine)
	const row = await db.selectFrom('search_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', cursor).executeTakeFirst()
	return Number(row?.n ?? 0)
}

export interface DrainResult {
	engine: string
	processed: number
	upserted: number
	removed: number
	/** Another drain held the lease for the whole wait; it, or the next drain, takes the rows. */
	busy?: boolean
}

/** Renewed before every batch, so only a drain stuck this long on one batch can lose it. */
export const LEASE_SECONDS = 30
/** How long a drain waits for another one to finish: a writer awaits its drain to see its change. */
const LEASE_WAIT_MS = 5_000

/** Takes or renews the engine's lease for `holder`; false while another live holder has it. */
export async function acquireLease(db: AnyDb, engine: string, holder: string): Promise<boolean> {
	const t = now()
	const r = await db
		.updateTable('search_cursors')
		.set({ lease_holder: holder, lease_until: t + LEASE_SECONDS })
		.where('engine', '=', engine)
		.where((eb) => eb.or([eb('lease_holder', 'is', null), eb('lease_holder', '=', holder), eb('lease_until', '<', t)]))
		.executeTakeFirst()
	return Number(r.numUpdatedRows) === 1
}

async function releaseLease(db: AnyDb, engine: string, holder: string): Promise<void> {
	await db.updateTable('search_cursors').set({ lease_holder: null, lease_until: 0 }).where('engine', '=', engine).where('lease_holder', '=', holder).execute()
}

async function waitForLease(db: AnyDb, engine: string, holder: string, waitMs: number): Promise<boolean> {
	const deadline = Date.now() + waitMs
	for (;;) {
		if (await acquireLease(db, engine, holder)) return true
		if (Date.now() >= deadline) return false
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
}

/**
 * Moves one engine's cursor to the end of the outbox. On an engine error it throws and
 * leaves the cursor where the last successful batch put it: nothing is lost, the next
 * drain retries. While another process drains the same engine it waits (up to `waitMs`)
 * and then drains what is left, so a writer that awaits its drain sees its change.
 */
export async function drainOutbox(opts: {
	db: AnyDb
	engine: SearchEngine
	engineName?: string
	source: DocumentSource
	batchSize?: number
	waitMs?: number
}): Promise<DrainResult> {
	const { db, engine, source } = opts
	const name = opts.engineName ?? engine.name
	const batchSize = opts.batchSize ?? 500
	const holder = randomUUID()
	await registerEngine(db, name)
	const result: DrainResult = { engine: name, processed: 0, upserted: 0, removed: 0 }
	// Nothing past the cursor: done without a write (a writer drains twice after each change).
	if (!(await hasRowsAfter(db, await cursorOf(db, name)))) return result
	if (!(await waitForLease(db, name, holder, opts.waitMs ?? LEASE_WAIT_MS))) return { ...result, busy: true }
	try {
		for (;;) {
			const cursor = await cursorOf(db, name)
			const rows = await db.selectFrom('search_outbox').select(['id', 'doc_type', 'doc_id']).where('id', '>', cursor).orderBy('id').limit(batchSize).execute()
			if (!rows.length) break
			const unique = new Map<string, { type: SearchDocType; id: string }>()
			for (const r of rows) unique.set(`${r.doc_type}:${r.doc_id}`, { type: r.doc_type as SearchDocType, id: r.doc_id })
			const upserts: SearchDocument[] = []
			const removals: string[] = []
			for (const [key, { type, id }] of unique) {
				const doc = await source(type, id)
				if (doc) upserts.push(doc)
				else removals.push(key)
			}
			if (upserts.length) await engine.upsert(upserts)
			if (removals.length) await engine.remove(removals)
			const last = Number(rows[rows.length - 1].id)
			// Advancing the cursor renews the lease in the same statement; if the lease lapsed
			// meanwhile, another drain may already have written newer versions of these
			// documents, which ours may just have overwritten: queue them again instead.
			const advanced = await db
				.updateTable('search_cursors')
				.set({ last_outbox_id: last, updated_at: now(), lease_until: now() + LEASE_SECONDS })
				.where('engine', '=', name)
				.where('lease_holder', '=', holder)
				.executeTakeFirst()
			if (Number(advanced.numUpdatedRows) !== 1) {
				await db.transaction().execute(async (trx) => {
					for (const { type, id } of unique.values()) await enqueue(trx, type, id)
				})
				throw new Error(`search drain for ${name} lost its lease; its ${unique.size} documents are queued again`)
			}
			result.processed += rows.length
			result.upserted += upserts.length
			result.removed += removals.length
			if (rows.length < batchSize) break
		}
	} catch (error) {
		// The first error is the one to report; a lease this cannot release lapses by itself.
		await releaseLease(db, name, holder).catch(() => {})
		throw error
	}
	// One write for both: each commit is an fsync (synchronous = FULL).
	await db.transaction().execute(async (trx) => {
		await pruneOutbox(trx)
		await releaseLease(trx, name, holder)
	})
	return result
}

async function hasRowsAfter(db: AnyDb, cursor: number): Promise<boolean> {
	return (await db.selectFrom('search_outbox').select('id').where('id', '>', cursor).limit(1).executeTakeFirst()) !== undefined
}

/** Deletes the rows every registered engine has already drained. */
export async function pruneOutbox(db: AnyDb): Promise<void> {
	const row = await db.selectFrom('search_cursors').select((eb) => eb.fn.min<number>('last_outbox_id').as('low')).executeTakeFirst()
	const low = Number(row?.low ?? 0)
	if (low > 0) await db.deleteFrom('search_outbox').where('id', '<=', low).execute()
}

/**
 * Rebuilds one engine from scratch: clear, then index every document the lister yields.
 * The cursor is first moved to the outbox's end so changes made during the rebuild are
 * drained again afterwards rather than lost.
 */
export async function reindexAll(opts: {
	db: AnyDb
	engine: SearchEngine
	engineName?: string
	source: DocumentSource
	list: () => AsyncIterable<{ type: SearchDocType; id: string }> | Iterable<{ type: SearchDocType; id: string }>
	total: number
	batchSize?: number
	onProgress?: (done: number, total: number) => void
}): Promise<{ indexed: number }> {
	const { db, engine, source } = opts
	const name = opts.engineName ?? engine.name
	await registerEngine(db, name)
	// The rebuild holds the drain lease throughout, so no drain writes into the index while it is cleared and refilled.
	const holder = randomUUID()
	if (!(await waitForLease(db, name, holder, 60_000))) throw new Error(`Another process has been draining the ${name} index for a minute; try again when it is done.`)
	try {
		return await rebuild(opts, name, holder)
	} finally {
		// A rebuild's own error is the one to report; a lease this cannot release lapses by itself.
		await releaseLease(db, name, holder).catch(() => {})
	}
}

async function rebuild(opts: Parameters<typeof reindexAll>[0], name: string, holder: string): Promise<{ indexed: number }> {
	const { db, engine, source } = opts
	const renew = async () => {
		if (!(await acquireLease(db, name, holder))) throw new Error(`The rebuild of the ${name} index lost its lease; run it again.`)
	}
	const top = await db.selectFrom('search_outbox').select((eb) => eb.fn.max<number>('id').as('top')).executeTakeFirst()
	const startCursor = Number(top?.top ?? 0)
	await engine.clear()
	await engine.init()
	let batch: SearchDocument[] = []
	let done = 0
	let indexed = 0
	for await (const item of opts.list()) {
		const doc = await source(item.type, item.id)
		if (doc) batch.push(doc)
		done++
		if (batch.length >= (opts.batchSize ?? 1000)) {
			await renew()
			await engine.upsert(batch)
			indexed += batch.length
			batch = []
		}
		opts.onProgress?.(done, opts.total)
	}
	await renew()
	if (batch.length) {
		await engine.upsert(batch)
		indexed += batch.length
	}
	await db.updateTable('search_cursors').set({ last_outbox_id: startCursor, updated_at: now() }).where('engine', '=', name).execute()
	return { indexed }
}
