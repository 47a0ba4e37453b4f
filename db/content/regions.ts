import path from 'node:path'
import * as z from 'zod'
import type { DB } from '../client'
import { isCountryCode } from '../../app/utils/countries.server'
import { readYamlFile, type ContentProblem } from './problems'
import { otherLanguageNames } from './taxonomy'

const regionSchema = z.object({
	slug: z
		.string()
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and hyphens.')
		.refine((s) => !['interregional', 'staff', 'discuss'].includes(s), 'This slug is reserved by the forums.'),
	name: z.string().trim().min(1, 'Give the region a name.').max(100),
	name_zh: z.string().trim().max(100).optional(),
	// Names in the portal's other languages; any may be left out (it is then shown in English).
	name_fr: z.string().trim().max(100).optional(),
	name_es: z.string().trim().max(100).optional(),
	name_ru: z.string().trim().max(100).optional(),
	name_ar: z.string().trim().max(100).optional(),
	countries: z.array(z.string().refine(isCountryCode, { error: (issue) => `"${String(issue.input)}" is not an ISO 3166-1 alpha-3 country code.` })),
})
const regionsFileSchema = z
	.array(regionSchema)
	.min(1, 'List at least one region.')
	.superRefine((regions, ctx) => {
		const seen = new Set<string>()
		regions.forEach((r, i) => {
			if (seen.has(r.slug)) ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `Duplicate slug "${r.slug}".` })
			seen.add(r.slug)
		})
	})

export type RegionRecord = z.infer<typeof regionSchema>

export async function readRegions(dir: string): Promise<{ regions: RegionRecord[] | null; problems: ContentProblem[] }> {
	const file = path.join(dir, 'regions.yaml')
	const { value, problems } = await readYamlFile(file, regionsFileSchema)
	return { regions: value, problems }
}

/** Upsert by slug; regions missing from the file are kept (members may still belong to them). */
export async function upsertRegions(db: DB, regions: RegionRecord[]) {
	await db.transaction().execute(async (trx) => {
		for (const [i, r] of regions.entries()) {
			const names = otherLanguageNames({ fr: r.name_fr, es: r.name_es, ru: r.name_ru, ar: r.name_ar })
			const row = { slug: r.slug, name: r.name, name_zh: r.name_zh ?? null, names, countries: JSON.stringify(r.countries), sort_order: i }
			await trx
				.insertInto('regions')
				.values(row)
				.onConflict((oc) => oc.column('slug').doUpdateSet({ name: row.name, name_zh: row.name_zh, names: row.names, countries: row.countries, sort_order: row.sort_order }))
				.execute()
			await trx
				.insertInto('forums')
				.values({ slug: r.slug, name: r.name, kind: 'region', region_slug: r.slug, description: `For members of the ${r.name} network.`, sort_order: i + 1 })
				.onConflict((oc) => oc.column('slug').doUpdateSet({ name: r.name, sort_order: i + 1 }))
				.execute()
		}
		// The two forums that are not a region's.
		const fixed = [
			{ slug: 'interregional', name: 'Interregional', kind: 'interregional' as const, region_slug: null, description: 'For every member, across regions.', sort_order: 0 },
			{ slug: 'staff', name: 'UNODC staff', kind: 'staff' as const, region_slug: null, description: 'For UNODC staff and administrators only.', sort_order: 999 },
		]
		for (const f of fixed)
			await trx
				.insertInto('forums')
				.values(f)
				.onConflict((oc) => oc.column('slug').doNothing())
				.execute()
	})
}
