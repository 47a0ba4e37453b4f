import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURES, HOSTILE_QUERIES, PUBLIC, PUBLIC_KEYS, WEST_AFRICA } from './contract-fixtures'
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult } from './types'

/** What an engine does not do by design; the matching cases are skipped, not weakened. */
export interface EngineCapabilities {
	/** Word stems (smuggled → smuggling). Meilisearch matches words, prefixes and typos only. */
	stemming: boolean
}

/**
 * The behaviour both engines promise, run against each: `makeEngine` returns an engine
 * whose data the suite may clear at will.
 */
export function runEngineContract(name: string, makeEngine: () => Promise<SearchEngine>, caps: EngineCapabilities = { stemming: true }): void {
	describe(`search engine contract: ${name}`, () => {
		let engine: SearchEngine
		const search = (q: string, extra: Partial<SearchQuery> = {}): Promise<SearchResult> =>
			engine.search({ q, page: 1, perPage: 20, access: PUBLIC, ...extra })
		const keys = (r: SearchResult) => r.hits.map((h) => h.key)

		async function reseed(docs: SearchDocument[] = FIXTURES): Promise<void> {
			await engine.clear()
			await engine.init()
			await engine.upsert(docs)
		}

		beforeAll(async () => {
			engine = await makeEngine()
			await engine.init()
			await reseed()
		})

		describe('matching', () => {
			it.skipIf(!caps.stemming)('matches other forms of a word (stemming)', async () => {
				expect(keys(await search('smuggled'))).toContain('case:BRA004')
				expect(keys(await search('investigate'))).toContain('guidance:trafficking-investigations')
			})

			it('matches exact phrases only in order', async () => {
				expect(keys(await search('"postal parcels"'))).toEqual(['thread:postal-parcels'])
				expect((await search('"parcels postal"')).total).toBe(0)
			})

			it('requires every plain word', async () => {
				expect(keys(await search('customs toys'))).toEqual(['thread:postal-parcels'])
				expect((await search('customs marseille')).total).toBe(0)
			})

			it('excludes -words and -"phrases"', async () => {
				const all = keys(await search('smuggling'))
				expect(all).toContain('case:BRA004')
				const without = keys(await search('smuggling -paulo'))
				expect(without).not.toContain('case:BRA004')
				expect(without.length).toBe(all.length - 1)
				expect(keys(await search('smuggling -"São Paulo"'))).not.toContain('case:BRA004')
			})

			it('treats OR between terms as either', async () => {
				const r = await search('Marseille OR Cádiz')
				expect(keys(r).sort()).toEqual(['case:ESP001', 'case:FRA002'])
				expect(r.total).toBe(2)
			})

			it('tolerates one typo in words of five letters or more', async () => {
				expect(keys(await search('trafficing'))).toContain('guidance:trafficking-investigations')
				expect(keys(await search('Marsielle'))).toContain('case:FRA002')
				expect(keys(await search('contaner'))).toContain('case:NGA001')
			})

			it('does not apply typos to short words', async () => {
				expect((await search('cadz')).total).toBe(0)
				expect((await search('toyz')).total).toBe(0)
			})

			it('ranks an exact word above its typo neighbours', async () => {
				const base = FIXTURES.find((d) => d.key === 'thread:postal-parcels') as SearchDocument
				await engine.upsert([
					{ ...base, key: 'thread:typo-doc', id: 'typo-doc', title: 'Question', body: 'Containers left the harbor at night.' },
					{ ...base, key: 'thread:exact-doc', id: 'exact-doc', title: 'Question', body: 'Containers left the harbour at night.' },
				])
				try {
					expect(keys(await search('harbour')).slice(0, 2)).toEqual(['thread:exact-doc', 'thread:typo-doc'])
				} finally {
					await engine.remove(['thread:typo-doc', 'thread:exact-doc'])
				}
			})

			it('folds accents both ways', async () => {
				expect(keys(await search('Sao Paulo'))).toContain('case:BRA004')
				expect(keys(await search('cadiz'))).toContain('case:ESP001')
				expect(keys(await search('trafico'))).toContain('case:ESP001')
				expect(keys(await search('Ministere'))).toContain('case:FRA002')
			})

			it('finds Chinese words and names without spaces', async () => {
				expect(keys(await search('枪支'))).toContain('case:CHN001')
				expect(keys(await search('邮包'))).toContain('case:CHN001')
				expect(keys(await search('布基纳法索'))).toEqual(['recommendation:burkina-faso'])
				expect(keys(await search('纳法'))).toEqual(['recommendation:burkina-faso'])
				expect((await search('法纳')).total).toBe(0)
			})

			it('applies domain synonyms', async () => {
				expect(keys(await search('gun'))).toContain('case:NGA001')
				expect(keys(await search('枪械'))).toContain('case:CHN001')
			})
		})

		describe('ranking', () => {
			it('puts the document with an exact identifier first', async () => {
				const r = await search('BRA004')
				expect(r.hits[0]?.key).toBe('case:BRA004')
				expect(keys(r)).toContain('case:BRA003')
				expect((await search('bra-004')).hits[0]?.key).toBe('case:BRA004')
			})

			it('puts a case name typed in full first', async () => {
				const r = await search('Prosecutor v. Okafor')
				expect(r.hits[0]?.key).toBe('case:NGA001')
				expect(keys(r)).toContain('guidance:prosecutor-training')
			})

			it('finds documents by docket numbers', async () => {
				expect((await search('FHC/L/CR/123/2019')).hits[0]?.key).toBe('case:NGA001')
			})
		})

		describe('filters and counts', () => {
			it('counts facets and types over all permitted matches', async () => {
				const r = await search('', { facets: ['country', 'crime_type'], perPage: 2 })
				expect(r.total).toBe(PUBLIC_KEYS.length)
				expect(r.hits.length).toBe(2)
				expect(r.facets.country).toEqual({ NGA: 2, BRA: 2, FRA: 2, ESP: 1, CHN: 1, BFA: 1 })
				expect(r.facets.crime_type).toEqual({ 'illicit-trafficking': 4, diversion: 2, 'postal-trafficking': 1 })
				expect(r.countsByType).toEqual({ case: 6, guidance: 2, thread: 1, recommendation: 1, event: 1 })
			})

			it('ORs values within a facet and ANDs across facets', async () => {
				const either = await search('', { filters: { country: ['BRA', 'FRA'] } })
				expect(keys(either).sort()).toEqual(['case:BRA003', 'case:BRA004', 'case:FRA002', 'thread:postal-parcels'])
				const both = await search('', { filters: { country: ['BRA', 'FRA'], crime_type: ['illicit-trafficking'] } })
				expect(keys(both).sort()).toEqual(['case:BRA004', 'case:FRA002'])
				expect(both.total).toBe(2)
			})

			it('counts a facet without its own selection (disjunctive) but with the others', async () => {
				const r = await search('', { filters: { country: ['BRA'], crime_type: ['illicit-trafficking'] }, facets: ['country', 'crime_type'] })
				expect(r.total).toBe(1)
				// Countries among illicit-trafficking documents, whatever the country selection.
				expect(r.facets.country).toEqual({ NGA: 1, BRA: 1, FRA: 1, ESP: 1 })
				// Crime types among Brazilian documents, whatever the crime type selection.
				expect(r.facets.crime_type).toEqual({ 'illicit-trafficking': 1, diversion: 2 })
			})

			it('restricts types but counts every type for tabs', async () => {
				const r = await search('', { types: ['guidance'], facets: ['country'] })
				expect(keys(r).sort()).toEqual(['guidance:prosecutor-training', 'guidance:trafficking-investigations'])
				expect(r.total).toBe(2)
				expect(r.countsByType.case).toBe(6)
				expect(r.facets.country).toEqual({ NGA: 1 })
			})

			it('filters by an inclusive year range and leaves undated documents out', async () => {
				const r = await search('', { yearFrom: 2018, yearTo: 2020 })
				expect(keys(r).sort()).toEqual(['case:BRA003', 'case:NGA001', 'guidance:prosecutor-training', 'guidance:trafficking-investigations'])
				expect((await search('', { yearFrom: 2024 })).total).toBe(1)
			})

			it('never shows, counts or facets a document the reader may not see', async () => {
				for (const q of ['quasarwing', 'NGA009', 'Sealed matter']) {
					const r = await search(q, { facets: ['country'] })
					expect(r.total).toBe(0)
					expect(r.hits).toEqual([])
					expect(r.countsByType).toEqual({})
					expect(r.facets.country ?? {}).toEqual({})
				}
				const browse = await search('', { facets: ['country'], perPage: 100 })
				expect(keys(browse)).not.toContain('case:NGA009')
				expect(browse.facets.country.NGA).toBe(2)
				const smuggling = await search('smuggling', { perPage: 100, facets: ['country'] })
				expect(keys(smuggling)).not.toContain('case:NGA009')
				expect(smuggling.total).toBe(smuggling.hits.length)
				expect(smuggling.countsByType.case).toBe(keys(smuggling).filter((k) => k.startsWith('case:')).length)

				const insider = await search('quasarwing', { access: WEST_AFRICA, facets: ['country'] })
				expect(keys(insider)).toEqual(['case:NGA009'])
				expect(insider.facets.country).toEqual({ NGA: 1 })
				expect((await search('', { access: [] })).total).toBe(0)
				expect((await search('smuggling', { access: ['region:elsewhere'] })).total).toBe(0)
			})
		})

		describe('paging and sorting', () => {
			it('pages without overlap and with a stable total', async () => {
				const seen: string[] = []
				let total = -1
				for (let page = 1; page <= 5; page++) {
					const r = await search('', { page, perPage: 3 })
					if (total >= 0) expect(r.total).toBe(total)
					total = r.total
					seen.push(...keys(r))
				}
				expect(new Set(seen).size).toBe(seen.length)
				expect(seen.sort()).toEqual([...PUBLIC_KEYS].sort())
				expect((await search('', { page: 99, perPage: 3 })).hits).toEqual([])
			})

			it('pages relevance results without overlap', async () => {
				const a = await search('trafficking OR smuggling OR firearms', { perPage: 2 })
				const b = await search('trafficking OR smuggling OR firearms', { perPage: 2, page: 2 })
				expect(a.total).toBe(b.total)
				expect(keys(a).filter((k) => keys(b).includes(k))).toEqual([])
			})

			it('sorts newest and oldest first, undated last', async () => {
				const newest = await search('', { sort: 'newest', perPage: 100 })
				const oldest = await search('', { sort: 'oldest', perPage: 100 })
				const dates = (r: SearchResult) => r.hits.map((h) => h.date)
				const dated = (r: SearchResult) => dates(r).filter((d): d is string => d !== null)
				expect(dated(newest)).toEqual([...dated(newest)].sort().reverse())
				expect(dated(oldest)).toEqual([...dated(oldest)].sort())
				expect(dates(newest).at(-1)).toBeNull()
				expect(dates(oldest).at(-1)).toBeNull()
				expect(newest.hits[0].key).toBe('recommendation:burkina-faso')
				expect(oldest.hits[0].key).toBe('case:ESP001')
			})

			it('browses newest first when sorting by relevance without words', async () => {
				const r = await search('', { perPage: 2 })
				expect(keys(r)).toEqual(['recommendation:burkina-faso', 'case:CHN001'])
			})
		})

		describe('snippets', () => {
			it('marks matches and escapes content', async () => {
				const r = await search('smuggling', { types: ['event'] })
				const snippet = r.hits[0]?.snippet ?? ''
				expect(snippet).toContain('<mark>')
				expect(snippet).not.toContain('<script>')
				expect(snippet).toContain('&lt;script&gt;')
				expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
			})

			it('shows Chinese text without bigrams', async () => {
				const snippet = (await search('布基纳法索')).hits[0]?.snippet ?? ''
				expect(snippet).toContain('<mark>布基纳法索</mark>')
				expect(snippet.replace(/<\/?mark>/g, '')).toBe(FIXTURES.find((d) => d.id === 'burkina-faso')?.body)
			})

			it('falls back to the start of the body when only the title matched', async () => {
				const r = await search('Santos')
				expect(r.hits[0]?.snippet).toMatch(/^Smuggling of firearms/)
			})
		})

		describe('writes', () => {
			beforeEach(async () => {
				await reseed()
			})

			it('replaces a document on upsert', async () => {
				const before = (await search('')).total
				const original = FIXTURES.find((d) => d.key === 'case:BRA004') as SearchDocument
				await engine.upsert([{ ...original, title: 'Ministério Público Federal v. Pereira', body: 'Revised summary mentioning zeppelins.' }])
				expect((await search('Santos')).total).toBe(0)
				expect(keys(await search('zeppelins'))).toEqual(['case:BRA004'])
				expect((await search('')).total).toBe(before)
				await engine.upsert([{ ...original, access: ['region:west-africa'] }])
				expect(keys(await search('Santos'))).toEqual([])
				expect(keys(await search('Santos', { access: WEST_AFRICA }))).toEqual(['case:BRA004'])
			})

			it('removes documents', async () => {
				await engine.remove(['case:BRA004', 'case:does-not-exist'])
				expect(keys(await search('BRA004'))).toEqual(['case:BRA003'])
				expect((await search('')).total).toBe(PUBLIC_KEYS.length - 1)
			})

			it('clears everything', async () => {
				await engine.clear()
				await engine.init()
				expect((await search('')).total).toBe(0)
				expect((await engine.health()).ok).toBe(true)
			})
		})

		describe('hostile input', () => {
			beforeAll(async () => {
				await reseed()
			})

			it('never throws', async () => {
				for (const q of HOSTILE_QUERIES) {
					const r = await search(q, { facets: ['country'] })
					expect(r.total).toBeGreaterThanOrEqual(0)
					for (const h of r.hits) expect(h.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
				}
				const odd = await engine.search({ q: 'guns', page: -5, perPage: 10_000, access: PUBLIC, types: ['nope' as never], filters: { country: [] }, yearFrom: Number.NaN })
				expect(odd.total).toBeGreaterThan(0)
			})

			it('reads full-width identifiers as ASCII', async () => {
				expect((await search('ＢＲＡ００４')).hits[0]?.key).toBe('case:BRA004')
			})
		})
	})
}
