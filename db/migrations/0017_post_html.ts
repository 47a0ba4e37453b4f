import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// A post's sanitized HTML and its plain text (for the search index) are kept beside its
	// Markdown when it is written, as Discourse keeps "cooked" posts: reading a page of 20 posts
	// renders none, and re-indexing a thread after a reply parses no earlier post again.
	// body_renderer names the renderer that made them; posts made by an older renderer, and
	// those written before this migration (0), are rendered when needed, as before.
	await db.schema.alterTable('posts').addColumn('body_html', 'text').execute()
	await db.schema.alterTable('posts').addColumn('body_text', 'text').execute()
	await db.schema.alterTable('posts').addColumn('body_renderer', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['body_renderer', 'body_text', 'body_html']) await db.schema.alterTable('posts').dropColumn(column).execute()
}
