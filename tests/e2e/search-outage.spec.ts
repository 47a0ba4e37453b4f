import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { E2E, serverEnv } from '../setup/e2e-env'

// A portal configured for Meilisearch whose server is down (a closed local port).
const PORT = 3298
const dir = path.join(E2E.root, 'tests/.tmp/outage')
const dbPath = path.join(dir, 'portal.db')
const origin = `http://localhost:${PORT}`
let server: ChildProcess

test.beforeAll(async () => {
	fs.rmSync(dir, { recursive: true, force: true })
	fs.mkdirSync(dir, { recursive: true })
	const env = serverEnv({ PORT: String(PORT), DATABASE_PATH: dbPath, MAIL_DIR: path.join(dir, 'mail'), MEILI_HOST: 'http://127.0.0.1:9', MEILI_API_KEY: 'unused' })
	const load = spawn(process.execPath, ['--import', 'tsx', 'db/content/cli.ts', 'content'], { cwd: E2E.root, env, stdio: 'ignore' })
	await new Promise((r) => load.on('exit', r))
	server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: E2E.root, env, stdio: 'ignore' })
	for (let i = 0; i < 150; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return
		} catch {}
		await new Promise((r) => setTimeout(r, 200))
	}
	throw new Error('server did not start')
})

test.afterAll(() => {
	server?.kill('SIGTERM')
})

test('with Meilisearch unreachable: health says so, search falls back with a notice, writes succeed and wait in the outbox', async ({ browser }) => {
	const anonymous = await (await fetch(`${origin}/healthz`)).json()
	expect(anonymous).toEqual({ status: 'ok', database: { ok: true }, search: { engine: 'fts5', ok: true, degraded: true } })

	const token = crypto.randomBytes(20).toString('hex')
	const db = new SQLite(dbPath)
	db.pragma('busy_timeout = 5000')
	db.prepare(`insert into users (id, email, name, role, status, created_at, two_factor_enabled_at) values ('outage-staff', 'outage@test.portal', 'Outage Staff', 'staff', 'active', unixepoch(), unixepoch())`).run()
	db.prepare(`insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, two_factor_verified) values (?, 'outage-staff', unixepoch() + 3600, unixepoch() + 7200, unixepoch(), 1)`).run(crypto.createHash('sha256').update(token).digest('hex'))

	const staffHealth = async () => (await fetch(`${origin}/healthz`, { headers: { Cookie: `portal_session=${token}` } })).json()
	const health = await staffHealth()
	expect(health.search.engines.meilisearch.ok).toBe(false)
	expect(health.search.engines.meilisearch.detail).toBeTruthy()

	const context = await browser.newContext({ baseURL: origin })
	await context.addCookies([{ name: 'portal_session', value: token, url: origin }])
	const page = await context.newPage()
	await page.goto('/cases?q=okafor')
	await expect(page.getByText('The main search engine is unavailable')).toBeVisible()
	await expect(page.locator('.hit').first()).toContainText('Prosecutor v. Okafor')

	// A write still succeeds, reaches the fallback index at once, and waits for Meilisearch.
	await page.goto('/cases/NGA001/edit')
	await page.getByLabel('Title (case name)').fill('Prosecutor v. Okafor (outage edition)')
	await page.getByRole('button', { name: 'Save' }).click()
	await expect(page.getByRole('status')).toContainText('Saved as revision 2.')
	await page.goto('/cases?q=outage')
	await expect(page.locator('.hit').first()).toContainText('outage edition')
	const pending = db.prepare(`select count(*) n from search_outbox where id > coalesce((select last_outbox_id from search_cursors where engine = 'meilisearch'), 0)`).get() as { n: number }
	expect(pending.n).toBeGreaterThan(0)
	const after = await staffHealth()
	expect(after.search.engines.meilisearch.pending).toBeGreaterThan(0)
	db.close()
	await context.close()
})
