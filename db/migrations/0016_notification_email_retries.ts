import { type Kysely, sql } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// An immediate email that could not be sent (the mail server down or slow) is tried again
	// later instead of being lost. email_retry_at is set before the first try, so a crash
	// between the notification's commit and the send is caught too; email_unsubscribe keeps
	// what the email's unsubscribe link stops, to write the same email again.
	await db.schema.alterTable('notifications').addColumn('email_unsubscribe', 'text').execute()
	await db.schema.alterTable('notifications').addColumn('email_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute()
	await db.schema.alterTable('notifications').addColumn('email_retry_at', 'integer').execute()
	await db.schema
		.createIndex('notifications_email_retries')
		.on('notifications')
		.column('email_retry_at')
		.where(sql.ref('email_retry_at'), 'is not', null)
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('notifications_email_retries').ifExists().execute()
	for (const column of ['email_retry_at', 'email_attempts', 'email_unsubscribe']) await db.schema.alterTable('notifications').dropColumn(column).execute()
}
