/**
 * Domain synonyms, shared so both engines answer `gun` with firearm documents.
 * Each group is symmetric: any member finds the others. Keep it short: every entry
 * widens recall for everyone, and practitioners search precise legal terms.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
	['firearm', 'gun', 'weapon'],
	['firearms', 'guns', 'weapons'],
	['ammunition', 'ammo'],
	['枪支', '枪械'],
]

/** Word → the other members of its groups (Meilisearch `synonyms` setting shape). */
export function synonymMap(): Record<string, string[]> {
	const map: Record<string, string[]> = {}
	for (const group of SYNONYM_GROUPS)
		for (const word of group) map[word] = [...new Set([...(map[word] ?? []), ...group.filter((w) => w !== word)])]
	return map
}

// A Map, not an object: a query word like `constructor` must not find Object.prototype's members.
const MAP = new Map(Object.entries(synonymMap()))

export function synonymsOf(word: string): string[] {
	return MAP.get(word.toLowerCase()) ?? []
}
