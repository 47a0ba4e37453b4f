import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export type Role = 'member' | 'moderator' | 'staff' | 'admin'
export const ROLES: readonly Role[] = ['member', 'moderator', 'staff', 'admin']
export type AccountStatus = 'pending' | 'active' | 'rejected' | 'suspended'

export interface RegionsTable {
	slug: string
	name: string
	name_zh: string | null
	/** Names in the other languages, JSON `{ "fr": …, "es": …, "ru": …, "ar": … }` (migration 0014). */
	names: string | null
	/** JSON array of ISO 3166-1 alpha-3 codes. */
	countries: string
	sort_order: number
}

export interface UsersTable {
	id: string
	email: string
	name: string
	organisation: Generated<string>
	country: Generated<string>
	job_title: Generated<string>
	role: Role
	status: AccountStatus
	password_hash: string | null
	preferred_language: Generated<string>
	timezone: string | null
	request_reason: Generated<string>
	/** JSON array of region slugs asked for in the access request. */
	requested_regions: Generated<string>
	decision_reason: string | null
	decided_by: string | null
	decided_at: number | null
	created_at: number
	/** Unique; how members @mention each other (migration 0004). */
	handle: string | null
	/** How forum notifications are emailed. */
	forum_email: Generated<EmailPreference>
	/** How new direct messages are announced by email (never with their text). */
	message_email: Generated<EmailPreference>
	/** The personal calendar feed's current version; null = no feed. */
	calendar_feed_version: Generated<number | null>
	/** How event news (registration, reminders, changes) is emailed. */
	event_email: Generated<EmailPreference>
	/** How new guidance on subscribed themes is emailed. */
	guidance_email: Generated<EmailPreference>
	/** When the member's authenticator was confirmed (migration 0008); null = no second factor. */
	two_factor_enabled_at: number | null
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
	/** 1 once the second factor was checked for this session (or the account has none). */
	two_factor_verified: Generated<number>
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
	/** The drain holding this engine's lease (search/outbox.ts), until lease_until. */
	lease_holder: string | null
	lease_until: Generated<number>
}

export interface TaxonomyTermsTable {
	kind: string
	slug: string
	en: string
	zh: string | null
	/** Names in the other languages, JSON `{ "fr": …, "es": …, "ru": …, "ar": … }` (migration 0014). */
	names: string | null
	sort_order: number
}

export type CaseStatus = 'published' | 'draft'

export interface CasesTable {
	id: string
	title: string
	country: string
	region: string | null
	court: string
	court_level: string
	decision_date: string
	docket: string
	legal_system: string
	/** JSON arrays of slugs / article numbers / objects. */
	crime_types: string
	protocol_articles: string
	convention_articles: string
	cross_cutting: string
	defendants: string
	firearms: string
	outcome: string
	keywords: string
	language: string
	sources: string
	status: CaseStatus
	sample: number
	/** Markdown with ## Facts, ## Procedural history, ## Decision, ## Commentary. */
	body: string
	revision: number
	first_published_at: number | null
	created_at: number
	updated_at: number
}

export interface CaseRevisionsTable {
	id: Generated<number>
	case_id: string
	revision: number
	author_id: string | null
	source: 'portal' | 'import'
	changed_fields: string
	snapshot: string
	created_at: number
}

export type EmailPreference = 'none' | 'immediate' | 'daily'

export interface SavedSearchesTable {
	id: Generated<number>
	user_id: string
	name: string
	query: string
	email: EmailPreference
	created_at: number
}

export interface NotificationsTable {
	id: Generated<number>
	user_id: string
	kind: string
	/** The text as written when the notification was made (in the recipient's language then). */
	title: string
	/** The catalogue message it was made from, shown in the reader's language of the moment (migration 0013). */
	message_id: string | null
	/** That message's values, as JSON. */
	message_values: string | null
	url: string
	dedupe_key: string | null
	email: EmailPreference
	emailed_at: number | null
	read_at: number | null
	created_at: number
	/** An immediate email's unsubscribe scope, as JSON, to write it again on a retry (0016). */
	email_unsubscribe: string | null
	/** Failed tries of an immediate email so far, and when to try next (null: sent, given up, or not immediate). */
	email_attempts: Generated<number>
	email_retry_at: number | null
}

export interface ApiTokensTable {
	id: Generated<number>
	user_id: string
	name: string
	token_hash: string
	created_at: number
	last_used_at: number | null
	revoked_at: number | null
	/** 1 when the token may also read its owner's direct messages (0011). */
	reads_messages: Generated<number>
}

export interface CaseAlertsPendingTable {
	case_id: string
	created_at: number
}

export interface UserDigestStateTable {
	user_id: string
	last_digest_at: number
}

export type ForumKind = 'region' | 'interregional' | 'staff'

export interface ForumsTable {
	slug: string
	name: string
	kind: ForumKind
	region_slug: string | null
	description: string
	sort_order: number
}

export interface ThreadsTable {
	id: Generated<number>
	forum_slug: string
	title: string
	author_id: string | null
	/** JSON array of tags. */
	tags: string
	pinned: number
	locked: number
	post_count: number
	last_post_at: number
	created_at: number
}

export interface PostsTable {
	id: Generated<number>
	thread_id: number
	author_id: string | null
	/** Markdown as written. */
	body: string
	/** `body` rendered and sanitized when written; null for posts written before it was kept. */
	body_html: Generated<string | null>
	/** `body` as plain text (markdownToText), for the search index; null like body_html. */
	body_text: Generated<string | null>
	/** The MARKDOWN_RENDERER that made body_html and body_text (0: none); an older one's output is not used. */
	body_renderer: Generated<number>
	created_at: number
	edited_at: number | null
	deleted_at: number | null
	deleted_by: string | null
	/** A moderator's hide, separate from the author's delete. */
	hidden_at: Generated<number | null>
	hidden_by: Generated<string | null>
	hidden_reason: Generated<string | null>
	/** Detected when written (en, zh, fr, es, ru, ar); null for older posts and text too short to tell. */
	language: Generated<string | null>
}

export type WatchTarget = 'thread' | 'forum'

export interface WatchesTable {
	user_id: string
	target_type: WatchTarget
	target_id: string
	created_at: number
}

export interface PostFlagsTable {
	id: Generated<number>
	post_id: number
	flagged_by: string | null
	reason: string
	created_at: number
	resolved_at: number | null
	resolved_by: string | null
	resolution: 'hidden' | 'dismissed' | null
}

export interface ForumSilencesTable {
	id: Generated<number>
	user_id: string
	forum_slug: string
	until: number
	reason: string
	created_by: string | null
	created_at: number
}

/** For guidance, parent_id is the document's SQLite rowid (its key is text). */
export type AttachmentParent = 'post' | 'message' | 'guidance'

export interface AttachmentsTable {
	/** Random; also the file's name under ATTACHMENT_DIR. */
	id: string
	parent_type: AttachmentParent
	parent_id: number
	uploaded_by: string | null
	filename: string
	content_type: string
	size: number
	sha256: string
	created_at: number
	/** Guidance only: the version whose publication released it (null while in a draft). */
	published_in_version: Generated<number | null>
}

export interface PostRevisionsTable {
	id: Generated<number>
	post_id: number
	body: string
	edited_by: string | null
	created_at: number
}

export interface ThreadCaseRefsTable {
	thread_id: number
	case_id: string
}

export interface ThreadReadsTable {
	user_id: string
	thread_id: number
	last_read_post_id: number
}

export type OrganisationType = 'police' | 'customs' | 'prosecution' | 'judiciary' | 'regulator' | 'unodc' | 'other'
export type FieldVisibility = 'everyone' | 'regions' | 'nobody'

export interface DirectoryProfilesTable {
	user_id: string
	listed: number
	organisation_type: OrganisationType | ''
	/** JSON array of ISO 639-1 codes. */
	languages: string
	/** JSON array of taxonomy slugs (themes and crime types). */
	expertise: string
	bio: string
	/** JSON object: field → FieldVisibility. */
	visibility: string
	updated_at: number
}

export interface ConversationsTable {
	id: Generated<number>
	/** Encrypted (see app/utils/message-crypto.server.ts). */
	subject_enc: string
	created_by: string | null
	created_at: number
	last_message_at: number
}

export interface ConversationMembersTable {
	conversation_id: number
	user_id: string
	joined_at: number
	left_at: number | null
	last_read_message_id: Generated<number>
}

export interface MessagesTable {
	id: Generated<number>
	conversation_id: number
	author_id: string | null
	/** Encrypted (see app/utils/message-crypto.server.ts). */
	body_enc: string
	created_at: number
}

export interface MemberBlocksTable {
	blocker_id: string
	blocked_id: string
	created_at: number
}

export interface MessageReportsTable {
	id: Generated<number>
	message_id: number
	reporter_id: string | null
	reason: string
	created_at: number
	resolved_at: number | null
	resolved_by: string | null
	resolution: 'dismissed' | 'actioned' | null
	resolution_note: string | null
}

export interface EventsTable {
	id: string
	title: string
	type: string
	start_local: string
	end_local: string
	timezone: string
	all_day: number
	start_utc: number
	end_utc: number
	venue: string | null
	city: string | null
	country: string | null
	online_url: string | null
	organizer: string
	/** JSON array of region slugs. */
	regions: string
	visibility: 'members' | 'regions' | 'invite-only'
	status: 'planned' | 'confirmed' | 'postponed' | 'cancelled'
	description: string
	/** JSON (see db/events/record.ts). */
	agenda: string
	documents: string
	registration_mode: 'none' | 'open' | 'approval'
	capacity: number | null
	deadline_local: string | null
	deadline_utc: number | null
	show_participants: number
	sample: number
	sequence: number
	content_hash: string
	created_at: number
	updated_at: number
}

export interface EventInviteesTable {
	event_id: string
	email: string
}

export type RegistrationStatus = 'registered' | 'waitlisted' | 'pending' | 'declined' | 'cancelled'

export interface EventRegistrationsTable {
	id: Generated<number>
	event_id: string
	user_id: string
	status: RegistrationStatus
	created_at: number
	updated_at: number
	decided_by: string | null
	/** When this registration last moved up from the waiting list (0015). */
	promoted_at: number | null
	/** Moves up so far, and how many of them were told (or need no telling): more moves than told means a notice is owed. */
	promotion_count: Generated<number>
	promotion_notified_count: Generated<number>
}

export interface EventRevisionsTable {
	id: Generated<number>
	event_id: string
	changed_by: string | null
	source: 'portal' | 'import'
	changes: string
	material: number
	notified_at: number | null
	created_at: number
}

export type GuidanceStatus = 'draft' | 'in_review' | 'published'

export interface GuidanceDocumentsTable {
	id: string
	translation_group: string
	language: string
	status: GuidanceStatus
	title: string
	summary: string
	body: string
	/** JSON arrays. */
	themes: string
	articles: string
	regions: string
	related_cases: string
	related_recommendations: string
	author_id: string | null
	submitted_by: string | null
	submitted_at: number | null
	change_note: string
	sample: number
	created_at: number
	updated_at: number
}

export interface GuidanceVersionsTable {
	document_id: string
	version: number
	title: string
	summary: string
	body: string
	themes: string
	articles: string
	regions: string
	related_cases: string
	related_recommendations: string
	change_note: string
	published_at: number
	published_by: string | null
	author_id: string | null
}

export interface RecommendationsTable {
	id: string
	meeting_event_id: string | null
	meeting_number: number
	number: string
	theme: string
	articles: string
	document_symbol: string
	status_notes: string
	summary: string
	content_hash: string
	updated_at: number
}

export interface ThemeSubscriptionsTable {
	user_id: string
	theme: string
	created_at: number
}

export interface TotpCredentialsTable {
	user_id: string
	/** AES-256-GCM, key derived from the signing key (app/utils/two-factor.server.ts). */
	secret_enc: string
	confirmed_at: number | null
	pending_session_id: string | null
	last_used_step: Generated<number>
	failed_attempts: Generated<number>
	locked_until: Generated<number>
	/** Lockouts in a row since the last right answer; each doubles the next lock (0010). */
	lockouts: Generated<number>
	created_at: number
}

export interface RecoveryCodesTable {
	id: Generated<number>
	user_id: string
	code_hash: string
	used_at: number | null
	created_at: number
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
	taxonomy_terms: TaxonomyTermsTable
	cases: CasesTable
	case_revisions: CaseRevisionsTable
	saved_searches: SavedSearchesTable
	notifications: NotificationsTable
	api_tokens: ApiTokensTable
	user_digest_state: UserDigestStateTable
	case_alerts_pending: CaseAlertsPendingTable
	forums: ForumsTable
	threads: ThreadsTable
	posts: PostsTable
	post_revisions: PostRevisionsTable
	thread_reads: ThreadReadsTable
	thread_case_refs: ThreadCaseRefsTable
	watches: WatchesTable
	post_flags: PostFlagsTable
	forum_silences: ForumSilencesTable
	attachments: AttachmentsTable
	directory_profiles: DirectoryProfilesTable
	conversations: ConversationsTable
	conversation_members: ConversationMembersTable
	messages: MessagesTable
	member_blocks: MemberBlocksTable
	message_reports: MessageReportsTable
	events: EventsTable
	event_invitees: EventInviteesTable
	event_registrations: EventRegistrationsTable
	event_revisions: EventRevisionsTable
	guidance_documents: GuidanceDocumentsTable
	guidance_versions: GuidanceVersionsTable
	recommendations: RecommendationsTable
	theme_subscriptions: ThemeSubscriptionsTable
	totp_credentials: TotpCredentialsTable
	recovery_codes: RecoveryCodesTable
}

export type Region = Selectable<RegionsTable>
export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Invitation = Selectable<InvitationsTable>
export type CaseRow = Selectable<CasesTable>
export type NewCaseRow = Insertable<CasesTable>
