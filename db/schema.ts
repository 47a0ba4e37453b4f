import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export type Role = 'member' | 'moderator' | 'staff' | 'admin'
export const ROLES: readonly Role[] = ['member', 'moderator', 'staff', 'admin']
export type AccountStatus = 'pending' | 'active' | 'rejected' | 'suspended'

export interface RegionsTable {
	slug: string
	name: string
	name_zh: string | null
	/** JSON array of ISO 3166-1 alpha-3 codes. */
	countries: string
	sort_order: number
}

export interface UsersTable {
	id: string
	email: string
	name: string
	organisation: string
	country: string
	job_title: string
	role: Role
	status: AccountStatus
	password_hash: string | null
	preferred_language: string
	timezone: string | null
	request_reason: string
	/** JSON array of region slugs asked for in the access request. */
	requested_regions: string
	decision_reason: string | null
	decided_by: string | null
	decided_at: number | null
	created_at: number
}

export interface UserRegionsTable {
	user_id: string
	region_slug: string
}

export interface SessionsTable {
	/** SHA-256 (hex) of the cookie token. */
	id: string
	user_id: string
	/** Unix seconds, as lucia stores it; slides with activity. */
	expires_at: number
	/** Unix seconds; the session ends here whatever the activity. */
	absolute_expires_at: number
	created_at: number
	ip: string
	user_agent: string
}

export type TokenPurpose = 'set-password' | 'reset-password'

export interface OneTimeTokensTable {
	token_hash: string
	purpose: TokenPurpose
	user_id: string | null
	expires_at: number
	used_at: number | null
	created_at: number
}

export interface InvitationsTable {
	id: Generated<number>
	token_hash: string
	email: string
	role: Role
	regions: string
	invited_by: string | null
	expires_at: number
	accepted_at: number | null
	accepted_user_id: string | null
	created_at: number
}

export interface LoginAttemptsTable {
	id: Generated<number>
	email: string
	ip: string
	succeeded: number
	created_at: number
}

export interface AuditLogTable {
	id: Generated<number>
	actor_id: string | null
	action: string
	object_type: string | null
	object_id: string | null
	ip: string
	detail: string
	created_at: number
}

export interface SearchOutboxTable {
	id: Generated<number>
	doc_type: string
	doc_id: string
	created_at: number
}

export interface SearchCursorsTable {
	engine: string
	last_outbox_id: number
	updated_at: number
}

export interface Database {
	regions: RegionsTable
	users: UsersTable
	user_regions: UserRegionsTable
	sessions: SessionsTable
	one_time_tokens: OneTimeTokensTable
	invitations: InvitationsTable
	login_attempts: LoginAttemptsTable
	audit_log: AuditLogTable
	search_outbox: SearchOutboxTable
	search_cursors: SearchCursorsTable
}

export type Region = Selectable<RegionsTable>
export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Invitation = Selectable<InvitationsTable>
