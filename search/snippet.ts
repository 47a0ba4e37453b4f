/**
 * Both engines mark matches with private-use sentinels rather than HTML: content is
 * escaped first and only then do the sentinels become <mark>, so nothing from a
 * document can ever reach the page as markup. Content has private-use characters
 * stripped at indexing time, so a document cannot forge a sentinel.
 */
export const MARK_OPEN = '\uE000'
export const MARK_CLOSE = '\uE001'

export const SNIPPET_CHARS = 220
const CONTEXT_BEFORE = 60
const BOUNDARY_SLACK = 20

export function escapeHtml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

export function stripMarks(s: string): string {
	return s.split(MARK_OPEN).join('').split(MARK_CLOSE).join('')
}

export function markedToHtml(s: string): string {
	return escapeHtml(s).split(MARK_OPEN).join('<mark>').split(MARK_CLOSE).join('</mark>')
}

/**
 * A window of `marked` text around its densest cluster of matches, as safe HTML.
 * Without matches (the hit matched on its title or id only) it is the start of the text.
 */
export function makeSnippet(marked: string, maxChars = SNIPPET_CHARS): string {
	const text = marked.replace(/\s+/g, ' ').trim()
	const opens: number[] = []
	for (let i = text.indexOf(MARK_OPEN); i >= 0; i = text.indexOf(MARK_OPEN, i + 1)) opens.push(i)
	if (text.length <= maxChars) return markedToHtml(balance(text))
	let start = 0
	if (opens.length) {
		// Window starts only move right, so two pointers count matches in linear time.
		let best = -1
		let lo = 0
		let hi = 0
		for (const p of opens) {
			const s = Math.max(0, p - CONTEXT_BEFORE)
			while (opens[lo] < s) lo++
			while (hi < opens.length && opens[hi] < s + maxChars) hi++
			if (hi - lo > best) {
				best = hi - lo
				start = s
			}
		}
	}
	let end = Math.min(text.length, start + maxChars)
	if (end === text.length) start = Math.max(0, end - maxChars)
	if (start > 0) {
		const sp = text.indexOf(' ', start)
		const limit = opens.find((o) => o >= start) ?? Infinity
		if (sp >= 0 && sp - start <= BOUNDARY_SLACK && sp < limit) start = sp + 1
	}
	if (end < text.length) {
		const sp = text.lastIndexOf(' ', end)
		if (sp > start && end - sp <= BOUNDARY_SLACK) end = sp
	}
	start = codePointBoundary(text, start)
	end = codePointBoundary(text, end)
	let slice = text.slice(start, end)
	if (insideMark(text, start)) slice = MARK_OPEN + slice
	slice = balance(slice)
	return (start > 0 ? '… ' : '') + markedToHtml(slice).trim() + (end < text.length ? ' …' : '')
}

/** The start of a plain text, escaped, for browsing and documents without a body match. */
export function leadSnippet(text: string, maxChars = SNIPPET_CHARS): string {
	return makeSnippet(stripMarks(text), maxChars)
}

function insideMark(text: string, pos: number): boolean {
	return text.lastIndexOf(MARK_OPEN, pos - 1) > text.lastIndexOf(MARK_CLOSE, pos - 1)
}

// Drops stray closers and closes a mark left open, so the HTML always nests.
function balance(s: string): string {
	let out = ''
	let open = false
	for (const c of s) {
		if (c === MARK_OPEN) {
			if (open) continue
			open = true
		} else if (c === MARK_CLOSE) {
			if (!open) continue
			open = false
		}
		out += c
	}
	return open ? out + MARK_CLOSE : out
}

function codePointBoundary(s: string, i: number): number {
	const c = s.charCodeAt(i)
	return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i
}
