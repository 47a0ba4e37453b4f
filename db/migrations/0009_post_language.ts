import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// The language a post is written in (BCP 47 primary tag), detected when it is written; posts
	// from before this migration have none and inherit the page's language.
	await db.schema.alterTable('posts').addColumn('language', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('posts').dropColumn('language').execute()
}
