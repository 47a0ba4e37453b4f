/**
 * npm run search:reindex — rebuilds every configured search engine from the database.
 */
import cliProgress from 'cli-progress'
import { migrateToLatest } from '../../db/migrate'
import { createSearchService } from '../../search/index'
import { reindexAll } from '../../search/outbox'
import type { SearchDocType } from '../../search/types'
import { database } from '../utils/db.server'
import { documentSource } from '../utils/search.server'

const { db, sqlite } = database()
await migrateToLatest(db)
const service = createSearchService({ sqlite, db, source: documentSource, env: process.env })
await service.init()

const ids = await db.selectFrom('cases').select('id').execute()
const threadIds = await db.selectFrom('threads').select('id').execute()
const eventIds = await db.selectFrom('events').select('id').execute()
const guidanceIds = await db.selectFrom('guidance_versions').select('document_id').distinct().execute()
const recommendationIds = await db.selectFrom('recommendations').select('id').execute()
const items: Array<{ type: SearchDocType; id: string }> = [
	...ids.map((r) => ({ type: 'case' as const, id: r.id })),
	...threadIds.map((t) => ({ type: 'thread' as const, id: String(t.id) })),
	...eventIds.map((e) => ({ type: 'event' as const, id: e.id })),
	...guidanceIds.map((g) => ({ type: 'guidance' as const, id: g.document_id })),
	...recommendationIds.map((r) => ({ type: 'recommendation' as const, id: r.id })),
]

let failed = false
for (const engine of service.engines()) {
	const bar = new cliProgress.SingleBar(
		{ format: ` ${engine.name.padEnd(12)} [{bar}] {value}/{total} | {eta_formatted} left`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
		cliProgress.Presets.shades_classic,
	)
	bar.start(items.length, 0)
	try {
		const { indexed } = await reindexAll({ db, engine, source: documentSource, list: () => items, total: items.length, onProgress: (done) => bar.update(done) })
		bar.stop()
		console.log(`${engine.name}: ${indexed} documents indexed (drafts are never indexed).`)
	} catch (error) {
		bar.stop()
		console.error(`${engine.name}: reindex failed: ${(error as Error).message}`)
		failed = true
	}
}
// Anything written while we rebuilt is in the outbox; drain it now.
await service.drain()
await database().close()
process.exit(failed ? 1 : 0)
