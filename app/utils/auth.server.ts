import { BetterSqlite3Adapter } from '@lucia-auth/adapter-sqlite'
import { Lucia, TimeSpan } from 'lucia'
import { database } from './db.server'
import { env, secureCookies } from './env.server'
import { hashToken, randomToken } from './tokens.server'
import { nowSeconds, HOUR } from './time'
import type { AccountStatus, Role } from '../../db/schema'

/**
 * The only module that talks to lucia. Sessions follow lucia's own guidance:
 * the cookie holds a random token, the database holds only its SHA-256.
 */
let instance: ReturnType<typeof createLucia> | undefined

function createLucia() {
	const adapter = new BetterSqlite3Adapter(database().sqlite, { user: 'users', session: 'sessions' })
	return new Lucia(adapter, {
		// lucia slides expiry forward when half of it has elapsed: this is the idle timeout.
		sessionExpiresIn: new TimeSpan(env().SESSION_IDLE_MINUTES, 'm'),
		sessionCookie: {
			name: 'portal_session',
			// lucia's default: the cookie expires with the session (the idle timeout) and is
			// refreshed when lucia slides the session; the server enforces both limits anyway.
			expires: true,
			attributes: { secure: secureCookies(), sameSite: 'lax' },
		},
		getUserAttributes: (row) => ({
			email: row.email,
			name: row.name,
			role: row.role,
			status: row.status,
			preferredLanguage: row.preferred_language,
			timezone: row.timezone,
			twoFactorEnabled: row.two_factor_enabled_at !== null,
		}),
		getSessionAttributes: (row) => ({
			absoluteExpiresAt: row.absolute_expires_at,
			createdAt: row.created_at,
			twoFactorVerified: row.two_factor_verified === 1,
		}),
	})
}

function lucia() {
	instance ??= createLucia()
	return instance
}

declare module 'lucia' {
	interface Register {
		Lucia: ReturnType<typeof createLucia>
		DatabaseUserAttributes: {
			email: string
			name: string
			role: Role
			status: AccountStatus
			preferred_language: string
			timezone: string | null
			two_factor_enabled_at: number | null
		}
		DatabaseSessionAttributes: { absolute_expires_at: number; created_at: number; ip: string; user_agent: string; two_factor_verified: number }
	}
}

export interface SessionUser {
	id: string
	email: string
	name: string
	role: Role
	status: AccountStatus
	preferredLanguage: string
	timezone: string | null
}

export interface ValidatedSession {
	user: SessionUser
	sessionId: string
	/** A confirmed authenticator (TOTP) is on the account. */
	twoFactorEnabled: boolean
	/** The second factor was checked in this session. */
	twoFactorVerified: boolean
	/** A Set-Cookie header to send when the cookie must be refreshed or cleared. */
	setCookie: string | null
}

export function readSessionToken(cookieHeader: string | null): string | null {
	return lucia().readSessionCookie(cookieHeader ?? '')
}

/** Start a session (a new token at every login, so a planted cookie is worthless). */
export async function createSessionCookie(userId: string, meta: { ip: string; userAgent: string; twoFactorVerified?: boolean }): Promise<string> {
	const token = randomToken()
	const now = nowSeconds()
	await lucia().createSession(
		userId,
		{
			absolute_expires_at: now + Math.round(env().SESSION_ABSOLUTE_HOURS * HOUR),
			created_at: now,
			ip: meta.ip.slice(0, 64),
			user_agent: meta.userAgent.slice(0, 300),
			// Half-open until /login/two-factor is passed, for accounts with a second factor
			// (a new session for someone already verified, after a password change, carries it over).
			two_factor_verified: meta.twoFactorVerified ? 1 : 0,
		},
		{ sessionId: hashToken(token) },
	)
	return sessionCookieFor(token)
}

/** The cookie carrying a session token (a new session, a refreshed one, or the rotation after the second factor). */
export function sessionCookieFor(token: string): string {
	return lucia().createSessionCookie(token).serialize()
}

export function blankSessionCookie(): string {
	return lucia().createBlankSessionCookie().serialize()
}

/** Resolve the cookie to an active, approved user, enforcing idle and absolute expiry. */
export async function validateSessionToken(token: string): Promise<ValidatedSession | null> {
	const sessionId = hashToken(token)
	const { session, user } = await lucia().validateSession(sessionId)
	if (!session || !user) return null
	if (nowSeconds() >= session.absoluteExpiresAt || user.status !== 'active') {
		await lucia().invalidateSession(sessionId)
		return null
	}
	// Refresh the cookie only when lucia slid the expiry; the cookie value stays the token.
	const setCookie = session.fresh ? sessionCookieFor(token) : null
	const { twoFactorEnabled, ...sessionUser } = user
	return { user: sessionUser, sessionId, setCookie, twoFactorEnabled, twoFactorVerified: session.twoFactorVerified }
}

/** Whether this session passed the second factor (the profile's password change carries it over). */
export async function sessionTwoFactorVerified(sessionId: string): Promise<boolean> {
	const row = await database().db.selectFrom('sessions').select('two_factor_verified').where('id', '=', sessionId).executeTakeFirst()
	return row?.two_factor_verified === 1
}

export async function endSession(sessionId: string) {
	await lucia().invalidateSession(sessionId)
}

export async function endAllSessions(userId: string) {
	await lucia().invalidateUserSessions(userId)
}

export async function sessionsOf(userId: string) {
	return database()
		.db.selectFrom('sessions')
		.select(['id', 'created_at', 'expires_at', 'absolute_expires_at', 'ip', 'user_agent'])
		.where('user_id', '=', userId)
		.where('expires_at', '>', nowSeconds())
		.where('absolute_expires_at', '>', nowSeconds())
		.orderBy('created_at', 'desc')
		.execute()
}

export async function endSessionOf(userId: string, sessionId: string) {
	await database().db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).execute()
}

