import { db } from '../utils/db.server'

export interface Term {
	slug: string
	en: string
	zh: string | null
	/** Names in the other languages (fr, es, ru, ar) where the content gives them. */
	names: Record<string, string>
}

export type TaxonomyKind = 'crime_types' | 'cross_cutting' | 'themes' | 'protocol_articles' | 'convention_articles'

/** The stored JSON of other-language names; anything unreadable counts as none (English is shown). */
export function parseNames(json: string | null): Record<string, string> {
	if (!json) return {}
	try {
		const value: unknown = JSON.parse(json)
		return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) : {}
	} catch {
		return {}
	}
}

export async function taxonomy(): Promise<Record<TaxonomyKind, Term[]>> {
	const rows = await db().selectFrom('taxonomy_terms').select(['kind', 'slug', 'en', 'zh', 'names']).orderBy('kind').orderBy('sort_order').execute()
	const out: Record<TaxonomyKind, Term[]> = { crime_types: [], cross_cutting: [], themes: [], protocol_articles: [], convention_articles: [] }
	for (const r of rows) if (r.kind in out) out[r.kind as TaxonomyKind].push({ slug: r.slug, en: r.en, zh: r.zh, names: parseNames(r.names) })
	return out
}
