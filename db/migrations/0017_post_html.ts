import type { Kysely } from 'kysely'

// Frozen once landed: never edit; add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
	// A post's sanitized HTML is kept beside its Markdown when it is written (Discourse's
	// "cooked" post), so reading a page of 20 posts renders none. body_html_version names the
	// renderer that made it; posts made by an older renderer, and those written before this
	// migration (null), are rendered on display as before.
	await db.schema.alterTable('posts').addColumn('body_html', 'text').execute()
	await db.schema.alterTable('posts').addColumn('body_html_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['body_html_version', 'body_html']) await db.schema.alterTable('posts').dropColumn(column).execute()
}
