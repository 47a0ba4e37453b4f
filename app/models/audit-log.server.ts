import { db } from '../utils/db.server'

/** Reading the audit log (admins only; see read:audit). Writing is app/utils/audit.server.ts. */

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilter {
	/** An exact action (login.failure) or a family ending in a dot (login.). */
	action?: string
	/** The actor's account email, exactly. */
	actor?: string
	/** What was acted on: an id (user, case, event…), exactly. */
	object?: string
	ip?: string
	/** Unix seconds, inclusive. */
	from?: number
	/** Unix seconds, exclusive. */
	to?: number
	page: number
}

export async function auditLogPage(filter: AuditFilter) {
	let q = db().selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id')
	if (filter.action)
		q = filter.action.endsWith('.')
			? // A family as a range, so the action index serves it (LIKE would also read _ as a wildcard).
				q.where('audit_log.action', '>=', filter.action).where('audit_log.action', '<', `${filter.action}\uffff`)
			: q.where('audit_log.action', '=', filter.action)
	if (filter.actor) q = q.where('users.email', '=', filter.actor.toLowerCase())
	if (filter.object) q = q.where('audit_log.object_id', '=', filter.object)
	if (filter.ip) q = q.where('audit_log.ip', '=', filter.ip)
	if (filter.from !== undefined) q = q.where('audit_log.created_at', '>=', filter.from)
	if (filter.to !== undefined) q = q.where('audit_log.created_at', '<', filter.to)
	const [rows, total, actions] = await Promise.all([
		q
			.select(['audit_log.id', 'audit_log.action', 'audit_log.object_type', 'audit_log.object_id', 'audit_log.ip', 'audit_log.detail', 'audit_log.created_at', 'audit_log.actor_id', 'users.email as actor_email', 'users.name as actor_name'])
			.orderBy('audit_log.id', 'desc')
			.limit(AUDIT_PAGE_SIZE)
			.offset((filter.page - 1) * AUDIT_PAGE_SIZE)
			.execute(),
		q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
		// The filter's choices: every action recorded so far.
		db().selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
	])
	return {
		entries: rows.map((r) => ({
			id: r.id,
			at: r.created_at,
			action: r.action,
			actor: r.actor_id ? { id: r.actor_id, email: r.actor_email, name: r.actor_name } : null,
			objectType: r.object_type,
			objectId: r.object_id,
			ip: r.ip,
			detail: r.detail === '{}' ? '' : r.detail,
		})),
		total: Number(total.n),
		pages: Math.max(1, Math.ceil(Number(total.n) / AUDIT_PAGE_SIZE)),
		actions: actions.map((a) => a.action),
	}
}
