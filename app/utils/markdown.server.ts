import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

// Raw HTML is off in the parser, and the output is sanitized again with an allowlist:
// two independent locks, so a parser bug alone cannot let script through.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

// @handle mentions become links to the member's directory page (never inside links or code).
const MENTION = /(^|[^\p{L}\p{N}_.@/])@([a-z0-9](?:[a-z0-9.]{0,38}[a-z0-9])?)/giu
md.core.ruler.after('linkify', 'mentions', (state) => {
	for (const block of state.tokens) {
		if (block.type !== 'inline' || !block.children) continue
		const out: typeof block.children = []
		let insideLink = 0
		for (const token of block.children) {
			if (token.type === 'link_open') insideLink++
			if (token.type === 'link_close') insideLink--
			if (token.type !== 'text' || insideLink > 0 || !token.content.includes('@')) {
				out.push(token)
				continue
			}
			let last = 0
			for (const m of token.content.matchAll(MENTION)) {
				const start = (m.index ?? 0) + m[1].length
				if (start > last) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last, start) }))
				const open = new state.Token('link_open', 'a', 1)
				open.attrs = [['href', `/people/${m[2].toLowerCase()}`]]
				out.push(open, Object.assign(new state.Token('text', '', 0), { content: `@${m[2]}` }), new state.Token('link_close', 'a', -1))
				last = start + m[2].length + 1
			}
			if (last < token.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }))
		}
		block.children = out
	}
})

const ALLOWED: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'mark', 'sup', 'sub'],
	allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align', 'style'], td: ['align', 'style'], ol: ['start'] },
	// Table column alignment is the only style markdown-it writes; nothing else survives.
	allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowProtocolRelative: false,
	// Remote images would tell a third party who read what: none are rendered.
	disallowedTagsMode: 'discard',
	transformTags: {
		a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener noreferrer' } }),
		h1: 'h2',
	},
}

export function renderMarkdown(source: string): string {
	return sanitizeHtml(md.render(source), ALLOWED)
}

/**
 * Bump when rendering or text extraction changes in this file's code (the mention rule, say):
 * rendererVersion sees data and versions, not code, since the server's bundle and the command
 * line compile the same code differently and must agree on the version.
 */
const RENDERING_REVISION = 1

/**
 * What stored HTML and text depend on, as one positive integer: this file's revision, the
 * parser's options, the allowlist, and the installed versions of the parser and sanitizer.
 * A sanitizer fix (or an allowlist edit) thus changes the version on the next deploy, and
 * every post stored before it is rendered afresh when shown, not served as stored.
 */
export function rendererVersion(inputs: unknown): number {
	const text = JSON.stringify(inputs, (_key, value: unknown) => (value instanceof RegExp ? String(value) : typeof value === 'function' ? 'function' : value))
	return Number.parseInt(crypto.createHash('sha256').update(text).digest('hex').slice(0, 7), 16) || 1
}

/** A package's installed version, found from where `from` resolves it (sanitize-html's own htmlparser2, say). */
function installedVersion(name: string, from: string): string {
	let dir = path.dirname(createRequire(from).resolve(name))
	for (;;) {
		const file = path.join(dir, 'package.json')
		if (fs.existsSync(file)) {
			const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }
			if (pkg.name === name) return pkg.version ?? 'unknown'
		}
		const up = path.dirname(dir)
		if (up === dir) return 'unknown'
		dir = up
	}
}

const here = import.meta.url
const sanitizerEntry = createRequire(here).resolve('sanitize-html')
export const MARKDOWN_RENDERER = rendererVersion([
	RENDERING_REVISION,
	md.options,
	ALLOWED,
	installedVersion('markdown-it', here),
	installedVersion('linkify-it', createRequire(here).resolve('markdown-it')),
	installedVersion('sanitize-html', here),
	installedVersion('htmlparser2', sanitizerEntry),
])

export interface StoredMarkdown {
	body: string
	body_html: string | null
	body_text: string | null
	body_renderer: number
}

/** Markdown with its HTML and plain text, made once, for text read far more often than written (forum posts). */
export function storedMarkdown(body: string): StoredMarkdown {
	return { body, body_html: renderMarkdown(body), body_text: markdownToText(body), body_renderer: MARKDOWN_RENDERER }
}

/** The stored HTML when this renderer made it; otherwise the Markdown rendered now. */
export function storedHtml(stored: Pick<StoredMarkdown, 'body' | 'body_html' | 'body_renderer'>): string {
	return stored.body_html !== null && stored.body_renderer === MARKDOWN_RENDERER ? stored.body_html : renderMarkdown(stored.body)
}

/** The stored plain text when this renderer made it; otherwise extracted now. */
export function storedText(stored: Pick<StoredMarkdown, 'body' | 'body_text' | 'body_renderer'>): string {
	return stored.body_text !== null && stored.body_renderer === MARKDOWN_RENDERER ? stored.body_text : markdownToText(stored.body)
}

/** Plain text for search indexing and snippets. */
export function markdownToText(source: string): string {
	const tokens = md.parse(source, {})
	const out: string[] = []
	for (const t of tokens) {
		if (t.type === 'inline' && t.children) out.push(t.children.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join(''))
		else if (t.type === 'fence' || t.type === 'code_block') out.push(t.content)
	}
	return out.join('\n').replace(/\s+\n/g, '\n').trim()
}

/** Search snippets may carry <mark> and nothing else; engines promise it, this enforces it. */
export function sanitizeSnippet(html: string): string {
	return sanitizeHtml(html, { allowedTags: ['mark'], allowedAttributes: {} })
}
