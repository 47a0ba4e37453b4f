import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// Lockouts in a row since the last right code: each one locks the factor twice as long.
	await db.schema.alterTable('totp_credentials').addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('totp_credentials').dropColumn('lockouts').execute()
}
