import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		// As written (local wall-clock time in `timezone`, or dates for all-day events) …
		.addColumn('start_local', 'text', (c) => c.notNull())
		.addColumn('end_local', 'text', (c) => c.notNull())
		.addColumn('timezone', 'text', (c) => c.notNull())
		.addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
		// … and the instants they name (Unix seconds), for ordering, feeds and reminders.
		.addColumn('start_utc', 'integer', (c) => c.notNull())
		.addColumn('end_utc', 'integer', (c) => c.notNull())
		.addColumn('venue', 'text')
		.addColumn('city', 'text')
		.addColumn('country', 'text')
		.addColumn('online_url', 'text')
		.addColumn('organizer', 'text', (c) => c.notNull())
		.addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('visibility', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('agenda', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('documents', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('registration_mode', 'text', (c) => c.notNull().defaultTo('none'))
		.addColumn('capacity', 'integer')
		.addColumn('deadline_local', 'text')
		.addColumn('deadline_utc', 'integer')
		.addColumn('show_participants', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
		// RFC 5545 SEQUENCE: raised by every change a calendar client should pick up.
		.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('content_hash', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('events_start').on('events').column('start_utc').execute()

	await db.schema
		.createTable('event_invitees')
		.addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('event_invitees_pk', ['event_id', 'email'])
		.execute()
	await db.schema.createIndex('event_invitees_email').on('event_invitees').column('email').execute()

	await db.schema
		.createTable('event_registrations')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull()) // registered | waitlisted | pending | declined | cancelled
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute()
	await db.schema.createIndex('event_registrations_once').on('event_registrations').columns(['event_id', 'user_id']).unique().execute()

	// Who changed what, when: one row per save, with the fields that changed.
	await db.schema
		.createTable('event_revisions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
		.addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('source', 'text', (c) => c.notNull()) // portal | import
		.addColumn('changes', 'text', (c) => c.notNull()) // JSON: field → [before, after]
		// Time, place or status changed: registrants are told (by the background job, once).
		.addColumn('material', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('notified_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('event_revisions_event').on('event_revisions').columns(['event_id', 'id']).execute()

	// A personal calendar feed's secret is derived (HMAC) from the user and this version; revoking bumps it.
	await db.schema.alterTable('users').addColumn('calendar_feed_version', 'integer').execute()
	await db.schema.alterTable('users').addColumn('event_email', 'text', (c) => c.notNull().defaultTo('immediate')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['event_revisions', 'event_registrations', 'event_invitees', 'events']) await db.schema.dropTable(t).ifExists().execute()
}
