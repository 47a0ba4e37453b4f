import type BetterSqlite3 from 'better-sqlite3'
import type { TypoIndex } from './fts5-typo'
import { checkDocument, dateParts } from './normalize'
import { cleanText, normalizeExact, prepareIndexText, vocabularyWords } from './tokenize'
import type { SearchDocument } from './types'

// The change log keeps this many entries; a mirror further behind reloads in full.
const CHANGE_LOG_KEEP = 50_000

/**
 * The FTS5 engine's write path. Every write runs in one IMMEDIATE transaction (the write
 * lock first, so the ACL and facet ids read here are the committed ones), logs each doc
 * it touches in search_fts_changes for the mirrors, and keeps word frequencies for typos.
 */
export function createWriter(sqlite: BetterSqlite3.Database, stmt: (sql: string) => BetterSqlite3.Statement, typos: TypoIndex) {
	function aclId(tags: string[]): number {
		const key = JSON.stringify([...new Set(tags)].sort())
		const found = stmt('SELECT id FROM search_fts_acl WHERE tags = ?').get(key) as { id: number } | undefined
		if (found) return found.id
		const id = Number(stmt('INSERT INTO search_fts_acl (tags) VALUES (?)').run(key).lastInsertRowid)
		for (const tag of JSON.parse(key) as string[]) stmt('INSERT INTO search_fts_acl_tags (tag, acl) VALUES (?, ?)').run(tag, id)
		return id
	}

	function facetValueId(facet: string, value: string): number {
		const found = stmt('SELECT id FROM search_fts_facet_values WHERE facet = ? AND value = ?').get(facet, value) as { id: number } | undefined
		if (found) return found.id
		return Number(stmt('INSERT INTO search_fts_facet_values (facet, value) VALUES (?, ?)').run(facet, value).lastInsertRowid)
	}

	function findDoc(key: string): number | undefined {
		return (stmt('SELECT doc FROM search_fts_docs WHERE key = ?').get(key) as { doc: number } | undefined)?.doc
	}

	function deleteDoc(doc: number, vocab: Map<string, number>): void {
		const old = stmt('SELECT title, body FROM search_fts_docs WHERE doc = ?').get(doc) as { title: string; body: string } | undefined
		if (old) for (const w of vocabularyWords(`${old.title}\n${old.body}`)) vocab.set(w, (vocab.get(w) ?? 0) - 1)
		stmt('DELETE FROM search_fts_index WHERE rowid = ?').run(doc)
		stmt('DELETE FROM search_fts_head WHERE rowid = ?').run(doc)
		stmt('DELETE FROM search_fts_rows WHERE doc = ?').run(doc)
		stmt('DELETE FROM search_fts_exact WHERE doc = ?').run(doc)
		stmt('DELETE FROM search_fts_docs WHERE doc = ?').run(doc)
		stmt('INSERT INTO search_fts_changes (doc) VALUES (?)').run(doc)
	}

	function insertDoc(d: SearchDocument, vocab: Map<string, number>): void {
		checkDocument(d)
		const existing = findDoc(d.key)
		if (existing !== undefined) deleteDoc(existing, vocab)
		const title = cleanText(d.title)
		const body = cleanText(d.body)
		const { ts, year } = dateParts(d.date)
		const doc = Number(
			stmt('INSERT INTO search_fts_docs (doc, key, type, id, title, url, date, language, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
				existing ?? null,
				d.key,
				d.type,
				d.id,
				title,
				d.url,
				d.date,
				d.language,
				body,
			).lastInsertRowid,
		)
		const facetIds = new Set<number>()
		for (const [facet, values] of Object.entries(d.facets ?? {})) for (const value of values) facetIds.add(facetValueId(facet, value))
		stmt('INSERT INTO search_fts_rows (doc, type, acl, year, date_ts, facets) VALUES (?, ?, ?, ?, ?, ?)').run(
			doc,
			d.type,
			aclId(d.access),
			year,
			ts,
			[...facetIds].join(','),
		)
		const exact = prepareIndexText((d.exactTerms ?? []).join(' ; '))
		const head = prepareIndexText(title)
		stmt('INSERT INTO search_fts_index (rowid, exact, title, body) VALUES (?, ?, ?, ?)').run(doc, exact, head, prepareIndexText(body))
		stmt('INSERT INTO search_fts_head (rowid, exact, title) VALUES (?, ?, ?)').run(doc, exact, head)
		for (const term of new Set((d.exactTerms ?? []).map(normalizeExact)))
			if (term) stmt('INSERT INTO search_fts_exact (term, doc) VALUES (?, ?)').run(term, doc)
		stmt('INSERT INTO search_fts_changes (doc) VALUES (?)').run(doc)
		for (const w of vocabularyWords(`${title}\n${body}`)) vocab.set(w, (vocab.get(w) ?? 0) + 1)
	}

	function finishWrite(vocab: Map<string, number>): void {
		typos.count(vocab)
		stmt('DELETE FROM search_fts_changes WHERE seq <= (SELECT max(seq) FROM search_fts_changes) - ?').run(CHANGE_LOG_KEEP)
	}

	const upsertAll = sqlite.transaction((docs: SearchDocument[]) => {
		const vocab = new Map<string, number>()
		for (const d of docs) insertDoc(d, vocab)
		finishWrite(vocab)
	})

	const removeAll = sqlite.transaction((keys: string[]) => {
		const vocab = new Map<string, number>()
		for (const key of keys) {
			const doc = findDoc(key)
			if (doc !== undefined) deleteDoc(doc, vocab)
		}
		finishWrite(vocab)
	})

	return {
		upsert(docs: SearchDocument[]): void {
			if (docs.length) upsertAll.immediate(docs)
		},
		remove(keys: string[]): void {
			if (keys.length) removeAll.immediate(keys)
		},
	}
}
