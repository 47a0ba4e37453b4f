import type BetterSqlite3 from 'better-sqlite3'
import { foldWord, hasCjk } from './tokenize'

/**
 * One-edit typo tolerance for FTS5, SymSpell style: every vocabulary word is stored with
 * each of its single-character deletions, so the words within one edit of a query word
 * are found by looking up the word's own deletions, an index seek rather than a scan.
 *
 * The vocabulary holds surface words (folded, unstemmed), not fts5vocab's porter stems,
 * because candidates go back into a MATCH expression where FTS5 stems them again, and a
 * stem is not always a word the stemmer maps to itself. Each word keeps a document
 * frequency: words the corpus uses often are not expanded at all (so `trafficking` is not
 * diluted by rare look-alikes), and words no document uses any more are never offered.
 */

export const TYPO_MIN_LENGTH = 5
const MAX_CANDIDATES = 8
const MAX_WORD = 32

export function deletions(word: string): string[] {
	const chars = Array.from(word)
	const out = new Set<string>()
	for (let i = 0; i < chars.length; i++) out.add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''))
	return [...out]
}

/** Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or transposition. */
export function withinOneEdit(a: string, b: string): boolean {
	const x = Array.from(a)
	const y = Array.from(b)
	if (Math.abs(x.length - y.length) > 1) return false
	if (x.length === y.length) {
		const diff: number[] = []
		for (let i = 0; i < x.length && diff.length < 3; i++) if (x[i] !== y[i]) diff.push(i)
		if (diff.length <= 1) return true
		const [i, j] = diff
		return diff.length === 2 && j === i + 1 && x[i] === y[j] && x[j] === y[i]
	}
	const [s, l] = x.length < y.length ? [x, y] : [y, x]
	let i = 0
	while (i < s.length && s[i] === l[i]) i++
	for (let k = i; k < s.length; k++) if (s[k] !== l[k + 1]) return false
	return true
}

export function typoEligible(word: string): boolean {
	const n = Array.from(word).length
	return n >= TYPO_MIN_LENGTH && n <= MAX_WORD && /^[\p{L}\p{M}]+$/u.test(word) && !hasCjk(word)
}

/** Words present in at least this many documents are taken as typed correctly. */
export const TYPO_MAX_DF = 3

export function createTypoIndex(sqlite: BetterSqlite3.Database) {
	let stmts: ReturnType<typeof prepare> | null = null
	const lookups = new Map<number, BetterSqlite3.Statement>()
	function prepare() {
		return {
			insert: sqlite.prepare('INSERT OR IGNORE INTO search_fts_vocab (word, df) VALUES (?, ?)'),
			add: sqlite.prepare('UPDATE search_fts_vocab SET df = df + ? WHERE word = ?'),
			del: sqlite.prepare('INSERT OR IGNORE INTO search_fts_deletes (del, word) VALUES (?, ?)'),
			df: sqlite.prepare('SELECT df FROM search_fts_vocab WHERE word = ?').pluck(),
		}
	}

	return {
		/** Adjusts document frequencies by word (negative when documents go); inside the write transaction. */
		count(delta: Map<string, number>): void {
			stmts ??= prepare()
			for (const [w, n] of delta) {
				if (n === 0) continue
				if (n > 0 && stmts.insert.run(w, n).changes === 1) {
					stmts.del.run(w, w)
					for (const d of deletions(w)) stmts.del.run(d, w)
				} else stmts.add.run(n, w)
			}
		},

		/**
		 * Vocabulary words one edit away from `word`, most frequent first; none when `word`
		 * itself is common in the corpus (it is spelled as the documents spell it).
		 */
		candidates(word: string): string[] {
			stmts ??= prepare()
			const w = foldWord(word)
			if (!typoEligible(w) || ((stmts.df.get(w) as number | undefined) ?? 0) >= TYPO_MAX_DF) return []
			const keys = [w, ...deletions(w)]
			let stmt = lookups.get(keys.length)
			if (!stmt) {
				stmt = sqlite.prepare(
					`SELECT DISTINCT v.word, v.df FROM search_fts_deletes d JOIN search_fts_vocab v ON v.word = d.word WHERE d.del IN (${keys.map(() => '?').join(',')}) AND v.df > 0`,
				)
				lookups.set(keys.length, stmt)
			}
			const found = (stmt.all(...keys) as { word: string; df: number }[]).filter((c) => c.word !== w && withinOneEdit(w, c.word))
			found.sort((a, b) => b.df - a.df || (a.word < b.word ? -1 : 1))
			return found.slice(0, MAX_CANDIDATES).map((c) => c.word)
		},

		/** Statements refer to tables that clear() recreates. */
		reset(): void {
			stmts = null
			lookups.clear()
		},
	}
}

export type TypoIndex = ReturnType<typeof createTypoIndex>
