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
import { hashToken } from '../utils/tokens.server'

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

function openSecret(userId: string, sealed: string): Uint8Array {
	const [version, iv, tag, ct] = sealed.split('.')
	if (version !== 't1' || !iv || !tag || !ct) throw new Error('Unreadable TOTP secret')
	const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64url'))
	decipher.setAAD(Buffer.from(`totp:${userId}`))
	decipher.setAuthTag(Buffer.from(tag, 'base64url'))
	return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]))
}

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

/**
 * The enrolment in progress: the same unconfirmed secret on every visit (so a reload does
 * not invalidate the QR code already scanned), a new one only when none is pending.
 */
export async function pendingEnrolment(user: { id: string; email: string }): Promise<Enrolment | null> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const row = await trx.selectFrom('totp_credentials').select(['secret_enc', 'confirmed_at']).where('user_id', '=', user.id).executeTakeFirst()
			if (row?.confirmed_at) return null
			if (row) return enrolmentView(user.email, openSecret(user.id, row.secret_enc))
			const secret = new Uint8Array(crypto.randomBytes(20))
			await trx.insertInto('totp_credentials').values({ user_id: user.id, secret_enc: sealSecret(user.id, secret), confirmed_at: null, created_at: nowSeconds() }).execute()
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

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: string; status: number }

/** Turns the pending secret on once the member proves their app shows the right code. */
export async function confirmEnrolment(user: { id: string }, code: string, meta: { ip: string; sessionId: string }): Promise<ConfirmResult> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const row = await trx.selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirst()
			if (!row || row.confirmed_at) return { ok: false as const, error: 'There is no enrolment in progress. Reload the page to start again.', status: 409 }
			if (row.locked_until > nowSeconds()) return { ok: false as const, error: `Too many wrong codes. Try again in ${LOCK_MINUTES} minutes.`, status: 429 }
			const step = matchingStep(openSecret(user.id, row.secret_enc), normaliseTotpCode(code), row.last_used_step)
			if (step === null) {
				await recordFailure(trx, user.id, row.failed_attempts)
				return { ok: false as const, error: 'That code is not right. Check the time on your phone and enter the code shown now.', status: 400 }
			}
			const now = nowSeconds()
			await trx.updateTable('totp_credentials').set({ confirmed_at: now, last_used_step: step, failed_attempts: 0, locked_until: 0 }).where('user_id', '=', user.id).execute()
			await trx.updateTable('users').set({ two_factor_enabled_at: now }).where('id', '=', user.id).execute()
			// The session that proved the factor is verified; every other session must prove it afresh.
			await trx.updateTable('sessions').set({ two_factor_verified: 0 }).where('user_id', '=', user.id).where('id', '!=', meta.sessionId).execute()
			await trx.updateTable('sessions').set({ two_factor_verified: 1 }).where('id', '=', meta.sessionId).execute()
			const recoveryCodes = await replaceRecoveryCodes(trx, user.id)
			await audit(trx, { actorId: user.id, action: 'two_factor.enabled', objectType: 'user', objectId: user.id, ip: meta.ip })
			return { ok: true as const, recoveryCodes }
		})
}

async function recordFailure(trx: Transaction<Database>, userId: string, failedSoFar: number) {
	const failures = failedSoFar + 1
	await trx
		.updateTable('totp_credentials')
		.set(failures >= MAX_FAILURES ? { failed_attempts: 0, locked_until: nowSeconds() + LOCK_MINUTES * MINUTE } : { failed_attempts: failures })
		.where('user_id', '=', userId)
		.execute()
}

// ---------- sign-in ----------

export type VerifyResult = { ok: true; usedRecoveryCode: boolean } | { ok: false; error: string; status: number }

/**
 * The second step of signing in: a current TOTP code or an unused recovery code. Five
 * wrong answers lock the factor for 15 minutes (counted in the database, so restarts do
 * not reset it); each outcome is audited.
 */
export async function verifySecondFactor(userId: string, sessionId: string, answer: string, ip: string): Promise<VerifyResult> {
	const result: VerifyResult = await db()
		.transaction()
		.execute(async (trx) => {
			const row = await trx.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst()
			if (!row) return { ok: false as const, error: 'Two-factor sign-in is not set up for this account.', status: 409 }
			if (row.locked_until > nowSeconds()) {
				await audit(trx, { actorId: userId, action: 'login.two_factor.locked', objectType: 'user', objectId: userId, ip })
				return { ok: false as const, error: `Too many wrong codes. Wait ${LOCK_MINUTES} minutes and try again.`, status: 429 }
			}
			const trimmed = answer.trim()
			let usedRecoveryCode = false
			let ok = false
			if (/^\d[\d\s]*$/.test(trimmed)) {
				const step = matchingStep(openSecret(userId, row.secret_enc), normaliseTotpCode(trimmed), row.last_used_step)
				if (step !== null) {
					ok = true
					await trx.updateTable('totp_credentials').set({ last_used_step: step, failed_attempts: 0 }).where('user_id', '=', userId).execute()
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
					ok = usedRecoveryCode = true
					await trx.updateTable('totp_credentials').set({ failed_attempts: 0 }).where('user_id', '=', userId).execute()
				}
			}
			if (!ok) {
				await recordFailure(trx, userId, row.failed_attempts)
				await audit(trx, { actorId: userId, action: 'login.two_factor.failure', objectType: 'user', objectId: userId, ip })
				return { ok: false as const, error: 'That code is not right. Enter the 6-digit code your app shows now, or one of your recovery codes.', status: 400 }
			}
			await trx.updateTable('sessions').set({ two_factor_verified: 1 }).where('id', '=', sessionId).where('user_id', '=', userId).execute()
			await audit(trx, { actorId: userId, action: usedRecoveryCode ? 'login.two_factor.recovery_code' : 'login.two_factor.success', objectType: 'user', objectId: userId, ip })
			return { ok: true as const, usedRecoveryCode }
		})
	return result
}

/** New recovery codes (the old ones stop working); the member must be fully signed in. */
export async function regenerateRecoveryCodes(userId: string, ip: string): Promise<string[]> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const codes = await replaceRecoveryCodes(trx, userId)
			await audit(trx, { actorId: userId, action: 'two_factor.recovery_codes_replaced', objectType: 'user', objectId: userId, ip })
			return codes
		})
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
