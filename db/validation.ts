import * as z from 'zod'

/** Field rules shared by every content schema (cases, events, guidance): one wording for one rule. */

/** Control characters (tabs and line breaks aside) have no place in text people write; they break mail headers, CSV files and logs. */
export const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)

/**
 * A date written YYYY-MM-DD that exists on the calendar. Date.parse rolls 2024-02-31
 * over to 2 March rather than refusing it, so the parsed date is read back and compared.
 */
export function isCalendarDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
	const ms = Date.parse(`${s}T00:00:00Z`)
	return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(s)
}

/** Optional free text (a docket, a note): trimmed, bounded, no control characters. */
export const plainText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(noControl, 'Contains control characters.')

/** One entry of a list (a keyword, a charge, a speaker): non-empty, bounded, no control characters. */
export const listItem = (max: number) =>
	z
		// YAML reads `- 2019` as a number: taken as written. Anything else (an empty `- `, a mapping) is refused, not saved as "null".
		.union([z.string(), z.number()])
		.transform(String)
		.pipe(z.string().trim().min(1, 'An entry is empty.').max(max, `At most ${max} characters.`).refine(noControl, 'Contains control characters.'))

/** Markdown or other multi-line text: bounded, no control characters (line breaks and tabs are fine). */
export const longText = (max: number, tooLong: string) => z.string().max(max, tooLong).refine(noControl, 'Contains control characters.')

/** Required text: trimmed, bounded, no control characters; messages name the field. */
export const text = (max: number, what: string) =>
	z
		.string({ error: `${what} is required.` })
		.trim()
		.min(1, `${what} is required.`)
		.max(max, `${what} must be at most ${max} characters.`)
		.refine(noControl, `${what} contains control characters.`)

export const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(noControl, 'Contains control characters.').optional()
