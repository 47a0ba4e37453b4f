/**
 * npm run messages:rotate-key — rotates the key that encrypts direct messages.
 *
 *   npm run messages:rotate-key                      # key file mode (MESSAGE_KEY_FILE): new key, re-encrypt, retire old keys
 *   npm run messages:rotate-key -- --reencrypt-only  # MESSAGE_KEYS mode: after putting the new key first and restarting
 *
 * Safe to run beside a live server and to run again after an interruption (see message-keys.server.ts).
 */
import { migrateToLatest } from '../../db/migrate'
import { reencryptAll, rotateKeyFile } from '../models/message-keys.server'
import { database } from '../utils/db.server'

const { db } = database()
await migrateToLatest(db)
try {
	if (process.argv.includes('--reencrypt-only')) {
		const counts = await reencryptAll()
		console.log(`Re-encrypted under the current key: ${counts.subjects} subjects, ${counts.messages} messages, ${counts.attachments} attachments.`)
		console.log('Keys other than the first in MESSAGE_KEYS are no longer needed; remove them and restart.')
	} else {
		const report = await rotateKeyFile()
		console.log(`New current key: ${report.newKeyId}`)
		console.log(`Re-encrypted: ${report.reencrypted.subjects} subjects, ${report.reencrypted.messages} messages, ${report.reencrypted.attachments} attachments.`)
		console.log(report.retired.length ? `Retired keys: ${report.retired.join(', ')}` : 'No key retired.')
	}
} catch (error) {
	console.error((error as Error).message)
	process.exitCode = 1
} finally {
	await database().close()
}
