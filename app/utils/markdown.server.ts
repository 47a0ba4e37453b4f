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
 * The renderer's version. Bump it whenever rendering, text extraction or the allowlist
 * changes: what an older renderer stored (see storedMarkdown) is then made afresh when used.
 */
export const MARKDOWN_RENDERER = 1

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
