import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as z from 'zod'
import { env } from './env.server'

/**
 * Direct messages are encrypted by the application (AES-256-GCM) before they reach the
 * database, with keys that never do: MESSAGE_KEYS (environment) or MESSAGE_KEY_FILE (a JSON
 * file created with mode 0600 on first use). A copy of the database alone reveals no message.
 *
 * Stored form: `m1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). The key id lets keys
 * rotate (`npm run messages:rotate-key`): new writes use the current key, old rows stay
 * readable until re-encrypted. The associated data binds a ciphertext to its conversation,
 * so rows cannot be swapped between conversations unnoticed.
 */

export interface KeyRing {
	current: string
	keys: Record<string, Buffer>
}

const keyFileSchema = z.object({ current: z.string().regex(/^[a-z0-9-]{1,40}$/), keys: z.record(z.string(), z.string()) })

export function parseKeyList(value: string): KeyRing {
	const entries = value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((pair) => {
			const [id, key] = pair.split(':')
			if (!id || !key || !/^[a-z0-9-]{1,40}$/.test(id)) throw new Error('MESSAGE_KEYS must look like id:base64key[,id:base64key…]')
			return [id, decodeKey(key)] as const
		})
	if (!entries.length) throw new Error('MESSAGE_KEYS is empty.')
	return { current: entries[0][0], keys: Object.fromEntries(entries) }
}

function decodeKey(value: string): Buffer {
	const key = Buffer.from(value, 'base64')
	if (key.length !== 32) throw new Error('A message key must be 32 bytes, base64-encoded.')
	return key
}

export function readKeyFile(file: string): KeyRing {
	const parsed = keyFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
	const keys = Object.fromEntries(Object.entries(parsed.keys).map(([id, k]) => [id, decodeKey(k)]))
	if (!keys[parsed.current]) throw new Error(`${file}: the current key ${parsed.current} is missing.`)
	return { current: parsed.current, keys }
}

/** Written atomically (temp file, fsync, rename) so a crash never leaves a half-written key file. */
export function writeKeyFile(file: string, ring: KeyRing) {
	fs.mkdirSync(path.dirname(file), { recursive: true })
	const tmp = `${file}.${process.pid}.tmp`
	const body = JSON.stringify({ current: ring.current, keys: Object.fromEntries(Object.entries(ring.keys).map(([id, k]) => [id, k.toString('base64')])) }, null, 2)
	const fd = fs.openSync(tmp, 'w', 0o600)
	try {
		fs.writeSync(fd, body)
		fs.fsyncSync(fd)
	} finally {
		fs.closeSync(fd)
	}
	fs.renameSync(tmp, file)
}

export function newKeyId(): string {
	return `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex')}`
}

let ring: KeyRing | undefined
let ringFileVersion = ''

/**
 * The keys in use. A key file is re-read when it changes, so a rotation run beside a
 * live server switches the server to the new key within one request.
 */
export function keyRing(): KeyRing {
	const { MESSAGE_KEYS, MESSAGE_KEY_FILE } = env()
	if (MESSAGE_KEYS) return (ring ??= parseKeyList(MESSAGE_KEYS))
	if (ring && ringFileVersion) {
		const stat = fs.statSync(MESSAGE_KEY_FILE, { throwIfNoEntry: false })
		if (stat && `${stat.mtimeMs}:${stat.size}:${stat.ino}` === ringFileVersion) return ring
	}
	if (!fs.existsSync(MESSAGE_KEY_FILE)) {
		const id = newKeyId()
		try {
			fs.mkdirSync(path.dirname(MESSAGE_KEY_FILE), { recursive: true })
			fs.writeFileSync(MESSAGE_KEY_FILE, JSON.stringify({ current: id, keys: { [id]: crypto.randomBytes(32).toString('base64') } }, null, 2), { mode: 0o600, flag: 'wx' })
		} catch {
			// Another process created it first: use theirs.
		}
	}
	const stat = fs.statSync(MESSAGE_KEY_FILE)
	ringFileVersion = `${stat.mtimeMs}:${stat.size}:${stat.ino}`
	return (ring = readKeyFile(MESSAGE_KEY_FILE))
}

/** For the key rotation command and tests: forget the cached keys. */
export function resetKeyRing() {
	ring = undefined
	ringFileVersion = ''
}

export function encryptText(plaintext: string, context: string, keys: KeyRing = keyRing()): string {
	const iv = crypto.randomBytes(12)
	const cipher = crypto.createCipheriv('aes-256-gcm', keys.keys[keys.current], iv)
	cipher.setAAD(Buffer.from(context))
	const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
	return ['m1', keys.current, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.')
}

export class MessageDecryptionError extends Error {}

export function decryptText(stored: string, context: string, keys: KeyRing = keyRing()): string {
	const [version, keyId, iv, tag, ciphertext] = stored.split('.')
	if (version !== 'm1' || !keyId || !iv || !tag || ciphertext === undefined) throw new MessageDecryptionError('Unknown message format.')
	const key = keys.keys[keyId]
	if (!key) throw new MessageDecryptionError(`Message key ${keyId} is not configured.`)
	try {
		const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
		decipher.setAAD(Buffer.from(context))
		decipher.setAuthTag(Buffer.from(tag, 'base64url'))
		return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
	} catch {
		throw new MessageDecryptionError('A message failed its integrity check.')
	}
}

/** Files attached to messages are encrypted the same way (bytes instead of text). */
export function encryptBytes(bytes: Buffer, context: string, keys: KeyRing = keyRing()): Buffer {
	return Buffer.from(encryptText(bytes.toString('base64'), context, keys))
}

export function decryptBytes(stored: Buffer, context: string, keys: KeyRing = keyRing()): Buffer {
	return Buffer.from(decryptText(stored.toString('utf8'), context, keys), 'base64')
}
