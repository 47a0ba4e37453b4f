import { openDatabase, type OpenedDatabase } from '../../db/client'
import { env } from './env.server'

// One connection for the server process; opened lazily so importing a module never
// touches the disk (CLI commands open their own).
let opened: OpenedDatabase | undefined

export function database(): OpenedDatabase {
	opened ??= openDatabase(env().DATABASE_PATH)
	return opened
}

export const db = () => database().db
