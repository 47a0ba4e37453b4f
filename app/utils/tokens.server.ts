import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/** 160 bits from the CSPRNG, as lucia's guide recommends for session tokens. */
export function randomToken(): string {
	const bytes = new Uint8Array(20)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

/** Tokens are stored hashed, so a copy of the database holds no usable link or session. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export function randomId(): string {
	const bytes = new Uint8Array(12)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}
