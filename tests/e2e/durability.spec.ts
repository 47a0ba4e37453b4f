import crypto from 'node:crypto'
import { expect, test } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { OwnServer } from './own-server'

// Its own server and database: this test kills the process on purpose.
const server = new OwnServer(3299, 'crash')
test.afterAll(() => server.stop())

interface Write {
	kind: 'reply' | 'registration' | 'case-edit' | 'invitation'
	/** What proves the write is stored: a unique marker or key. */
	key: string
}

test('SIGKILL during mixed write load (replies, registrations, case edits, invitations) loses no acknowledged write', async ({ browser }) => {
	test.setTimeout(120_000)
	await server.reset({ content: true })
	await server.start()
	const origin = server.origin

	// Actors, straight in the database: an admin, a staff editor, and 80 members who each register once.
	const admin = server.sessionFor({ id: 'crash-admin', role: 'admin' })
	const staff = server.sessionFor({ id: 'crash-staff', role: 'staff' })
	const members = Array.from({ length: 80 }, (_, i) => ({ id: `crash-member-${i}`, cookie: server.sessionFor({ id: `crash-member-${i}`, role: 'member', regions: ['latin-america'] }) }))
	const event = (() => {
		const db = new SQLite(server.dbPath, { readonly: true })
		const row = db.prepare(`select id from events where registration_mode = 'open' and visibility = 'members' and start_utc > unixepoch() order by start_utc limit 1`).get() as { id: string }
		db.close()
		return row.id
	})()

	const post = (path: string, cookie: string, body: URLSearchParams | string) =>
		fetch(`${origin}${path}`, {
			method: 'POST',
			headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: typeof body === 'string' ? body : body.toString(),
			redirect: 'manual',
		})

	// A thread to reply to, created through the portal.
	const created = await post('/forums/interregional/new', members[0].cookie, new URLSearchParams({ title: 'Crash test thread', body: 'Opening post.' }))
	expect(created.status).toBe(302)
	const threadPath = new URL(created.headers.get('location')!, origin).pathname

	// The case editor's own form, as a browser would submit it.
	const context = await browser.newContext({ baseURL: origin })
	await context.addCookies([{ name: 'portal_session', value: staff.split('=')[1], url: origin }])
	const page = await context.newPage()
	await page.goto('/cases/NGA001/edit')
	const caseForm = await page.evaluate(() => {
		const form = document.querySelector('input[name="title"]')!.closest('form')!
		return new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString()
	})
	await context.close()

	const acknowledged: Write[] = []
	const statuses = new Map<string, number>()
	let killed = false
	let n = 0
	const attempts: Array<() => Promise<Write | null>> = [
		async () => {
			const key = `reply-marker-${n++}-${crypto.randomBytes(3).toString('hex')}`
			const author = members[n % members.length]
			const r = await post(threadPath, author.cookie, new URLSearchParams({ intent: 'reply', body: `Reply ${key}` }))
			statuses.set(`reply ${r.status}`, (statuses.get(`reply ${r.status}`) ?? 0) + 1)
			return r.status === 302 ? { kind: 'reply', key } : null
		},
		async () => {
			const member = members.pop()
			if (!member) return null
			const r = await post(`/events/${event}`, member.cookie, new URLSearchParams({ intent: 'register' }))
			statuses.set(`registration ${r.status}`, (statuses.get(`registration ${r.status}`) ?? 0) + 1)
			return r.status === 302 ? { kind: 'registration', key: member.id } : null
		},
		async () => {
			const key = `Prosecutor v. Okafor (edit ${n++})`
			const body = new URLSearchParams(caseForm)
			body.set('title', key)
			const r = await post('/cases/NGA001/edit', staff, body)
			statuses.set(`case ${r.status}`, (statuses.get(`case ${r.status}`) ?? 0) + 1)
			return r.status === 302 ? { kind: 'case-edit', key } : null
		},
		async () => {
			const key = `crash-${n++}-${crypto.randomBytes(3).toString('hex')}@test.portal`
			const r = await post('/admin/invitations', admin, new URLSearchParams({ email: key, role: 'staff' }))
			statuses.set(`invitation ${r.status}`, (statuses.get(`invitation ${r.status}`) ?? 0) + 1)
			return r.status === 302 ? { kind: 'invitation', key } : null
		},
	]
	async function writer(lane: number) {
		for (let i = lane; !killed; i++) {
			try {
				const done = await attempts[i % attempts.length]()
				if (done) acknowledged.push(done)
			} catch {
				return // connection cut by the kill
			}
		}
	}
	const writers = Array.from({ length: 8 }, (_, lane) => writer(lane))
	const deadline = Date.now() + 40_000
	const enough = () => ['reply', 'registration', 'case-edit', 'invitation'].every((k) => acknowledged.filter((w) => w.kind === k).length >= 10)
	while (!enough() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
	expect(enough(), `responses so far: ${JSON.stringify([...statuses])}`).toBe(true)
	await server.stop('SIGKILL')
	killed = true
	await Promise.all(writers)

	// Restart on the same file: every acknowledged write is there, and the file is sound.
	await server.start()
	const db = new SQLite(server.dbPath, { readonly: true })
	const has: Record<Write['kind'], (key: string) => boolean> = {
		reply: (key) => !!db.prepare(`select 1 from posts where body like ?`).get(`%${key}%`),
		registration: (key) => !!db.prepare(`select 1 from event_registrations where event_id = ? and user_id = ?`).get(event, key),
		'case-edit': (key) => !!db.prepare(`select 1 from case_revisions where case_id = 'NGA001' and json_extract(snapshot, '$.title') = ?`).get(key),
		invitation: (key) => !!db.prepare(`select 1 from invitations where email = ?`).get(key),
	}
	const missing = acknowledged.filter((w) => !has[w.kind](w.key))
	expect(missing).toEqual([])
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
	db.close()
	await server.stop()
})
