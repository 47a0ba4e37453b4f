import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { APIRequestContext } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { seedEvent } from './fixtures/events'
import { createUser, database, latestMailTo, linkIn, type TestUser } from './support'

/**
 * The access-control matrix: every route file × every actor, with the answer each must get,
 * on real objects of other users and other regions (IDOR). access-matrix.spec.ts walks it.
 *
 * Conventions the table encodes (read from the code, applied everywhere):
 * - No session, or a session of an account that is not active (a pending account), is anonymous:
 *   pages send to `/login?redirectTo=…` ('login'), `/api/*` answers 401.
 * - Something that exists only for some readers (a region's forum, thread, post, attachment, event,
 *   a draft, a conversation, an unlisted member) is 404 for everyone else: its existence is not confirmed.
 * - A staff-only page or action (requirePermission) is 403 for any member, whatever the id in the
 *   URL: the answer is the same for every id, so it confirms nothing.
 * - Inside something the viewer may read, an act they may not do (edit another's post, read a
 *   post's history without moderating the forum) is 403.
 */

export const ACTORS = ['anonymous', 'pending', 'memberA', 'memberB', 'moderatorA', 'staff', 'admin'] as const
export type Actor = (typeof ACTORS)[number]

/** 'login': 302 to `/login?redirectTo=<the url>`. `302 /x`: a redirect to exactly /x; `302 /x*`: to anything starting with /x. */
export type Expected = 200 | 400 | 401 | 403 | 404 | 'login' | `302 ${string}`
export type Row = Record<Actor, Expected>

export interface Probe {
	/** Which object or case, for the failure report. */
	what: string
	url: string
	method?: 'GET' | 'POST'
	form?: Record<string, string>
	expect: Row
	/** POST: what the request could change, read before and after (`who` is the acting user, null when anonymous). */
	state?: (who: TestUser | null) => unknown
	/** POST: actors allowed to change `state`; for everyone else it must stay the same. */
	mayChange?: Actor[]
	/** GET answered 200: the body contains each text for exactly the listed actors (lists, search, redacted fields). */
	shows?: Array<{ text: string; to: readonly Actor[] }>
}

/**
 * Every object's title carries a code word, so a list or a search can be checked for exactly what
 * each actor may see in it ("Aardwolf" finds them all in search).
 */
export const TITLES = {
	threadA: 'Aardwolf Alpha thread',
	threadB: 'Aardwolf Bravo thread',
	threadStaff: 'Aardwolf Sierra thread',
	threadInterregional: 'Aardwolf India thread',
	threadLock: 'Aardwolf Lima thread',
	/** Only in a hidden post: moderators read it on the page, nobody finds it in search. */
	hiddenWord: 'Kudu',
	eventMembers: 'Aardwolf Mike event',
	eventA: 'Aardwolf Echo event',
	operation: 'Aardwolf Oscar event',
	casePublished: 'Aardwolf Papa case',
	caseDraft: 'Aardwolf Delta case',
	guidancePublished: 'Aardwolf Golf guidance',
	guidanceDraft: 'Aardwolf Hotel guidance',
	conversationMine: 'Aardwolf Charlie conversation',
	conversationOthers: 'Aardwolf Xray conversation',
	/** Author A's directory bio, visible to their regions only. */
	bioA: 'Aardwolf Quebec biography',
} as const

const ALL: readonly Actor[] = ACTORS
const READERS_A: readonly Actor[] = ['memberA', 'moderatorA', 'staff', 'admin']
const READERS_B: readonly Actor[] = ['memberB', 'staff', 'admin']
const STAFF_ONLY: readonly Actor[] = ['staff', 'admin']
const INVITED: readonly Actor[] = ['memberA', 'staff', 'admin']
const NONE: readonly Actor[] = []

/** What the one search must return (drafts are never indexed; restricted things only to their readers). */
const SEARCH_SHOWS = [
	{ text: TITLES.threadA, to: READERS_A },
	{ text: TITLES.threadB, to: READERS_B },
	{ text: TITLES.threadStaff, to: STAFF_ONLY },
	{ text: TITLES.threadInterregional, to: ALL },
	{ text: TITLES.eventMembers, to: ALL },
	{ text: TITLES.eventA, to: READERS_A },
	{ text: TITLES.operation, to: INVITED },
	{ text: TITLES.casePublished, to: ALL },
	{ text: TITLES.caseDraft, to: NONE },
	{ text: TITLES.guidancePublished, to: ALL },
	{ text: TITLES.guidanceDraft, to: NONE },
]
const THREAD_SEARCH_SHOWS = SEARCH_SHOWS.filter((s) => s.text.endsWith('thread'))
const EVENT_SHOWS = SEARCH_SHOWS.filter((s) => s.text.endsWith('event'))
const CASE_SHOWS = SEARCH_SHOWS.filter((s) => s.text.endsWith('case'))
const CONVERSATION_SHOWS = [
	{ text: TITLES.conversationMine, to: ['memberA'] as const },
	{ text: TITLES.conversationOthers, to: NONE },
]
const PEOPLE_SHOWS = [
	{ text: 'Matrix Author A', to: ALL },
	{ text: 'Matrix Unlisted', to: NONE },
	{ text: 'Matrix Pending', to: NONE },
	{ text: TITLES.bioA, to: ['memberA', 'moderatorA'] as const },
]

export const REGION_A = 'central-asia'
export const REGION_B = 'western-balkans'

/** Columns in ACTORS order: anonymous, pending, memberA, memberB, moderatorA, staff, admin. */
export function row(...cells: [Expected, Expected, Expected, Expected, Expected, Expected, Expected]): Row {
	return Object.fromEntries(ACTORS.map((a, i) => [a, cells[i]])) as Row
}

const L = 'login' as const
/** Any approved member. */
const MEMBERS = row(L, L, 200, 200, 200, 200, 200)
const API_MEMBERS = row(401, 401, 200, 200, 200, 200, 200)
/** Region A's readers: its members and moderators, staff, admins. */
const IN_A = row(L, L, 200, 404, 200, 200, 200)
const API_IN_A = row(401, 401, 200, 404, 200, 200, 200)
const IN_B = row(L, L, 404, 200, 404, 200, 200)
const API_IN_B = row(401, 401, 404, 200, 404, 200, 200)
/** Material only staff and admins may read (staff forum, drafts): 404 for members. */
const STAFF_CONTENT = row(L, L, 404, 404, 404, 200, 200)
const API_STAFF_CONTENT = row(401, 401, 404, 404, 404, 200, 200)
/** Staff tools (requirePermission): 403 for members. */
const STAFF_TOOL = row(L, L, 403, 403, 403, 200, 200)
const ADMIN_TOOL = row(L, L, 403, 403, 403, 403, 200)
/** Only the invited member A (and staff) see the operation; moderator A is not invited. */
const INVITED_A = row(L, L, 200, 404, 404, 200, 200)
const API_INVITED_A = row(401, 401, 200, 404, 404, 200, 200)
/** Only member A takes part in the conversation: everyone else, staff and admins included, gets 404. */
const PARTICIPANT_A = row(L, L, 200, 404, 404, 404, 404)
const API_PARTICIPANT_A = row(401, 401, 200, 404, 404, 404, 404)
const NOBODY = row(L, L, 404, 404, 404, 404, 404)
const API_NOBODY = row(401, 401, 404, 404, 404, 404, 404)
const PUBLIC = row(200, 200, 200, 200, 200, 200, 200)
const NOT_FOUND_FOR_ALL = row(404, 404, 404, 404, 404, 404, 404)
/** A staff form posted empty: members are refused before it is read; staff get the form's 400. */
const STAFF_FORM_EMPTY = row(L, L, 403, 403, 403, 400, 400)

export interface MatrixFixture {
	users: Record<Exclude<Actor, 'anonymous'>, TestUser> & { authorA: TestUser; authorB: TestUser; staffAuthor: TestUser; unlisted: TestUser; target: TestUser }
	threads: { a: number; b: number; staff: number; interregional: number; lock: number }
	posts: { a: number; mine: number; hidden: number; modQueue: number; deletable: number; b: number; staff: number }
	attachments: { postA: string; hiddenPost: string; staffPost: string; messageMine: string; messageOthers: string; guidanceDraft: string; guidancePublished: string }
	cases: { published: string; draft: string }
	events: { members: string; regionA: string; operation: string }
	guidance: { published: string; draft: string }
	conversations: { mine: number; others: number; othersMessage: number }
	/** A saved search, an API token and a notification that belong to author A. */
	ofAuthorA: { savedSearch: number; apiToken: number; notification: number }
	feedPath: string
	unsubscribePath: string
	recommendation: string
	inviteEmail: string
}

const get = (what: string, url: string, expect: Row, shows?: Probe['shows']): Probe => ({ what, url, expect, shows })
const post = (what: string, url: string, form: Record<string, string>, expect: Row, state: Probe['state'], mayChange: Actor[] = []): Probe => ({
	what,
	url,
	method: 'POST',
	form,
	expect,
	state,
	mayChange,
})

const one = (sql: string, ...params: unknown[]) => database().prepare(sql).get(...params)

/**
 * The matrix, keyed by route file (app/routes). The spec fails when a route file has no entry
 * or an entry names a file that no longer exists. Each entry lists the URLs to try (one per
 * kind of object) and, per URL, what every actor must get.
 */
export const MATRIX: Record<string, (f: MatrixFixture) => Probe[]> = {
	'$.tsx': () => [get('unknown page', '/no/such/page', NOBODY)],
	'_index.tsx': () => [get('home', '/', MEMBERS)],

	// ---------- administration ----------
	'admin._index.tsx': () => [get('administration', '/admin', STAFF_TOOL)],
	'admin.invitations.tsx': (f) => [
		get('invitations', '/admin/invitations', STAFF_TOOL),
		// Staff may invite, but not an administrator (assignableRoles): 400 and no invitation.
		post('invite an administrator', '/admin/invitations', { email: f.inviteEmail, role: 'admin', regions: REGION_A }, row(L, L, 403, 403, 403, 400, '302 /admin/invitations'), () => one('select count(*) n from invitations where email = ?', f.inviteEmail), ['admin']),
	],
	'admin.reports.tsx': () => [
		get('reported messages', '/admin/reports', STAFF_TOOL),
		post('close an unknown report', '/admin/reports', { reportId: '999999999', resolution: 'dismissed' }, row(L, L, 403, 403, 403, 404, 404), () => one('select count(*) n from message_reports where resolved_at is not null')),
	],
	'admin.audit.tsx': () => [get('audit log', '/admin/audit', ADMIN_TOOL)],
	'admin.users._index.tsx': () => [get('users', '/admin/users', ADMIN_TOOL)],
	'admin.users.$userId.tsx': (f) => [
		get("another member's account", `/admin/users/${f.users.authorA.id}`, ADMIN_TOOL),
		get('an unknown account', '/admin/users/no-such-user', row(L, L, 403, 403, 403, 403, 404)),
		post(
			'make a member staff',
			`/admin/users/${f.users.target.id}`,
			{ intent: 'access', role: 'staff' },
			row(L, L, 403, 403, 403, 403, `302 /admin/users/${f.users.target.id}`),
			() => [one('select role, status from users where id = ?', f.users.target.id), database().prepare('select region_slug from user_regions where user_id = ? order by 1').all(f.users.target.id)],
			['admin'],
		),
		post(
			"reset a staff member's second factor",
			`/admin/users/${f.users.staffAuthor.id}`,
			{ intent: 'reset-two-factor' },
			row(L, L, 403, 403, 403, 403, `302 /admin/users/${f.users.staffAuthor.id}`),
			() => one('select two_factor_enabled_at is not null enabled from users where id = ?', f.users.staffAuthor.id),
			['admin'],
		),
	],

	// ---------- API ----------
	'api.$.ts': () => [get('unknown endpoint', '/api/no/such/endpoint', row(401, 401, 404, 404, 404, 404, 404))],
	'api.cases._index.ts': () => [get('case search', '/api/cases?q=aardwolf', API_MEMBERS, CASE_SHOWS)],
	'api.cases.$caseId.ts': (f) => [get('published case', `/api/cases/${f.cases.published}`, API_MEMBERS), get('draft case', `/api/cases/${f.cases.draft}`, API_STAFF_CONTENT)],
	'api.conversations._index.ts': () => [get('own conversations', '/api/conversations', API_MEMBERS, CONVERSATION_SHOWS)],
	'api.conversations.$conversationId.ts': (f) => [
		get("member A's conversation", `/api/conversations/${f.conversations.mine}`, API_PARTICIPANT_A),
		get("two other members' conversation", `/api/conversations/${f.conversations.others}`, API_NOBODY),
	],
	'api.events._index.ts': () => [get('events in May 2030', '/api/events?from=2030-05-01&to=2030-05-31', API_MEMBERS, EVENT_SHOWS)],
	'api.events.$eventId.ts': (f) => [
		get('event for all members', `/api/events/${f.events.members}`, API_MEMBERS),
		get('event of region A', `/api/events/${f.events.regionA}`, API_IN_A),
		get('operation (member A invited)', `/api/events/${f.events.operation}`, API_INVITED_A),
	],
	'api.forums._index.ts': () => [
		get('forums', '/api/forums', API_MEMBERS, [
			{ text: `"slug":"${REGION_A}"`, to: READERS_A },
			{ text: `"slug":"${REGION_B}"`, to: READERS_B },
			{ text: '"slug":"staff"', to: STAFF_ONLY },
			{ text: '"slug":"interregional"', to: ALL },
		]),
	],
	'api.forums.$forumSlug.threads.ts': () => [
		get('region A forum', `/api/forums/${REGION_A}/threads`, API_IN_A),
		get('region B forum', `/api/forums/${REGION_B}/threads`, API_IN_B),
		get('staff forum', '/api/forums/staff/threads', API_STAFF_CONTENT),
		get('interregional forum', '/api/forums/interregional/threads', API_MEMBERS),
		get('unknown forum', '/api/forums/no-such-forum/threads', API_NOBODY),
	],
	'api.people._index.ts': () => [get('directory search', '/api/people?q=matrix', API_MEMBERS, PEOPLE_SHOWS.filter((s) => s.text !== TITLES.bioA))],
	'api.people.$handle.ts': (f) => [
		get('listed member (bio for their regions)', `/api/people/${f.users.authorA.handle}`, API_MEMBERS, PEOPLE_SHOWS.filter((s) => s.text === TITLES.bioA)),
		get('unlisted member', `/api/people/${f.users.unlisted.handle}`, API_NOBODY),
		get('pending account', `/api/people/${f.users.pending.handle}`, API_NOBODY),
	],
	'api.search.ts': () => [
		get('one search', '/api/search?q=aardwolf', API_MEMBERS, SEARCH_SHOWS),
		get('search for a word only in a hidden post', `/api/search?q=${TITLES.hiddenWord}`, API_MEMBERS, [{ text: TITLES.threadA, to: NONE }]),
	],
	'api.threads.$threadId.ts': (f) => [
		get('thread in region A (hidden post for moderators)', `/api/threads/${f.threads.a}`, API_IN_A, [{ text: TITLES.hiddenWord, to: ['moderatorA', 'staff', 'admin'] }]),
		get('thread in region B', `/api/threads/${f.threads.b}`, API_IN_B),
		get('thread in staff forum', `/api/threads/${f.threads.staff}`, API_STAFF_CONTENT),
		get('interregional thread', `/api/threads/${f.threads.interregional}`, API_MEMBERS),
		get('unknown thread', '/api/threads/999999999', API_NOBODY),
	],

	// ---------- attachments ----------
	'attachments.$attachmentId.ts': (f) => [
		get('file on a region A post', `/attachments/${f.attachments.postA}`, IN_A),
		// Hidden posts: their files go to the forum's moderators only.
		get('file on a hidden region A post', `/attachments/${f.attachments.hiddenPost}`, row(L, L, 404, 404, 200, 200, 200)),
		get('file on a staff-forum post', `/attachments/${f.attachments.staffPost}`, STAFF_CONTENT),
		get("file in member A's conversation", `/attachments/${f.attachments.messageMine}`, PARTICIPANT_A),
		get("file in two other members' conversation", `/attachments/${f.attachments.messageOthers}`, NOBODY),
		get('file of a guidance draft', `/attachments/${f.attachments.guidanceDraft}`, STAFF_CONTENT),
		get('file of published guidance', `/attachments/${f.attachments.guidancePublished}`, MEMBERS),
		get('unknown file', '/attachments/aaaaaaaaaaaaaaaaaaaa', NOBODY),
	],

	// ---------- cases ----------
	'cases._index.tsx': () => [get('case search', '/cases?q=aardwolf', MEMBERS, CASE_SHOWS)],
	'cases.export.ts': () => [get('export', '/cases/export?format=json&q=aardwolf', MEMBERS, CASE_SHOWS)],
	'cases.new.tsx': () => [
		get('new case', '/cases/new', STAFF_TOOL),
		post('create a case (empty form)', '/cases/new', { intent: 'save' }, STAFF_FORM_EMPTY, () => one('select count(*) n from cases')),
	],
	'cases.$caseId._index.tsx': (f) => [
		get('published case', `/cases/${f.cases.published}`, MEMBERS),
		get('draft case', `/cases/${f.cases.draft}`, STAFF_CONTENT),
		post(
			'unpublish a case',
			`/cases/${f.cases.published}`,
			{ intent: 'unpublish' },
			row(L, L, 403, 403, 403, `302 /cases/${f.cases.published}*`, `302 /cases/${f.cases.published}*`),
			() => one('select status, revision from cases where id = ?', f.cases.published),
			['staff', 'admin'],
		),
	],
	'cases.$caseId.edit.tsx': (f) => [
		get('edit published case', `/cases/${f.cases.published}/edit`, STAFF_TOOL),
		get('edit draft case', `/cases/${f.cases.draft}/edit`, STAFF_TOOL),
		post('save a draft case (empty form)', `/cases/${f.cases.draft}/edit`, { intent: 'save' }, STAFF_FORM_EMPTY, () => one('select status, revision, updated_at, body from cases where id = ?', f.cases.draft)),
	],
	'cases.$caseId.revisions.tsx': (f) => [get('revisions of a published case', `/cases/${f.cases.published}/revisions`, STAFF_TOOL), get('revisions of a draft case', `/cases/${f.cases.draft}/revisions`, STAFF_TOOL)],

	// ---------- events ----------
	'insights.tsx': () => [get('insight dashboard', '/insights', MEMBERS)],
	'events._index.tsx': () => [get('events in May 2030', '/events?month=2030-05', MEMBERS, EVENT_SHOWS)],
	'events.new.tsx': () => [
		get('new event', '/events/new', STAFF_TOOL),
		post('create an event (empty source)', '/events/new', { source: '' }, STAFF_FORM_EMPTY, () => one('select count(*) n from events')),
	],
	'events.$eventId._index.tsx': (f) => [
		get('event for all members', `/events/${f.events.members}`, MEMBERS),
		get('event of region A', `/events/${f.events.regionA}`, IN_A),
		get('operation (member A invited)', `/events/${f.events.operation}`, INVITED_A),
		get('unknown event', '/events/no-such-event', NOBODY),
		post(
			'register for the operation',
			`/events/${f.events.operation}`,
			{ intent: 'register' },
			row(L, L, `302 /events/${f.events.operation}`, 404, 404, `302 /events/${f.events.operation}`, `302 /events/${f.events.operation}`),
			(who) => (who ? one('select count(*) n from event_registrations where event_id = ? and user_id = ?', f.events.operation, who.id) : one('select count(*) n from event_registrations where event_id = ?', f.events.operation)),
			['memberA', 'staff', 'admin'],
		),
		// Changing an event is a staff act: 403 for any member and any id, so it confirms nothing.
		post(
			'cancel the region A event',
			`/events/${f.events.regionA}`,
			{ intent: 'cancel-event' },
			row(L, L, 403, 403, 403, `302 /events/${f.events.regionA}`, `302 /events/${f.events.regionA}`),
			() => one('select status, sequence from events where id = ?', f.events.regionA),
			['staff', 'admin'],
		),
	],
	'events.$eventId[.ics].ts': (f) => [
		get('event for all members', `/events/${f.events.members}.ics`, MEMBERS),
		get('event of region A', `/events/${f.events.regionA}.ics`, IN_A),
		get('operation (member A invited)', `/events/${f.events.operation}.ics`, INVITED_A),
	],
	'events.$eventId.edit.tsx': (f) => [
		get('edit event of region A', `/events/${f.events.regionA}/edit`, STAFF_TOOL),
		get('edit operation', `/events/${f.events.operation}/edit`, STAFF_TOOL),
		post('save the region A event (empty source)', `/events/${f.events.regionA}/edit`, { source: '' }, STAFF_FORM_EMPTY, () => one('select title, sequence, updated_at from events where id = ?', f.events.regionA)),
	],
	'events.$eventId.history.tsx': (f) => [get('history of region A event', `/events/${f.events.regionA}/history`, STAFF_TOOL), get('history of operation', `/events/${f.events.operation}/history`, STAFF_TOOL)],
	'events.$eventId.registrations._index.tsx': (f) => [
		get('registrations of region A event', `/events/${f.events.regionA}/registrations`, STAFF_TOOL),
		get('registrations of operation', `/events/${f.events.operation}/registrations`, STAFF_TOOL),
	],
	'events.$eventId.registrations.csv.ts': (f) => [get('registrations CSV of operation', `/events/${f.events.operation}/registrations/csv`, STAFF_TOOL)],
	// Public by design: the signed secret stands for member A (calendar clients have no session).
	'events.feed.$token[.ics].ts': (f) => [get("member A's calendar feed", f.feedPath, PUBLIC, EVENT_SHOWS.map((s) => ({ text: s.text, to: s.to.includes('memberA') ? ALL : NONE }))), get('made-up feed secret', '/events/feed/made-up-secret.ics', NOT_FOUND_FOR_ALL)],

	// ---------- forums ----------
	'forums._index.tsx': () => [get('forums', '/forums', MEMBERS), get('thread search across forums', '/forums?q=aardwolf', MEMBERS, THREAD_SEARCH_SHOWS)],
	'forums.$forumSlug._index.tsx': () => [
		get('region A forum', `/forums/${REGION_A}`, IN_A),
		get('region B forum', `/forums/${REGION_B}`, IN_B),
		get('staff forum', '/forums/staff', STAFF_CONTENT),
		get('interregional forum', '/forums/interregional', MEMBERS),
		get('unknown forum', '/forums/no-such-forum', NOBODY),
		post(
			'watch the region B forum',
			`/forums/${REGION_B}`,
			{ intent: 'watch' },
			row(L, L, 404, `302 /forums/${REGION_B}`, 404, `302 /forums/${REGION_B}`, `302 /forums/${REGION_B}`),
			(who) => (who ? one("select count(*) n from watches where user_id = ? and target_type = 'forum'", who.id) : null),
			['memberB', 'staff', 'admin'],
		),
	],
	'forums.$forumSlug.new.tsx': () => [
		get('new thread in region A', `/forums/${REGION_A}/new`, IN_A),
		get('new thread in region B', `/forums/${REGION_B}/new`, IN_B),
		get('new thread in staff forum', '/forums/staff/new', STAFF_CONTENT),
		get('new interregional thread', '/forums/interregional/new', MEMBERS),
		post(
			'start a thread in region B',
			`/forums/${REGION_B}/new`,
			{ title: 'Access matrix thread', body: 'Written by the access matrix.' },
			row(L, L, 404, '302 /threads/*', 404, '302 /threads/*', '302 /threads/*'),
			() => one('select count(*) n from threads where forum_slug = ?', REGION_B),
			['memberB', 'staff', 'admin'],
		),
	],
	'forums.discuss.tsx': (f) => [
		get('discuss a case in region A', `/forums/discuss?forum=${REGION_A}&case=${f.cases.published}`, row(L, L, `302 /forums/${REGION_A}/new?case=${f.cases.published}`, 404, `302 /forums/${REGION_A}/new?case=${f.cases.published}`, `302 /forums/${REGION_A}/new?case=${f.cases.published}`, `302 /forums/${REGION_A}/new?case=${f.cases.published}`)),
		get('discuss a case in the staff forum', `/forums/discuss?forum=staff&case=${f.cases.published}`, row(L, L, 404, 404, 404, `302 /forums/staff/new?case=${f.cases.published}`, `302 /forums/staff/new?case=${f.cases.published}`)),
	],
	'threads.$threadId.tsx': (f) => [
		get('thread in region A (hidden post for moderators)', `/threads/${f.threads.a}`, IN_A, [{ text: TITLES.hiddenWord, to: ['moderatorA', 'staff', 'admin'] }]),
		get('thread in region B', `/threads/${f.threads.b}`, IN_B),
		get('thread in staff forum', `/threads/${f.threads.staff}`, STAFF_CONTENT),
		get('interregional thread', `/threads/${f.threads.interregional}`, MEMBERS),
		get('unknown thread', '/threads/999999999', NOBODY),
		post(
			'reply in region A',
			`/threads/${f.threads.a}`,
			{ body: 'Reply written by the access matrix.' },
			row(L, L, `302 /threads/${f.threads.a}?*`, 404, `302 /threads/${f.threads.a}?*`, `302 /threads/${f.threads.a}?*`, `302 /threads/${f.threads.a}?*`),
			() => one('select count(*) n, max(id) last from posts where thread_id = ?', f.threads.a),
			['memberA', 'moderatorA', 'staff', 'admin'],
		),
		post(
			'reply in the staff forum',
			`/threads/${f.threads.staff}`,
			{ body: 'Reply written by the access matrix.' },
			row(L, L, 404, 404, 404, `302 /threads/${f.threads.staff}?*`, `302 /threads/${f.threads.staff}?*`),
			() => one('select count(*) n from posts where thread_id = ?', f.threads.staff),
			['staff', 'admin'],
		),
		post(
			"delete author A's post",
			`/threads/${f.threads.a}`,
			{ intent: 'delete', postId: String(f.posts.deletable) },
			row(L, L, 403, 404, `302 /threads/${f.threads.a}`, `302 /threads/${f.threads.a}`, `302 /threads/${f.threads.a}`),
			() => one('select deleted_at is not null deleted from posts where id = ?', f.posts.deletable),
			['moderatorA', 'staff', 'admin'],
		),
		post(
			'lock a region A thread',
			`/threads/${f.threads.lock}`,
			{ intent: 'lock', reason: '' },
			row(L, L, 403, 404, `302 /threads/${f.threads.lock}`, `302 /threads/${f.threads.lock}`, `302 /threads/${f.threads.lock}`),
			() => one('select locked from threads where id = ?', f.threads.lock),
			['moderatorA', 'staff', 'admin'],
		),
		post(
			'move a region A thread to the interregional forum',
			`/threads/${f.threads.lock}`,
			{ intent: 'move', forum: 'interregional', reason: '' },
			row(L, L, 403, 404, 403, `302 /threads/${f.threads.lock}`, `302 /threads/${f.threads.lock}`),
			() => one('select forum_slug from threads where id = ?', f.threads.lock),
			['staff', 'admin'],
		),
		post(
			'flag a region B post',
			`/threads/${f.threads.b}`,
			{ intent: 'flag', postId: String(f.posts.b), reason: 'Access matrix probe' },
			row(L, L, 404, `302 /threads/${f.threads.b}`, 404, `302 /threads/${f.threads.b}`, `302 /threads/${f.threads.b}`),
			(who) => (who ? one('select count(*) n from post_flags where post_id = ? and flagged_by = ?', f.posts.b, who.id) : null),
			['memberB', 'staff', 'admin'],
		),
		post(
			'silence author B in region B',
			`/threads/${f.threads.b}`,
			{ intent: 'silence', postId: String(f.posts.b), days: '1', reason: 'Access matrix probe' },
			row(L, L, 404, 403, 404, `302 /threads/${f.threads.b}`, `302 /threads/${f.threads.b}`),
			() => one('select count(*) n from forum_silences where user_id = ?', f.users.authorB.id),
			['staff', 'admin'],
		),
		// The URL names thread A; the post belongs to thread B. Acting on it through another thread's
		// address must fail like an unknown post (and memberB cannot see thread A at all).
		post(
			'hide a region B post through a region A thread URL',
			`/threads/${f.threads.a}`,
			{ intent: 'hide', postId: String(f.posts.b), reason: 'Access matrix probe' },
			NOBODY,
			() => one('select hidden_at is not null hidden from posts where id = ?', f.posts.b),
		),
	],
	'posts.$postId.edit.tsx': (f) => [
		get("edit author A's post", `/posts/${f.posts.a}/edit`, row(L, L, 403, 404, 403, 403, 403)),
		get("edit member A's own post", `/posts/${f.posts.mine}/edit`, row(L, L, 200, 404, 403, 403, 403)),
		get('edit a staff-forum post', `/posts/${f.posts.staff}/edit`, row(L, L, 404, 404, 404, 403, 403)),
		post("save author A's post", `/posts/${f.posts.a}/edit`, { body: 'Rewritten by the access matrix.' }, row(L, L, 403, 404, 403, 403, 403), () => one('select body, edited_at from posts where id = ?', f.posts.a)),
		post('save a staff-forum post', `/posts/${f.posts.staff}/edit`, { body: 'Rewritten by the access matrix.' }, row(L, L, 404, 404, 404, 403, 403), () => one('select body, edited_at from posts where id = ?', f.posts.staff)),
	],
	'posts.$postId.history.tsx': (f) => [
		get('history of a region A post', `/posts/${f.posts.a}/history`, row(L, L, 403, 404, 200, 200, 200)),
		get('history of a region B post', `/posts/${f.posts.b}/history`, row(L, L, 404, 403, 404, 200, 200)),
		get('history of a staff-forum post', `/posts/${f.posts.staff}/history`, STAFF_CONTENT),
	],
	'moderation._index.tsx': (f) => [
		get('moderation queue', '/moderation', row(L, L, 403, 403, 200, 200, 200)),
		post(
			'hide a region A post from the queue',
			'/moderation',
			{ intent: 'hide', postId: String(f.posts.modQueue), reason: 'Access matrix probe' },
			row(L, L, 403, 403, '302 /moderation', '302 /moderation', '302 /moderation'),
			() => one('select hidden_at is not null hidden from posts where id = ?', f.posts.modQueue),
			['moderatorA', 'staff', 'admin'],
		),
		post(
			'hide a region B post from the queue',
			'/moderation',
			{ intent: 'hide', postId: String(f.posts.b), reason: 'Access matrix probe' },
			row(L, L, 403, 403, 404, '302 /moderation', '302 /moderation'),
			() => one('select hidden_at is not null hidden from posts where id = ?', f.posts.b),
			['staff', 'admin'],
		),
	],
	'moderation.log.tsx': () => [get('moderation log', '/moderation/log', STAFF_TOOL)],

	// ---------- guidance and recommendations ----------
	'guidance._index.tsx': () => [
		get('guidance', '/guidance', MEMBERS, [
			{ text: TITLES.guidancePublished, to: ALL },
			{ text: TITLES.guidanceDraft, to: NONE },
		]),
	],
	'guidance.new.tsx': () => [
		get('new guidance', '/guidance/new', STAFF_TOOL),
		post('create guidance (empty form)', '/guidance/new', { title: '' }, STAFF_FORM_EMPTY, () => one('select count(*) n from guidance_documents')),
	],
	'guidance.review.tsx': (f) => [
		get('drafts and review', '/guidance/review', STAFF_TOOL, [{ text: TITLES.guidanceDraft, to: STAFF_ONLY }]),
		// The draft was never submitted: staff get 400, members 403, and nothing is published.
		post(
			'publish a draft',
			'/guidance/review',
			{ intent: 'publish', id: f.guidance.draft, change_note: 'Published by the access matrix.' },
			STAFF_FORM_EMPTY,
			() => [one('select status from guidance_documents where id = ?', f.guidance.draft), one('select count(*) n from guidance_versions where document_id = ?', f.guidance.draft)],
		),
	],
	// The reader's page shows published versions only; staff read a never-published draft at /draft.
	'guidance.$docId._index.tsx': (f) => [get('published guidance', `/guidance/${f.guidance.published}`, MEMBERS), get('guidance draft', `/guidance/${f.guidance.draft}`, NOBODY)],
	'guidance.$docId.draft.tsx': (f) => [get('working copy of published guidance', `/guidance/${f.guidance.published}/draft`, STAFF_TOOL), get('guidance draft', `/guidance/${f.guidance.draft}/draft`, STAFF_TOOL)],
	'guidance.$docId.edit.tsx': (f) => [
		get('edit published guidance', `/guidance/${f.guidance.published}/edit`, STAFF_TOOL),
		get('edit guidance draft', `/guidance/${f.guidance.draft}/edit`, STAFF_TOOL),
		post('save the guidance draft (empty form)', `/guidance/${f.guidance.draft}/edit`, { title: '' }, STAFF_FORM_EMPTY, () => one('select title, body, updated_at from guidance_documents where id = ?', f.guidance.draft)),
	],
	'recommendations._index.tsx': () => [get('recommendations', '/recommendations', MEMBERS)],
	'recommendations.$recId.tsx': (f) => [get('a recommendation', `/recommendations/${f.recommendation}`, MEMBERS), get('unknown recommendation', '/recommendations/no-such-rec', NOBODY)],

	// ---------- directory and messages ----------
	'people._index.tsx': () => [get('directory search', '/people?q=matrix', MEMBERS, PEOPLE_SHOWS.filter((s) => s.text !== TITLES.bioA))],
	'people.$handle.tsx': (f) => [
		get('listed member (bio for their regions)', `/people/${f.users.authorA.handle}`, MEMBERS, PEOPLE_SHOWS.filter((s) => s.text === TITLES.bioA)),
		get('unlisted member', `/people/${f.users.unlisted.handle}`, NOBODY),
		get('pending account', `/people/${f.users.pending.handle}`, NOBODY),
	],
	'messages._index.tsx': () => [get('own conversations', '/messages', MEMBERS, CONVERSATION_SHOWS)],
	'messages.new.tsx': () => [get('new message', '/messages/new', MEMBERS)],
	'messages.$conversationId.tsx': (f) => [
		get("member A's conversation", `/messages/${f.conversations.mine}`, PARTICIPANT_A),
		get("two other members' conversation", `/messages/${f.conversations.others}`, NOBODY),
		post(
			"write in member A's conversation",
			`/messages/${f.conversations.mine}`,
			{ intent: 'send', body: 'Written by the access matrix.' },
			row(L, L, `302 /messages/${f.conversations.mine}*`, 404, 404, 404, 404),
			() => one('select count(*) n from messages where conversation_id = ?', f.conversations.mine),
			['memberA'],
		),
		post("write in two other members' conversation", `/messages/${f.conversations.others}`, { intent: 'send', body: 'Let me in.' }, NOBODY, () => one('select count(*) n from messages where conversation_id = ?', f.conversations.others)),
		// Reporting sends a message to staff review: only a message of one's own conversations, whatever the URL.
		post(
			"report a message of two other members through member A's conversation",
			`/messages/${f.conversations.mine}`,
			{ intent: 'report', messageId: String(f.conversations.othersMessage), reason: 'Access matrix probe' },
			NOBODY,
			() => one('select count(*) n from message_reports where message_id = ?', f.conversations.othersMessage),
		),
		post(
			"leave two other members' conversation",
			`/messages/${f.conversations.others}`,
			{ intent: 'leave' },
			NOBODY,
			() => database().prepare('select user_id, left_at from conversation_members where conversation_id = ? order by user_id').all(f.conversations.others),
		),
	],

	// ---------- the member's own pages (IDOR: ids of author A's things) ----------
	'profile.tsx': (f) => [
		get('own profile', '/profile', MEMBERS),
		post("revoke author A's API token", '/profile', { intent: 'revoke-token', tokenId: String(f.ofAuthorA.apiToken) }, NOBODY, () => one('select revoked_at from api_tokens where id = ?', f.ofAuthorA.apiToken)),
	],
	'profile_.directory.tsx': () => [get('own directory settings', '/profile/directory', MEMBERS)],
	'profile_.two-factor.tsx': () => [get('own two-factor settings', '/profile/two-factor', MEMBERS)],
	'saved-searches.tsx': (f) => [
		get('own saved searches', '/saved-searches', MEMBERS),
		post("delete author A's saved search", '/saved-searches', { intent: 'delete', id: String(f.ofAuthorA.savedSearch) }, NOBODY, () => one('select count(*) n from saved_searches where id = ?', f.ofAuthorA.savedSearch)),
	],
	'notifications.tsx': (f) => [
		get('own notifications', '/notifications', MEMBERS),
		// Marking read is scoped to the reader: the answer is the usual redirect, but author A's notification stays unread.
		post(
			"mark author A's notification read",
			'/notifications',
			{ id: String(f.ofAuthorA.notification) },
			row(L, L, '302 /notifications', '302 /notifications', '302 /notifications', '302 /notifications', '302 /notifications'),
			() => one('select read_at from notifications where id = ?', f.ofAuthorA.notification),
		),
	],
	'search.tsx': () => [get('one search', '/search?q=aardwolf', MEMBERS, SEARCH_SHOWS)],

	// ---------- public pages ----------
	'login.tsx': () => [get('log in', '/login', row(200, 200, '302 /', '302 /', '302 /', '302 /', '302 /'))],
	// Only a session that still owes its second factor has business here; a complete session goes home.
	'login_.two-factor.tsx': () => [get('second factor', '/login/two-factor', row(L, L, '302 /', '302 /', '302 /', '302 /', '302 /'))],
	// Not on the public list (deny by default): without a session even /logout sends to the login page.
	'logout.tsx': () => [get('log out (GET only redirects home)', '/logout', row(L, L, '302 /', '302 /', '302 /', '302 /', '302 /'))],
	// The language switcher's GET only goes home; choosing is a POST (tested in i18n.spec.ts).
	'locale.tsx': () => [get('language switcher (GET only redirects home)', '/locale', row('302 /', '302 /', '302 /', '302 /', '302 /', '302 /', '302 /'))],
	'request-access.tsx': () => [get('request access', '/request-access', PUBLIC)],
	'reset-password._index.tsx': () => [get('ask for a reset link', '/reset-password', PUBLIC)],
	// These pages say so themselves when the token is not valid (200), without a session.
	'reset-password.$token.tsx': () => [get('made-up reset token', '/reset-password/made-up-token', PUBLIC)],
	'invite.$token.tsx': () => [get('made-up invitation', '/invite/made-up-token', PUBLIC)],
	'unsubscribe.$token.tsx': (f) => [get("member A's unsubscribe link", f.unsubscribePath, PUBLIC), get('made-up unsubscribe link', '/unsubscribe/made-up-token', NOT_FOUND_FOR_ALL)],
	'healthz.ts': () => [get('health', '/healthz', PUBLIC)],
	'i18n.$locale[.js].ts': () => [get('interface messages in Chinese', '/i18n/zh.js', PUBLIC), get('a language the portal does not have', '/i18n/xx.js', NOT_FOUND_FOR_ALL)],
}

// ---------- the fixture: real objects of other users and other regions ----------

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const now = () => Math.floor(Date.now() / 1000)
/** Old enough to count for no posting limit (an hour), so the fixture's own writes never block a probe. */
const past = () => now() - 2 * 3600
const attachmentId = () => {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
	return Array.from(crypto.randomBytes(20), (b) => alphabet[b % 32]).join('')
}
const origin = () => ({ Origin: E2E.baseURL })

function seedThread(forum: string, author: TestUser, title: string) {
	const db = database()
	const t = past()
	const threadId = Number(db.prepare('insert into threads (forum_slug, title, author_id, post_count, last_post_at, created_at) values (?, ?, ?, 0, ?, ?)').run(forum, title, author.id, t, t).lastInsertRowid)
	return threadId
}

function seedPost(threadId: number, author: TestUser, body: string) {
	const db = database()
	const t = past()
	const id = Number(db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, author.id, body, t).lastInsertRowid)
	db.prepare('update threads set post_count = post_count + 1 where id = ?').run(threadId)
	return id
}

/** A file written where the server keeps attachments, with its row (plain bytes: posts and guidance are not encrypted). */
function seedAttachment(parentType: 'post' | 'guidance', parentId: number, uploader: TestUser, opts: { publishedInVersion?: number | null } = {}) {
	const id = attachmentId()
	const file = path.join(E2E.tmp, 'attachments', id.slice(0, 2), id)
	fs.mkdirSync(path.dirname(file), { recursive: true })
	fs.writeFileSync(file, pdf)
	database()
		.prepare('insert into attachments (id, parent_type, parent_id, uploaded_by, filename, content_type, size, sha256, created_at, published_in_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
		.run(id, parentType, parentId, uploader.id, 'matrix.pdf', 'application/pdf', pdf.length, crypto.createHash('sha256').update(pdf).digest('hex'), now(), opts.publishedInVersion ?? null)
	return id
}

/** A copy of a content case under a new id, with one revision (the revisions page needs one). */
function seedCase(status: 'published' | 'draft', title: string) {
	const db = database()
	const id = `KAZ${crypto.randomInt(100_000, 999_999)}`
	const columns = (db.prepare('pragma table_info(cases)').all() as Array<{ name: string }>).map((c) => c.name)
	const values = columns.map((c) => (c === 'id' ? '@id' : c === 'status' ? '@status' : c === 'title' ? '@title' : c))
	db.prepare(`insert into cases (${columns.join(', ')}) select ${values.join(', ')} from cases where id = 'KAZ001'`).run({ id, status, title })
	db.prepare("insert into case_revisions (case_id, revision, author_id, source, changed_fields, snapshot, created_at) select ?, revision, null, 'import', changed_fields, snapshot, ? from case_revisions where case_id = 'KAZ001' order by revision limit 1").run(id, now())
	return id
}

function seedGuidance(status: 'published' | 'draft', author: TestUser, title: string) {
	const db = database()
	const id = `matrix-${status}-${crypto.randomBytes(4).toString('hex')}`
	const t = now()
	const rowid = Number(
		db
			.prepare(
				`insert into guidance_documents (id, translation_group, language, status, title, summary, body, themes, articles, regions, related_cases, related_recommendations, author_id, submitted_by, submitted_at, change_note, sample, created_at, updated_at)
				 values (?, ?, 'en', ?, ?, 'A summary.', 'A body.', '[]', '[]', '[]', '[]', '[]', ?, null, null, '', 0, ?, ?)`,
			)
			.run(id, id, status, title, author.id, t, t).lastInsertRowid,
	)
	if (status === 'published')
		db.prepare(
			`insert into guidance_versions (document_id, version, title, summary, body, themes, articles, regions, related_cases, related_recommendations, change_note, published_at, published_by, author_id)
			 values (?, 1, ?, 'A summary.', 'A body.', '[]', '[]', '[]', '[]', '[]', 'First version.', ?, null, ?)`,
		).run(id, title, t, author.id)
	return { id, rowid }
}

async function expectRedirect(response: { status(): number; headers(): Record<string, string>; text(): Promise<string> }, what: string): Promise<string> {
	if (response.status() !== 302) throw new Error(`Fixture: ${what} answered ${response.status()}: ${(await response.text()).slice(0, 300)}`)
	return response.headers().location
}

/**
 * Creates the actors and, as other users, the objects the matrix points at. Most rows go straight
 * into the database (as the other specs do); what must be encrypted or mailed is made over HTTP
 * as its author would: the conversations, and a reply that emails member A an unsubscribe link.
 * `open` gives a logged-in request context for a user.
 */
export async function buildFixture(open: (user: TestUser) => Promise<APIRequestContext>): Promise<MatrixFixture> {
	const [memberA, memberB, moderatorA, staff, admin, pending, authorA, authorB, staffAuthor, unlisted, target] = await Promise.all([
		createUser({ regions: [REGION_A], name: 'Matrix Member A' }),
		createUser({ regions: [REGION_B], name: 'Matrix Member B' }),
		createUser({ role: 'moderator', regions: [REGION_A], name: 'Matrix Moderator A' }),
		createUser({ role: 'staff', name: 'Matrix Staff' }),
		createUser({ role: 'admin', name: 'Matrix Admin' }),
		createUser({ regions: [REGION_A], status: 'pending', name: 'Matrix Pending' }),
		createUser({ regions: [REGION_A], name: 'Matrix Author A' }),
		createUser({ regions: [REGION_B], name: 'Matrix Author B' }),
		createUser({ role: 'staff', name: 'Matrix Staff Author' }),
		createUser({ regions: [REGION_A], name: 'Matrix Unlisted' }),
		createUser({ regions: [REGION_A], name: 'Matrix Target' }),
	])
	const db = database()

	// Forums: a thread in each kind of forum, by someone who is not an actor.
	const threads = {
		a: seedThread(REGION_A, authorA, TITLES.threadA),
		b: seedThread(REGION_B, authorB, TITLES.threadB),
		staff: seedThread('staff', staffAuthor, TITLES.threadStaff),
		interregional: seedThread('interregional', authorB, TITLES.threadInterregional),
		lock: seedThread(REGION_A, authorA, TITLES.threadLock),
	}
	const posts = {
		a: seedPost(threads.a, authorA, 'Opening post by author A.'),
		mine: seedPost(threads.a, memberA, 'A reply by member A.'),
		hidden: seedPost(threads.a, authorA, `${TITLES.hiddenWord}: a post a moderator hid.`),
		modQueue: seedPost(threads.a, authorA, 'A post for the moderation queue.'),
		deletable: seedPost(threads.a, authorA, 'A post someone may delete.'),
		b: seedPost(threads.b, authorB, 'Opening post by author B.'),
		staff: seedPost(threads.staff, staffAuthor, 'Opening post in the staff forum.'),
	}
	seedPost(threads.interregional, authorB, 'Opening interregional post.')
	seedPost(threads.lock, authorA, 'Opening post of the thread to lock.')
	db.prepare('update posts set hidden_at = ?, hidden_by = ?, hidden_reason = ? where id = ?').run(now(), moderatorA.id, 'Off topic', posts.hidden)

	// Member A watches thread A and is told by email at once: author A's reply (over HTTP, with a
	// file) mails member A an unsubscribe link.
	db.prepare("update users set forum_email = 'immediate' where id = ?").run(memberA.id)
	db.prepare("insert into watches (user_id, target_type, target_id, created_at) values (?, 'thread', ?, ?)").run(memberA.id, String(threads.a), now())
	const asAuthorA = await open(authorA)
	await expectRedirect(
		await asAuthorA.post(`/threads/${threads.a}`, { multipart: { body: 'Seizure report attached.', attachments: { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf } }, headers: origin(), maxRedirects: 0 }),
		'author A replies with a file',
	)
	const postAttachment = db.prepare("select a.id from attachments a join posts p on p.id = a.parent_id where a.parent_type = 'post' and p.thread_id = ? and p.author_id = ?").get(threads.a, authorA.id) as { id: string }
	const unsubscribePath = linkIn(await latestMailTo(memberA.email, 10_000), '/unsubscribe/')

	// Conversations (encrypted, so written through the app): author A with member A, and author A with author B.
	const startConversation = async (to: TestUser, subject: string) => {
		const location = await expectRedirect(
			await asAuthorA.post('/messages/new', {
				multipart: { to: `@${to.handle}`, subject, body: 'Written for the access matrix.', attachments: { name: 'note.pdf', mimeType: 'application/pdf', buffer: pdf } },
				headers: origin(),
				maxRedirects: 0,
			}),
			`author A writes to ${to.name}`,
		)
		const id = Number(location.match(/^\/messages\/(\d+)/)?.[1])
		const file = db.prepare("select a.id from attachments a join messages m on m.id = a.parent_id where a.parent_type = 'message' and m.conversation_id = ?").get(id) as { id: string }
		return { id, file: file.id }
	}
	const mine = await startConversation(memberA, TITLES.conversationMine)
	const others = await startConversation(authorB, TITLES.conversationOthers)

	// Cases, events, guidance.
	const cases = { published: seedCase('published', TITLES.casePublished), draft: seedCase('draft', TITLES.caseDraft) }
	const events = {
		members: seedEvent({ title: TITLES.eventMembers, visibility: 'members' }).id,
		regionA: seedEvent({ title: TITLES.eventA, visibility: 'regions', regions: [REGION_A] }).id,
		operation: seedEvent({ title: TITLES.operation, type: 'cross-border-operation', visibility: 'invite-only', regions: [REGION_A], invitees: [memberA.email], registration: { mode: 'open' } }).id,
	}
	const guidancePublished = seedGuidance('published', staffAuthor, TITLES.guidancePublished)
	const guidanceDraft = seedGuidance('draft', staffAuthor, TITLES.guidanceDraft)

	// Directory: one member unlisted; author A shows the bio to their regions only.
	const profile = database().prepare("insert into directory_profiles (user_id, listed, organisation_type, languages, expertise, bio, visibility, updated_at) values (?, ?, 'police', '[]', '[]', ?, ?, ?)")
	profile.run(unlisted.id, 0, '', '{}', now())
	profile.run(authorA.id, 1, TITLES.bioA, JSON.stringify({ bio: 'regions' }), now())

	// Into the search index as the app's own writes would put them (drafts included: the index must refuse them).
	const enqueue = db.prepare('insert into search_outbox (doc_type, doc_id, created_at) values (?, ?, ?)')
	for (const id of Object.values(threads)) enqueue.run('thread', String(id), now())
	for (const id of Object.values(events)) enqueue.run('event', id, now())
	for (const id of Object.values(cases)) enqueue.run('case', id, now())
	for (const doc of [guidancePublished, guidanceDraft]) enqueue.run('guidance', doc.id, now())

	// Author A's own things, for IDOR through ids in forms.
	const ofAuthorA = {
		savedSearch: Number(db.prepare("insert into saved_searches (user_id, name, query, email, created_at) values (?, 'Author A search', 'q=pistols', 'none', ?)").run(authorA.id, now()).lastInsertRowid),
		apiToken: Number(db.prepare("insert into api_tokens (user_id, name, token_hash, created_at) values (?, 'Author A token', ?, ?)").run(authorA.id, crypto.randomBytes(32).toString('hex'), now()).lastInsertRowid),
		notification: Number(db.prepare("insert into notifications (user_id, kind, title, url, email, created_at) values (?, 'forum-reply', 'For author A', '/forums', 'none', ?)").run(authorA.id, now()).lastInsertRowid),
	}

	// Member A's calendar feed, read from the profile page as member A would copy it.
	db.prepare('update users set calendar_feed_version = 1 where id = ?').run(memberA.id)
	const profilePage = await (await open(memberA)).get('/profile')
	const feedPath = (await profilePage.text()).match(/\/events\/feed\/[A-Za-z0-9_.-]+\.ics/)?.[0]
	if (!feedPath) throw new Error(`Fixture: no calendar feed address on member A's profile (status ${profilePage.status()}).`)

	// Wait for the search worker (it drains the outbox every few seconds) to index what staff may find.
	const asStaff = await open(staffAuthor)
	const expected = SEARCH_SHOWS.filter((s) => s.to.includes('staff')).map((s) => s.text)
	for (let waited = 0; ; waited += 500) {
		const hits = await (await asStaff.get('/api/search?q=aardwolf')).text()
		if (expected.every((t) => hits.includes(t))) break
		if (waited > 30_000) throw new Error(`Fixture: the search index never showed ${expected.filter((t) => !hits.includes(t)).join(', ')} to staff.`)
		await new Promise((r) => setTimeout(r, 500))
	}

	const recommendation = (db.prepare('select id from recommendations order by id limit 1').get() as { id: string }).id

	return {
		users: { pending, memberA, memberB, moderatorA, staff, admin, authorA, authorB, staffAuthor, unlisted, target },
		threads,
		posts,
		attachments: {
			postA: postAttachment.id,
			hiddenPost: seedAttachment('post', posts.hidden, authorA),
			staffPost: seedAttachment('post', posts.staff, staffAuthor),
			messageMine: mine.file,
			messageOthers: others.file,
			guidanceDraft: seedAttachment('guidance', guidanceDraft.rowid, staffAuthor),
			guidancePublished: seedAttachment('guidance', guidancePublished.rowid, staffAuthor, { publishedInVersion: 1 }),
		},
		cases,
		events,
		guidance: { published: guidancePublished.id, draft: guidanceDraft.id },
		conversations: { mine: mine.id, others: others.id, othersMessage: (db.prepare('select min(id) id from messages where conversation_id = ?').get(others.id) as { id: number }).id },
		ofAuthorA,
		feedPath,
		unsubscribePath,
		recommendation,
		inviteEmail: `matrix-invite-${crypto.randomBytes(4).toString('hex')}@test.portal`,
	}
}

/** A personal API token for a user (the database keeps only its SHA-256, as the app does). */
export function apiTokenFor(user: TestUser): string {
	const token = `pp_${crypto.randomBytes(20).toString('hex')}`
	database()
		// With message access, so the messages API answers by the same rules as the session does.
		.prepare("insert into api_tokens (user_id, name, token_hash, created_at, reads_messages) values (?, 'access matrix', ?, ?, 1)")
		.run(user.id, crypto.createHash('sha256').update(token).digest('hex'), now())
	return token
}
