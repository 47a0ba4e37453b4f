import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
// The practitioner directory (what each member chose to show, field by field) and
// direct messages (bodies encrypted by the application with a key kept outside the database).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('directory_profiles')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('listed', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('organisation_type', 'text', (c) => c.notNull().defaultTo('')) // police | customs | prosecution | judiciary | regulator | unodc | other
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of ISO 639-1 codes
		.addColumn('expertise', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of taxonomy slugs (themes, crime types)
		.addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
		// JSON object field → everyone | regions | nobody; fields absent here take their default.
		.addColumn('visibility', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()

	await db.schema.alterTable('users').addColumn('message_email', 'text', (c) => c.notNull().defaultTo('immediate')).execute()

	await db.schema
		.createTable('conversations')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		// Encrypted like message bodies: a subject is part of what was written.
		.addColumn('subject_enc', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_message_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('conversations_creator').on('conversations').columns(['created_by', 'created_at']).execute()

	await db.schema
		.createTable('conversation_members')
		.addColumn('conversation_id', 'integer', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('joined_at', 'integer', (c) => c.notNull())
		.addColumn('left_at', 'integer')
		.addColumn('last_read_message_id', 'integer', (c) => c.notNull().defaultTo(0))
		.addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
		.execute()
	await db.schema.createIndex('conversation_members_user').on('conversation_members').columns(['user_id', 'left_at']).execute()

	await db.schema
		.createTable('messages')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('conversation_id', 'integer', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('body_enc', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'id']).execute()
	await db.schema.createIndex('messages_author').on('messages').columns(['author_id', 'created_at']).execute()

	// A block is never shown to the blocked member: their messages simply stop arriving.
	await db.schema
		.createTable('member_blocks')
		.addColumn('blocker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('blocked_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('member_blocks_pk', ['blocker_id', 'blocked_id'])
		.execute()

	await db.schema
		.createTable('message_reports')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
		.addColumn('reporter_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('resolved_at', 'integer')
		.addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('resolution', 'text') // dismissed | actioned
		.addColumn('resolution_note', 'text')
		.execute()
	await db.schema.createIndex('message_reports_open').on('message_reports').columns(['resolved_at', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['message_reports', 'member_blocks', 'messages', 'conversation_members', 'conversations', 'directory_profiles']) await db.schema.dropTable(t).ifExists().execute()
}
