import type { Kysely } from 'kysely'

// Frozen: never edit a landed migration; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
	// Controlled vocabularies from content/taxonomy.yaml (crime types, themes, articles…).
	await db.schema
		.createTable('taxonomy_terms')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('en', 'text', (c) => c.notNull())
		.addColumn('zh', 'text')
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.addPrimaryKeyConstraint('taxonomy_terms_pk', ['kind', 'slug'])
		.execute()

	await db.schema
		.createTable('cases')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('country', 'text', (c) => c.notNull())
		.addColumn('region', 'text')
		.addColumn('court', 'text', (c) => c.notNull())
		.addColumn('court_level', 'text', (c) => c.notNull())
		.addColumn('decision_date', 'text', (c) => c.notNull())
		.addColumn('docket', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('legal_system', 'text', (c) => c.notNull())
		.addColumn('crime_types', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('protocol_articles', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('convention_articles', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('cross_cutting', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('defendants', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('firearms', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('first_published_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('cases_status_date').on('cases').columns(['status', 'decision_date']).execute()
	await db.schema.createIndex('cases_country').on('cases').column('country').execute()

	// Every save keeps the whole record as it was saved, and which fields changed.
	await db.schema
		.createTable('case_revisions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('source', 'text', (c) => c.notNull()) // 'portal' | 'import'
		.addColumn('changed_fields', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('snapshot', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('case_revisions_case').on('case_revisions').columns(['case_id', 'revision']).unique().execute()

	await db.schema
		.createTable('saved_searches')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('query', 'text', (c) => c.notNull()) // the /cases query string
		.addColumn('email', 'text', (c) => c.notNull().defaultTo('none')) // none | immediate | daily
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('saved_searches_user').on('saved_searches').column('user_id').execute()

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('dedupe_key', 'text')
		.addColumn('email', 'text', (c) => c.notNull().defaultTo('none')) // none | immediate | daily
		.addColumn('emailed_at', 'integer')
		.addColumn('read_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at']).execute()
	await db.schema.createIndex('notifications_dedupe').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute()
	await db.schema.createIndex('notifications_email').on('notifications').columns(['email', 'emailed_at']).execute()

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_used_at', 'integer')
		.addColumn('revoked_at', 'integer')
		.execute()

	// Cases published for the first time whose saved-search alerts have not run yet.
	// Written in the publishing transaction, so a crash cannot lose an alert.
	await db.schema
		.createTable('case_alerts_pending')
		.addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id').onDelete('cascade'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()

	await db.schema
		.createTable('user_digest_state')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('last_digest_at', 'integer', (c) => c.notNull())
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['user_digest_state', 'case_alerts_pending', 'api_tokens', 'notifications', 'saved_searches', 'case_revisions', 'cases', 'taxonomy_terms'])
		await db.schema.dropTable(t).ifExists().execute()
}
