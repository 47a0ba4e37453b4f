import path from 'node:path'
import * as z from 'zod'
import type { DB } from '../client'
import { readYamlFile, type ContentProblem } from './problems'

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and hyphens.')
// Names in the portal's other languages; any may be left out (it is then shown in English).
const otherNames = { fr: z.string().trim().max(200).optional(), es: z.string().trim().max(200).optional(), ru: z.string().trim().max(200).optional(), ar: z.string().trim().max(200).optional() }
const term = z.object({ slug, en: z.string().trim().min(1).max(200), zh: z.string().trim().max(200).optional(), ...otherNames })
const article = z.object({ number: z.coerce.string().regex(/^\d{1,2}$/), en: z.string().trim().min(1).max(200), zh: z.string().trim().max(200).optional(), ...otherNames })

/** The names a term or region has in the other languages, as stored (null when it has none). */
export function otherLanguageNames(names: Partial<Record<'fr' | 'es' | 'ru' | 'ar', string | undefined>>): string | null {
	const present = Object.fromEntries(Object.entries(names).filter(([, v]) => v))
	return Object.keys(present).length ? JSON.stringify(present) : null
}

const taxonomySchema = z.object({
	crime_types: z.array(term).min(1),
	cross_cutting: z.array(term).default([]),
	themes: z.array(term).default([]),
	protocol_articles: z.array(article).default([]),
	convention_articles: z.array(article).default([]),
	court_levels: z.array(term).default([]),
	outcomes: z.array(term).default([]),
	legal_systems: z.array(term).default([]),
})

export type Taxonomy = z.infer<typeof taxonomySchema>
export const TAXONOMY_KINDS = ['crime_types', 'cross_cutting', 'themes', 'protocol_articles', 'convention_articles', 'court_levels', 'outcomes', 'legal_systems'] as const

export async function readTaxonomy(dir: string): Promise<{ taxonomy: Taxonomy | null; problems: ContentProblem[] }> {
	const file = path.join(dir, 'taxonomy.yaml')
	const { value, problems } = await readYamlFile(file, taxonomySchema)
	return { taxonomy: value, problems }
}

export async function upsertTaxonomy(db: DB, taxonomy: Taxonomy) {
	await db.transaction().execute(async (trx) => {
		for (const kind of TAXONOMY_KINDS) {
			const entries = taxonomy[kind].map((t, i) => ({ kind, slug: 'number' in t ? t.number : t.slug, en: t.en, zh: t.zh ?? null, names: otherLanguageNames({ fr: t.fr, es: t.es, ru: t.ru, ar: t.ar }), sort_order: i }))
			for (const e of entries)
				await trx
					.insertInto('taxonomy_terms')
					.values(e)
					.onConflict((oc) => oc.columns(['kind', 'slug']).doUpdateSet({ en: e.en, zh: e.zh, names: e.names, sort_order: e.sort_order }))
					.execute()
		}
	})
}
