import { sql } from 'kysely'
import { db } from '~/utils/db.server'
import { searchHealth } from '~/utils/search.server'

export async function loader({ context }: { context: { viewer: { role: string } | null } }) {
	let database: { ok: boolean; detail?: string }
	try {
		await sql`select 1`.execute(db())
		database = { ok: true }
	} catch {
		database = { ok: false, detail: 'database unreachable' }
	}
	const full = await searchHealth()
	// Anonymous monitors get the state; engine details (hosts, backlogs) are for staff.
	const staff = context.viewer?.role === 'staff' || context.viewer?.role === 'admin'
	const search = staff ? full : { engine: full.engine, ok: full.ok, degraded: full.degraded }
	const ok = database.ok
	return Response.json({ status: ok ? 'ok' : 'error', database, search }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
