import { describe, expect, it } from 'vitest'
import { FIXTURES } from './contract-fixtures'
import { buildFilter, facetField, meiliDocumentId, meiliQueries, quoteFilterValue, sortFor, toMeiliDocument } from './meili-map'
import { normalizeQuery } from './normalize'
import { parseQuery } from './query'
import type { SearchQuery } from './types'

const query = (q: Partial<SearchQuery>) => normalizeQuery({ q: '', page: 1, perPage: 20, access: ['all'], ...q })

describe('quoteFilterValue', () => {
	it('quotes and escapes backslashes and double quotes', () => {
		expect(quoteFilterValue('BRA')).toBe('"BRA"')
		expect(quoteFilterValue('a"b')).toBe('"a\\"b"')
		expect(quoteFilterValue('ends with \\')).toBe('"ends with \\\\"')
		expect(quoteFilterValue(`x" OR access = "staff`)).toBe('"x\\" OR access = \\"staff"')
	})
})

describe('buildFilter', () => {
	it('always restricts to the reader access tags', () => {
		expect(buildFilter(query({ access: ['all', 'region:west-africa'] }))).toEqual(['access IN ["all", "region:west-africa"]'])
	})

	it('adds types, years and facets (OR within, AND across)', () => {
		const n = query({ types: ['case', 'guidance'], yearFrom: 2018, yearTo: 2020, filters: { country: ['BRA', 'NGA'], 'crime type': ['diversion'] } })
		expect(buildFilter(n)).toEqual([
			'access IN ["all"]',
			'type IN ["case", "guidance"]',
			'year >= 2018',
			'year <= 2020',
			'f_country IN ["BRA", "NGA"]',
			'f_crime_type IN ["diversion"]',
		])
	})

	it('leaves out one facet or the types for disjunctive counts', () => {
		const n = query({ types: ['case'], filters: { country: ['BRA'], outcome: ['convicted'] } })
		expect(buildFilter(n, { facet: 'country' })).toEqual(['access IN ["all"]', 'type IN ["case"]', 'f_outcome IN ["convicted"]'])
		expect(buildFilter(n, { types: true })).toEqual(['access IN ["all"]', 'f_country IN ["BRA"]', 'f_outcome IN ["convicted"]'])
	})

	it('cannot be escaped by hostile values', () => {
		const f = buildFilter(query({ filters: { country: ['"] OR access IN ["staff'] } }))
		expect(f[1]).toBe('f_country IN ["\\"] OR access IN [\\"staff"]')
	})

	it('ignores invalid types and empty selections', () => {
		expect(buildFilter(query({ types: ['nope' as never], filters: { country: [] } }))).toEqual(['access IN ["all"]'])
	})
})

describe('toMeiliDocument', () => {
	it('flattens facets, dates and identifiers', () => {
		const doc = toMeiliDocument(FIXTURES.find((d) => d.key === 'case:BRA004') ?? FIXTURES[0])
		expect(doc.pk).toBe(meiliDocumentId('case:BRA004'))
		expect(doc.pk).toMatch(/^[A-Za-z0-9_-]+$/)
		expect(doc.f_country).toEqual(['BRA'])
		expect(doc.f_crime_type).toEqual(['illicit-trafficking', 'diversion'])
		expect(doc.year).toBe(2021)
		expect(doc.date_ts).toBe(Date.parse('2021-03-02'))
		expect(doc.exactNorm).toEqual(['bra004'])
		expect(doc.cjk).toBe('')
	})

	it('omits sort fields of undated documents and adds a CJK reading', () => {
		const undated = toMeiliDocument(FIXTURES.find((d) => d.date === null) ?? FIXTURES[0])
		expect('date_ts' in undated).toBe(false)
		expect('year' in undated).toBe(false)
		const zh = toMeiliDocument(FIXTURES.find((d) => d.id === 'burkina-faso') ?? FIXTURES[0])
		expect(zh.cjk).toContain('布基 基纳 纳法 法索')
	})

	it('maps facet names to safe attribute names', () => {
		expect(facetField('crime type/ü')).toBe('f_crime_type__')
	})
})

describe('meiliQueries', () => {
	it('keeps phrases and exclusions, and splits OR into alternatives', () => {
		expect(meiliQueries(parseQuery('"controlled delivery" port -ammunition'))).toEqual(['"controlled delivery" port -ammunition'])
		expect(meiliQueries(parseQuery('darknet OR postal parcel'))).toEqual(['darknet parcel', 'postal parcel'])
		expect(meiliQueries(parseQuery(''))).toEqual([''])
	})

	it('browses newest first and sorts on request', () => {
		expect(sortFor(query({}))).toEqual(['date_ts:desc'])
		expect(sortFor(query({ q: 'x' }))).toBeUndefined()
		expect(sortFor(query({ q: 'x', sort: 'oldest' }))).toEqual(['date_ts:asc'])
	})
})
