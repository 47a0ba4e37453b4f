import { redirect } from '@remix-run/node'
import type { AppLoadContext } from '@remix-run/node'
import type { Role } from '../../db/schema'
import type { SessionUser } from './auth.server'

/**
 * The one place that decides who may do what. Deny by default: a path is public only
 * if listed here, and an action is allowed only if a rule below grants it.
 */

/** Paths anyone may reach without a session (matched after stripping Remix's `.data`). */
const PUBLIC_PATHS: RegExp[] = [
	/^\/login$/,
	/^\/request-access$/,
	// The language switcher: visitors choose a language before they sign in.
	/^\/locale$/,
	// The interface's messages in each language, which every page (the login page too) loads.
	/^\/i18n\/[^/]+\.js$/,
	/^\/reset-password(\/[^/]+)?$/,
	/^\/invite\/[^/]+$/,
	// Signed links in emails; they can only reduce what is mailed.
	/^\/unsubscribe\/[^/]+$/,
	// Personal calendar feeds: the signed secret in the URL stands for the member (calendar clients have no session).
	/^\/events\/feed\/[^/]+\.ics$/,
	/^\/healthz$/,
	/^\/favicon\.ico$/,
	/^\/robots\.txt$/,
	/^\/build\/.+/,
	/^\/assets\/.+/,
	// Remix's route discovery: route ids and module URLs only, no data.
	/^\/__manifest$/,
]

export function normalisePath(pathname: string): string {
	if (pathname === '/_root.data') return '/'
	return pathname.replace(/\.data$/, '').replace(/\/+$/, '') || '/'
}

export function isPublicPath(pathname: string): boolean {
	const path = normalisePath(pathname)
	return PUBLIC_PATHS.some((re) => re.test(path))
}

export type Permission =
	| 'admin:users' // approve, reject, change roles and regions, suspend
	| 'admin:invite' // invite by email
	| 'admin:area' // see /admin at all
	| 'publish:content' // cases, guidance, events
	| 'read:audit'
	| 'read:drafts' // unpublished cases and their revisions
	| 'read:moderation-log' // every moderator action in every forum
	| 'review:message-reports' // reported messages (and only those), each view audited

const GRANTS: Record<Role, readonly Permission[]> = {
	member: [],
	moderator: [],
	staff: ['admin:area', 'admin:invite', 'publish:content', 'read:drafts', 'read:moderation-log', 'review:message-reports'],
	admin: ['admin:area', 'admin:invite', 'admin:users', 'publish:content', 'read:audit', 'read:drafts', 'read:moderation-log', 'review:message-reports'],
}

export function can(user: Pick<SessionUser, 'role'> | null | undefined, permission: Permission): boolean {
	return !!user && GRANTS[user.role].includes(permission)
}

/** Staff and admins hold the keys to drafts, accounts and reports: they must sign in with a second factor. */
export function twoFactorRequired(role: Role): boolean {
	return role === 'staff' || role === 'admin'
}

/** Roles a given actor may hand out when inviting or approving. */
export function assignableRoles(user: Pick<SessionUser, 'role'>): Role[] {
	if (user.role === 'admin') return ['member', 'moderator', 'staff', 'admin']
	if (user.role === 'staff') return ['member', 'moderator']
	return []
}

/**
 * The tags a reader holds for the search engine's access filter (search/types.ts):
 * a document is visible when it carries one of them. Staff and admins see staff-only
 * material; region tags follow membership.
 */
export function accessTagsFor(viewer: Pick<Viewer, 'id' | 'role' | 'regions' | 'email'>): string[] {
	// `email:` matches invite-only events, whose invitees are named by account email.
	const tags = ['all', `user:${viewer.id}`, `email:${viewer.email.toLowerCase()}`, ...viewer.regions.map((r) => `region:${r}`)]
	if (viewer.role === 'staff' || viewer.role === 'admin') tags.push('staff')
	return tags
}

/**
 * Forums: a region's forum is for members of that region (moderators included), staff and
 * admins; the interregional forum for every member; the staff forum for staff and admins.
 * Anyone else must get a 404, so the forum's existence is not confirmed either.
 */
export function canReadForum(viewer: Pick<Viewer, 'role' | 'regions'>, forum: { kind: string; region_slug: string | null }): boolean {
	const staff = viewer.role === 'staff' || viewer.role === 'admin'
	if (forum.kind === 'interregional') return true
	if (forum.kind === 'staff') return staff
	return staff || (!!forum.region_slug && viewer.regions.includes(forum.region_slug))
}

/** Moderators act in the forums of their own regions; staff and admins everywhere. */
export function canModerateForum(viewer: Pick<Viewer, 'role' | 'regions'>, forum: { kind: string; region_slug: string | null }): boolean {
	if (viewer.role === 'staff' || viewer.role === 'admin') return true
	return viewer.role === 'moderator' && forum.kind === 'region' && !!forum.region_slug && viewer.regions.includes(forum.region_slug)
}

/** Moderators, staff and admins have a moderation queue (its content is filtered per forum). */
export function canModerateSomewhere(viewer: Pick<Viewer, 'role'> | null | undefined): boolean {
	return !!viewer && (viewer.role === 'moderator' || viewer.role === 'staff' || viewer.role === 'admin')
}

/**
 * Whether someone may write to a member who left the directory (unlisted): staff and admins
 * may; others cannot find them by handle (see resolveRecipients), so they are not offered it.
 */
export function mayMessageUnlisted(viewer: Pick<Viewer, 'role'>): boolean {
	return viewer.role === 'staff' || viewer.role === 'admin'
}

/**
 * Members see `members` events; `regions` events if they share a region; `invite-only`
 * events if their account email is invited. Staff and admins see everything. Anyone else
 * gets the same 404 as for an id that does not exist. (Also decides who on a waiting list
 * may take a freed place: db/events/queries.ts.)
 */
export function canSeeEvent(
	viewer: Pick<Viewer, 'role' | 'regions'>,
	event: { visibility: string; regions: string },
	invited: boolean,
): boolean {
	if (viewer.role === 'staff' || viewer.role === 'admin' || invited) return true
	if (event.visibility === 'members') return true
	if (event.visibility === 'regions') return (JSON.parse(event.regions) as string[]).some((r) => viewer.regions.includes(r))
	return false
}

/** The search access tags of an event, matching canSeeEvent. */
export function eventAccessTags(event: { visibility: string; regions: string[] }, invitees: string[]): string[] {
	if (event.visibility === 'members') return ['all']
	if (event.visibility === 'regions') return [...event.regions.map((r) => `region:${r}`), ...invitees.map((e) => `email:${e}`), 'staff']
	return [...invitees.map((e) => `email:${e}`), 'staff']
}

/** The search access tags of a forum's content, matching canReadForum. */
export function forumAccessTags(forum: { kind: string; region_slug: string | null }): string[] {
	if (forum.kind === 'interregional') return ['all']
	if (forum.kind === 'staff') return ['staff']
	return [`region:${forum.region_slug}`, 'staff']
}

export interface Viewer extends SessionUser {
	regions: string[]
	sessionId: string
	/** Signed in with the password only: the second factor is still owed (verify) or must be set up (enrol). */
	twoFactorPending?: TwoFactorStep
	/** Set when the request came with a personal API token rather than a session: what that token may reach. */
	apiToken?: { readsMessages: boolean }
}

/** Where a half-signed-in session may go: the page that completes the step, and logging out. */
export const TWO_FACTOR_PATHS = {
	verify: /^\/(login\/two-factor|logout)$/,
	enrol: /^\/(profile\/two-factor|logout)$/,
} as const

/**
 * What the step's page itself loads, public and free of data: the interface's messages and
 * Remix's route discovery. Redirected to the step like any page, the catalogue script failed
 * to load and the page reloaded itself over and over.
 */
export const TWO_FACTOR_PAGE_ASSETS = /^\/(i18n\/[^/]+\.js|__manifest)$/
export type TwoFactorStep = keyof typeof TWO_FACTOR_PATHS
export const TWO_FACTOR_PAGES: Record<TwoFactorStep, string> = { verify: '/login/two-factor', enrol: '/profile/two-factor' }

/** What a session still owes: the code (verify), or an authenticator its role requires (enrol). */
export function twoFactorStep(role: Role, session: { twoFactorEnabled: boolean; twoFactorVerified: boolean }): TwoFactorStep | null {
	if (session.twoFactorEnabled) return session.twoFactorVerified ? null : 'verify'
	return twoFactorRequired(role) ? 'enrol' : null
}

/** The first line of every protected loader and action. */
export function requireViewer(context: AppLoadContext, request: Request): Viewer {
	const viewer = context.viewer
	const url = new URL(request.url)
	if (!viewer) {
		const back = normalisePath(url.pathname) + url.search
		throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
	}
	// The gate already holds half-signed-in sessions to these pages; this is the second lock.
	if (viewer.twoFactorPending && !TWO_FACTOR_PATHS[viewer.twoFactorPending].test(normalisePath(url.pathname))) throw redirect(TWO_FACTOR_PAGES[viewer.twoFactorPending])
	// A personal API token opens the JSON API only (the gate admits it nowhere else; second lock):
	// pages and their forms take a session, and CSRF protection assumes one.
	if (viewer.apiToken) throw new Response('Pages need a session: an API token opens /api/ only.', { status: 403 })
	return viewer
}

export function requirePermission(context: AppLoadContext, request: Request, permission: Permission): Viewer {
	const viewer = requireViewer(context, request)
	if (!can(viewer, permission)) {
		throw new Response('You do not have permission to open this page.', { status: 403 })
	}
	return viewer
}

/** The API's guard: JSON 401 rather than a redirect to the login page. */
export function requireApiViewer(context: AppLoadContext): Viewer {
	if (!context.viewer) throw Response.json({ error: 'Authentication required.' }, { status: 401 })
	// The gate refuses a session that still owes its second factor; this is the second lock.
	if (context.viewer.twoFactorPending) throw Response.json({ error: 'Two-factor verification required.' }, { status: 401 })
	return context.viewer
}

/** The messages API: a session, or a token made with message access (403 for any other token). */
export function requireMessagesApiViewer(context: AppLoadContext): Viewer {
	const viewer = requireApiViewer(context)
	if (viewer.apiToken && !viewer.apiToken.readsMessages)
		throw Response.json({ error: 'This API token cannot read messages. Create a token with message access on your profile page.' }, { status: 403 })
	return viewer
}
