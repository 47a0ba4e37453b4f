import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { DB } from './client'

// Migrations are bundled by name at build time (Remix's compiler cannot follow a
// runtime folder scan), so this list is the register of migrations: append only.
import * as m0001 from './migrations/0001_accounts'
import * as m0002 from './migrations/0002_cases'
import * as m0003 from './migrations/0003_forums'
import * as m0004 from './migrations/0004_forum_community'
import * as m0005 from './migrations/0005_directory_messages'
import * as m0006 from './migrations/0006_events'
import * as m0007 from './migrations/0007_guidance'
import * as m0008 from './migrations/0008_two_factor'
import * as m0009 from './migrations/0009_post_language'
import * as m0010 from './migrations/0010_two_factor_lockouts'
import * as m0011 from './migrations/0011_api_token_messages'
import * as m0012 from './migrations/0012_search_drain_lease'
import * as m0013 from './migrations/0013_notification_messages'
import * as m0014 from './migrations/0014_content_names'
import * as m0015 from './migrations/0015_promotion_notices'
import * as m0016 from './migrations/0016_notification_email_retries'
import * as m0017 from './migrations/0017_post_html'

const migrations: Record<string, Migration> = {
	'0001_accounts': m0001,
	'0002_cases': m0002,
	'0003_forums': m0003,
	'0004_forum_community': m0004,
	'0005_directory_messages': m0005,
	'0006_events': m0006,
	'0007_guidance': m0007,
	'0008_two_factor': m0008,
	'0009_post_language': m0009,
	'0010_two_factor_lockouts': m0010,
	'0011_api_token_messages': m0011,
	'0012_search_drain_lease': m0012,
	'0013_notification_messages': m0013,
	'0014_content_names': m0014,
	'0015_promotion_notices': m0015,
	'0016_notification_email_retries': m0016,
	'0017_post_html': m0017,
}

/** Every migration this code knows, by name (a backup made by newer code holds others). */
export const knownMigrations = () => Object.keys(migrations)

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: DB): Promise<string[]> {
	const migrator = new Migrator({ db, provider })
	const { error, results } = await migrator.migrateToLatest()
	if (error) throw error instanceof Error ? error : new Error(String(error))
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
