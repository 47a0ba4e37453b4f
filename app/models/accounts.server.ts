import { sql, type Transaction } from 'kysely'
import type { Database, Role, TokenPurpose, User } from '../../db/schema'
import { audit } from '../utils/audit.server'
import { endAllSessions } from '../utils/auth.server'
import { revokeAllApiTokens } from './api-tokens.server'
import { liftSecondFactorLock } from './two-factor.server'
import { db } from '../utils/db.server'
import { absoluteUrl, recipientT, sendMail } from '../utils/mail.server'
import { isLocale } from '../i18n/locales'
import { burnPasswordCheck, hashPassword, verifyPassword } from '../utils/passwords.server'
import { loginBlocked, recordLoginAttempt } from '../utils/rate-limit.server'
import { DAY, HOUR, MINUTE, nowSeconds } from '../utils/time'
import { hashToken, randomId, randomToken } from '../utils/tokens.server'

class TokenRefused extends Error {}

const TOKEN_LIFETIME: Record<TokenPurpose, number> = {
	'set-password': 3 * DAY,
	'reset-password': 1 * HOUR,
}
export const INVITATION_LIFETIME = 7 * DAY

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export interface Actor {
	id: string
	role: Role
	ip?: string
}

// ---------- sign-in ----------

export type AuthenticationResult =
	| { kind: 'ok'; user: User }
	| { kind: 'blocked' }
	| { kind: 'invalid' }

/** Same answer and cost for a wrong password, an unknown email and an unapproved account. */
export async function authenticate(rawEmail: string, password: string, ip: string): Promise<AuthenticationResult> {
	const email = normaliseEmail(rawEmail)
	if (await loginBlocked(email, ip)) {
		// Once per address and email per window: a flood of refused attempts must not flood the log.
		const logged = await db()
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'login.blocked')
			.where('created_at', '>', nowSeconds() - 15 * MINUTE)
			.where('ip', '=', ip)
			.where(sql<string>`json_extract(detail, '$.email')`, '=', email)
			.executeTakeFirst()
		if (!logged) await audit(db(), { actorId: null, action: 'login.blocked', objectType: 'user', ip, detail: { email } })
		return { kind: 'blocked' }
	}
	const user = await db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
	const valid = user?.password_hash ? await verifyPassword(user.password_hash, password) : (await burnPasswordCheck(password), false)
	const ok = valid && user?.status === 'active'
	await recordLoginAttempt(email, ip, ok)
	await audit(db(), { actorId: user?.id ?? null, action: ok ? 'login.success' : 'login.failure', objectType: 'user', objectId: user?.id, ip, detail: { email } })
	return ok && user ? { kind: 'ok', user } : { kind: 'invalid' }
}

// ---------- access requests ----------

export interface AccessRequest {
	name: string
	email: string
	organisation: string
	country: string
	jobTitle: string
	regions: string[]
	reason: string
	/** The language the form was filled in: the account starts with it, and the welcome email is written in it. */
	preferredLanguage?: string
}

/** The base of a member's @handle: their name in lower-case ASCII, dots between words. */
function handleBase(name: string): string {
	return (
		name
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '.')
			.replace(/^\.+|\.+$/g, '')
			.slice(0, 30) || 'member'
	)
}

/** A handle no one holds yet (amina.diallo, then amina.diallo2, …). */
async function freeHandle(trx: Transaction<Database>, name: string): Promise<string> {
	const base = handleBase(name)
	const taken = new Set(
		(await trx.selectFrom('users').select('handle').where((eb) => eb.or([eb('handle', '=', base), eb('handle', 'like', `${base}%`)])).execute()).map((r) => r.handle),
	)
	let handle = base
	for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`
	return handle
}

/** Requests one address may make in an hour: an agency's network shares one, a flood does not get far. */
export const ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR = 5

/** How many of these audited actions came from this address in the last hour: the rate limits of the forms anyone may send. */
async function auditedFromAddressLastHour(trx: Transaction<Database>, actions: string[], ip: string): Promise<number> {
	const row = await trx
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('action', 'in', actions)
		.where('created_at', '>', nowSeconds() - 3600)
		.where('ip', '=', ip)
		.executeTakeFirst()
	return Number(row?.n ?? 0)
}

/** Creates a pending account. An existing email is answered identically, so the form reveals nothing. */
export async function requestAccess(input: AccessRequest, ip: string): Promise<'sent' | 'limited'> {
	const email = normaliseEmail(input.email)
	return db()
		.transaction()
		.execute(async (trx) => {
			if ((await auditedFromAddressLastHour(trx, ['access.requested'], ip)) >= ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR) return 'limited'
			const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
			if (existing) return 'sent'
			const id = randomId()
			await trx
				.insertInto('users')
				.values({
					id,
					email,
					name: input.name,
					handle: await freeHandle(trx, input.name),
					organisation: input.organisation,
					country: input.country,
					job_title: input.jobTitle,
					role: 'member',
					status: 'pending',
					request_reason: input.reason,
					requested_regions: JSON.stringify(input.regions),
					...(isLocale(input.preferredLanguage) ? { preferred_language: input.preferredLanguage } : {}),
					created_at: nowSeconds(),
				})
				.execute()
			await audit(trx, { actorId: null, action: 'access.requested', objectType: 'user', objectId: id, ip, detail: { email } })
			return 'sent'
		})
}

export async function usersForAdmin(filter: { status?: string; q?: string }) {
	let query = db()
		.selectFrom('users')
		.select(['id', 'email', 'name', 'organisation', 'country', 'role', 'status', 'created_at', 'requested_regions'])
		.orderBy('created_at', 'desc')
		.limit(500)
	if (filter.status) query = query.where('status', '=', filter.status as User['status'])
	if (filter.q) {
		const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
		query = query.where((eb) => eb.or([eb('email', 'like', like), eb('name', 'like', like), eb('organisation', 'like', like)]))
	}
	return query.execute()
}

export async function userWithRegions(userId: string) {
	const user = await db().selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
	if (!user) return null
	const regions = await db().selectFrom('user_regions').select('region_slug').where('user_id', '=', userId).execute()
	return { ...user, regions: regions.map((r) => r.region_slug) }
}

async function replaceRegions(trx: Transaction<Database>, userId: string, regions: string[]) {
	await trx.deleteFrom('user_regions').where('user_id', '=', userId).execute()
	if (regions.length)
		await trx
			.insertInto('user_regions')
			.values(regions.map((region_slug) => ({ user_id: userId, region_slug })))
			.execute()
}

async function issueToken(trx: Transaction<Database>, userId: string, purpose: TokenPurpose): Promise<string> {
	const token = randomToken()
	const now = nowSeconds()
	// Only the newest link of a kind works.
	await trx.deleteFrom('one_time_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).execute()
	await trx
		.insertInto('one_time_tokens')
		.values({ token_hash: hashToken(token), purpose, user_id: userId, expires_at: now + TOKEN_LIFETIME[purpose], used_at: null, created_at: now })
		.execute()
	return token
}

export async function approveUser(actor: Actor, userId: string, access: { role: Role; regions: string[] }, origin: string) {
	const result = await db()
		.transaction()
		.execute(async (trx) => {
			const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
			if (!user || user.status !== 'pending') return null
			await trx
				.updateTable('users')
				.set({ status: 'active', role: access.role, decided_by: actor.id, decided_at: nowSeconds(), decision_reason: null })
				.where('id', '=', userId)
				.execute()
			await replaceRegions(trx, userId, access.regions)
			const token = await issueToken(trx, userId, 'set-password')
			await audit(trx, { actorId: actor.id, action: 'user.approved', objectType: 'user', objectId: userId, ip: actor.ip, detail: access })
			return { user, token }
		})
	if (!result) return false
	const t = recipientT(result.user.preferred_language)
	// The approval stands whatever the mail server does; the admin is told when the welcome
	// email did not leave, so the member can be pointed to "Forgot password".
	return sendMail({
		to: result.user.email,
		subject: t('email.welcome.subject'),
		text: [
			t('email.welcome.greeting', { name: result.user.name }),
			'',
			t('email.welcome.approved'),
			t('email.welcome.link'),
			absoluteUrl(origin, `/reset-password/${result.token}`),
			'',
			t('email.welcome.ignore'),
		].join('\n'),
	}).then(
		() => 'approved' as const,
		(error: unknown) => {
			console.error(`[mail] welcome email for approved user ${userId} failed`, error)
			return 'approved-unmailed' as const
		},
	)
}

export async function rejectUser(actor: Actor, userId: string, reason: string) {
	return db()
		.transaction()
		.execute(async (trx) => {
			const updated = await trx
				.updateTable('users')
				.set({ status: 'rejected', decided_by: actor.id, decided_at: nowSeconds(), decision_reason: reason })
				.where('id', '=', userId)
				.where('status', '=', 'pending')
				.executeTakeFirst()
			if (!updated.numUpdatedRows) return false
			await audit(trx, { actorId: actor.id, action: 'user.rejected', objectType: 'user', objectId: userId, ip: actor.ip, detail: { reason } })
			return true
		})
}

export async function updateUserAccess(actor: Actor, userId: string, access: { role: Role; regions: string[] }) {
	await db()
		.transaction()
		.execute(async (trx) => {
			const before = await trx.selectFrom('users').select(['role']).where('id', '=', userId).executeTakeFirstOrThrow()
			const beforeRegions = await trx.selectFrom('user_regions').select('region_slug').where('user_id', '=', userId).execute()
			await trx.updateTable('users').set({ role: access.role }).where('id', '=', userId).execute()
			await replaceRegions(trx, userId, access.regions)
			await audit(trx, {
				actorId: actor.id,
				action: 'user.access_changed',
				objectType: 'user',
				objectId: userId,
				ip: actor.ip,
				detail: { before: { role: before.role, regions: beforeRegions.map((r) => r.region_slug) }, after: access },
			})
		})
}

export async function setSuspended(actor: Actor, userId: string, suspended: boolean) {
	const changed = await db()
		.transaction()
		.execute(async (trx) => {
			const r = await trx
				.updateTable('users')
				.set({ status: suspended ? 'suspended' : 'active' })
				.where('id', '=', userId)
				.where('status', '=', suspended ? 'active' : 'suspended')
				.executeTakeFirst()
			if (!r.numUpdatedRows) return false
			await audit(trx, { actorId: actor.id, action: suspended ? 'user.suspended' : 'user.reinstated', objectType: 'user', objectId: userId, ip: actor.ip })
			return true
		})
	// Suspension ends every way in: sessions, API tokens and the calendar feed address, none of which a reinstatement brings back.
	if (changed && suspended) await endAllAccess(userId)
	return changed
}

// ---------- invitations ----------

/**
 * An account made by the access-request form that was never let in (pending or rejected,
 * no password): anyone can create one for any address, so it must not stand in the way of
 * an invitation to that address. Whoever opens the invitation link proves the address is
 * theirs, and the invitation takes the row over.
 */
function unclaimedRequest(trx: Transaction<Database>, email: string) {
	return trx.selectFrom('users').select('id').where('email', '=', email).where('status', 'in', ['pending', 'rejected']).where('password_hash', 'is', null).executeTakeFirst()
}

export async function inviteUser(actor: Actor, input: { email: string; role: Role; regions: string[]; language?: string }, origin: string) {
	const email = normaliseEmail(input.email)
	const token = randomToken()
	const now = nowSeconds()
	const outcome = await db()
		.transaction()
		.execute(async (trx) => {
			const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
			if (existing && !(await unclaimedRequest(trx, email))) return 'exists' as const
			await trx
				.insertInto('invitations')
				.values({
					token_hash: hashToken(token),
					email,
					role: input.role,
					regions: JSON.stringify(input.regions),
					invited_by: actor.id,
					expires_at: now + INVITATION_LIFETIME,
					accepted_at: null,
					accepted_user_id: null,
					created_at: now,
				})
				.execute()
			await audit(trx, { actorId: actor.id, action: 'user.invited', objectType: 'invitation', objectId: email, ip: actor.ip, detail: { role: input.role, regions: input.regions } })
			return 'invited' as const
		})
	if (outcome === 'invited') {
		// No account yet, so no language of theirs is known: English, unless the inviter chose one.
		const t = recipientT(input.language)
		try {
			await sendMail({
				to: email,
				subject: t('email.invitation.subject'),
				text: [t('email.invitation.invited'), t('email.invitation.link'), absoluteUrl(origin, `/invite/${token}`)].join('\n'),
			})
		} catch (error) {
			// The link exists only in that email: without it the invitation is useless and would
			// block a new one, so it is withdrawn, and the admin asked to try again.
			console.error(`[mail] invitation email to ${email} failed; the invitation is withdrawn`, error)
			await db()
				.transaction()
				.execute(async (trx) => {
					await trx.deleteFrom('invitations').where('token_hash', '=', hashToken(token)).where('accepted_at', 'is', null).execute()
					await audit(trx, { actorId: actor.id, action: 'user.invitation_withdrawn', objectType: 'invitation', objectId: email, ip: actor.ip, detail: { reason: 'email failed' } })
				})
			return 'mail-failed' as const
		}
	}
	return outcome
}

export async function recentInvitations() {
	return db()
		.selectFrom('invitations')
		.leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
		.select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.regions', 'invitations.expires_at', 'invitations.accepted_at', 'invitations.created_at', 'inviter.name as inviter_name'])
		.orderBy('invitations.created_at', 'desc')
		.limit(100)
		.execute()
}

export type InvitationState = { kind: 'valid'; email: string; role: Role; regions: string[] } | { kind: 'used' } | { kind: 'expired' } | { kind: 'unknown' }

export async function invitationState(token: string): Promise<InvitationState> {
	const row = await db().selectFrom('invitations').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
	if (!row) return { kind: 'unknown' }
	if (row.accepted_at) return { kind: 'used' }
	if (row.expires_at <= nowSeconds()) return { kind: 'expired' }
	return { kind: 'valid', email: row.email, role: row.role, regions: JSON.parse(row.regions) }
}

export async function acceptInvitation(
	token: string,
	profile: { name: string; organisation: string; country: string; jobTitle: string; password: string },
): Promise<{ kind: 'ok'; userId: string } | { kind: 'invalid' } | { kind: 'exists' }> {
	if ((await invitationState(token)).kind !== 'valid') return { kind: 'invalid' }
	const passwordHash = await hashPassword(profile.password)
	return db()
		.transaction()
		.execute(async (trx) => {
			const now = nowSeconds()
			const invitation = await trx
				.selectFrom('invitations')
				.selectAll()
				.where('token_hash', '=', hashToken(token))
				.where('accepted_at', 'is', null)
				.where('expires_at', '>', now)
				.executeTakeFirst()
			if (!invitation) return { kind: 'invalid' as const }
			const existing = await trx.selectFrom('users').select('id').where('email', '=', invitation.email).executeTakeFirst()
			const unclaimed = existing ? await unclaimedRequest(trx, invitation.email) : undefined
			if (existing && !unclaimed) return { kind: 'exists' as const }
			const userId = unclaimed?.id ?? randomId()
			const account = {
				name: profile.name,
				organisation: profile.organisation,
				country: profile.country,
				job_title: profile.jobTitle,
				role: invitation.role,
				status: 'active' as const,
				password_hash: passwordHash,
				decided_by: invitation.invited_by,
				decided_at: now,
			}
			if (unclaimed) {
				// Nothing of the request survives but the row: its name, reason and requested regions were typed by whoever made it.
				await trx
					.updateTable('users')
					.set({ ...account, handle: await freeHandle(trx, profile.name), request_reason: '', requested_regions: '[]', decision_reason: null, preferred_language: 'en', created_at: now })
					.where('id', '=', userId)
					.execute()
				await audit(trx, { actorId: userId, action: 'access.request_superseded', objectType: 'user', objectId: userId, detail: { by: 'invitation' } })
			} else
				await trx
					.insertInto('users')
					.values({ id: userId, email: invitation.email, handle: await freeHandle(trx, profile.name), created_at: now, ...account })
					.execute()
			await replaceRegions(trx, userId, JSON.parse(invitation.regions))
			// The conditional update is what makes the link single-use under concurrency.
			const used = await trx
				.updateTable('invitations')
				.set({ accepted_at: now, accepted_user_id: userId })
				.where('id', '=', invitation.id)
				.where('accepted_at', 'is', null)
				.executeTakeFirst()
			if (!used.numUpdatedRows) throw new Error('invitation accepted concurrently')
			await audit(trx, { actorId: userId, action: 'invitation.accepted', objectType: 'user', objectId: userId })
			return { kind: 'ok' as const, userId }
		})
}

// ---------- passwords ----------

/** Reset requests one address may make in an hour, for any email: beyond it, nothing is written or sent. */
const RESETS_PER_ADDRESS_PER_HOUR = 10

export async function requestPasswordReset(rawEmail: string, origin: string, ip: string) {
	const email = normaliseEmail(rawEmail)
	const issued = await db()
		.transaction()
		.execute(async (trx) => {
			// Counted over both kinds of request, so the limit says nothing about which addresses exist.
			if ((await auditedFromAddressLastHour(trx, ['password.reset_requested', 'password.reset_requested_unknown'], ip)) >= RESETS_PER_ADDRESS_PER_HOUR) return null
			const user = await trx.selectFrom('users').select(['id', 'status', 'preferred_language']).where('email', '=', email).executeTakeFirst()
			if (!user || user.status !== 'active') {
				// A write and a commit either way, so the time to answer does not tell a real address
				// from an unknown one (the commit's fsync is most of it). The entry names no address:
				// it shows requests for addresses that hold no account, by where they came from.
				await audit(trx, { actorId: null, action: 'password.reset_requested_unknown', ip })
				return null
			}
			await audit(trx, { actorId: null, action: 'password.reset_requested', objectType: 'user', objectId: user.id, ip })
			return { token: await issueToken(trx, user.id, 'reset-password'), language: user.preferred_language }
		})
	if (!issued) return
	const t = recipientT(issued.language)
	// Not awaited: the answer must take as long for an unknown address as for a real one.
	void sendMail({
		to: email,
		subject: t('email.reset.subject'),
		text: [t('email.reset.requested'), t('email.reset.link'), absoluteUrl(origin, `/reset-password/${issued.token}`), '', t('email.reset.ignore')].join('\n'),
	}).catch((error: unknown) => console.error('[mail] password reset mail failed', error))
}

export async function oneTimeTokenState(token: string) {
	const row = await db().selectFrom('one_time_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
	if (!row || row.used_at || row.expires_at <= nowSeconds()) return null
	return { purpose: row.purpose }
}

/** Consumes the link and sets the password; every existing session of the user ends. */
export async function setPasswordWithToken(token: string, password: string): Promise<string | null> {
	// Refuse dead links before paying for a hash: anonymous POSTs must stay cheap.
	if (!(await oneTimeTokenState(token))) return null
	const passwordHash = await hashPassword(password)
	const userId = await db()
		.transaction()
		.execute(async (trx) => {
			const now = nowSeconds()
			const row = await trx
				.selectFrom('one_time_tokens')
				.selectAll()
				.where('token_hash', '=', hashToken(token))
				.where('used_at', 'is', null)
				.where('expires_at', '>', now)
				.executeTakeFirst()
			if (!row?.user_id) return null
			const used = await trx
				.updateTable('one_time_tokens')
				.set({ used_at: now })
				.where('token_hash', '=', row.token_hash)
				.where('used_at', 'is', null)
				.executeTakeFirst()
			if (!used.numUpdatedRows) return null
			const updated = await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).where('status', '=', 'active').executeTakeFirst()
			// A suspended account keeps its link unused and its password unchanged.
			if (!updated.numUpdatedRows) throw new TokenRefused()
			await liftSecondFactorLock(trx, row.user_id)
			await audit(trx, { actorId: row.user_id, action: 'password.set', objectType: 'user', objectId: row.user_id, detail: { via: row.purpose } })
			return row.user_id
		})
		.catch((error: unknown) => {
			if (error instanceof TokenRefused) return null
			throw error
		})
	if (userId) await endAllAccess(userId)
	return userId
}

/** Every session, API token and calendar-feed address of the user ends: after a password change or reset, and on "Log out everywhere" on the profile page. */
export async function endAllAccess(userId: string) {
	await endAllSessions(userId)
	await revokeAllApiTokens(userId)
	// A copied feed address would otherwise keep showing invite-only operations.
	// Stored negated and moved on (as turning the feed off does), so the old address never works again.
	await db()
		.updateTable('users')
		.set({ calendar_feed_version: sql<number>`-(calendar_feed_version + 1)` })
		.where('id', '=', userId)
		.where('calendar_feed_version', '>', 0)
		.execute()
}

/**
 * Checking the current password is a password guess like a login: it counts as a failed
 * login, and this address's limit applies (a stolen session cannot try passwords faster than
 * the sign-in page allows). Not the account-wide one: a member whose name is under attack
 * elsewhere must still be able to change their password, signed in, from wherever they are.
 */
export async function changePassword(userId: string, current: string, next: string, ip: string): Promise<'changed' | 'wrong' | 'blocked'> {
	const user = await db().selectFrom('users').select(['password_hash', 'email']).where('id', '=', userId).executeTakeFirst()
	if (!user?.password_hash) return 'wrong'
	const email = normaliseEmail(user.email)
	if (await loginBlocked(email, ip, { accountWide: false })) return 'blocked'
	if (!(await verifyPassword(user.password_hash, current))) {
		await recordLoginAttempt(email, ip, false)
		return 'wrong'
	}
	const passwordHash = await hashPassword(next)
	await db()
		.transaction()
		.execute(async (trx) => {
			await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
			await audit(trx, { actorId: userId, action: 'password.changed', objectType: 'user', objectId: userId, ip })
		})
	await endAllAccess(userId)
	return 'changed'
}

// ---------- profile ----------

export interface ProfileUpdate {
	name: string
	organisation: string
	country: string
	jobTitle: string
	preferredLanguage: string
	timezone: string | null
}

export async function updateProfile(userId: string, profile: ProfileUpdate) {
	await db()
		.updateTable('users')
		.set({
			name: profile.name,
			organisation: profile.organisation,
			country: profile.country,
			job_title: profile.jobTitle,
			preferred_language: profile.preferredLanguage,
			timezone: profile.timezone,
		})
		.where('id', '=', userId)
		.execute()
}

/** The language switcher's choice, kept on the profile. */
export async function setPreferredLanguage(userId: string, language: string) {
	await db().updateTable('users').set({ preferred_language: language }).where('id', '=', userId).execute()
}

// ---------- scripted setup ----------

export async function createActiveUser(input: { email: string; name: string; password: string; role: Role; regions: string[]; organisation?: string; country?: string }) {
	const email = normaliseEmail(input.email)
	const passwordHash = await hashPassword(input.password)
	return db()
		.transaction()
		.execute(async (trx) => {
			const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
			if (existing) throw new Error(`A user with email ${email} already exists.`)
			const id = randomId()
			await trx
				.insertInto('users')
				.values({
					id,
					email,
					name: input.name,
					handle: await freeHandle(trx, input.name),
					organisation: input.organisation ?? '',
					country: input.country ?? '',
					job_title: '',
					role: input.role,
					status: 'active',
					password_hash: passwordHash,
					created_at: nowSeconds(),
				})
				.execute()
			await replaceRegions(trx, id, input.regions)
			await audit(trx, { actorId: null, action: 'user.created_by_command', objectType: 'user', objectId: id, detail: { role: input.role, regions: input.regions } })
			return id
		})
}
