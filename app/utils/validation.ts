import * as z from 'zod'
import { isCalendarDate, noControl } from '../../db/validation'

export { isCalendarDate, noControl }

// Shared by server and browser (Conform validates on blur with the same schemas).

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 128

export const passwordField = z
	.string({ error: 'Enter a password.' })
	.min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
	.max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)

export const emailField = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.max(254, 'An email address has at most 254 characters.')
	.pipe(z.email({ error: 'Enter a valid email address, like name@agency.gov.' }))

export const requiredText = (label: string, max = 200) =>
	z
		.string({ error: `Enter ${label}.` })
		.trim()
		.min(1, `Enter ${label}.`)
		.max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be at most ${max} characters.`)
		.refine(noControl, 'Remove control characters.')

/**
 * A name that goes on one line (an email subject, a list): a pasted line break or tab becomes
 * a space, the ends are trimmed, and other control characters are refused.
 */
export const oneLineName = (max: number, empty: string) =>
	z
		.string({ error: empty })
		.transform((s) => s.replace(/[\r\n\t]+/g, ' ').trim())
		.pipe(z.string().min(1, empty).max(max, `At most ${max} characters.`).refine(noControl, 'Remove control characters.'))

export const optionalText = (max = 200) =>
	z
		.string()
		.trim()
		.max(max, `At most ${max} characters.`)
		.refine(noControl, 'Remove control characters.')
		.optional()
		.transform((s) => s ?? '')

export const countryCode = z
	.string({ error: 'Choose a country.' })
	.regex(/^[A-Z]{3}$/, 'Choose a country.')

/** Checkbox groups arrive as zero, one or many values. */
export const stringList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(100)).max(50))

export const LANGUAGES = [
	{ value: 'en', label: 'English' },
	{ value: 'zh', label: '简体中文' },
	{ value: 'fr', label: 'Français' },
	{ value: 'es', label: 'Español' },
	{ value: 'ru', label: 'Русский' },
	{ value: 'ar', label: 'العربية' },
] as const
export const languageCode = z.enum(['en', 'zh', 'fr', 'es', 'ru', 'ar'], { error: 'Choose a language.' })

export function isTimeZone(tz: string) {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz })
		return true
	} catch {
		return false
	}
}
