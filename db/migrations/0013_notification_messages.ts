import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// A notification keeps the catalogue message it was made from (id and values, as JSON), so
	// it is shown in the language its reader uses now, not the one they used when it was made.
	// `title` stays: the text as first written, for rows made before this and for a message
	// id a later catalogue no longer has.
	await db.schema.alterTable('notifications').addColumn('message_id', 'text').execute()
	await db.schema.alterTable('notifications').addColumn('message_values', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('notifications').dropColumn('message_values').execute()
	await db.schema.alterTable('notifications').dropColumn('message_id').execute()
}
