import fs from 'node:fs'
import path from 'node:path'
import { createIntl } from 'react-intl'
import { describe, expect, it } from 'vitest'
import { text } from '../../db/validation'
import { requiredText } from '../utils/validation'
import { CATALOGUES, messagesFor, validationIndexFor } from './catalogues.server'
import { translateError } from './validation'

/**
 * Validation messages are written in English in the schemas and translated where they are shown
 * (app/i18n/validation.tsx). Every message the schemas can produce must therefore be a value of the
 * English `validation` catalogue, exactly or as a templated message (`At most {max} characters.`).
 * The messages are found by reading the schema sources, as the catalogue test finds keys.
 */

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Where form validation messages are written. API routes (JSON, not shown on a page) and the CLI are left out. */
const SOURCES = ['app/models', 'app/utils/validation.ts', 'app/routes', 'db/validation.ts', 'db/cases', 'db/events', 'db/guidance']
/**
 * Files whose messages never reach a form's error display: events.server.ts's registration refusals
 * travel in the flash (shown by the root layout, outside the error components).
 */
const NOT_FORM_ERRORS = new Set(['app/models/events.server.ts'])

function sourceFiles(entry: string): string[] {
	const full = path.join(ROOT, entry)
	if (fs.statSync(full).isDirectory()) return fs.readdirSync(full).flatMap((name) => sourceFiles(path.join(entry, name)))
	if (!/\.(ts|tsx)$/.test(entry) || /\.test\.tsx?$/.test(entry) || /^app\/routes\/api\./.test(entry) || NOT_FORM_ERRORS.has(entry)) return []
	return [entry]
}

/**
 * A string literal starting at `i` ('…', "…" or `…${…}…`), as its text with each `${…}` replaced by
 * `sample`; `labelled` when it interpolates a helper's English `label` or `what`.
 */
function readString(src: string, i: number, sample: string): { value: string; end: number; templated: boolean; labelled: boolean } | null {
	const quote = src[i]
	if (quote !== "'" && quote !== '"' && quote !== '`') return null
	let value = ''
	let templated = false
	let labelled = false
	let j = i + 1
	while (j < src.length && src[j] !== quote) {
		if (src[j] === '\\') {
			value += src[j + 1]
			j += 2
		} else if (quote === '`' && src.startsWith('${', j)) {
			const end = skipBalanced(src, j + 1)
			const expression = src.slice(j + 2, end - 1)
			// An optional part (`${detected ? ` (it is …)` : ''}`) is sampled as absent; anything else as a word.
			value += /\?\s*[`'"]/.test(expression) ? '' : sample
			if (/^\s*(label|what)\b/.test(expression)) labelled = true
			j = end
			templated = true
		} else if (src[j] === '\n' && quote !== '`') return null
		else value += src[j++]
	}
	return { value, end: j + 1, templated, labelled }
}

/** A regex literal starting at `i`: the index just past its flags (its brackets and quotes are not code). */
function skipRegex(src: string, i: number): number {
	let k = i + 1
	let inClass = false
	while (k < src.length && (src[k] !== '/' || inClass)) {
		if (src[k] === '\\') k++
		else if (src[k] === '[') inClass = true
		else if (src[k] === ']') inClass = false
		k++
	}
	k++
	while (/[a-z]/.test(src[k] ?? '')) k++
	return k
}

/** From an opening bracket at `i`, the index just past its closing one (strings and regex literals skipped). */
function skipBalanced(src: string, i: number): number {
	let depth = 0
	let j = i
	let previous = '('
	while (j < src.length) {
		const c = src[j]
		if (c === "'" || c === '"' || c === '`') {
			const s = readString(src, j, '')
			j = s ? s.end : j + 1
			previous = 'x'
			continue
		}
		if (c === '/' && /[(,=:[!&|?{;]/.test(previous) && src[j + 1] !== '/' && src[j + 1] !== '*') {
			j = skipRegex(src, j)
			previous = 'x'
			continue
		}
		if ('([{'.includes(c)) depth++
		if (')]}'.includes(c)) {
			depth--
			if (depth === 0) return j + 1
		}
		if (!/\s/.test(c)) previous = c
		j++
	}
	return j
}

/** The top-level arguments of a call whose `(` is at `i`, as source text. */
function callArguments(src: string, i: number): string[] {
	const end = skipBalanced(src, i)
	const inner = src.slice(i + 1, end - 1)
	const args: string[] = []
	let start = 0
	for (let j = 0; j < inner.length; ) {
		const c = inner[j]
		if ('([{'.includes(c)) {
			j = skipBalanced(inner, j)
			continue
		}
		if (c === "'" || c === '"' || c === '`') {
			j = readString(inner, j, '')?.end ?? j + 1
			continue
		}
		if (c === '/' && /(^|,)\s*$/.test(inner.slice(0, j))) {
			j = skipRegex(inner, j)
			continue
		}
		if (c === ',') {
			args.push(inner.slice(start, j).trim())
			start = j + 1
		}
		j++
	}
	args.push(inner.slice(start).trim())
	return args.filter(Boolean)
}

const SAMPLE = 'Sample'

interface Found {
	message: string
	templated: boolean
	file: string
}

/** Messages given to zod (`{ error: … }`, `{ message: … }`, the last argument of .min/.max/.regex/.refine/…) and pushed to problem lists. */
function messagesInSchemas(): Found[] {
	const found = new Map<string, Found>()
	const add = (file: string, literal: { value: string; templated: boolean; labelled: boolean } | null) => {
		// A message is a sentence: this leaves out column names, prefixes and other strings in the same positions.
		if (!literal || literal.labelled || !/\s/.test(literal.value.trim()) || found.has(literal.value)) return
		found.set(literal.value, { message: literal.value, templated: literal.templated, file })
	}
	for (const file of SOURCES.flatMap(sourceFiles)) {
		const src = fs.readFileSync(path.join(ROOT, file), 'utf8')
		for (const m of src.matchAll(/\b(?:error|message):\s*(?=['"`])/g)) add(file, readString(src, m.index + m[0].length, SAMPLE))
		for (const m of src.matchAll(/\.(?:min|max|length|regex|refine|int|positive|nonnegative|gte|lte|gt|lt|multipleOf)\(/g)) {
			const args = callArguments(src, m.index + m[0].length - 1)
			const last = args.at(-1)
			if (last && /^['"`]/.test(last)) add(file, readString(last, 0, SAMPLE))
		}
		for (const m of src.matchAll(/\b(?:uploadErrors|errors|problems|fileProblems)\.push\(\s*(?=['"`])/g)) add(file, readString(src, m.index + m[0].length, SAMPLE))
	}
	return [...found.values()]
}

/** What requiredText(label, max) and db's text(max, what) say, for each use in the sources (run, not re-derived). */
function labelledMessages(): string[] {
	const messages = new Set<string>()
	const issues = (schema: { safeParse: (v: unknown) => { error?: { issues: Array<{ message: string }> } } }, value: unknown) =>
		schema.safeParse(value).error?.issues.map((i) => i.message) ?? []
	for (const file of SOURCES.flatMap(sourceFiles)) {
		const src = fs.readFileSync(path.join(ROOT, file), 'utf8')
		// Helpers whose templates take an English label (`Enter ${label}.`) are checked use by use.
		for (const m of src.matchAll(/\brequiredText\(\s*'([^']+)'\s*(?:,\s*([\d_]+)\s*)?\)/g)) {
			const max = m[2] ? Number(m[2].replaceAll('_', '')) : 200
			const schema = requiredText(m[1], max)
			for (const value of [undefined, '', 'x'.repeat(max + 1), 'a\u0001b']) issues(schema, value).forEach((message) => messages.add(message))
		}
		for (const m of src.matchAll(/\btext\(\s*([\d_]+)\s*,\s*'([^']+)'\s*\)/g)) {
			const max = Number(m[1].replaceAll('_', ''))
			const schema = text(max, m[2])
			for (const value of [undefined, '', 'x'.repeat(max + 1), 'a\u0001b']) issues(schema, value).forEach((message) => messages.add(message))
		}
	}
	return [...messages]
}

const index = validationIndexFor()
const asKey = (key: string) => `<<${key}>>`
/** The key a message is translated with, or null when the index does not know it as one whole message. */
const keyOf = (message: string) => /^<<([^<>]+)>>$/.exec(translateError(index, asKey, message))?.[1] ?? null

describe('validation messages', () => {
	const found = messagesInSchemas()
	const labelled = labelledMessages()

	it('finds the messages in the schemas (the scan itself works)', () => {
		const messages = found.map((f) => f.message)
		expect(messages).toContain('Enter your email address.')
		expect(messages).toContain('The two passwords differ.') // a .refine(…, { message }) in a route
		expect(messages).toContain('Choose 1, 3, 7 or 30 days.') // an option object after a nested call
		expect(messages).toContain(`Use at least ${SAMPLE} characters.`) // a template literal
		expect(messages).toContain(`A published case needs the sections ${SAMPLE}.`) // nested template literal
		expect(found.length).toBeGreaterThan(120)
		expect(labelled).toContain('Enter your full name.')
		expect(labelled).toContain('The summary must be at most 10000 characters.')
	})

	it('every message a schema writes is in the English validation catalogue', () => {
		const missing = found.filter((f) => !keyOf(f.message)).map((f) => `${f.message} (in ${f.file})`)
		expect(missing, 'add these to app/i18n/catalogues/en/validation.json (and zh)').toEqual([])
		expect(labelled.filter((message) => !keyOf(message))).toEqual([])
	})

	it('each English text has one key, so the reverse index is unambiguous', () => {
		const english = Object.entries(CATALOGUES.en).filter(([key]) => key.startsWith('validation.'))
		expect(english.length).toBe(Object.keys(index).length)
		for (const [text, key] of Object.entries(index)) expect(CATALOGUES.en[key]).toBe(text)
	})

	it('translates exact and templated messages, and leaves other text alone', () => {
		const zh = createIntl({ locale: 'zh-Hans', messages: messagesFor('zh') })
		const format = (id: string, values?: Record<string, string>) => zh.formatMessage({ id }, values)
		const tr = (message: string) => translateError(index, format, message)
		expect(tr('Enter your email address.')).toBe('请输入您的电子邮件地址。')
		expect(tr('At most 1,000 characters.')).toBe('最多 1,000 个字符。')
		expect(tr('Use at least 12 characters.')).toBe('请至少使用 12 个字符。')
		expect(tr('Too many wrong codes. Wait 15 minutes and try again.')).toBe('错误验证码次数过多。请等待 15 分钟后再试。')
		expect(tr('Unknown crime type "pistols" (see taxonomy.yaml).')).toBe('未知的犯罪类型“pistols”（参见 taxonomy.yaml）。')
		// Issues joined into one string are translated sentence by sentence.
		expect(tr('Give a reason (at least 3 characters). At most 500 characters.')).toBe('请填写理由（至少 3 个字符）。 最多 500 个字符。')
		expect(tr('report.pdf is empty. Something else happened.')).toBe('report.pdf 是空文件。 Something else happened.')
		// Unknown text, and text already in the reader's language, stay as they are.
		expect(tr('Something nobody wrote in a schema.')).toBe('Something nobody wrote in a schema.')
		expect(tr('请输入您的电子邮件地址。')).toBe('请输入您的电子邮件地址。')
		expect(translateError(undefined, format, 'Enter your email address.')).toBe('Enter your email address.')
	})

	it('in English every message comes out exactly as the schema wrote it', () => {
		const en = createIntl({ locale: 'en', messages: messagesFor('en') })
		const format = (id: string, values?: Record<string, string>) => en.formatMessage({ id }, values)
		const samples = [...found.filter((f) => !f.templated).map((f) => f.message), ...labelled, 'At most 1,000 characters.', 'Write at most 2,000 characters.', 'type must be one of meeting, training.']
		expect(samples.filter((message) => translateError(index, format, message) !== message)).toEqual([])
	})
})
