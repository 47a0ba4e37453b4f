import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// One drainer per engine at a time, across processes (server workers, content:import,
	// search:reindex): see search/outbox.ts. The holder is a random id per drain; the lease
	// lapses on its own if its holder dies, so a crash never blocks the outbox for long.
	await db.schema.alterTable('search_cursors').addColumn('lease_holder', 'text').execute()
	await db.schema.alterTable('search_cursors').addColumn('lease_until', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('search_cursors').dropColumn('lease_until').execute()
	await db.schema.alterTable('search_cursors').dropColumn('lease_holder').execute()
}
