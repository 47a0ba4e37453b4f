import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { createFts5Engine } from './fts5'
import { resultCacheSize } from './fts5-results'
import { drainOutbox, pendingCount, registerEngine, type DocumentSource, type DrainResult } from './outbox'
import type { SearchEngine, SearchQuery, SearchResult } from './types'

/**
 * Chooses the engines: FTS5 always (the embedded default, and the fallback), plus
 * Meilisearch when MEILI_HOST is set. Searches go to Meilisearch while it is healthy and
 * fall back to FTS5 otherwise, saying so (`degraded`) so the page can show a notice.
 */

export interface SearchService {
	init(): Promise<void>
	search(query: SearchQuery): Promise<{ result: SearchResult; engine: SearchEngine['name']; degraded: boolean }>
	drain(): Promise<DrainResult[]>
	/** Takes the outbox into FTS5 only, waiting at most `waitMs` for another process's drain: before a search. */
	catchUp(waitMs: number): Promise<DrainResult>
	health(): Promise<{ engine: SearchEngine['name']; ok: boolean; degraded: boolean; engines: Record<string, { ok: boolean; pending: number; detail?: string }> }>
	engines(): SearchEngine[]
}

// biome-ignore lint: the service only touches the outbox tables through Kysely
type AnyDb = Kysely<any>

const HEALTH_TTL_MS = 5_000

export function createSearchService(opts: {
	sqlite: BetterSqlite3.Database
	db: AnyDb
	source: DocumentSource
	env: Record<string, string | undefined>
	/** For tests: an engine to use instead of one built from MEILI_HOST. */
	remoteEngine?: SearchEngine
}): SearchService {
	const fts5 = createFts5Engine(opts.sqlite, { resultCache: resultCacheSize(opts.env.SEARCH_RESULT_CACHE) })
	let remote: SearchEngine | null = opts.remoteEngine ?? null
	let remoteReady: Promise<void> | null = null
	let healthCache: { at: number; ok: boolean; detail?: string } | null = null

	async function ensureRemote(): Promise<SearchEngine | null> {
		if (remote || !opts.env.MEILI_HOST) return remote
		const { createMeiliEngine } = await import('./meilisearch')
		remote = createMeiliEngine({ host: opts.env.MEILI_HOST, apiKey: opts.env.MEILI_API_KEY, indexName: opts.env.MEILI_INDEX || 'portal' })
		return remote
	}

	async function remoteHealthy(): Promise<{ ok: boolean; detail?: string }> {
		const engine = await ensureRemote()
		if (!engine) return { ok: false, detail: 'not configured' }
		if (healthCache && Date.now() - healthCache.at < HEALTH_TTL_MS) return healthCache
		let h: { ok: boolean; detail?: string }
		try {
			h = await engine.health()
			if (h.ok && !remoteReady) remoteReady = engine.init()
			if (h.ok) await remoteReady
		} catch (error) {
			remoteReady = null
			h = { ok: false, detail: (error as Error).message }
		}
		healthCache = { at: Date.now(), ...h }
		return h
	}

	return {
		async init() {
			await fts5.init()
			// Registered up front, even while unreachable: the outbox keeps every change
			// until each configured engine has taken it. (A first-time Meilisearch set-up
			// is filled by `npm run search:reindex`.)
			const engine = await ensureRemote()
			if (engine) await registerEngine(opts.db, engine.name)
		},
		async search(query) {
			if (await ensureRemote()) {
				const h = await remoteHealthy()
				// Behind on the outbox, Meilisearch could still show something since unpublished
				// or restricted: until it has caught up, FTS5 (always current) answers.
				const caughtUp = h.ok && remote && (await pendingCount(opts.db, remote.name)) === 0
				if (caughtUp && remote) {
					try {
						return { result: await remote.search(query), engine: remote.name, degraded: false }
					} catch (error) {
						healthCache = { at: Date.now(), ok: false, detail: (error as Error).message }
					}
				}
				return { result: await fts5.search(query), engine: fts5.name, degraded: true }
			}
			return { result: await fts5.search(query), engine: fts5.name, degraded: false }
		},
		catchUp(waitMs) {
			return drainOutbox({ db: opts.db, engine: fts5, source: opts.source, waitMs })
		},
		async drain() {
			const results: DrainResult[] = []
			// Each engine drains on its own: one failing must not hold the other back.
			let fts5Error: unknown = null
			try {
				results.push(await drainOutbox({ db: opts.db, engine: fts5, source: opts.source }))
			} catch (error) {
				fts5Error = error
			}
			const engine = await ensureRemote()
			if (engine && (await remoteHealthy()).ok) {
				try {
					results.push(await drainOutbox({ db: opts.db, engine, source: opts.source }))
				} catch (error) {
					healthCache = { at: Date.now(), ok: false, detail: (error as Error).message }
				}
			}
			if (fts5Error) throw fts5Error
			return results
		},
		async health() {
			const local = await fts5.health()
			const engines: Record<string, { ok: boolean; pending: number; detail?: string }> = {
				fts5: { ...local, pending: await pendingCount(opts.db, 'fts5') },
			}
			const engine = await ensureRemote()
			if (engine) {
				const h = await remoteHealthy()
				engines[engine.name] = { ok: h.ok, pending: await pendingCount(opts.db, engine.name), detail: h.detail }
				return { engine: h.ok ? engine.name : 'fts5', ok: local.ok || h.ok, degraded: !h.ok, engines }
			}
			return { engine: 'fts5', ok: local.ok, degraded: false, engines }
		},
		engines() {
			return remote ? [fts5, remote] : [fts5]
		},
	}
}
