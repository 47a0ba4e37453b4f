import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { hash } from '@node-rs/argon2'
import type { BrowserContext, Page } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { E2E } from '../setup/e2e-env'

/** Factories and helpers that act on the same database file the server uses. */

let handle: SQLite.Database | undefined
export function database() {
	handle ??= new SQLite(E2E.databasePath)
	handle.pragma('busy_timeout = 5000')
	return handle
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${crypto.randomBytes(5).toString('hex')}@test.portal`
/** A distinct client address per test, so login throttling of one test cannot affect another. */
export const uniqueIp = () => `10.${crypto.randomInt(1, 255)}.${crypto.randomInt(1, 255)}.${crypto.randomInt(1, 255)}`

export interface TestUser {
	id: string
	email: string
	password: string
	name: string
	role: string
	/** For @mentions. */
	handle: string
}

export async function createUser(opts: { role?: string; regions?: string[]; status?: string; password?: string; name?: string; email?: string } = {}): Promise<TestUser> {
	const id = crypto.randomBytes(10).toString('hex')
	const email = opts.email ?? uniqueEmail(opts.role ?? 'member')
	const password = opts.password ?? `pw-${crypto.randomBytes(8).toString('hex')}`
	const name = opts.name ?? `Test ${opts.role ?? 'member'} ${id.slice(0, 4)}`
	const handle = `t.${id.slice(0, 10)}`
	const passwordHash = await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 })
	const db = database()
	db.transaction(() => {
		db.prepare(
			`insert into users (id, email, name, handle, organisation, country, job_title, role, status, password_hash, created_at)
			 values (?, ?, ?, ?, 'Test Agency', 'BRA', 'Investigator', ?, ?, ?, unixepoch())`,
		).run(id, email, name, handle, opts.role ?? 'member', opts.status ?? 'active', passwordHash)
		for (const r of opts.regions ?? []) db.prepare('insert into user_regions (user_id, region_slug) values (?, ?)').run(id, r)
		// Staff and admins cannot use the portal without a second factor: mark theirs as set up
		// (tests that exercise two-factor sign-in enrol through the pages instead).
		if (opts.role === 'staff' || opts.role === 'admin') db.prepare('update users set two_factor_enabled_at = unixepoch() where id = ?').run(id)
	})()
	return { id, email, password, name, role: opts.role ?? 'member', handle }
}

/** Logs in by creating a session row directly, as the Epic Stack's fixture does (second factor already passed). */
export async function loginAs(context: BrowserContext, user: TestUser) {
	const token = crypto.randomBytes(20).toString('hex')
	const id = crypto.createHash('sha256').update(token).digest('hex')
	const now = Math.floor(Date.now() / 1000)
	database()
		.prepare('insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, ip, user_agent, two_factor_verified) values (?, ?, ?, ?, ?, ?, ?, 1)')
		.run(id, user.id, now + 1800, now + 12 * 3600, now, '127.0.0.1', 'playwright')
	await context.addCookies([{ name: 'portal_session', value: token, url: E2E.baseURL, httpOnly: true, sameSite: 'Lax' }])
	return token
}

export async function loginThroughForm(page: Page, email: string, password: string) {
	await page.goto('/login')
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password', { exact: true }).fill(password)
	await page.getByRole('button', { name: 'Log in' }).click()
}

export interface SentMail {
	to: string
	subject: string
	text: string
}

/** The newest message to an address, waiting briefly for it to be written. */
export async function latestMailTo(to: string, timeoutMs = 5000): Promise<SentMail> {
	const deadline = Date.now() + timeoutMs
	while (Date.now() < deadline) {
		const files = fs.existsSync(E2E.mailDir) ? fs.readdirSync(E2E.mailDir).filter((f) => f.endsWith(`${to}.json`)).sort() : []
		const last = files.at(-1)
		if (last) return JSON.parse(fs.readFileSync(path.join(E2E.mailDir, last), 'utf8')) as SentMail
		await new Promise((r) => setTimeout(r, 100))
	}
	throw new Error(`No mail to ${to} within ${timeoutMs} ms`)
}

export function mailCount(to: string) {
	return fs.existsSync(E2E.mailDir) ? fs.readdirSync(E2E.mailDir).filter((f) => f.endsWith(`${to}.json`)).length : 0
}

export function linkIn(mail: SentMail, pathPrefix: string): string {
	const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/\//g, '\\/')}[^\\s]+`))
	if (!match) throw new Error(`No ${pathPrefix} link in mail: ${mail.text}`)
	return new URL(match[0]).pathname
}
