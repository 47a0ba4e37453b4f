import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// Names of taxonomy terms and regions in the portal's other languages (French, Spanish,
	// Russian, Arabic), as a JSON object by language code. English and Chinese keep their own
	// columns; a language missing here is shown in English.
	await db.schema.alterTable('taxonomy_terms').addColumn('names', 'text').execute()
	await db.schema.alterTable('regions').addColumn('names', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('regions').dropColumn('names').execute()
	await db.schema.alterTable('taxonomy_terms').dropColumn('names').execute()
}
