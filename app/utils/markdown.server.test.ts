// The entity decoder markdown-it itself uses, in a browser's attribute mode: `&colon;` is `:` there too.
import { decodeHTMLAttribute } from 'entities/decode'
import { describe, expect, test } from 'vitest'
import { hostilePayloads } from '../../tests/e2e/hostile-payloads'
import { MARKDOWN_RENDERER, rendererVersion, renderMarkdown } from './markdown.server'

// The same allowlist the renderer promises; anything else in the output is a leak, even if not yet an exploit.
const ALLOWED_TAGS = new Set(['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'mark', 'sup', 'sub'])
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] }

interface Tag {
	name: string
	attributes: Array<{ name: string; value: string }>
}

/**
 * The opening tags of the output. Text from the source reaches the output with `<` escaped, so every
 * literal `<` starts real markup; matching only inside tags keeps escaped text such as
 * "&lt;img onerror=…&gt;" (harmless, and shown to readers on purpose) from counting as a hit.
 */
function tagsIn(html: string): Tag[] {
	const tags: Tag[] = []
	for (const m of html.matchAll(/<([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
		const attributes = [...m[2].matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((a) => ({ name: a[1], value: decodeHTMLAttribute(a[2] ?? a[3] ?? a[4] ?? '') }))
		tags.push({ name: m[1].toLowerCase(), attributes })
	}
	return tags
}

/** Throws on the first sign that rendered HTML could run script, load a resource or carry a hostile link. */
function assertInert(html: string) {
	// A `<` that did not parse as a tag would mean the tag scanner, and so these checks, are blind.
	const count = (re: RegExp) => html.match(re)?.length ?? 0
	expect(count(/</g), 'unparsed <').toBe(tagsIn(html).length + count(/<\/[a-z0-9]+>/g))
	const lower = html.toLowerCase()
	for (const forbidden of ['<script', '<img', '<svg', '<iframe', '<style', '<object', '<embed', '<math', '<form', '<meta', '<base', '<link', '<input', '<textarea', '<video', '<audio'])
		expect(lower, forbidden).not.toContain(forbidden)
	for (const tag of tagsIn(html)) {
		expect(ALLOWED_TAGS, `<${tag.name}>`).toContain(tag.name)
		for (const attribute of tag.attributes) {
			expect(attribute.name, `<${tag.name} ${attribute.name}>`).not.toMatch(/^on/i)
			expect(ALLOWED_ATTRIBUTES[tag.name] ?? [], `<${tag.name} ${attribute.name}>`).toContain(attribute.name)
		}
		const href = tag.attributes.find((a) => a.name === 'href')?.value
		if (href !== undefined) {
			// Resolved the way a browser would (tabs and newlines dropped, leading controls trimmed) before the scheme is read.
			const scheme = new URL(href, 'https://portal.test/threads/1').protocol
			expect(['http:', 'https:', 'mailto:'], `href ${href}`).toContain(scheme)
			expect(href.replace(/[\u0000-\u0020]/g, '').toLowerCase()).not.toMatch(/^(javascript|vbscript|data):/)
		}
		if (tag.name === 'a') expect(tag.attributes.find((a) => a.name === 'rel')?.value, 'rel').toBe('nofollow noopener noreferrer')
	}
}

describe('every hostile payload renders inert', () => {
	test('the list is big enough to mean something', () => {
		expect(hostilePayloads.length).toBeGreaterThanOrEqual(60)
		expect(new Set(hostilePayloads.map((p) => p.name)).size).toBe(hostilePayloads.length)
	})

	// The checks themselves must be able to fail, or a green run proves nothing.
	test.each([
		['a handler', '<p title="x" onclick="alert(1)">x</p>'],
		['an image', '<p><img src="http://evil.example/p.gif"></p>'],
		['a javascript: link', '<a href="javascript:alert(1)" rel="nofollow noopener noreferrer">x</a>'],
		['an entity-encoded javascript: link', '<a href="&#x6A;avascript&colon;alert(1)" rel="nofollow noopener noreferrer">x</a>'],
		['a link without rel', '<a href="https://ok.example/">x</a>'],
		['an unexpected tag', '<details open><summary>x</summary></details>'],
		['an unexpected attribute', '<p id="__remixContext">x</p>'],
		['unparseable markup', '<p>x</p><img/src=x/onerror=alert(1)'],
	])('the checks reject %s', (_what, html) => {
		expect(() => assertInert(html)).toThrow()
	})

	test.each(hostilePayloads.map((p) => [p.name, p.body] as const))('%s', (_name, body) => {
		assertInert(renderMarkdown(body))
	})
})

describe('ordinary Markdown still renders', () => {
	test('a table, with its column alignment and no other style', () => {
		const html = renderMarkdown('| Calibre | Seized |\n|:--|--:|\n| 9 mm | 12 |')
		expect(html).toContain('<table>')
		expect(html).toContain('<th style="text-align:left">Calibre</th>')
		expect(html).toContain('<td style="text-align:right">12</td>')
		expect(renderMarkdown('| a |\n|---|\n| b |').replace(/<td>b<\/td>/, '')).not.toContain('style')
	})

	test('a fenced code block keeps its text, escaped', () => {
		const html = renderMarkdown('```ts\nconst a = b < c && d > e\n```')
		expect(html).toContain('<pre><code>const a = b &lt; c &amp;&amp; d &gt; e\n</code></pre>')
	})

	test('a link gets rel="nofollow noopener noreferrer", whatever rel the source had', () => {
		expect(renderMarkdown('[UNODC](https://www.unodc.org/ "Home")')).toBe('<p><a href="https://www.unodc.org/" title="Home" rel="nofollow noopener noreferrer">UNODC</a></p>\n')
		expect(renderMarkdown('mail <someone@example.org>')).toContain('<a href="mailto:someone@example.org" rel="nofollow noopener noreferrer">someone@example.org</a>')
	})

	test('emphasis, lists, quotes and headings (h1 becomes h2)', () => {
		const html = renderMarkdown('# Title\n\n**bold** _em_ ~~gone~~\n\n> quoted\n\n3. three\n4. four')
		expect(html).toContain('<h2>Title</h2>')
		expect(html).toContain('<strong>bold</strong> <em>em</em> <s>gone</s>')
		expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>')
		expect(html).toContain('<ol start="3">')
	})
})

describe('the renderer version stored with forum posts', () => {
	const inputs = (sanitizer: string, style: RegExp) => [1, { html: false }, { allowedStyles: { td: { 'text-align': [style] } }, transformTags: { a: () => ({}) } }, '15.0.3', sanitizer]
	test('changes when the sanitizer is upgraded or the allowlist changes, so posts stored before are rendered afresh', () => {
		const current = rendererVersion(inputs('2.17.5', /^(left|right)$/))
		expect(current).toBeGreaterThan(0)
		expect(rendererVersion(inputs('2.17.5', /^(left|right)$/))).toBe(current)
		expect(rendererVersion(inputs('2.17.6', /^(left|right)$/))).not.toBe(current)
		expect(rendererVersion(inputs('2.17.5', /^(left|right|center)$/))).not.toBe(current)
		expect(Number.isInteger(MARKDOWN_RENDERER) && MARKDOWN_RENDERER > 0).toBe(true)
	})
})

