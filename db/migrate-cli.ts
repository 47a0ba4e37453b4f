import { openDatabase, databasePath } from './client'
import { migrateToLatest } from './migrate'

const { db, close } = openDatabase()
try {
	const applied = await migrateToLatest(db)
	console.log(applied.length ? `Applied ${applied.join(', ')} to ${databasePath()}` : `${databasePath()} is up to date`)
} catch (error) {
	console.error('Migration failed:', error instanceof Error ? error.message : error)
	process.exitCode = 1
} finally {
	await close()
}
