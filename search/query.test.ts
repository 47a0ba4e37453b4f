import { describe, expect, it } from 'vitest'
import { HOSTILE_QUERIES } from './contract-fixtures'
import { isEmptyQuery, MAX_QUERY_CHARS, MAX_TERMS, parseQuery, toDisjunctiveForm } from './query'

const w = (text: string) => ({ text, phrase: false })
const p = (text: string) => ({ text, phrase: true })

describe('parseQuery', () => {
	it('reads plain words as required terms', () => {
		expect(parseQuery('firearms  smuggling')).toEqual({ clauses: [[w('firearms')], [w('smuggling')]], excluded: [] })
	})

	it('reads quoted phrases, including an unbalanced last one', () => {
		expect(parseQuery('"controlled delivery" port')).toEqual({ clauses: [[p('controlled delivery')], [w('port')]], excluded: [] })
		expect(parseQuery('port "controlled delivery')).toEqual({ clauses: [[w('port')], [p('controlled delivery')]], excluded: [] })
		expect(parseQuery('“curly quotes”').clauses).toEqual([[p('curly quotes')]])
	})

	it('reads exclusions of words and phrases', () => {
		expect(parseQuery('smuggling -ammunition -"São Paulo"')).toEqual({ clauses: [[w('smuggling')]], excluded: [w('ammunition'), p('São Paulo')] })
		expect(parseQuery('smuggling NOT ammunition').excluded).toEqual([w('ammunition')])
	})

	it('keeps hyphens inside words', () => {
		expect(parseQuery('anti-money BRA-004').clauses).toEqual([[w('anti-money')], [w('BRA-004')]])
	})

	it('groups OR alternatives into one clause', () => {
		expect(parseQuery('darknet OR postal parcel').clauses).toEqual([[w('darknet'), w('postal')], [w('parcel')]])
		expect(parseQuery('a OR b OR "c d"').clauses).toEqual([[w('a'), w('b'), p('c d')]])
		// Lowercase `or` is a word; a dangling OR is ignored.
		expect(parseQuery('this or that').clauses).toEqual([[w('this')], [w('or')], [w('that')]])
		expect(parseQuery('OR a OR').clauses).toEqual([[w('a')]])
		expect(parseQuery('-a OR b').clauses).toEqual([[w('b')]])
	})

	it('drops FTS syntax characters', () => {
		expect(parseQuery('NEAR(a b, 2)').clauses).toEqual([[p('NEAR a')], [w('b')], [w('2')]])
		expect(parseQuery('title:okafor*').clauses).toEqual([[p('title okafor')]])
		expect(isEmptyQuery(parseQuery('((( ))) * ^ : AND OR NOT -'))).toBe(true)
	})

	it('caps length and number of terms', () => {
		const many = parseQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))
		expect(many.clauses.length).toBe(MAX_TERMS)
		const long = parseQuery('a'.repeat(2_000_000))
		expect(long.clauses[0][0].text.length).toBe(MAX_QUERY_CHARS)
	})

	it('removes control, format and private-use characters', () => {
		expect(parseQuery('fire\u0000arms\u00ad \uE000x').clauses).toEqual([[w('fire')], [w('arms')], [w('x')]])
	})

	it('folds full-width characters', () => {
		expect(parseQuery('ＢＲＡ００４').clauses).toEqual([[w('BRA004')]])
	})

	it('never throws', () => {
		const junk = [...HOSTILE_QUERIES, null, undefined, 42, {}, '\uD800x', '\uDFFF']
		for (const q of junk) expect(() => parseQuery(q)).not.toThrow()
		for (let i = 0; i < 500; i++) {
			const s = Array.from({ length: 30 }, () => String.fromCharCode(Math.floor(Math.random() * 0x3000))).join('')
			expect(() => parseQuery(s)).not.toThrow()
		}
	})
})

describe('toDisjunctiveForm', () => {
	it('expands OR clauses into AND-only alternatives', () => {
		expect(toDisjunctiveForm(parseQuery('a OR b c'))).toEqual([
			[w('a'), w('c')],
			[w('b'), w('c')],
		])
	})

	it('caps the product', () => {
		expect(toDisjunctiveForm(parseQuery('a OR b c OR d e OR f g OR h'), 8).length).toBe(8)
	})
})
