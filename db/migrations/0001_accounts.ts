import { type Kysely, sql } from 'kysely'

// Frozen: never edit a landed migration; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('regions')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text')
		.addColumn('countries', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.execute()

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('organisation', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('job_title', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('password_hash', 'text')
		.addColumn('preferred_language', 'text', (c) => c.notNull().defaultTo('en'))
		.addColumn('timezone', 'text')
		.addColumn('request_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('requested_regions', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('decision_reason', 'text')
		.addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('decided_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('users_status').on('users').column('status').execute()

	await db.schema
		.createTable('user_regions')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('region_slug', 'text', (c) => c.notNull().references('regions.slug').onDelete('cascade'))
		.addPrimaryKeyConstraint('user_regions_pk', ['user_id', 'region_slug'])
		.execute()

	// Lucia reads `id`, `user_id`, `expires_at` (Unix seconds); the rest are our attributes.
	// `id` is the SHA-256 of the cookie token, so a leaked database holds no usable session.
	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('absolute_expires_at', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.execute()
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

	// Single-use emailed links: set password after approval, reset password, invitations.
	await db.schema
		.createTable('one_time_tokens')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()

	await db.schema
		.createTable('invitations')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('accepted_at', 'integer')
		.addColumn('accepted_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()

	await db.schema
		.createTable('login_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('ip', 'text', (c) => c.notNull())
		.addColumn('succeeded', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('login_attempts_email').on('login_attempts').columns(['email', 'created_at']).execute()
	await db.schema.createIndex('login_attempts_ip').on('login_attempts').columns(['ip', 'created_at']).execute()

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('actor_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('object_type', 'text')
		.addColumn('object_id', 'text')
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute()
	// Append-only: the application may insert but never rewrite history.
	await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
	await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)

	// Changes to searchable content, written in the same transaction as the change.
	await db.schema
		.createTable('search_outbox')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('doc_type', 'text', (c) => c.notNull())
		.addColumn('doc_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	// How far each engine has drained the outbox.
	await db.schema
		.createTable('search_cursors')
		.addColumn('engine', 'text', (c) => c.primaryKey())
		.addColumn('last_outbox_id', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['search_cursors', 'search_outbox', 'audit_log', 'login_attempts', 'invitations', 'one_time_tokens', 'sessions', 'user_regions', 'users', 'regions'])
		await db.schema.dropTable(t).ifExists().execute()
}
