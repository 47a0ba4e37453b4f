import { db } from '../utils/db.server'

export interface Term {
	slug: string
	en: string
	zh: string | null
}

export type TaxonomyKind = 'crime_types' | 'cross_cutting' | 'themes' | 'protocol_articles' | 'convention_articles'

export async function taxonomy(): Promise<Record<TaxonomyKind, Term[]>> {
	const rows = await db().selectFrom('taxonomy_terms').select(['kind', 'slug', 'en', 'zh']).orderBy('kind').orderBy('sort_order').execute()
	const out: Record<TaxonomyKind, Term[]> = { crime_types: [], cross_cutting: [], themes: [], protocol_articles: [], convention_articles: [] }
	for (const r of rows) if (r.kind in out) out[r.kind as TaxonomyKind].push({ slug: r.slug, en: r.en, zh: r.zh })
	return out
}
