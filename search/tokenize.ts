/**
 * Text preparation shared by the engines. FTS5's unicode61 tokenizer splits on spaces and
 * punctuation, which works for English, French or Spanish but treats a whole run of
 * Chinese characters as one token. So CJK runs are re-written as Intl.Segmenter words plus
 * overlapping character bigrams (Lucene's CJKAnalyzer approach): bigrams make any
 * substring of two or more characters findable, including names no dictionary knows.
 */

// Han, kana and Hangul, plus the katakana length mark (script Common) that sits inside words.
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30fc'
const CJK_RUN = new RegExp(`[${CJK_CLASS}]+`, 'gu')
const CJK_TEST = new RegExp(`[${CJK_CLASS}]`, 'u')

/**
 * Region markers around a rewritten CJK run in indexed text. Control characters are
 * separators for unicode61 and are stripped from content first, so they cannot collide.
 * Layout: START words… MID bigrams… END. The words concatenate back to the original run.
 */
const REGION_START = '\u0002'
const REGION_MID = '\u0003'
const REGION_END = '\u0004'

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

export function hasCjk(text: string): boolean {
	return CJK_TEST.test(text)
}

/**
 * Removes characters that have no place in searchable text and would confuse the
 * machinery: control characters (become spaces) and private-use characters (used as
 * highlight sentinels), lone surrogates and format characters such as soft hyphens.
 */
export function cleanText(text: string): string {
	return text.replace(/[\p{Cc}]/gu, ' ').replace(/[\p{Co}\p{Cs}\p{Cf}]/gu, '')
}

export function cjkWords(run: string): string[] {
	return Array.from(segmenter.segment(run), (s) => s.segment)
}

export function cjkBigrams(run: string): string[] {
	const chars = Array.from(run)
	const grams: string[] = []
	for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1])
	return grams
}

/** Text as it goes into an FTS5 column. Non-CJK text is left as is. */
export function prepareIndexText(text: string): string {
	return cleanText(text).replace(CJK_RUN, (run) => {
		const grams = cjkBigrams(run)
		return `${REGION_START}${cjkWords(run).join(' ')} ${REGION_MID} ${grams.join(' ')}${REGION_END}`
	})
}

/**
 * Inverse of prepareIndexText for text that went through FTS5 highlight(): CJK regions
 * become their original run again, with the open/close sentinels moved onto the original
 * characters that a matched word or bigram covered. Users never see bigrams.
 */
export function restoreIndexText(prepared: string, open: string, close: string): string {
	let out = ''
	let marked = false
	let i = 0
	while (i < prepared.length) {
		const start = prepared.indexOf(REGION_START, i)
		const plainEnd = start < 0 ? prepared.length : start
		for (let j = i; j < plainEnd; j++) {
			const c = prepared[j]
			if (c === open) marked = true
			else if (c === close) marked = false
			out += c
		}
		if (start < 0) break
		let end = prepared.indexOf(REGION_END, start)
		if (end < 0) end = prepared.length
		const enteredMarked = marked
		const tokens: { text: string; marked: boolean; gram: boolean }[] = []
		let gram = false
		let cur = ''
		let curMarked = false
		const flush = () => {
			if (cur) tokens.push({ text: cur, marked: curMarked, gram })
			cur = ''
			curMarked = false
		}
		for (let j = start + 1; j < end; j++) {
			const c = prepared[j]
			if (c === open) {
				marked = true
				continue
			}
			if (c === close) {
				marked = false
				continue
			}
			if (c === ' ' || c === REGION_MID) {
				flush()
				if (c === REGION_MID) gram = true
				continue
			}
			cur += c
			if (marked) curMarked = true
		}
		flush()
		const chars: string[] = []
		for (const t of tokens) if (!t.gram) chars.push(...Array.from(t.text))
		const flags = new Array<boolean>(chars.length).fill(false)
		let pos = 0
		let g = 0
		for (const t of tokens) {
			if (t.gram) {
				if (t.marked) {
					flags[g] = true
					if (g + 1 < flags.length) flags[g + 1] = true
				}
				g++
			} else {
				const n = Array.from(t.text).length
				if (t.marked) for (let k = pos; k < pos + n; k++) flags[k] = true
				pos += n
			}
		}
		if (enteredMarked) out += close
		let open_ = false
		for (let k = 0; k < chars.length; k++) {
			if (flags[k] && !open_) {
				out += open
				open_ = true
			} else if (!flags[k] && open_) {
				out += close
				open_ = false
			}
			out += chars[k]
		}
		if (open_) out += close
		if (marked) out += open
		i = end + 1
	}
	// A mark that ended at a region boundary leaves an empty pair behind.
	return out.split(open + close).join('')
}

export type QueryPart = { cjk: false; text: string } | { cjk: true; run: string; words: string[]; grams: string[] }

/** Splits one query term into non-CJK text and CJK runs, prepared like the index. */
export function prepareQueryTerm(text: string): QueryPart[] {
	const parts: QueryPart[] = []
	const clean = cleanText(text)
	let last = 0
	for (const m of clean.matchAll(CJK_RUN)) {
		const before = clean.slice(last, m.index)
		if (/[\p{L}\p{N}]/u.test(before)) parts.push({ cjk: false, text: before.trim() })
		parts.push({ cjk: true, run: m[0], words: cjkWords(m[0]), grams: cjkBigrams(m[0]) })
		last = m.index + m[0].length
	}
	const rest = clean.slice(last)
	if (/[\p{L}\p{N}]/u.test(rest)) parts.push({ cjk: false, text: rest.trim() })
	return parts
}

/** Lowercase without diacritics, as unicode61 remove_diacritics 2 compares Latin words. */
export function foldWord(word: string): string {
	return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Identifiers compared regardless of case, accents and punctuation: `BRA-004` = `bra004`. */
export function normalizeExact(text: string): string {
	return foldWord(text).replace(/[^\p{L}\p{N}]/gu, '')
}

/** Distinct folded alphabetic words of one text, for the typo vocabulary. CJK is skipped. */
export function vocabularyWords(text: string, min = 4, max = 40): string[] {
	// Distinct words first: a long text (a whole forum thread) repeats most of its words, and
	// folding (NFD normalisation and a regular expression) costs more than finding them.
	const words = new Set<string>()
	for (const m of text.matchAll(/[\p{L}\p{M}]+/gu)) words.add(m[0])
	const out = new Set<string>()
	for (const word of words) {
		if (hasCjk(word)) continue
		const w = foldWord(word)
		if (w.length >= min && w.length <= max) out.add(w)
	}
	return [...out]
}
