import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { E2E, serverEnv } from '../setup/e2e-env'

/**
 * A portal process of a spec's own, on its own port and database: for tests that kill,
 * starve or restore the server, which must not disturb the shared one.
 */
export class OwnServer {
	readonly origin: string
	readonly dir: string
	readonly dbPath: string
	private process: ChildProcess | undefined

	constructor(
		readonly port: number,
		name: string,
		private readonly extraEnv: Record<string, string> = {},
	) {
		this.origin = `http://localhost:${port}`
		this.dir = path.join(E2E.root, 'tests/.tmp', name)
		this.dbPath = path.join(this.dir, 'portal.db')
	}

	env(): NodeJS.ProcessEnv {
		return serverEnv({
			PORT: String(this.port),
			DATABASE_PATH: this.dbPath,
			MAIL_DIR: path.join(this.dir, 'mail'),
			ATTACHMENT_DIR: path.join(this.dir, 'attachments'),
			SIGNING_KEY_FILE: path.join(this.dir, 'signing.key'),
			MESSAGE_KEY_FILE: path.join(this.dir, 'message-keys.json'),
			...this.extraEnv,
		})
	}

	/** Empties the folder; with `content`, loads content/ first as the shared server does. */
	async reset({ content = false } = {}) {
		fs.rmSync(this.dir, { recursive: true, force: true })
		fs.mkdirSync(this.dir, { recursive: true })
		if (content) {
			const load = spawn(process.execPath, ['--import', 'tsx', 'db/content/cli.ts', 'content'], { cwd: E2E.root, env: this.env(), stdio: 'ignore' })
			await new Promise((r) => load.on('exit', r))
		}
	}

	/** Resolves once /healthz answers and the server has said it listens (a cluster says so when every worker does). */
	async start() {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: E2E.root, env: this.env(), stdio: ['ignore', 'pipe', 'ignore'] })
		this.process = child
		let output = ''
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
		const deadline = Date.now() + 30_000
		while (Date.now() < deadline) {
			// A leftover server from an aborted run would answer on the port with another database.
			if (child.exitCode !== null) throw new Error(`the server on ${this.port} exited (${child.exitCode}); is the port taken?`)
			try {
				if (output.includes('listening on') && (await fetch(`${this.origin}/healthz`)).ok && child.exitCode === null) return
			} catch {}
			await new Promise((r) => setTimeout(r, 200))
		}
		throw new Error(`server on ${this.port} did not start`)
	}

	/** The server's process id (the supervisor, when it runs workers). */
	get pid(): number | undefined {
		return this.process?.exitCode === null ? this.process.pid : undefined
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM') {
		const child = this.process
		if (!child || child.exitCode !== null) return
		const exited = new Promise((r) => child.once('exit', r))
		child.kill(signal)
		await exited
	}

	/** A user with a live session (second factor passed), straight in the database; returns the cookie header. */
	sessionFor(user: { id: string; role: 'member' | 'moderator' | 'staff' | 'admin'; regions?: string[] }): string {
		const token = crypto.randomBytes(20).toString('hex')
		const db = new SQLite(this.dbPath)
		db.pragma('busy_timeout = 5000')
		try {
			db.transaction(() => {
				db.prepare(
					`insert or ignore into users (id, email, name, handle, role, status, created_at, two_factor_enabled_at) values (?, ?, ?, ?, ?, 'active', unixepoch() - 864000, unixepoch())`,
				).run(user.id, `${user.id}@test.portal`, `Test ${user.id}`, user.id, user.role)
				for (const r of user.regions ?? []) db.prepare('insert or ignore into user_regions (user_id, region_slug) values (?, ?)').run(user.id, r)
				db.prepare(
					`insert into sessions (id, user_id, expires_at, absolute_expires_at, created_at, two_factor_verified) values (?, ?, unixepoch() + 3600, unixepoch() + 7200, unixepoch(), 1)`,
				).run(crypto.createHash('sha256').update(token).digest('hex'), user.id)
			})()
		} finally {
			db.close()
		}
		return `portal_session=${token}`
	}
}
