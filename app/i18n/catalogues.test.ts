import fs from 'node:fs'
import path from 'node:path'
import { parse, TYPE } from '@formatjs/icu-messageformat-parser'
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { CATALOGUES, messagesFor } from './catalogues.server'
import { LOCALE_CODES } from './locales'

/**
 * Every key the code uses must be in the English and the Chinese catalogue. Keys are string
 * literals shaped `area.what` (the convention in app/i18n/index.tsx), so they are found by
 * reading the source, including keys kept in lookup tables rather than passed to t() directly.
 */
const AREAS = ['common', 'auth', 'cases', 'search', 'forums', 'people', 'events', 'guidance', 'admin', 'insights', 'validation', 'email']
// At least three parts (`area.page.what`): two-part literals such as 'events.title' are Kysely column references.
const KEY_LITERAL = new RegExp(`['"\`]((?:${AREAS.join('|')})\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"\`]`, 'g')

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name)
		if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sourceFiles(full) // i18n's own files hold examples, not uses
		return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
	})
}

function keysUsedInCode(): Map<string, string> {
	const used = new Map<string, string>()
	for (const file of sourceFiles(path.resolve(import.meta.dirname, '..'))) {
		const text = fs.readFileSync(file, 'utf8')
		for (const match of text.matchAll(KEY_LITERAL)) if (!used.has(match[1])) used.set(match[1], path.relative(process.cwd(), file))
	}
	return used
}

/** The names of a message's arguments (`{count}`, `{name}`, `<link>…</link>`), to compare translations with English. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
	for (const el of elements) {
		if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value)
		if (el.type === TYPE.plural || el.type === TYPE.select) {
			into.add(el.value)
			for (const option of Object.values(el.options)) argumentsOf(option.value, into)
		}
		if (el.type === TYPE.tag) {
			into.add(`<${el.value}>`)
			argumentsOf(el.children, into)
		}
	}
	return into
}

describe('message catalogues', () => {
	const used = keysUsedInCode()

	it('finds the keys the code uses (the scan itself works)', () => {
		expect(used.get('common.nav.cases')).toBe('app/root.tsx')
		expect(used.size).toBeGreaterThan(30)
	})

	for (const locale of ['en', 'zh'] as const) {
		it(`${locale}: has every key used in the code`, () => {
			const missing = [...used].filter(([key]) => !(key in CATALOGUES[locale])).map(([key, file]) => `${key} (used in ${file})`)
			expect(missing, `keys missing from the ${locale} catalogue`).toEqual([])
		})
	}

	it('zh has every key that en has (complete, not just what the code uses today)', () => {
		expect(Object.keys(CATALOGUES.en).filter((key) => !(key in CATALOGUES.zh))).toEqual([])
	})

	it('no catalogue has a key English lacks (a typo would never be shown)', () => {
		for (const locale of LOCALE_CODES) expect(Object.keys(CATALOGUES[locale]).filter((key) => !(key in CATALOGUES.en)), locale).toEqual([])
	})

	it('every message is valid ICU and uses the same arguments as English', () => {
		const problems: string[] = []
		const english = new Map(Object.entries(CATALOGUES.en).map(([key, text]) => [key, argumentsOf(parse(text))]))
		for (const locale of LOCALE_CODES) {
			for (const [key, text] of Object.entries(CATALOGUES[locale])) {
				let args: Set<string>
				try {
					args = argumentsOf(parse(text))
				} catch (error) {
					problems.push(`${locale} ${key}: ${(error as Error).message}`)
					continue
				}
				const expected = english.get(key) ?? new Set()
				const differ = [...expected].filter((a) => !args.has(a)).concat([...args].filter((a) => !expected.has(a)))
				if (differ.length) problems.push(`${locale} ${key}: arguments ${differ.join(', ')} differ from English`)
			}
		}
		expect(problems).toEqual([])
	})

	it('French, Spanish, Russian and Arabic have every key English has, staff administration included', () => {
		for (const locale of ['fr', 'es', 'ru', 'ar'] as const) expect(Object.keys(CATALOGUES.en).filter((key) => !(key in CATALOGUES[locale])), locale).toEqual([])
	})

	it('a message in the language itself, not English, once its catalogue has the key', () => {
		expect(messagesFor('fr')['admin.home.heading']).toBe(CATALOGUES.fr['admin.home.heading'])
		expect(messagesFor('ar')['admin.home.heading']).not.toBe(CATALOGUES.en['admin.home.heading'])
		expect(messagesFor('zh')['common.nav.cases']).toBe(CATALOGUES.zh['common.nav.cases'])
	})
})
