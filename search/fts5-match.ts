import type { ParsedQuery, QueryTerm } from './query'
import { normalizeExact, prepareQueryTerm, type QueryPart } from './tokenize'

/** Extra surface words ORed with a query word: typo candidates and synonyms. */
export type Expander = (word: string) => string[]

export interface CompiledMatch {
	/** Everything the user asked for, expansions included; null when no positive terms. */
	match: string | null
	/** `match` without the exclusions, for column-restricted variants. */
	positive: string | null
	/** The same without typo expansions, to rank literal matches first; null when nothing was expanded. */
	literal: string | null
	/** Excluded terms ORed, for queries made only of exclusions (FTS5 has no bare NOT). */
	excluded: string | null
	/** All positive words as one phrase, run against ids and titles: a case name typed in full. */
	titlePhrase: string | null
	/** Normalised forms of the query compared with exact identifiers (`BRA004`). */
	exactKeys: string[]
}

/**
 * Every user word reaches FTS5 inside a double-quoted string, the one context in which
 * FTS5 has no operators, so nothing typed can become syntax. The quoted text is split by
 * the table's own tokenizer, which is what makes `São` match `sao` and `BRA-004` a phrase.
 */
export function quote(s: string): string {
	return `"${s.replace(/"/g, '""')}"`
}

/**
 * `expand` gives every alternative of a word (synonyms and typo candidates); `synonyms`
 * only the synonyms, which rank with the word itself, while typo matches rank below.
 */
export function compileMatch(q: ParsedQuery, expand: Expander, synonyms: Expander = () => []): CompiledMatch {
	const keys = exactKeys(q)
	// An identifier typed with other punctuation (bra-004) still finds BRA004 itself.
	const ids = keys.filter((k) => /\d/.test(k)).map(quote)
	const idMatch = ids.length ? `{exact} : (${ids.join(' OR ')})` : null
	const withIds = (e: string | null) => (e && idMatch ? `(${e}) OR ${idMatch}` : e)
	const positive = withIds(compileClauses(q.clauses, expand))
	const literal = withIds(compileClauses(q.clauses, synonyms))
	const excluded = orOf(q.excluded.map((t) => termExpr(t, null)))
	const match = positive && excluded ? `(${positive}) NOT ${excluded}` : positive
	return {
		match,
		positive,
		literal: positive && literal && literal !== positive ? literal : null,
		excluded: positive ? null : excluded,
		titlePhrase: titlePhrase(q),
		exactKeys: keys,
	}
}

function compileClauses(clauses: QueryTerm[][], expand: Expander | null): string | null {
	const parts = clauses.map((alts) => orOf(alts.map((t) => termExpr(t, expand)))).filter((p): p is string => p !== null)
	return parts.length ? parts.join(' AND ') : null
}

function orOf(exprs: (string | null)[]): string | null {
	const xs = [...new Set(exprs.filter((e): e is string => e !== null))]
	if (!xs.length) return null
	return xs.length === 1 ? xs[0] : `(${xs.join(' OR ')})`
}

function termExpr(term: QueryTerm, expand: Expander | null): string | null {
	const parts = prepareQueryTerm(term.text)
		.map((p) => partExpr(p, term.phrase ? null : expand))
		.filter((p): p is string => p !== null)
	if (!parts.length) return null
	return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`
}

function partExpr(p: QueryPart, expand: Expander | null): string | null {
	if (!p.cjk) {
		if (!/[\p{L}\p{N}]/u.test(p.text)) return null
		const single = /^[\p{L}\p{M}]+$/u.test(p.text)
		return orOf([quote(p.text), ...(expand && single ? expand(p.text).map(quote) : [])])
	}
	return orOf([cjkExpr(p.run, p.words, p.grams), ...(expand ? expand(p.run).map((s) => cjkSynonym(s)) : [])])
}

// Bigrams in sequence are the exact substring. A run the Segmenter reads as one longer
// word (检察官) also matches that word, which scores documents segmented the same way
// higher; split into several words it would only add a slower phrase of common tokens.
function cjkExpr(run: string, words: string[], grams: string[]): string {
	if (!grams.length) return `(${quote(run)} OR ${quote(run)} *)`
	return orOf([quote(grams.join(' ')), words.length === 1 ? quote(run) : null]) as string
}

function cjkSynonym(s: string): string {
	const part = prepareQueryTerm(s)[0]
	return part?.cjk ? cjkExpr(part.run, part.words, part.grams) : quote(s)
}

function titlePhrase(q: ParsedQuery): string | null {
	if (q.clauses.some((c) => c.length !== 1)) return null
	const text = q.clauses.map((c) => c[0].text).join(' ')
	const parts = prepareQueryTerm(text)
	if (parts.length !== 1 || parts[0].cjk || !/\s/.test(text)) return null
	return quote(text)
}

function exactKeys(q: ParsedQuery): string[] {
	const keys = q.clauses.flat().map((t) => normalizeExact(t.text))
	keys.push(normalizeExact(q.clauses.map((c) => c[0].text).join('')))
	return [...new Set(keys.filter((k) => k.length >= 2))]
}
