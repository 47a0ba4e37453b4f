import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

// Raw HTML is off in the parser, and the output is sanitized again with an allowlist:
// two independent locks, so a parser bug alone cannot let script through.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

const ALLOWED: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'mark', 'sup', 'sub'],
	allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] },
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
