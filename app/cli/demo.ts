/**
 * Prepares a demonstration database: migrate, load content/, create one account per role.
 * Demo accounts exist only here; `npm start` never creates them.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrateToLatest } from '../../db/migrate'
import { importContent } from '../../db/content/import'
import { formatProblem } from '../../db/content/problems'
import type { Role } from '../../db/schema'
import { createActiveUser } from '../models/accounts.server'
import { provisionSecondFactor } from '../models/two-factor.server'
import { twoFactorRequired } from '../utils/permissions.server'
import { database } from '../utils/db.server'

const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content')

export const DEMO_ACCOUNTS: Array<{ email: string; name: string; password: string; role: Role; regions: string[]; organisation: string; country: string }> = [
	{ email: 'admin@demo.portal', name: 'Ada Admin', password: 'demo-admin-passphrase', role: 'admin', regions: [], organisation: 'UNODC', country: 'AUT' },
	{ email: 'staff@demo.portal', name: 'Samir Staff', password: 'demo-staff-passphrase', role: 'staff', regions: [], organisation: 'UNODC Firearms Trafficking Section', country: 'AUT' },
	{ email: 'moderator@demo.portal', name: 'Mariam Moderator', password: 'demo-moderator-passphrase', role: 'moderator', regions: ['west-central-africa'], organisation: 'Office of the Public Prosecutor', country: 'SEN' },
	{ email: 'member@demo.portal', name: 'Mateo Member', password: 'demo-member-passphrase', role: 'member', regions: ['latin-america'], organisation: 'Federal Police', country: 'BRA' },
	{ email: 'balkans@demo.portal', name: 'Besa Balkans', password: 'demo-balkans-passphrase', role: 'member', regions: ['western-balkans'], organisation: 'Customs Administration', country: 'ALB' },
]

const { db } = database()
await migrateToLatest(db)
const report = await importContent(db, contentDir)
for (const [kind, n] of Object.entries(report.imported)) console.log(`Loaded ${n} ${kind}`)
if (report.problems.length) {
	for (const p of report.problems) console.error(formatProblem(p))
	process.exitCode = 1
}
const secondFactors: string[] = []
for (const account of DEMO_ACCOUNTS) {
	const exists = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirst()
	const id = exists?.id ?? (await createActiveUser(account))
	// Staff and admins must sign in with a second factor; give the demo ones a fresh one each run.
	if (twoFactorRequired(account.role)) {
		const { secretBase32, recoveryCodes } = await provisionSecondFactor(id)
		secondFactors.push(`  ${account.email.padEnd(24)} key ${secretBase32}  (or a single-use recovery code: ${recoveryCodes.slice(0, 3).join(', ')})`)
	}
}
console.log('\nDemo accounts (demonstration mode only):')
for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(10)} ${a.email.padEnd(24)} ${a.password}`)
console.log('\nStaff and admins also need a code from an authenticator app (add the key to FreeOTP, Aegis, Google Authenticator…):')
for (const line of secondFactors) console.log(line)
console.log('')
await database().close()
