import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURES } from './contract-fixtures'
import { createFts5Engine, RANK_POOL } from './fts5'
import { createResultCache, RESULT_CACHE_DEFAULT, resultCacheSize } from './fts5-results'
import type { SearchDocument, SearchQuery } from './types'

let dir: string
let handles: SQLite.Database[]

function open() {
	const sqlite = new SQLite(path.join(dir, 'search.db'))
	sqlite.pragma('journal_mode = WAL')
	handles.push(sqlite)
	return createFts5Engine(sqlite)
}

const q = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({ q: text, page: 1, perPage: 20, access: ['all'], ...extra })
const keys = (r: { hits: { key: string }[] }) => r.hits.map((h) => h.key)

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts5-test-'))
	handles = []
})

afterEach(() => {
	for (const h of handles) h.close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('fts5 engine across connections (another process writing)', () => {
	it('sees documents added, restricted and removed elsewhere at once', async () => {
		const reader = open()
		const writer = open()
		await reader.init()
		await writer.init()
		await writer.upsert(FIXTURES)
		expect(keys(await reader.search(q('Santos')))).toEqual(['case:BRA004'])

		const bra004 = FIXTURES.find((d) => d.key === 'case:BRA004') as SearchDocument
		await writer.upsert([{ ...bra004, access: ['staff'] }])
		const hidden = await reader.search(q('Santos', { facets: ['country'] }))
		expect(hidden.total).toBe(0)
		expect(hidden.facets.country).toEqual({})
		expect((await reader.search(q('', { facets: ['country'] }))).facets.country.BRA).toBe(1)

		await writer.remove(['case:BRA003'])
		expect((await reader.search(q('', { facets: ['country'] }))).facets.country.BRA).toBeUndefined()
	})

	it('reloads after the tables are rebuilt elsewhere', async () => {
		const reader = open()
		const writer = open()
		await reader.init()
		await writer.init()
		await writer.upsert(FIXTURES)
		expect((await reader.search(q(''))).total).toBe(11)
		await writer.clear()
		await writer.upsert(FIXTURES.slice(0, 2))
		expect((await reader.search(q(''))).total).toBe(2)
	})
})

describe('fts5 result cache', () => {
	it('answers a repeated search the same until another connection writes, then at once the new way', async () => {
		const reader = open()
		const writer = open()
		await reader.init()
		await writer.init()
		await writer.upsert(FIXTURES)
		const search = q('smuggling', { facets: ['country'] })
		const first = await reader.search(search)
		expect(first.total).toBeGreaterThan(0)
		expect(await reader.search(search)).toEqual(first)

		const bra004 = FIXTURES.find((d) => d.key === 'case:BRA004') as SearchDocument
		await writer.upsert([{ ...bra004, body: `${bra004.body} Smuggling by sea.` }])
		const afterAdd = await reader.search(search)
		expect(keys(afterAdd)).toContain('case:BRA004')
		expect(afterAdd.total).toBe(first.total + (keys(first).includes('case:BRA004') ? 0 : 1))

		await writer.upsert([{ ...bra004, body: `${bra004.body} Smuggling by sea.`, access: ['staff'] }])
		expect(keys(await reader.search(search))).not.toContain('case:BRA004')
	})

	it('never gives one reader the result kept for a reader who may see more', async () => {
		const engine = open()
		await engine.init()
		await engine.upsert(FIXTURES)
		const regional = await engine.search(q('quasarwing', { access: ['all', 'region:west-africa'], facets: ['country'] }))
		expect(keys(regional)).toEqual(['case:NGA009'])
		const member = await engine.search(q('quasarwing', { access: ['all'], facets: ['country'] }))
		expect(member.total).toBe(0)
		expect(member.hits).toEqual([])
		expect(member.facets.country).toEqual({})
		// A tag that opens nothing more shares the member's view, and still sees nothing restricted.
		expect((await engine.search(q('quasarwing', { access: ['all', 'user:someone'] }))).total).toBe(0)
	})

	it('hands out copies: a caller changing its result changes nothing for the next', async () => {
		const engine = open()
		await engine.init()
		await engine.upsert(FIXTURES)
		const search = q('', { facets: ['country'] })
		const first = await engine.search(search)
		const snapshot = structuredClone(first)
		first.hits.length = 0
		first.facets.country.BRA = 999
		expect(await engine.search(search)).toEqual(snapshot)
		const again = await engine.search(search)
		again.total = -1
		expect(await engine.search(search)).toEqual(snapshot)
	})

	it('is not fooled by tables rebuilt elsewhere that reach the same change number', async () => {
		const reader = open()
		const writer = open()
		await reader.init()
		await writer.init()
		await writer.upsert(FIXTURES)
		const search = q('BRA004')
		expect((await reader.search(search)).hits[0]?.title).not.toBe('Renamed')
		await writer.clear()
		// The same number of documents written again: the change log ends at the same number.
		await writer.upsert(FIXTURES.map((d) => (d.key === 'case:BRA004' ? { ...d, title: 'Renamed' } : d)))
		expect((await reader.search(search)).hits[0]?.title).toBe('Renamed')
	})

	it('keeps nothing a search saw inside a transaction that then rolled back', async () => {
		const sqlite = new SQLite(path.join(dir, 'search.db'))
		sqlite.pragma('journal_mode = WAL')
		handles.push(sqlite)
		const engine = createFts5Engine(sqlite)
		const other = open()
		await engine.init()
		await engine.upsert(FIXTURES)
		const bra004 = FIXTURES.find((d) => d.key === 'case:BRA004') as SearchDocument
		const nga009 = FIXTURES.find((d) => d.key === 'case:NGA009') as SearchDocument
		sqlite.exec('BEGIN')
		await engine.upsert([{ ...bra004, body: `${bra004.body} zzyzxword` }, { ...nga009, access: ['all'] }])
		expect(keys(await engine.search(q('zzyzxword')))).toEqual(['case:BRA004'])
		expect(keys(await engine.search(q('quasarwing')))).toEqual(['case:NGA009'])
		sqlite.exec('ROLLBACK')
		// A commit elsewhere takes the change numbers the rolled-back writes had used.
		await other.upsert([FIXTURES[0], FIXTURES[1]])
		expect((await engine.search(q('zzyzxword'))).total).toBe(0)
		expect((await engine.search(q('quasarwing'))).total).toBe(0)
	})

	it('answers every kind of search as an engine without the cache does, across writes and rebuilds', async () => {
		const cached = open()
		const sqlite = new SQLite(path.join(dir, 'search.db'))
		handles.push(sqlite)
		const plain = createFts5Engine(sqlite, { resultCache: 0 })
		const writer = open()
		await cached.init()
		await plain.init()
		await writer.upsert(FIXTURES)
		const searches: SearchQuery[] = [
			q('smuggling'),
			q('smuggling', { facets: ['country'] }),
			q('smuggling', { facets: ['crime_type'] }),
			q('smuggling', { types: ['case'] }),
			q('smuggling', { types: ['event'] }),
			q('smuggling', { filters: { country: ['BRA', 'NGA'] }, facets: ['country'] }),
			q('smuggling', { filters: { country: ['NGA', 'BRA'] }, facets: ['crime_type'] }),
			q('smuggling', { yearFrom: 2019 }),
			q('smuggling', { yearTo: 2018 }),
			q('smuggling', { sort: 'newest' }),
			q('smuggling', { sort: 'oldest', perPage: 2 }),
			q('smuggling', { perPage: 2, page: 2 }),
			q('smuggling', { access: ['all', 'region:west-africa'] }),
			q('', { facets: ['country', 'crime_type'] }),
			q('firearms -trafficking'),
		]
		const same = async () => {
			for (const s of searches) expect(await cached.search(s), JSON.stringify(s)).toEqual(await plain.search(s))
		}
		await same()
		await same()
		const bra004 = FIXTURES.find((d) => d.key === 'case:BRA004') as SearchDocument
		await writer.upsert([{ ...bra004, body: `${bra004.body} smuggling`, date: '2024-01-02', facets: { country: ['NGA'] } }])
		await same()
		await writer.remove(['case:NGA009'])
		await same()
		await writer.clear()
		await writer.upsert(FIXTURES)
		await same()
	})

	it('keeps the most recently used results within its size', () => {
		const cache = createResultCache(2)
		const result = (total: number) => ({ total, hits: [], facets: {}, countsByType: {} })
		expect(cache.get('g1', 'a')).toBeUndefined()
		cache.set('g1', 'a', result(1))
		cache.set('g1', 'b', result(2))
		expect(cache.get('g1', 'a')?.total).toBe(1) // a is now the most recent
		cache.set('g1', 'c', result(3))
		expect(cache.get('g1', 'b')).toBeUndefined()
		expect(cache.get('g1', 'a')?.total).toBe(1)
		expect(cache.get('g1', 'c')?.total).toBe(3)
		// A new generation empties it, and a result computed under the old one is not kept.
		expect(cache.get('g2', 'a')).toBeUndefined()
		cache.set('g1', 'a', result(1))
		expect(cache.size).toBe(0)
	})

	it('reads its size from SEARCH_RESULT_CACHE, where 0 turns it off and a typo stops the start', async () => {
		expect(resultCacheSize(undefined)).toBe(RESULT_CACHE_DEFAULT)
		expect(resultCacheSize('')).toBe(RESULT_CACHE_DEFAULT)
		expect(resultCacheSize('0')).toBe(0)
		expect(resultCacheSize('2000')).toBe(2000)
		expect(() => resultCacheSize('lots')).toThrow(/SEARCH_RESULT_CACHE/)
		expect(() => resultCacheSize('-5')).toThrow(/SEARCH_RESULT_CACHE/)
		for (const odd of ['1e3', '0x1f4', '1e308', '100001', '2.0']) expect(() => resultCacheSize(odd), odd).toThrow(/SEARCH_RESULT_CACHE/)
		const off = createResultCache(0)
		off.get('g', 'a')
		off.set('g', 'a', { total: 1, hits: [], facets: {}, countsByType: {} })
		expect(off.get('g', 'a')).toBeUndefined()
	})
})

describe('fts5 ranking pool', () => {
	// More documents than the pool, all matching, most of them recent and body-only.
	function corpus(n: number): SearchDocument[] {
		return Array.from({ length: n }, (_, i) => ({
			key: `thread:t${i}`,
			type: 'thread' as const,
			id: `t${i}`,
			title: i === 7 ? 'Seizure of reactivated pistols' : `Discussion ${i}`,
			body: `Notes about pistols and border controls, entry ${i}.`,
			exactTerms: [],
			language: 'en',
			date: `${2000 + (i % 25)}-01-0${1 + (i % 9)}`,
			facets: { country: [i % 50 === 0 ? 'ISL' : 'FRA'] },
			access: ['all'],
			url: `/t/${i}`,
		}))
	}

	it('ranks title matches first and fills pages when matches exceed the pool', async () => {
		const engine = open()
		await engine.init()
		await engine.upsert(corpus(RANK_POOL * 3))
		const r = await engine.search(q('pistols'))
		expect(r.total).toBe(RANK_POOL * 3)
		expect(r.hits[0].key).toBe('thread:t7')
		expect(r.hits.length).toBe(20)
		const page2 = await engine.search(q('pistols', { page: 2 }))
		expect(keys(page2).filter((k) => keys(r).includes(k))).toEqual([])
	})

	it('still fills the page when filters exclude the recent documents', async () => {
		const engine = open()
		await engine.init()
		await engine.upsert(corpus(RANK_POOL * 3))
		const old = await engine.search(q('pistols', { yearTo: 2001 }))
		expect(old.hits.length).toBe(20)
		expect(old.hits.every((h) => Number(h.date?.slice(0, 4)) <= 2001)).toBe(true)
		const rare = await engine.search(q('pistols', { filters: { country: ['ISL'] } }))
		expect(rare.total).toBe((RANK_POOL * 3) / 50)
		expect(rare.hits.length).toBe(20)
	})
})

describe('fts5 typo expansion', () => {
	it('does not expand words the corpus uses often', async () => {
		const engine = open()
		await engine.init()
		const doc = (id: string, body: string): SearchDocument => ({ ...FIXTURES[5], key: `thread:${id}`, id, body })
		await engine.upsert([doc('a', 'harbour'), doc('b', 'harbour'), doc('c', 'harbour'), doc('d', 'harbor')])
		// Three documents spell it `harbour`: taken as correct, so `harbor` is not added.
		expect((await engine.search(q('harbour'))).total).toBe(3)
		// `harbor` is rare (one document): its neighbour `harbour` is searched too.
		expect((await engine.search(q('harbor'))).total).toBe(4)
		expect((await engine.search(q('harbor'))).hits[0].key).toBe('thread:d')
	})
})
