import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { nowSeconds } from './time'

export interface AuditEntry {
	actorId: string | null
	action: string
	objectType?: string
	objectId?: string
	ip?: string
	detail?: Record<string, unknown>
}

/** Append-only (the table refuses UPDATE and DELETE); call inside the write's transaction. */
export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry) {
	await db
		.insertInto('audit_log')
		.values({
			actor_id: entry.actorId,
			action: entry.action,
			object_type: entry.objectType ?? null,
			object_id: entry.objectId ?? null,
			ip: entry.ip ?? '',
			detail: JSON.stringify(entry.detail ?? {}),
			created_at: nowSeconds(),
		})
		.execute()
}
