import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { env } from './env.server'

/**
 * Links that act without a session (unsubscribe in every email) carry an HMAC-signed payload.
 * The key is SIGNING_KEY, or a random key kept in SIGNING_KEY_FILE (created once, mode 0600),
 * so `npm run demo` needs no configuration and restarts keep old links valid.
 */
let cachedKey: Buffer | undefined

export function signingKey(): Buffer {
	if (cachedKey) return cachedKey
	const { SIGNING_KEY, SIGNING_KEY_FILE } = env()
	if (SIGNING_KEY) return (cachedKey = Buffer.from(SIGNING_KEY, 'utf8'))
	try {
		cachedKey = Buffer.from(fs.readFileSync(SIGNING_KEY_FILE, 'utf8').trim(), 'hex')
	} catch {
		fs.mkdirSync(path.dirname(SIGNING_KEY_FILE), { recursive: true })
		const fresh = crypto.randomBytes(32).toString('hex')
		try {
			fs.writeFileSync(SIGNING_KEY_FILE, fresh, { mode: 0o600, flag: 'wx' })
		} catch {
			// Another process created it first: use theirs.
		}
		cachedKey = Buffer.from(fs.readFileSync(SIGNING_KEY_FILE, 'utf8').trim(), 'hex')
	}
	if (cachedKey.length < 32) throw new Error(`${SIGNING_KEY_FILE} holds a key shorter than 32 bytes.`)
	return cachedKey
}

function mac(purpose: string, payload: string): string {
	return crypto.createHmac('sha256', signingKey()).update(`${purpose}\n${payload}`).digest('base64url')
}

/** `payload.signature`, both base64url; the purpose is bound into the MAC so tokens cannot be reused elsewhere. */
export function signPayload(purpose: string, value: unknown): string {
	const payload = Buffer.from(JSON.stringify(value)).toString('base64url')
	return `${payload}.${mac(purpose, payload)}`
}

export function verifyPayload(purpose: string, token: string): unknown | null {
	const [payload, signature, extra] = token.split('.')
	if (!payload || !signature || extra !== undefined) return null
	const expected = Buffer.from(mac(purpose, payload))
	const given = Buffer.from(signature)
	if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null
	try {
		return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
	} catch {
		return null
	}
}
