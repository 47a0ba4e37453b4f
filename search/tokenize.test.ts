import { describe, expect, it } from 'vitest'
import { compileMatch } from './fts5-match'
import { deletions, withinOneEdit } from './fts5-typo'
import { parseQuery } from './query'
import { leadSnippet, MARK_CLOSE, MARK_OPEN, makeSnippet } from './snippet'
import { cjkBigrams, cleanText, foldWord, normalizeExact, prepareIndexText, prepareQueryTerm, restoreIndexText, vocabularyWords } from './tokenize'

const O = MARK_OPEN
const C = MARK_CLOSE

describe('prepareIndexText', () => {
	it('leaves text without CJK alone', () => {
		expect(prepareIndexText('Smuggling through São Paulo (BRA-004).')).toBe('Smuggling through São Paulo (BRA-004).')
	})

	it('adds words and overlapping bigrams for CJK runs', () => {
		const out = prepareIndexText('在布基纳法索')
		expect(out).toContain('布基 基纳 纳法 法索')
		expect(cjkBigrams('枪支邮包')).toEqual(['枪支', '支邮', '邮包'])
	})

	it('removes control and private-use characters from content', () => {
		expect(cleanText(`a\u0000b${O}c\u00add`)).toBe('a bcd')
	})
})

describe('restoreIndexText', () => {
	it('maps a marked bigram phrase back onto the original characters', () => {
		const prepared = prepareIndexText('在布基纳法索的边境')
		// As FTS5 highlight() would mark the phrase "布基 基纳 纳法 法索".
		const marked = prepared.replace('布基 基纳 纳法 法索', `${O}布基 基纳 纳法 法索${C}`)
		expect(restoreIndexText(marked, O, C)).toBe(`在${O}布基纳法索${C}的边境`)
	})

	it('maps a marked word and keeps marks outside regions', () => {
		const prepared = prepareIndexText('Guns 枪支 seized')
		const marked = prepared.replace('Guns', `${O}Guns${C}`).replace(/枪支/, `${O}枪支${C}`)
		expect(restoreIndexText(marked, O, C)).toBe(`${O}Guns${C} ${O}枪支${C} seized`)
	})

	it('is the identity for unmarked text', () => {
		for (const t of ['海关在国际邮包中查获枪支零部件', 'plain text', 'mixed 文本 text', '한국어 텍스트', '日本語のテキスト'])
			expect(restoreIndexText(prepareIndexText(t), O, C)).toBe(t)
	})
})

describe('query preparation', () => {
	it('splits CJK runs from other text', () => {
		expect(prepareQueryTerm('枪支 guns')).toMatchObject([{ cjk: true, run: '枪支', grams: ['枪支'] }, { cjk: false, text: 'guns' }])
	})

	it('compiles every word into a quoted FTS5 string', () => {
		const m = compileMatch(parseQuery('a"b NEAR( -c OR'), () => [])
		// The unbalanced quote makes the rest one phrase; nothing in it is syntax.
		expect(m.match).toBe('"a" AND "b NEAR c OR"')
		expect(compileMatch(parseQuery('b NEAR( -c'), () => []).match).toBe('("b" AND "NEAR") NOT "c"')
		const cjk = compileMatch(parseQuery('布基纳法索'), () => [])
		expect(cjk.match).toBe('"布基 基纳 纳法 法索"')
		expect(compileMatch(parseQuery('枪'), () => []).match).toBe('("枪" OR "枪" *)')
	})

	it('ORs expansions and keeps a literal version to rank first', () => {
		const m = compileMatch(parseQuery('trafficing'), (w) => (w === 'trafficing' ? ['trafficking'] : []))
		expect(m.match).toBe('("trafficing" OR "trafficking")')
		expect(m.literal).toBe('"trafficing"')
	})

	it('lets identifiers typed with punctuation match the identifier', () => {
		const m = compileMatch(parseQuery('bra-004'), () => [])
		expect(m.match).toBe('("bra-004") OR {exact} : ("bra004")')
		expect(m.exactKeys).toEqual(['bra004'])
	})
})

describe('folding and vocabulary', () => {
	it('folds like unicode61 remove_diacritics', () => {
		expect(foldWord('São')).toBe('sao')
		expect(normalizeExact('BRA-004')).toBe('bra004')
	})

	it('collects alphabetic words of four letters or more, without CJK', () => {
		expect(vocabularyWords('The Traffickers trafficked 枪支 in 2019, São Paulo').sort()).toEqual(['paulo', 'trafficked', 'traffickers'])
	})
})

describe('typo distance', () => {
	it('accepts one insertion, deletion, substitution or transposition', () => {
		expect(withinOneEdit('trafficing', 'trafficking')).toBe(true)
		expect(withinOneEdit('marsielle', 'marseille')).toBe(true)
		expect(withinOneEdit('harbour', 'harbor')).toBe(true)
		expect(withinOneEdit('pistol', 'pistel')).toBe(true)
		expect(withinOneEdit('pistol', 'pistol')).toBe(true)
	})

	it('rejects two edits', () => {
		expect(withinOneEdit('trafficing', 'traffickers')).toBe(false)
		expect(withinOneEdit('abcd', 'badc')).toBe(false)
	})

	it('lists single deletions once', () => {
		expect(deletions('good').sort()).toEqual(['god', 'goo', 'ood'])
	})
})

describe('snippets', () => {
	it('escapes content and turns only sentinels into marks', () => {
		expect(makeSnippet(`<b>${O}guns${C}</b> & "x"`)).toBe('&lt;b&gt;<mark>guns</mark>&lt;/b&gt; &amp; &quot;x&quot;')
	})

	it('windows long text around the densest matches', () => {
		const text = `${'lorem '.repeat(100)}${O}guns${C} and ${O}guns${C}${' ipsum'.repeat(100)}`
		const s = makeSnippet(text)
		expect(s.startsWith('… ')).toBe(true)
		expect(s.endsWith(' …')).toBe(true)
		expect(s).toContain('<mark>guns</mark> and <mark>guns</mark>')
		expect(s.length).toBeLessThan(300)
	})

	it('keeps marks balanced when the window cuts through one', () => {
		const s = makeSnippet(`${O}${'a'.repeat(400)}${C}`, 100)
		expect(s.match(/<mark>/g)?.length).toBe(s.match(/<\/mark>/g)?.length)
	})

	it('starts at the beginning without matches', () => {
		expect(leadSnippet(`${'word '.repeat(100)}`)).toMatch(/^word word/)
	})
})
