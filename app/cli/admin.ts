/**
 * Scripted setup: npm run admin -- create-user --email E --name N --password P --role ROLE [--region SLUG]…
 */
import { parseArgs } from 'node:util'
import * as z from 'zod'
import { migrateToLatest } from '../../db/migrate'
import { ROLES } from '../../db/schema'
import { createActiveUser, normaliseEmail } from '../models/accounts.server'
import { regionSlugs } from '../models/regions.server'
import { database } from '../utils/db.server'
import { isCommonPassword } from '../utils/passwords.server'
import { emailField, passwordField, requiredText } from '../utils/validation'

const USAGE = 'Usage: npm run admin -- create-user --email E --name N --password P --role member|moderator|staff|admin [--region SLUG]…'

const createUserSchema = z.object({
	email: emailField,
	name: requiredText('a name', 120),
	password: passwordField.refine((p) => !isCommonPassword(p), 'This password is too common.'),
	role: z.enum(ROLES as [string, ...string[]], { error: `Role must be one of: ${ROLES.join(', ')}.` }),
	region: z.array(z.string()).default([]),
})

async function main(): Promise<number> {
	const [command, ...rest] = process.argv.slice(2)
	if (command !== 'create-user') {
		console.error(USAGE)
		return 2
	}
	let values
	try {
		;({ values } = parseArgs({
			args: rest,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				password: { type: 'string' },
				role: { type: 'string' },
				region: { type: 'string', multiple: true },
			},
			strict: true,
		}))
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`)
		return 2
	}
	const parsed = createUserSchema.safeParse(values)
	if (!parsed.success) {
		for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.') || 'arguments'}: ${issue.message}`)
		console.error(USAGE)
		return 2
	}
	await migrateToLatest(database().db)
	const known = await regionSlugs()
	const unknown = parsed.data.region.filter((r) => !known.has(r))
	if (unknown.length) {
		console.error(`--region: unknown region ${unknown.join(', ')}. Known: ${[...known].join(', ') || '(none — run npm run content:import -- content first)'}`)
		return 2
	}
	try {
		const id = await createActiveUser({ ...parsed.data, role: parsed.data.role as (typeof ROLES)[number], regions: parsed.data.region })
		console.log(`Created ${parsed.data.role} ${normaliseEmail(parsed.data.email)} (id ${id}).`)
		return 0
	} catch (error) {
		console.error((error as Error).message)
		return 1
	}
}

const code = await main()
await database().close()
process.exit(code)
