import { useIntl } from 'react-intl'
import { useValidationIndex } from './index'

/**
 * Validation messages are written in English in the zod schemas (shared by server, browser and
 * tests) and reach the page as plain text. The `validation` catalogue area holds each of them as its
 * English value; the root loader sends the reverse index (English text → key), and the components
 * that show errors pass every message through `useTranslateError()`:
 *
 *   - a message that is exactly a catalogue value is shown as that key's translation;
 *   - a templated message (`At most {max} characters.` in the catalogue, `At most 500 characters.` on
 *     the page) is matched by a pattern derived from the catalogue value, and its arguments are taken
 *     from the English text as written (so `1,000` stays `1,000`);
 *   - several messages joined with spaces (`issues.map((i) => i.message).join(' ')`) are translated
 *     sentence by sentence;
 *   - anything else (a message the server already wrote in the reader's language, a database
 *     error…) is shown unchanged.
 */

type Format = (key: string, values?: Record<string, string>) => string

interface Template {
	key: string
	names: string[]
	pattern: RegExp
	/** Characters outside the arguments: the more, the more specific (tried first). */
	weight: number
}

interface Compiled {
	exact: Map<string, string>
	templates: Template[]
}

const ARGUMENT = /\{([A-Za-z0-9_]+)\}/g
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function compile(index: Record<string, string>): Compiled {
	const exact = new Map<string, string>()
	const templates: Template[] = []
	for (const [english, key] of Object.entries(index)) {
		const names = [...english.matchAll(ARGUMENT)].map((m) => m[1])
		if (!names.length) {
			exact.set(english, key)
			continue
		}
		const literals = english.split(ARGUMENT).filter((_, i) => i % 2 === 0)
		// An argument never spans a sentence break, so that joined messages are not swallowed by one template.
		const pattern = new RegExp(`^${literals.map(escapeRegExp).join('((?:(?![.!?]\\s)[^])+?)')}$`)
		templates.push({ key, names, pattern, weight: literals.join('').length })
	}
	templates.sort((a, b) => b.weight - a.weight)
	return { exact, templates }
}

// Built once per index the root loader sent (module level, shared by every component on the page).
const compiled = new WeakMap<Record<string, string>, Compiled>()

function compiledFor(index: Record<string, string>) {
	let c = compiled.get(index)
	if (!c) {
		c = compile(index)
		compiled.set(index, c)
	}
	return c
}

/** One whole message, or null when it is not a known validation message. */
function translateOne({ exact, templates }: Compiled, message: string, format: Format): string | null {
	const key = exact.get(message)
	if (key) return format(key)
	for (const template of templates) {
		const match = template.pattern.exec(message)
		if (match) return format(template.key, Object.fromEntries(template.names.map((name, i) => [name, match[i + 1]])))
	}
	return null
}

/** Messages joined with spaces: the longest known run of sentences at each point, the rest left as written. */
function translateJoined(c: Compiled, message: string, format: Format): string | null {
	const sentences = message.split(/(?<=[.!?)]) +(?=\S)/)
	if (sentences.length < 2) return null
	const out: string[] = []
	let changed = false
	for (let i = 0; i < sentences.length; ) {
		let j = sentences.length
		let translated: string | null = null
		for (; j > i; j--) {
			translated = translateOne(c, sentences.slice(i, j).join(' '), format)
			if (translated !== null) break
		}
		if (translated === null) {
			out.push(sentences[i])
			i += 1
		} else {
			out.push(translated)
			changed = true
			i = j
		}
	}
	return changed ? out.join(' ') : null
}

/**
 * The translation of an English validation message, given the index (English text → key) and a
 * formatter for keys; unknown text is returned unchanged. Pure, for tests and for the hook below.
 */
export function translateError(index: Record<string, string> | undefined, format: Format, message: string): string {
	if (!index || !message) return message
	const c = compiledFor(index)
	return translateOne(c, message, format) ?? translateJoined(c, message, format) ?? message
}

/**
 * `const tr = useTranslateError()` then `tr(message)` or `errors.map(tr)`: a schema's English
 * message in the reader's language. English pages show messages exactly as the schemas wrote them.
 */
export function useTranslateError(): (message: string) => string {
	const intl = useIntl()
	const index = useValidationIndex()
	if (!index || intl.locale === 'en' || intl.locale.startsWith('en-')) return (message) => message
	const format: Format = (id, values) => intl.formatMessage({ id }, values)
	return (message) => translateError(index, format, message)
}
