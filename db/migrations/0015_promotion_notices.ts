import { type Kysely, sql } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// Moving someone up from the waiting list is recorded with the registration, in the same
	// transaction, and the notice goes out afterwards from the database: so a move made by an
	// import (another process) or interrupted by a crash is still told, exactly once. Moves are
	// counted rather than timed, so two moves within one second are two notices.
	await db.schema.alterTable('event_registrations').addColumn('promoted_at', 'integer').execute()
	await db.schema.alterTable('event_registrations').addColumn('promotion_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
	await db.schema.alterTable('event_registrations').addColumn('promotion_notified_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
	await db.schema
		.createIndex('event_registrations_untold_promotions')
		.on('event_registrations')
		.column('event_id')
		.where(sql.ref('promotion_count'), '>', sql.ref('promotion_notified_count'))
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('event_registrations_untold_promotions').ifExists().execute()
	for (const column of ['promotion_notified_count', 'promotion_count', 'promoted_at']) await db.schema.alterTable('event_registrations').dropColumn(column).execute()
}
