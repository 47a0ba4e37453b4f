import { type Kysely, sql } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// Moving someone up from the waiting list is recorded with the registration, in the same
	// transaction, and the notice goes out afterwards from the database: so a move made by an
	// import (another process) or interrupted by a crash is still told, exactly once.
	await db.schema.alterTable('event_registrations').addColumn('promoted_at', 'integer').execute()
	await db.schema.alterTable('event_registrations').addColumn('promotion_notified_at', 'integer').execute()
	await db.schema
		.createIndex('event_registrations_untold_promotions')
		.on('event_registrations')
		.column('promoted_at')
		.where(sql.ref('promotion_notified_at'), 'is', null)
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('event_registrations_untold_promotions').ifExists().execute()
	await db.schema.alterTable('event_registrations').dropColumn('promotion_notified_at').execute()
	await db.schema.alterTable('event_registrations').dropColumn('promoted_at').execute()
}
