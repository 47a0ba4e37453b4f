import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { E2E, serverEnv } from '../setup/e2e-env'

// Its own server and database: this test kills the process on purpose.
const PORT = 3299
const dir = path.join(E2E.root, 'tests/.tmp/crash')
const dbPath = path.join(dir, 'portal.db')
const origin = `http://localhost:${PORT}`

function startServer(): ChildProcess {
	return spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
		cwd: E2E.root,
		env: serverEnv({ PORT: String(PORT), DATABASE_PATH: dbPath, MAIL_DIR: path.join(dir, 'mail') }),
		stdio: 'ignore',
	})
}

async function waitHealthy() {
	const deadline = Date.now() + 30_000
	while (Date.now() < deadline) {
		try {
			const r = await fetch(`${origin}/healthz`)
			if (r.ok) return
		} catch {}
		await new Promise((r) => setTimeout(r, 200))
	}
	throw new Error('server did not start')
}

test('SIGKILL during a burst of writes loses no acknowledged write', async () => {
	test.setTimeout(90_000)
	fs.rmSync(dir, { recursive: true, force: true })
	fs.mkdirSync(dir, { recursive: true })
	let server = startServer()
	await waitHealthy()

	// An admin with a session, created straight in the database.
	const token = crypto.randomBytes(20).toString('hex')
	{
		const db = new SQLite(dbPath)
		db.pragma('busy_timeout = 5000')
		db.prepare(`insert into users (id, email, name, role, status, created_at, two_factor_enabled_at) values ('crash-admin', 'crash-admin@test.portal', 'Crash Admin', 'admin', 'active', unixepoch(), unixepoch())`).run()
		db.prepare(`insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, two_factor_verified) values (?, 'crash-admin', unixepoch() + 3600, unixepoch() + 7200, unixepoch(), 1)`).run(
			crypto.createHash('sha256').update(token).digest('hex'),
		)
		db.close()
	}

	const acknowledged: string[] = []
	const statuses = new Map<number, number>()
	let sent = 0
	let killed = false
	async function writer() {
		while (!killed) {
			const email = `crash-${sent++}-${crypto.randomBytes(3).toString('hex')}@test.portal`
			try {
				const r = await fetch(`${origin}/admin/invitations`, {
					method: 'POST',
					headers: { Origin: origin, Cookie: `portal_session=${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ email, role: 'staff' }),
					redirect: 'manual',
				})
				statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
				if (r.status === 302) acknowledged.push(email)
			} catch {
				return // connection cut by the kill
			}
		}
	}
	const writers = Array.from({ length: 8 }, writer)
	const deadline = Date.now() + 30_000
	while (acknowledged.length < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
	expect(acknowledged.length, `responses so far: ${JSON.stringify([...statuses])}`).toBeGreaterThanOrEqual(60)
	const exited = new Promise((r) => server.once('exit', r))
	server.kill('SIGKILL')
	killed = true
	await Promise.all(writers)
	await exited
	expect(acknowledged.length).toBeGreaterThanOrEqual(60)

	// Restart on the same file: every acknowledged invitation is there, and the file is sound.
	server = startServer()
	await waitHealthy()
	const db = new SQLite(dbPath, { readonly: true })
	const stored = new Set((db.prepare('select email from invitations').all() as Array<{ email: string }>).map((r) => r.email))
	const missing = acknowledged.filter((e) => !stored.has(e))
	expect(missing).toEqual([])
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
	db.close()
	const stopped = new Promise((r) => server.once('exit', r))
	server.kill('SIGTERM')
	await stopped
})
