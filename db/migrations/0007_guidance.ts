import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// The working copy of a guidance document: what staff edit and review.
	await db.schema
		.createTable('guidance_documents')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('translation_group', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull()) // draft | in_review | published
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('themes', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('articles', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('related_cases', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('related_recommendations', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('submitted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('submitted_at', 'integer')
		.addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('guidance_documents_group').on('guidance_documents').column('translation_group').execute()

	// What readers see: every publication, kept; the highest version is current.
	await db.schema
		.createTable('guidance_versions')
		.addColumn('document_id', 'text', (c) => c.notNull().references('guidance_documents.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('themes', 'text', (c) => c.notNull())
		.addColumn('articles', 'text', (c) => c.notNull())
		.addColumn('regions', 'text', (c) => c.notNull())
		.addColumn('related_cases', 'text', (c) => c.notNull())
		.addColumn('related_recommendations', 'text', (c) => c.notNull())
		.addColumn('change_note', 'text', (c) => c.notNull())
		.addColumn('published_at', 'integer', (c) => c.notNull())
		.addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('guidance_versions_pk', ['document_id', 'version'])
		.execute()

	await db.schema
		.createTable('recommendations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('meeting_event_id', 'text', (c) => c.references('events.id').onDelete('set null'))
		.addColumn('meeting_number', 'integer', (c) => c.notNull())
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('theme', 'text', (c) => c.notNull())
		.addColumn('articles', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('document_symbol', 'text', (c) => c.notNull())
		.addColumn('status_notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()

	await db.schema
		.createTable('theme_subscriptions')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('theme', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('theme_subscriptions_pk', ['user_id', 'theme'])
		.execute()
	await db.schema.createIndex('theme_subscriptions_theme').on('theme_subscriptions').column('theme').execute()
	// A file added to a guidance draft reaches readers only with the version that publishes it.
	await db.schema.alterTable('attachments').addColumn('published_in_version', 'integer').execute()
	await db.schema.alterTable('users').addColumn('guidance_email', 'text', (c) => c.notNull().defaultTo('immediate')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['theme_subscriptions', 'recommendations', 'guidance_versions', 'guidance_documents']) await db.schema.dropTable(t).ifExists().execute()
}
