import crypto from 'node:crypto'
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp'
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import QRCode from 'qrcode'
import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { signingKey } from '../utils/signed-links.server'
import { MINUTE, nowSeconds } from '../utils/time'
import { hashToken, randomToken } from '../utils/tokens.server'

/**
 * Two-factor sign-in: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, as every
 * authenticator app expects) with single-use recovery codes. Optional for members,
 * required for staff and admins (the gate sends them to enrol before anything else).
 */

export const TOTP_PERIOD = 30
export const TOTP_DIGITS = 6
/** Steps either side of now that are still accepted (clock drift between phone and server). */
const DRIFT_STEPS = 1
export const MAX_FAILURES = 5
export const LOCK_MINUTES = 15
/** The longest lock: repeated lockouts double it from LOCK_MINUTES up to a day. */
export const MAX_LOCK_MINUTES = 24 * 60

/**
 * Minutes the `n`-th lockout in a row lasts: 15, 30, 60… up to a day. Five guesses per 15
 * minutes would give someone holding the password about 480 guesses a day at the 6-digit
 * code; doubling keeps that to a few dozen.
 */
export function lockMinutes(n: number): number {
	return Math.min(MAX_LOCK_MINUTES, LOCK_MINUTES * 2 ** Math.max(0, Math.min(n, 20) - 1))
}

/** A factor with no failures counted and no lock: after a right answer, or a password reset. */
const UNLOCKED = { failed_attempts: 0, locked_until: 0, lockouts: 0 } as const

/** Whoever guessed codes no longer has the password (it was just reset): the owner may try at once. */
export async function liftSecondFactorLock(trx: Transaction<Database>, userId: string): Promise<void> {
	await trx.updateTable('totp_credentials').set(UNLOCKED).where('user_id', '=', userId).execute()
}

const minutesLeft = (lockedUntil: number) => Math.max(1, Math.ceil((lockedUntil - nowSeconds()) / MINUTE))
const RECOVERY_CODE_COUNT = 10
const ISSUER = 'Practitioners Portal'

// ---------- the secret at rest ----------

function secretKey(): Buffer {
	return Buffer.from(crypto.hkdfSync('sha256', signingKey(), Buffer.alloc(0), 'totp-secret-v1', 32))
}

function sealSecret(userId: string, secret: Uint8Array): string {
	const iv = crypto.randomBytes(12)
	const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(), iv)
	cipher.setAAD(Buffer.from(`totp:${userId}`))
	const ct = Buffer.concat([cipher.update(secret), cipher.final()])
	return ['t1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
}

/** Null when the secret cannot be opened: the signing key changed (a restore on a new host, a rotated SIGNING_KEY). */
function openSecret(userId: string, sealed: string): Uint8Array | null {
	const [version, iv, tag, ct] = sealed.split('.')
	if (version !== 't1' || !iv || !tag || !ct) return null
	try {
		const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64url'))
		decipher.setAAD(Buffer.from(`totp:${userId}`))
		decipher.setAuthTag(Buffer.from(tag, 'base64url'))
		return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]))
	} catch {
		return null
	}
}

const UNREADABLE = 'Your authenticator can no longer be checked (the server’s key changed). Use a recovery code, or ask an administrator to reset your two-factor sign-in.'

// ---------- codes ----------

const currentStep = (nowMs = Date.now()) => Math.floor(nowMs / 1000 / TOTP_PERIOD)

/** The step a code belongs to, if it matches within the drift window and is newer than `after`. */
export function matchingStep(secret: Uint8Array, code: string, after: number, nowMs = Date.now()): number | null {
	if (!/^\d{6}$/.test(code)) return null
	const now = currentStep(nowMs)
	let found: number | null = null
	// Check every candidate (no early exit), comparing in constant time.
	for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
		const expected = Buffer.from(generateHOTP(secret, BigInt(step), TOTP_DIGITS))
		if (crypto.timingSafeEqual(expected, Buffer.from(code)) && step > after && found === null) found = step
	}
	return found
}

/** What an authenticator shows right now; for tests and the demo's instructions. */
export function currentCode(secret: Uint8Array, nowMs = Date.now()): string {
	return generateHOTP(secret, BigInt(currentStep(nowMs)), TOTP_DIGITS)
}

/** `xxxxx-xxxxx-xx`: 12 base32 characters, 60 bits. */
function newRecoveryCode(): string {
	const raw = encodeBase32UpperCaseNoPadding(crypto.randomBytes(8)).slice(0, 12).toLowerCase()
	return `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10)}`
}

const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '')

export const normaliseTotpCode = (code: string) => code.replace(/\s/g, '')

// ---------- enrolment ----------

export interface Enrolment {
	secretBase32: string
	keyUri: string
	/** An SVG QR code as a data: URL (the CSP allows data: images; no inline script or style). */
	qrDataUrl: string
}

async function enrolmentView(email: string, secret: Uint8Array): Promise<Enrolment> {
	const keyUri = createTOTPKeyURI(ISSUER, email, secret, TOTP_PERIOD, TOTP_DIGITS)
	const svg = await QRCode.toString(keyUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
	return { secretBase32: encodeBase32UpperCaseNoPadding(secret), keyUri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
}

export interface TwoFactorStatus {
	enabled: boolean
	recoveryCodesLeft: number
}

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
	const user = await db().selectFrom('users').select('two_factor_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow()
	const left = await db()
		.selectFrom('recovery_codes')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.executeTakeFirstOrThrow()
	return { enabled: user.two_factor_enabled_at !== null, recoveryCodesLeft: Number(left.n) }
}

/** How long a scanned-but-unconfirmed secret stays on offer. */
const PENDING_MINUTES = 15

/**
 * The enrolment in progress for this session: the same secret on every reload (so a QR code
 * already scanned stays valid), but never shown to another session, and replaced after 15
 * minutes. Someone holding only the password cannot pick up, or plant, the secret a staff
 * member is enrolling.
 */
export async function pendingEnrolment(user: { id: string; email: string }, sessionId: string): Promise<Enrolment | null> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const row = await trx.selectFrom('totp_credentials').select(['secret_enc', 'confirmed_at', 'pending_session_id', 'created_at']).where('user_id', '=', user.id).executeTakeFirst()
			if (row?.confirmed_at) return null
			const pending = row && row.pending_session_id === sessionId && row.created_at > nowSeconds() - PENDING_MINUTES * MINUTE ? openSecret(user.id, row.secret_enc) : null
			if (pending) return enrolmentView(user.email, pending)
			const secret = new Uint8Array(crypto.randomBytes(20))
			await trx.deleteFrom('totp_credentials').where('user_id', '=', user.id).execute()
			await trx
				.insertInto('totp_credentials')
				.values({ user_id: user.id, secret_enc: sealSecret(user.id, secret), confirmed_at: null, pending_session_id: sessionId, created_at: nowSeconds() })
				.execute()
			return enrolmentView(user.email, secret)
		})
}

async function replaceRecoveryCodes(trx: Transaction<Database>, userId: string): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
	await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
	await trx
		.insertInto('recovery_codes')
		.values(codes.map((code) => ({ user_id: userId, code_hash: hashToken(normaliseRecoveryCode(code)), used_at: null, created_at: nowSeconds() })))
		.execute()
	return codes
}

export type ConfirmResult = { ok: true; recoveryCodes: string[]; sessionToken: string } | { ok: false; error: string; status: number }

class SessionGone extends Error {}

/**
 * Turns the pending secret on once the member proves their app shows the right code. The
 * session gains privilege here as it does at the second sign-in step (staff, who must enrol,
 * could do nothing else before), so it is rotated the same way: see verifySecondFactor.
 */
export async function confirmEnrolment(user: { id: string }, code: string, meta: { ip: string; sessionId: string }): Promise<ConfirmResult> {
	return db()
		.transaction()
		.execute(async (trx): Promise<ConfirmResult> => {
			const row = await trx.selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirst()
			if (!row || row.confirmed_at || row.pending_session_id !== meta.sessionId || row.created_at <= nowSeconds() - PENDING_MINUTES * MINUTE)
				return { ok: false as const, error: 'This set-up has expired or was started elsewhere. Reload the page and scan the new QR code.', status: 409 }
			if (row.locked_until > nowSeconds()) return { ok: false as const, error: `Too many wrong codes. Try again in ${minutesLeft(row.locked_until)} minutes.`, status: 429 }
			const secret = openSecret(user.id, row.secret_enc)
			if (!secret) return { ok: false as const, error: 'This set-up can no longer be checked. Reload the page and scan the new QR code.', status: 409 }
			const step = matchingStep(secret, normaliseTotpCode(code), row.last_used_step)
			if (step === null) {
				await recordFailure(trx, user.id, row)
				return { ok: false as const, error: 'That code is not right. Check the time on your phone and enter the code shown now.', status: 400 }
			}
			const now = nowSeconds()
			await trx.updateTable('totp_credentials').set({ ...UNLOCKED, confirmed_at: now, pending_session_id: null, last_used_step: step }).where('user_id', '=', user.id).execute()
			await trx.updateTable('users').set({ two_factor_enabled_at: now }).where('id', '=', user.id).execute()
			// The session that proved the factor is verified; every other session must prove it afresh.
			await trx.updateTable('sessions').set({ two_factor_verified: 0 }).where('user_id', '=', user.id).where('id', '!=', meta.sessionId).execute()
			const token = randomToken()
			const rotated = await trx.updateTable('sessions').set({ id: hashToken(token), two_factor_verified: 1 }).where('id', '=', meta.sessionId).where('user_id', '=', user.id).executeTakeFirst()
			// The session ended meanwhile: turn nothing on, or the member would have a factor and never have seen its recovery codes.
			if (!rotated.numUpdatedRows) throw new SessionGone()
			const recoveryCodes = await replaceRecoveryCodes(trx, user.id)
			await audit(trx, { actorId: user.id, action: 'two_factor.enabled', objectType: 'user', objectId: user.id, ip: meta.ip })
			return { ok: true as const, recoveryCodes, sessionToken: token }
		})
		.catch((error: unknown) => {
			if (error instanceof SessionGone) return { ok: false as const, error: 'This session has ended. Sign in again to turn on two-factor sign-in.', status: 409 }
			throw error
		})
}

async function recordFailure(trx: Transaction<Database>, userId: string, row: { failed_attempts: number; lockouts: number }) {
	const failures = row.failed_attempts + 1
	const lockouts = row.lockouts + 1
	await trx
		.updateTable('totp_credentials')
		.set(failures >= MAX_FAILURES ? { failed_attempts: 0, lockouts, locked_until: nowSeconds() + lockMinutes(lockouts) * MINUTE } : { failed_attempts: failures })
		.where('user_id', '=', userId)
		.execute()
}

// ---------- checking an answer ----------

export type VerifyResult = { ok: true; usedRecoveryCode: boolean } | { ok: false; error: string; status: number }

/**
 * A current TOTP code or an unused recovery code, inside the caller's transaction. Five wrong
 * answers lock the factor for 15 minutes (counted in the database, so restarts do not reset
 * it); every failure is audited under `failureAction`.
 */
async function checkAnswer(trx: Transaction<Database>, userId: string, answer: string, ip: string, failureAction: string): Promise<VerifyResult> {
	const row = await trx.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst()
	if (!row) return { ok: false, error: 'Two-factor sign-in is not set up for this account.', status: 409 }
	if (row.locked_until > nowSeconds()) {
		await audit(trx, { actorId: userId, action: 'login.two_factor.locked', objectType: 'user', objectId: userId, ip })
		return { ok: false, error: `Too many wrong codes. Wait ${minutesLeft(row.locked_until)} minutes and try again.`, status: 429 }
	}
	const trimmed = answer.trim()
	if (/^\d[\d\s]*$/.test(trimmed)) {
		const secret = openSecret(userId, row.secret_enc)
		if (!secret) return { ok: false, error: UNREADABLE, status: 409 }
		const step = matchingStep(secret, normaliseTotpCode(trimmed), row.last_used_step)
		if (step !== null) {
			await trx.updateTable('totp_credentials').set({ ...UNLOCKED, last_used_step: step }).where('user_id', '=', userId).execute()
			return { ok: true, usedRecoveryCode: false }
		}
	} else {
		const used = await trx
			.updateTable('recovery_codes')
			.set({ used_at: nowSeconds() })
			.where('user_id', '=', userId)
			.where('code_hash', '=', hashToken(normaliseRecoveryCode(trimmed)))
			.where('used_at', 'is', null)
			.executeTakeFirst()
		if (used.numUpdatedRows) {
			await trx.updateTable('totp_credentials').set(UNLOCKED).where('user_id', '=', userId).execute()
			return { ok: true, usedRecoveryCode: true }
		}
	}
	await recordFailure(trx, userId, row)
	await audit(trx, { actorId: userId, action: failureAction, objectType: 'user', objectId: userId, ip })
	return { ok: false, error: 'That code is not right. Enter the 6-digit code your app shows now, or one of your recovery codes.', status: 400 }
}

export type SecondFactorResult = { ok: true; usedRecoveryCode: boolean; sessionToken: string | null } | { ok: false; error: string; status: number }

/**
 * The second step of signing in; on success this session is fully signed in under a new
 * token. Rotating the id when the session gains privilege (OWASP session management) means
 * a half-open session token seen before this point, e.g. planted or shoulder-surfed between
 * the two steps, never becomes a full sign-in. `sessionToken` is null only if the session
 * row has gone (ended elsewhere meanwhile).
 */
export async function verifySecondFactor(userId: string, sessionId: string, answer: string, ip: string): Promise<SecondFactorResult> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const result = await checkAnswer(trx, userId, answer, ip, 'login.two_factor.failure')
			if (!result.ok) return result
			const token = randomToken()
			const rotated = await trx
				.updateTable('sessions')
				.set({ id: hashToken(token), two_factor_verified: 1 })
				.where('id', '=', sessionId)
				.where('user_id', '=', userId)
				.executeTakeFirst()
			await audit(trx, { actorId: userId, action: result.usedRecoveryCode ? 'login.two_factor.recovery_code' : 'login.two_factor.success', objectType: 'user', objectId: userId, ip })
			return { ...result, sessionToken: rotated.numUpdatedRows ? token : null }
		})
}

/**
 * New recovery codes (the old ones stop working). A current code is asked again: a session
 * left open, or stolen, must not be enough to mint a lasting way past the second factor.
 */
export async function regenerateRecoveryCodes(userId: string, answer: string, ip: string): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: string; status: number }> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const check = await checkAnswer(trx, userId, answer, ip, 'two_factor.step_up_failure')
			if (!check.ok) return check
			const recoveryCodes = await replaceRecoveryCodes(trx, userId)
			await audit(trx, { actorId: userId, action: 'two_factor.recovery_codes_replaced', objectType: 'user', objectId: userId, ip })
			return { ok: true as const, recoveryCodes }
		})
}

/** A member turning their own (optional) second factor off proves it once more first. */
export async function disableOwnSecondFactor(userId: string, answer: string, ip: string): Promise<VerifyResult> {
	const check = await db()
		.transaction()
		.execute((trx) => checkAnswer(trx, userId, answer, ip, 'two_factor.step_up_failure'))
	if (check.ok) await removeSecondFactor({ id: userId, ip }, userId)
	return check
}

/**
 * Turns the second factor off: by the member (only where it is optional), or by an admin
 * for someone who lost their phone (they must enrol again at their next sign-in if their
 * role requires it). All their sessions end either way.
 */
export async function removeSecondFactor(actor: { id: string; ip: string }, userId: string): Promise<boolean> {
	const removed = await db()
		.transaction()
		.execute(async (trx) => {
			const gone = await trx.deleteFrom('totp_credentials').where('user_id', '=', userId).executeTakeFirst()
			await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
			await trx.updateTable('users').set({ two_factor_enabled_at: null }).where('id', '=', userId).execute()
			if (!gone.numDeletedRows) return false
			await audit(trx, { actorId: actor.id, action: actor.id === userId ? 'two_factor.disabled' : 'two_factor.reset_by_admin', objectType: 'user', objectId: userId, ip: actor.ip })
			await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
			return true
		})
	return removed
}

/**
 * Sets up a fresh, already confirmed authenticator: only for `npm run demo`, whose staff and
 * admin accounts must be usable straight away. Prints nothing; the caller shows the key.
 */
export async function provisionSecondFactor(userId: string): Promise<{ secretBase32: string; recoveryCodes: string[] }> {
	const secret = new Uint8Array(crypto.randomBytes(20))
	return db()
		.transaction()
		.execute(async (trx) => {
			const now = nowSeconds()
			await trx.deleteFrom('totp_credentials').where('user_id', '=', userId).execute()
			await trx.insertInto('totp_credentials').values({ user_id: userId, secret_enc: sealSecret(userId, secret), confirmed_at: now, created_at: now }).execute()
			await trx.updateTable('users').set({ two_factor_enabled_at: now }).where('id', '=', userId).execute()
			const recoveryCodes = await replaceRecoveryCodes(trx, userId)
			await audit(trx, { actorId: null, action: 'two_factor.provisioned_by_command', objectType: 'user', objectId: userId })
			return { secretBase32: encodeBase32UpperCaseNoPadding(secret), recoveryCodes }
		})
}
