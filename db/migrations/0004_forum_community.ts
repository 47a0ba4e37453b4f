import { sql, type Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
// Watching, mentions (handles), attachments, flags and moderation for the forums.
export async function up(db: Kysely<any>): Promise<void> {
	// A handle is how members @mention each other; unique, derived from the name.
	await db.schema.alterTable('users').addColumn('handle', 'text').execute()
	const users = await db.selectFrom('users').select(['id', 'name']).orderBy('created_at').execute()
	const taken = new Set<string>()
	for (const u of users as Array<{ id: string; name: string }>) {
		const base =
			u.name
				.normalize('NFKD')
				.replace(/[\u0300-\u036f]/g, '')
				.toLowerCase()
				.replace(/[^a-z0-9]+/g, '.')
				.replace(/^\.+|\.+$/g, '')
				.slice(0, 30) || 'member'
		let handle = base
		for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`
		taken.add(handle)
		await db.updateTable('users').set({ handle }).where('id', '=', u.id).execute()
	}
	await db.schema.createIndex('users_handle').on('users').column('handle').unique().execute()
	// How forum notifications (replies, new threads, mentions, moderation) reach the member by email.
	await db.schema.alterTable('users').addColumn('forum_email', 'text', (c) => c.notNull().defaultTo('daily')).execute()

	// Rate limits count a member's recent threads and posts: keep that a short range scan.
	await db.schema.createIndex('threads_author_created').on('threads').columns(['author_id', 'created_at']).execute()
	await db.schema.createIndex('posts_author_created').on('posts').columns(['author_id', 'created_at']).execute()

	// A moderator's hide is separate from the author's delete: either can be undone on its own.
	await db.schema.alterTable('posts').addColumn('hidden_at', 'integer').execute()
	await db.schema.alterTable('posts').addColumn('hidden_by', 'text', (c) => c.references('users.id').onDelete('set null')).execute()
	await db.schema.alterTable('posts').addColumn('hidden_reason', 'text').execute()

	await db.schema
		.createTable('watches')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('target_type', 'text', (c) => c.notNull()) // thread | forum
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('watches_pk', ['user_id', 'target_type', 'target_id'])
		.execute()
	await db.schema.createIndex('watches_target').on('watches').columns(['target_type', 'target_id']).execute()
	// A member who unwatched their own thread stays unwatched (watching own threads is the default).

	await db.schema
		.createTable('post_flags')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('flagged_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('resolved_at', 'integer')
		.addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('resolution', 'text') // hidden | dismissed
		.execute()
	await db.schema.createIndex('post_flags_open').on('post_flags').columns(['resolved_at', 'post_id']).execute()
	await sql`CREATE UNIQUE INDEX post_flags_once ON post_flags (post_id, flagged_by) WHERE resolved_at IS NULL`.execute(db)

	// A silenced member reads but cannot post in that region's forum until `until`.
	await db.schema
		.createTable('forum_silences')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('forum_slug', 'text', (c) => c.notNull().references('forums.slug').onDelete('cascade'))
		.addColumn('until', 'integer', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('forum_silences_user').on('forum_silences').columns(['user_id', 'forum_slug', 'until']).execute()

	// Uploaded files live outside the public folder (ATTACHMENT_DIR/<id>); this row says who may fetch them.
	await db.schema
		.createTable('attachments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('parent_type', 'text', (c) => c.notNull()) // post | message
		.addColumn('parent_id', 'integer', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('filename', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('attachments_parent').on('attachments').columns(['parent_type', 'parent_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['attachments', 'forum_silences', 'post_flags', 'watches']) await db.schema.dropTable(t).ifExists().execute()
	for (const i of ['posts_author_created', 'threads_author_created', 'users_handle']) await db.schema.dropIndex(i).ifExists().execute()
}
