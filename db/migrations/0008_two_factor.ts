import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// A member's TOTP (RFC 6238) authenticator. The secret is encrypted with a key derived
	// from the portal's signing key, so a copied database alone does not yield the codes.
	await db.schema
		.createTable('totp_credentials')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('secret_enc', 'text', (c) => c.notNull())
		// Set when the member proves the authenticator works; until then it is only an enrolment in progress.
		.addColumn('confirmed_at', 'integer')
		// The session an enrolment in progress belongs to: no other session sees or confirms its secret.
		.addColumn('pending_session_id', 'text')
		// The last 30-second step accepted: a code is never accepted twice (replay).
		.addColumn('last_used_step', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('locked_until', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()

	// Single-use recovery codes, stored as SHA-256 (each has 60 bits of entropy).
	await db.schema
		.createTable('recovery_codes')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute()

	// Read with the session on every request (lucia's user attributes), so the gate needs no extra query.
	await db.schema.alterTable('users').addColumn('two_factor_enabled_at', 'integer').execute()
	// A session from a password alone is half-open until the second factor is verified.
	await db.schema.alterTable('sessions').addColumn('two_factor_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute()

	// Filtering the audit log by action and by actor.
	await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'created_at']).execute()
	await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('audit_log_actor').ifExists().execute()
	await db.schema.dropIndex('audit_log_action').ifExists().execute()
	await db.schema.alterTable('sessions').dropColumn('two_factor_verified').execute()
	await db.schema.alterTable('users').dropColumn('two_factor_enabled_at').execute()
	await db.schema.dropTable('recovery_codes').ifExists().execute()
	await db.schema.dropTable('totp_credentials').ifExists().execute()
}
