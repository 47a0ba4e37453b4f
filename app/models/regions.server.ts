import { db } from '../utils/db.server'
import { parseNames } from './taxonomy.server'

export interface RegionSummary {
	slug: string
	name: string
	nameZh: string | null
	/** Names in the other languages (fr, es, ru, ar) where the content gives them. */
	names: Record<string, string>
	countries: string[]
}

export async function listRegions(): Promise<RegionSummary[]> {
	const rows = await db().selectFrom('regions').selectAll().orderBy('sort_order').orderBy('name').execute()
	return rows.map((r) => ({ slug: r.slug, name: r.name, nameZh: r.name_zh, names: parseNames(r.names), countries: JSON.parse(r.countries) as string[] }))
}

export async function regionSlugs(): Promise<Set<string>> {
	const rows = await db().selectFrom('regions').select('slug').execute()
	return new Set(rows.map((r) => r.slug))
}
