import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-factor-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const tf = await import('./two-factor.server')
const { hashToken } = await import('../utils/tokens.server')
const accounts = await import('./accounts.server')

const db = () => database().db
const SESSION = 'session-of-u1'

async function session(id: string, userId: string) {
	await db()
		.insertInto('sessions')
		.values({ id, user_id: userId, expires_at: 2e9, absolute_expires_at: 2e9, created_at: 0, ip: '', user_agent: '' })
		.execute()
}
const verifiedFlag = async (id: string) => (await db().selectFrom('sessions').select('two_factor_verified').where('id', '=', id).executeTakeFirst())?.two_factor_verified

beforeAll(async () => {
	await migrateToLatest(db())
	await db()
		.insertInto('users')
		.values([
			{ id: 'u1', email: 'one@test.portal', name: 'One', role: 'member', status: 'active', created_at: 0 },
			{ id: 'u2', email: 'two@test.portal', name: 'Two', role: 'staff', status: 'active', created_at: 0 },
		])
		.execute()
	await session(SESSION, 'u1')
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('TOTP codes', () => {
	test('match the RFC 6238 SHA-1 test vector (6 digits of 94287082 at T=59 s)', () => {
		const rfcSecret = new TextEncoder().encode('12345678901234567890')
		expect(tf.currentCode(rfcSecret, 59_000)).toBe('287082')
		expect(tf.matchingStep(rfcSecret, '287082', 0, 59_000)).toBe(1)
	})

	test('one step of clock drift either way is accepted, two are not, and a used step never again', () => {
		const secret = new Uint8Array(20).fill(7)
		const now = 1_800_000_000_000
		const at = (offsetSteps: number) => tf.currentCode(secret, now + offsetSteps * 30_000)
		const step = Math.floor(now / 30_000)
		expect(tf.matchingStep(secret, at(0), 0, now)).toBe(step)
		expect(tf.matchingStep(secret, at(-1), 0, now)).toBe(step - 1)
		expect(tf.matchingStep(secret, at(1), 0, now)).toBe(step + 1)
		expect(tf.matchingStep(secret, at(-2), 0, now)).toBeNull()
		expect(tf.matchingStep(secret, at(2), 0, now)).toBeNull()
		expect(tf.matchingStep(secret, at(0), step, now)).toBeNull()
		expect(tf.matchingStep(secret, 'abcdef', 0, now)).toBeNull()
		expect(tf.matchingStep(secret, at(0) + '0', 0, now)).toBeNull()
	})
})

describe('enrolment and sign-in', () => {
	let secret: Uint8Array
	let recoveryCodes: string[]

	test('enrolment keeps the same pending key across reloads, stores it encrypted, and needs a right code', async () => {
		const first = await tf.pendingEnrolment({ id: 'u1', email: 'one@test.portal' }, SESSION)
		const again = await tf.pendingEnrolment({ id: 'u1', email: 'one@test.portal' }, SESSION)
		expect(first?.secretBase32).toBe(again?.secretBase32)
		expect(first?.keyUri).toMatch(/^otpauth:\/\/totp\/Practitioners%20Portal:one%40test\.portal\?/)
		expect(first?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
		secret = decodeBase32IgnorePadding(first!.secretBase32)
		const stored = await db().selectFrom('totp_credentials').select('secret_enc').where('user_id', '=', 'u1').executeTakeFirstOrThrow()
		expect(stored.secret_enc).not.toContain(first!.secretBase32)
		expect(stored.secret_enc.startsWith('t1.')).toBe(true)

		const wrong = await tf.confirmEnrolment({ id: 'u1' }, '000000', { ip: '', sessionId: SESSION })
		expect(wrong.ok).toBe(false)
		expect((await tf.twoFactorStatus('u1')).enabled).toBe(false)

		const confirmed = await tf.confirmEnrolment({ id: 'u1' }, tf.currentCode(secret), { ip: '', sessionId: SESSION })
		expect(confirmed.ok).toBe(true)
		recoveryCodes = confirmed.ok ? confirmed.recoveryCodes : []
		expect(recoveryCodes).toHaveLength(10)
		expect(new Set(recoveryCodes).size).toBe(10)
		expect(await tf.twoFactorStatus('u1')).toEqual({ enabled: true, recoveryCodesLeft: 10 })
		// The session gained its second factor under a new token, as at the second sign-in step:
		// the token it had before (seen, say, while the set-up page was open) signs in no more.
		const token = confirmed.ok ? confirmed.sessionToken : null
		expect(token).toMatch(/^[a-z0-9]{20,}$/i)
		expect(await verifiedFlag(SESSION)).toBeUndefined()
		expect(await verifiedFlag(hashToken(token!))).toBe(1)
		expect(await tf.pendingEnrolment({ id: 'u1', email: 'one@test.portal' }, hashToken(token!))).toBeNull()
	})

	test('another session never sees or confirms the secret being enrolled', async () => {
		await session('other', 'u2')
		const mine = await tf.pendingEnrolment({ id: 'u2', email: 'two@test.portal' }, 'other')
		await session('intruder', 'u2')
		const theirs = await tf.pendingEnrolment({ id: 'u2', email: 'two@test.portal' }, 'intruder')
		expect(theirs?.secretBase32).not.toBe(mine?.secretBase32)
		// The first session's secret was replaced: its code no longer confirms anything.
		const stale = await tf.confirmEnrolment({ id: 'u2' }, tf.currentCode(decodeBase32IgnorePadding(mine!.secretBase32)), { ip: '', sessionId: 'other' })
		expect(stale).toMatchObject({ ok: false, status: 409 })
		await db().deleteFrom('totp_credentials').where('user_id', '=', 'u2').execute()
	})

	test('a new session needs the code; the code just used at enrolment is refused (replay)', async () => {
		await session('s2', 'u1')
		const replay = await tf.verifySecondFactor('u1', 's2', tf.currentCode(secret), '10.0.0.1')
		expect(replay).toMatchObject({ ok: false, status: 400 })
		expect(await verifiedFlag('s2')).toBe(0)
		const next = await tf.verifySecondFactor('u1', 's2', tf.currentCode(secret, Date.now() + 30_000), '10.0.0.1')
		expect(next).toMatchObject({ ok: true, usedRecoveryCode: false })
		// Signed in under a new session id: the half-open token stops working, the new one is verified.
		const token = next.ok ? next.sessionToken : null
		expect(token).toMatch(/^[a-z0-9]{20,}$/i)
		expect(await verifiedFlag('s2')).toBeUndefined()
		expect(await verifiedFlag(hashToken(token!))).toBe(1)
	})

	test('a recovery code works once, whatever its case and dashes', async () => {
		await session('s3', 'u1')
		await session('s4', 'u1')
		const code = recoveryCodes[0]
		expect(await tf.verifySecondFactor('u1', 's3', ` ${code.toUpperCase().replace(/-/g, '')} `, '')).toMatchObject({ ok: true, usedRecoveryCode: true })
		expect(await tf.verifySecondFactor('u1', 's4', code, '')).toMatchObject({ ok: false })
		expect((await tf.twoFactorStatus('u1')).recoveryCodesLeft).toBe(9)
	})

	test('five wrong answers lock the factor, even for the right code, and every attempt is audited', async () => {
		await session('s5', 'u1')
		// A success clears earlier failures (the replay and reuse attempts above): count from zero.
		await session('s5b', 'u1')
		expect(await tf.verifySecondFactor('u1', 's5b', recoveryCodes[1], '')).toMatchObject({ ok: true })
		for (let i = 0; i < tf.MAX_FAILURES; i++) expect(await tf.verifySecondFactor('u1', 's5', '123456', '10.9.9.9')).toMatchObject({ ok: false, status: 400 })
		const locked = await tf.verifySecondFactor('u1', 's5', tf.currentCode(secret, Date.now() + 30_000), '10.9.9.9')
		expect(locked).toMatchObject({ ok: false, status: 429 })
		expect(await verifiedFlag('s5')).toBe(0)
		const audits = await db().selectFrom('audit_log').select(['action', 'ip']).where('actor_id', '=', 'u1').where('ip', '=', '10.9.9.9').execute()
		expect(audits.filter((a) => a.action === 'login.two_factor.failure')).toHaveLength(tf.MAX_FAILURES)
		expect(audits.map((a) => a.action)).toContain('login.two_factor.locked')
	})

	test('each lockout in a row lasts twice as long, up to a day; a right answer starts again at 15 minutes', async () => {
		expect([1, 2, 3, 4, 7, 8, 50].map(tf.lockMinutes)).toEqual([15, 30, 60, 120, 960, 1440, 1440])
		const lockedFor = async () => {
			const row = await db().selectFrom('totp_credentials').select(['locked_until', 'lockouts']).where('user_id', '=', 'u1').executeTakeFirstOrThrow()
			return { minutes: Math.round((row.locked_until - Date.now() / 1000) / 60), lockouts: row.lockouts }
		}
		// The lock from the test above (the first in a row) has run out; five more wrong answers lock for 30 minutes.
		expect(await lockedFor()).toMatchObject({ minutes: 15, lockouts: 1 })
		await db().updateTable('totp_credentials').set({ locked_until: 0 }).where('user_id', '=', 'u1').execute()
		await session('s8', 'u1')
		for (let i = 0; i < tf.MAX_FAILURES; i++) await tf.verifySecondFactor('u1', 's8', '123456', '')
		expect(await lockedFor()).toEqual({ minutes: 30, lockouts: 2 })
		const refused = await tf.verifySecondFactor('u1', 's8', recoveryCodes[2], '')
		expect(!refused.ok && refused.error).toBe('Too many wrong codes. Wait 30 minutes and try again.')
		// Once the lock runs out, a right answer clears the count.
		await db().updateTable('totp_credentials').set({ locked_until: 0 }).where('user_id', '=', 'u1').execute()
		expect(await tf.verifySecondFactor('u1', 's8', recoveryCodes[2], '')).toMatchObject({ ok: true })
		expect((await lockedFor()).lockouts).toBe(0)
	})

	test('a password reset lifts a second-factor lock: the guesser no longer has the password', async () => {
		await db().updateTable('totp_credentials').set({ locked_until: Math.floor(Date.now() / 1000) + 3600, lockouts: 3 }).where('user_id', '=', 'u1').execute()
		const link = 'reset-link-for-u1'
		await db()
			.insertInto('one_time_tokens')
			.values({ token_hash: hashToken(link), purpose: 'reset-password', user_id: 'u1', expires_at: 2e9, used_at: null, created_at: 0 })
			.execute()
		expect(await accounts.setPasswordWithToken(link, 'a fresh passphrase for u1')).toBe('u1')
		expect(await db().selectFrom('totp_credentials').select(['locked_until', 'lockouts', 'failed_attempts']).where('user_id', '=', 'u1').executeTakeFirst()).toEqual({ locked_until: 0, lockouts: 0, failed_attempts: 0 })
	})

	test('new recovery codes need a current code again', async () => {
		// Fifteen minutes later: the lock from the test above has passed.
		await db().updateTable('totp_credentials').set({ locked_until: 0, failed_attempts: 0 }).where('user_id', '=', 'u1').execute()
		const refused = await tf.regenerateRecoveryCodes('u1', '000000', '')
		expect(refused).toMatchObject({ ok: false })
		const granted = await tf.regenerateRecoveryCodes('u1', recoveryCodes[5], '')
		expect(granted.ok && granted.recoveryCodes).toHaveLength(10)
		expect(await tf.verifySecondFactor('u1', SESSION, recoveryCodes[6], '')).toMatchObject({ ok: false })
		recoveryCodes = granted.ok ? granted.recoveryCodes : []
	})

	test('a secret sealed under another key is a clear refusal, not a crash', async () => {
		await db().updateTable('totp_credentials').set({ secret_enc: 't1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA', locked_until: 0, failed_attempts: 0 }).where('user_id', '=', 'u1').execute()
		await session('s7', 'u1')
		const result = await tf.verifySecondFactor('u1', 's7', '123456', '')
		expect(result).toMatchObject({ ok: false, status: 409 })
		expect(!result.ok && result.error).toContain('ask an administrator')
		// Recovery codes still work, since they do not depend on the key.
		expect(await tf.verifySecondFactor('u1', 's7', recoveryCodes[0], '')).toMatchObject({ ok: true, usedRecoveryCode: true })
	})

	test('removing the factor ends every session and forgets the codes', async () => {
		expect(await tf.removeSecondFactor({ id: 'admin-x', ip: '' }, 'u1')).toBe(true)
		expect(await db().selectFrom('sessions').select('id').where('user_id', '=', 'u1').execute()).toEqual([])
		expect(await tf.twoFactorStatus('u1')).toEqual({ enabled: false, recoveryCodesLeft: 0 })
		const audit = await db().selectFrom('audit_log').select(['actor_id', 'action']).where('object_id', '=', 'u1').where('action', 'like', 'two_factor.%').execute()
		expect(audit).toContainEqual({ actor_id: 'admin-x', action: 'two_factor.reset_by_admin' })
	})

	test('provisioning (demo only) gives a working, confirmed factor', async () => {
		const { secretBase32, recoveryCodes: codes } = await tf.provisionSecondFactor('u2')
		await session('s6', 'u2')
		expect(codes).toHaveLength(10)
		expect(await tf.verifySecondFactor('u2', 's6', tf.currentCode(decodeBase32IgnorePadding(secretBase32)), '')).toMatchObject({ ok: true, usedRecoveryCode: false })
	})
})
