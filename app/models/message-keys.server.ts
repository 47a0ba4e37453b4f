import fs from 'node:fs'
import crypto from 'node:crypto'
import { db } from '../utils/db.server'
import { env } from '../utils/env.server'
import { decryptBytes, decryptText, encryptBytes, encryptText, keyRing, newKeyId, readKeyFile, resetKeyRing, writeKeyFile } from '../utils/message-crypto.server'
import { attachmentStoragePath } from './attachments.server'

/**
 * Key rotation for direct messages (npm run messages:rotate-key). Order matters for safety:
 * 1. the new key is added to the key file and made current (old keys stay, so everything
 *    remains readable, and a live server starts writing with the new key);
 * 2. every subject, body and attachment still under an old key is re-encrypted, in small
 *    transactions, until none is left;
 * 3. only then are the old keys removed from the file.
 * A crash at any point leaves every message readable; running the command again finishes the job.
 */

const BATCH = 500

export interface RotationReport {
	newKeyId: string | null
	reencrypted: { subjects: number; messages: number; attachments: number }
	retired: string[]
}

/** Re-encrypts everything not under the current key; returns how many items moved. */
export async function reencryptAll(): Promise<RotationReport['reencrypted']> {
	const ring = keyRing()
	const counts = { subjects: 0, messages: 0, attachments: 0 }
	for (;;) {
		const rows = await db().selectFrom('conversations').select(['id', 'subject_enc']).where((eb) => eb.not(eb('subject_enc', 'like', `m1.${ring.current}.%`))).limit(BATCH).execute()
		if (!rows.length) break
		await db()
			.transaction()
			.execute(async (trx) => {
				for (const r of rows) {
					const context = `conversation:${r.id}`
					await trx.updateTable('conversations').set({ subject_enc: encryptText(decryptText(r.subject_enc, context), context) }).where('id', '=', r.id).execute()
				}
			})
		counts.subjects += rows.length
	}
	for (;;) {
		const rows = await db().selectFrom('messages').select(['id', 'conversation_id', 'body_enc']).where((eb) => eb.not(eb('body_enc', 'like', `m1.${ring.current}.%`))).limit(BATCH).execute()
		if (!rows.length) break
		await db()
			.transaction()
			.execute(async (trx) => {
				for (const r of rows) {
					const context = `message:${r.conversation_id}`
					await trx.updateTable('messages').set({ body_enc: encryptText(decryptText(r.body_enc, context), context) }).where('id', '=', r.id).execute()
				}
			})
		counts.messages += rows.length
	}
	// Attachments: the file first (written aside, then renamed over), then its name in the database.
	for (;;) {
		const rows = await db()
			.selectFrom('attachments')
			.select(['id', 'filename'])
			.where('parent_type', '=', 'message')
			.where((eb) => eb.not(eb('filename', 'like', `m1.${ring.current}.%`)))
			.limit(BATCH)
			.execute()
		if (!rows.length) break
		for (const r of rows) {
			const file = attachmentStoragePath(r.id)
			if (fs.existsSync(file)) {
				const stored = fs.readFileSync(file)
				if (!stored.subarray(0, 3 + ring.current.length + 1).equals(Buffer.from(`m1.${ring.current}.`))) {
					const tmp = `${file}.${crypto.randomBytes(4).toString('hex')}.rekey`
					const fd = fs.openSync(tmp, 'w', 0o600)
					try {
						fs.writeSync(fd, encryptBytes(decryptBytes(stored, `attachment:${r.id}`), `attachment:${r.id}`))
						fs.fsyncSync(fd)
					} finally {
						fs.closeSync(fd)
					}
					fs.renameSync(tmp, file)
				}
			}
			const context = `attachment-name:${r.id}`
			await db().updateTable('attachments').set({ filename: encryptText(decryptText(r.filename, context), context) }).where('id', '=', r.id).execute()
		}
		counts.attachments += rows.length
	}
	return counts
}

/** Keys no stored item uses any more. */
async function unusedKeys(ids: string[]): Promise<string[]> {
	const unused: string[] = []
	for (const id of ids) {
		const prefix = `m1.${id}.%`
		const used =
			(await db().selectFrom('conversations').select('id').where('subject_enc', 'like', prefix).limit(1).executeTakeFirst()) ||
			(await db().selectFrom('messages').select('id').where('body_enc', 'like', prefix).limit(1).executeTakeFirst()) ||
			(await db().selectFrom('attachments').select('id').where('parent_type', '=', 'message').where('filename', 'like', prefix).limit(1).executeTakeFirst())
		if (!used) unused.push(id)
	}
	return unused
}

/** Key-file mode: the whole rotation. With MESSAGE_KEYS set, the operator changes the variable and runs reencryptAll. */
export async function rotateKeyFile(): Promise<RotationReport> {
	const { MESSAGE_KEY_FILE, MESSAGE_KEYS } = env()
	if (MESSAGE_KEYS) throw new Error('MESSAGE_KEYS is set: put a new key first in MESSAGE_KEYS, restart, then run `npm run messages:rotate-key -- --reencrypt-only`.')
	keyRing() // creates the file on a fresh install
	const before = readKeyFile(MESSAGE_KEY_FILE)
	const id = newKeyId()
	writeKeyFile(MESSAGE_KEY_FILE, { current: id, keys: { ...before.keys, [id]: crypto.randomBytes(32) } })
	resetKeyRing()
	const reencrypted = await reencryptAll()
	const retired = await unusedKeys(Object.keys(before.keys))
	const after = readKeyFile(MESSAGE_KEY_FILE)
	writeKeyFile(MESSAGE_KEY_FILE, { current: after.current, keys: Object.fromEntries(Object.entries(after.keys).filter(([k]) => !retired.includes(k))) })
	resetKeyRing()
	return { newKeyId: id, reencrypted, retired }
}
