/** A strict policy: no inline script without this response's nonce, no framing, no foreign origins. */
export function contentSecurityPolicy(nonce: string | null): string {
	return [
		"default-src 'self'",
		`script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	].join('; ')
}

export function newNonce(): string {
	const bytes = new Uint8Array(16)
	crypto.getRandomValues(bytes)
	return Buffer.from(bytes).toString('base64')
}
