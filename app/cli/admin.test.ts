import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-cli-'))
const env = { ...process.env, DATABASE_PATH: path.join(dir, 'portal.db') }

async function admin(...args: string[]) {
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'app/cli/admin.ts', ...args], { cwd: root, env })
		return { code: 0, stdout, stderr }
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string }
		return { code: e.code, stdout: e.stdout, stderr: e.stderr }
	}
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('npm run admin -- create-user', () => {
	test('creates an approved user who can log in with the password given', async () => {
		await run(process.execPath, ['--import', 'tsx', 'db/content/cli.ts', 'content'], { cwd: root, env })
		const r = await admin('create-user', '--email', 'Ops@Example.org', '--name', 'Ops Person', '--password', 'a sturdy long passphrase', '--role', 'moderator', '--region', 'caribbean')
		expect(r.code).toBe(0)
		expect(r.stdout).toContain('Created moderator ops@example.org')
		const db = new SQLite(env.DATABASE_PATH, { readonly: true })
		const user = db.prepare('select id, role, status, password_hash from users where email = ?').get('ops@example.org') as { id: string; role: string; status: string; password_hash: string }
		expect(user).toMatchObject({ role: 'moderator', status: 'active' })
		expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
		expect(db.prepare('select region_slug from user_regions where user_id = ?').all(user.id)).toEqual([{ region_slug: 'caribbean' }])
		db.close()
	}, 60_000)

	test.each([
		[['create-user', '--email', 'not-an-email', '--name', 'X', '--password', 'a sturdy long passphrase', '--role', 'member'], '--email'],
		[['create-user', '--email', 'a@b.org', '--name', 'X', '--password', 'short', '--role', 'member'], 'at least 12 characters'],
		[['create-user', '--email', 'a@b.org', '--name', 'X', '--password', '1qaz2wsx3edc', '--role', 'member'], 'too common'],
		[['create-user', '--email', 'a@b.org', '--name', 'X', '--password', 'a sturdy long passphrase', '--role', 'emperor'], 'Role must be one of'],
		[['create-user', '--email', 'a@b.org', '--name', 'X', '--password', 'a sturdy long passphrase', '--role', 'member', '--region', 'atlantis'], 'unknown region atlantis'],
		[['create-user', '--email', 'a@b.org', '--bogus', 'x'], 'Unknown option'],
		[['delete-everything'], 'Usage'],
	])('refuses %j clearly', async (args, message) => {
		const r = await admin(...args)
		expect(r.code).toBe(2)
		expect(r.stderr).toContain(message)
	}, 60_000)

	test('refuses a duplicate email', async () => {
		const r = await admin('create-user', '--email', 'ops@example.org', '--name', 'Again', '--password', 'a sturdy long passphrase', '--role', 'member', '--region', 'caribbean')
		expect(r.code).toBe(1)
		expect(r.stderr).toContain('already exists')
	}, 60_000)
})
