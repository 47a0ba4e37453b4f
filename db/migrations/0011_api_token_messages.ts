import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// Whether a personal API token may read its owner's direct messages: off unless asked for,
	// so a token made for pulling case law does not also open the inbox.
	await db.schema.alterTable('api_tokens').addColumn('reads_messages', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('api_tokens').dropColumn('reads_messages').execute()
}
