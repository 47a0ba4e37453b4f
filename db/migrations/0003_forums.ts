import type { Kysely } from 'kysely'

// Frozen: never edit a landed migration; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
	// One forum per region, plus the interregional and staff forums (kept in step with regions.yaml).
	await db.schema
		.createTable('forums')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull()) // region | interregional | staff
		.addColumn('region_slug', 'text', (c) => c.references('regions.slug').onDelete('cascade'))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.execute()

	await db.schema
		.createTable('threads')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('forum_slug', 'text', (c) => c.notNull().references('forums.slug'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_post_at', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()
	await db.schema.createIndex('threads_forum_activity').on('threads').columns(['forum_slug', 'pinned', 'last_post_at']).execute()

	await db.schema
		.createTable('posts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('thread_id', 'integer', (c) => c.notNull().references('threads.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('edited_at', 'integer')
		.addColumn('deleted_at', 'integer')
		.addColumn('deleted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute()
	await db.schema.createIndex('posts_thread').on('posts').columns(['thread_id', 'id']).execute()

	// Every edit keeps the previous text (moderators can see the history).
	await db.schema
		.createTable('post_revisions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('edited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute()

	// Cases a thread's posts mention (BRA004 or a /cases/… link): case cards and "discussed in".
	await db.schema
		.createTable('thread_case_refs')
		.addColumn('thread_id', 'integer', (c) => c.notNull().references('threads.id').onDelete('cascade'))
		.addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('thread_case_refs_pk', ['thread_id', 'case_id'])
		.execute()
	await db.schema.createIndex('thread_case_refs_case').on('thread_case_refs').column('case_id').execute()

	await db.schema
		.createTable('thread_reads')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('thread_id', 'integer', (c) => c.notNull().references('threads.id').onDelete('cascade'))
		.addColumn('last_read_post_id', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('thread_reads_pk', ['user_id', 'thread_id'])
		.execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['thread_reads', 'thread_case_refs', 'post_revisions', 'posts', 'threads', 'forums']) await db.schema.dropTable(t).ifExists().execute()
}
