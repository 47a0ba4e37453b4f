import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { E2E } from '../setup/e2e-env'
import { OwnServer } from './own-server'

// Its own server: the test restores over its database while it runs.
const server = new OwnServer(3297, 'backup')
test.afterAll(() => server.stop())
const run = promisify(execFile)

/** `npm run backup|restore -- FILE` against a given database, as an operator would type it. */
async function cli(mode: 'backup' | 'restore', file: string, databasePath: string) {
	const { stdout } = await run('npm', ['run', '--silent', mode, '--', file], { cwd: E2E.root, env: { ...server.env(), DATABASE_PATH: databasePath } })
	return stdout
}

function inspect(file: string) {
	const db = new SQLite(file, { readonly: true })
	try {
		const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[]
		return {
			integrity: db.pragma('integrity_check', { simple: true }),
			counts: Object.fromEntries(tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get() as number])),
		}
	} finally {
		db.close()
	}
}

test('a backup taken under write load is consistent, and restores (offline and into the running portal)', async () => {
	test.setTimeout(120_000)
	await server.reset({ content: true })
	await server.start()
	const origin = server.origin
	const authors = Array.from({ length: 20 }, (_, i) => server.sessionFor({ id: `backup-member-${i}`, role: 'member', regions: ['caribbean'] }))
	const post = (pathname: string, cookie: string, body: Record<string, string>) =>
		fetch(`${origin}${pathname}`, { method: 'POST', headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body), redirect: 'manual' })
	const created = await post('/forums/caribbean/new', authors[0], { title: 'Backup test thread', body: 'Opening post.' })
	expect(created.status).toBe(302)
	const threadPath = new URL(created.headers.get('location')!, origin).pathname

	const postCount = (file: string) => {
		const db = new SQLite(file, { readonly: true })
		const n = db.prepare('select count(*) from posts').pluck().get() as number
		db.close()
		return n
	}
	let stop = false
	let acknowledged = 0
	let n = 0
	const writers = Array.from({ length: 4 }, async () => {
		while (!stop) {
			const r = await post(threadPath, authors[n++ % authors.length], { intent: 'reply', body: `Reply number ${n} during the backup.` })
			expect(r.status, await r.text()).toBe(302)
			acknowledged++
		}
	})
	while (acknowledged < 20) await new Promise((r) => setTimeout(r, 20))

	const backupFile = path.join(server.dir, 'backups', 'portal-backup.db')
	const before = postCount(server.dbPath)
	const output = await cli('backup', backupFile, server.dbPath)
	const after = postCount(server.dbPath)
	while (acknowledged < 60) await new Promise((r) => setTimeout(r, 20))
	stop = true
	await Promise.all(writers)

	expect(output).toContain('integrity ok')
	// Readable by its owner only, and nothing left beside it.
	expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600)
	expect(fs.readdirSync(path.dirname(backupFile))).toEqual(['portal-backup.db'])
	const copy = inspect(backupFile)
	expect(copy.integrity).toBe('ok')
	// One snapshot taken somewhere during the copy: at least what was there before, at most what was there after.
	expect(copy.counts.posts).toBeGreaterThanOrEqual(before)
	expect(copy.counts.posts).toBeLessThanOrEqual(after)
	// Writes went on meanwhile and the portal saw them.
	expect(postCount(server.dbPath)).toBeGreaterThan(copy.counts.posts)
	expect(copy.counts.cases).toBeGreaterThanOrEqual(40)

	// Offline restore into a new file: the same rows, table by table.
	const fresh = path.join(server.dir, 'restored', 'portal.db')
	await cli('restore', backupFile, fresh)
	const restored = inspect(fresh)
	expect(restored.integrity).toBe('ok')
	// Every table holds the same rows, except sessions: a restore ends them all.
	expect({ ...restored.counts, sessions: copy.counts.sessions }).toEqual(copy.counts)
	expect(restored.counts.sessions).toBe(0)

	// Online restore into the running portal: it serves the backup's content at once, the
	// replies written after the backup are gone from it, and the replaced content is kept aside.
	const live = inspect(server.dbPath).counts.posts
	const restoreOutput = await cli('restore', backupFile, server.dbPath)
	expect(restoreOutput).toMatch(/The database as it was before is kept at (\S+)\./)
	const previous = restoreOutput.match(/kept at (\S+)\./)![1]
	expect(inspect(previous).counts.posts).toBe(live)
	// (The running portal may already have re-indexed restored changes, so the search tables are left out.)
	const withoutSearch = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([t]) => !t.startsWith('search_')))
	expect(withoutSearch({ ...inspect(server.dbPath).counts, sessions: copy.counts.sessions })).toEqual(withoutSearch(copy.counts))
	const health = await fetch(`${origin}/healthz`)
	expect(health.status).toBe(200)
	// Sessions from before the restore are over; a new sign-in sees the restored thread.
	const old = await fetch(`${origin}${threadPath}`, { headers: { Cookie: authors[1] }, redirect: 'manual' })
	expect(old.headers.get('location')).toContain('/login')
	const fresh2 = server.sessionFor({ id: 'backup-member-1', role: 'member', regions: ['caribbean'] })
	const page = await (await fetch(`${origin}${threadPath}?page=999`, { headers: { Cookie: fresh2 } })).text()
	expect(page).toContain('Backup test thread')
	expect(page).not.toContain(`Reply number ${n} during the backup.`)
	// And it keeps accepting writes on the restored data.
	expect((await post(threadPath, fresh2, { intent: 'reply', body: 'First reply after the restore.' })).status).toBe(302)
	expect(inspect(server.dbPath).counts.posts).toBe(copy.counts.posts + 1)
	fs.rmSync(previous, { force: true })
	await server.stop()
})
