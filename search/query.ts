/**
 * The user query language, parsed once and compiled by each engine:
 *   words (all required)  "exact phrases"  -excluded  -"excluded phrase"  a OR b
 * Anything else is text. The parser never throws: a search box receives whatever
 * people paste into it, and a malformed query still deserves its best reading.
 */

export interface QueryTerm {
	/** Cleaned text: letters, digits and a few joiners (`-./'_`), words separated by one space. */
	text: string
	/** Quoted by the user: words must appear together, in order, without typo tolerance. */
	phrase: boolean
}

export interface ParsedQuery {
	/** Every clause must match; a clause matches when any of its alternatives does (OR). */
	clauses: QueryTerm[][]
	excluded: QueryTerm[]
}

export const MAX_QUERY_CHARS = 500
export const MAX_TERMS = 32

const QUOTES = /[“”„‟″«»＂]/g
// Kept inside words because identifiers and names use them (BRA-004, U.S., d'Ivoire).
const JOINERS = "-./'_’"

type Token = { kind: 'or' } | { kind: 'not' } | { kind: 'term'; raw: string; phrase: boolean; negated: boolean }

export function parseQuery(input: unknown): ParsedQuery {
	const text = normalizeInput(typeof input === 'string' ? input : '')
	const clauses: QueryTerm[][] = []
	const excluded: QueryTerm[] = []
	let count = 0
	let orPending = false
	let notPending = false
	let lastWasTerm = false
	for (const token of lex(text)) {
		if (count >= MAX_TERMS) break
		if (token.kind === 'or') {
			orPending = lastWasTerm
			continue
		}
		if (token.kind === 'not') {
			notPending = true
			continue
		}
		const term = cleanTerm(token.raw, token.phrase)
		if (!term) continue
		count++
		if (token.negated || notPending) {
			excluded.push(term)
			notPending = false
			orPending = false
			lastWasTerm = false
			continue
		}
		if (orPending && clauses.length) clauses[clauses.length - 1].push(term)
		else clauses.push([term])
		orPending = false
		lastWasTerm = true
	}
	return { clauses, excluded }
}

export function isEmptyQuery(q: ParsedQuery): boolean {
	return q.clauses.length === 0 && q.excluded.length === 0
}

function normalizeInput(input: string): string {
	// Cut before any per-character work so a 1 MB paste costs nothing.
	let s = input.slice(0, MAX_QUERY_CHARS * 2)
	s = Array.from(s).slice(0, MAX_QUERY_CHARS).join('')
	// NFKC folds full-width forms (ＢＲＡ００４, ＂) that CJK keyboards produce.
	s = s.normalize('NFKC').replace(QUOTES, '"')
	return s.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ').replace(/[\p{Cf}\p{Co}\p{Cs}]/gu, '')
}

function* lex(s: string): Generator<Token> {
	let i = 0
	while (i < s.length) {
		const c = s[i]
		if (/\s/.test(c)) {
			i++
			continue
		}
		let negated = false
		if (c === '-' && i + 1 < s.length && !/\s/.test(s[i + 1])) {
			negated = true
			i++
		}
		if (s[i] === '"') {
			// An unbalanced quote runs to the end of the query.
			const close = s.indexOf('"', i + 1)
			const end = close < 0 ? s.length : close
			yield { kind: 'term', raw: s.slice(i + 1, end), phrase: true, negated }
			i = end + 1
			continue
		}
		let j = i
		while (j < s.length && !/\s/.test(s[j]) && s[j] !== '"') j++
		const word = s.slice(i, j)
		i = j
		if (!negated && word === 'OR') yield { kind: 'or' }
		else if (!negated && word === 'NOT') yield { kind: 'not' }
		else if (!negated && word === 'AND') continue
		else yield { kind: 'term', raw: word, phrase: false, negated }
	}
}

function cleanTerm(raw: string, phrase: boolean): QueryTerm | null {
	const words = raw
		.replace(/[^\p{L}\p{N}\p{M}\-./'_’]/gu, ' ')
		.split(/\s+/)
		.map(trimJoiners)
		.filter((w) => /[\p{L}\p{N}]/u.test(w))
		.slice(0, MAX_TERMS)
	if (!words.length) return null
	// `foo(bar` was one token to the user; keep its parts together.
	return { text: words.join(' '), phrase: phrase || words.length > 1 }
}

function trimJoiners(w: string): string {
	let a = 0
	let b = w.length
	while (a < b && JOINERS.includes(w[a])) a++
	while (b > a && JOINERS.includes(w[b - 1])) b--
	return w.slice(a, b)
}

/**
 * Expands OR clauses into AND-only queries (disjunctive normal form) for engines without
 * an OR operator, capped because the product grows fast.
 */
export function toDisjunctiveForm(q: ParsedQuery, max = 8): QueryTerm[][] {
	let out: QueryTerm[][] = [[]]
	for (const clause of q.clauses) {
		const next: QueryTerm[][] = []
		for (const prefix of out) for (const alt of clause) if (next.length < max) next.push([...prefix, alt])
		out = next
	}
	return out
}
