import { sql } from 'kysely'
import { db } from '~/utils/db.server'
import { searchHealth } from '~/utils/search.server'

export async function loader() {
	let database: { ok: boolean; detail?: string }
	try {
		await sql`select 1`.execute(db())
		database = { ok: true }
	} catch {
		database = { ok: false, detail: 'database unreachable' }
	}
	const search = await searchHealth()
	const ok = database.ok
	return Response.json({ status: ok ? 'ok' : 'error', database, search }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
