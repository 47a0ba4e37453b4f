import * as z from 'zod'

/** Field rules shared by every content schema (cases, events, guidance): one wording for one rule. */

export const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)

/** Required text: trimmed, bounded, no control characters; messages name the field. */
export const text = (max: number, what: string) =>
	z
		.string({ error: `${what} is required.` })
		.trim()
		.min(1, `${what} is required.`)
		.max(max, `${what} must be at most ${max} characters.`)
		.refine(noControl, `${what} contains control characters.`)

export const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(noControl, 'Contains control characters.').optional()
