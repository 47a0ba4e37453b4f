import type { Locale } from '~/i18n/locales'
import { serverT } from '~/i18n/intl.server'
import { regionName } from './case-labels.server'
import { listRegions } from './regions.server'

interface NamedForum {
	kind: string
	region_slug: string | null
	name: string
	description?: string
}

/**
 * Forum names and descriptions in the reader's language. The forums table keeps the English
 * ones (a region's forum is named after its region); other languages take the region's name in
 * that language where the content has one, and the catalogue for the two forums of no region.
 */
export async function forumNamer(locale: Locale) {
	if (locale === 'en') return { name: (f: NamedForum) => f.name, description: (f: NamedForum) => f.description ?? '' }
	const t = serverT(locale)
	const regionNames = new Map((await listRegions()).map((r) => [r.slug, regionName(r, locale)]))
	const name = (f: NamedForum): string => {
		if (f.kind === 'interregional') return t('forums.name.interregional')
		if (f.kind === 'staff') return t('forums.name.staff')
		return (f.region_slug && regionNames.get(f.region_slug)) || f.name
	}
	const description = (f: NamedForum): string => {
		if (f.kind === 'interregional') return t('forums.description.interregional')
		if (f.kind === 'staff') return t('forums.description.staff')
		return t('forums.description.region', { name: name(f) })
	}
	return { name, description }
}
