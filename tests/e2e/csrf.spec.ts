import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { routeSamples } from './routes'
import { createUser, database, loginAs } from './support'

// A forged form post carries the victim's cookie (SameSite=Lax stops most, not all: same-site
// subdomains, old browsers) but never our Origin. The gate refuses it before any action runs.
const FORGED_ORIGINS: Array<Record<string, string>> = [
	{ Origin: 'https://evil.example' },
	{ Origin: 'null' }, // sandboxed iframes and some redirects
	{ Origin: 'http://localhost:1' }, // same host, another port: another origin
	{}, // no Origin at all
	{ Referer: 'http://localhost/' }, // a Referer alone is not accepted instead
]

/** Every route file that exports an action (so a new form is covered the day it is added). */
const actionRoutes = routeSamples().filter((r) => /export (async )?function action\b/.test(fs.readFileSync(path.join(E2E.root, 'app/routes', r.file), 'utf8')))

test('every action refuses a cross-origin or origin-less POST with 403, even with a valid session', async ({ browser }) => {
	expect(actionRoutes.length).toBeGreaterThan(20)
	const context = await browser.newContext()
	await loginAs(context, await createUser({ role: 'admin' }))
	const failures: string[] = []
	for (const route of actionRoutes) {
		for (const headers of FORGED_ORIGINS) {
			const response = await context.request.post(route.path, { form: { intent: 'delete', body: 'forged' }, headers, maxRedirects: 0 })
			if (response.status() !== 403) failures.push(`${route.file} ${JSON.stringify(headers)} → ${response.status()}`)
		}
	}
	expect(failures).toEqual([])
	await context.close()
})

test('forged writes change nothing: a reply, a profile, an invitation, a registration, a logout', async ({ browser }) => {
	const db = database()
	const member = await createUser({ regions: ['western-balkans'] })
	const admin = await createUser({ role: 'admin' })
	const memberContext = await browser.newContext()
	const adminContext = await browser.newContext()
	await loginAs(memberContext, member)
	await loginAs(adminContext, admin)
	const own = { Origin: new URL(test.info().project.use.baseURL!).origin }

	// A thread to reply to, made with the right Origin.
	const created = await memberContext.request.post('/forums/western-balkans/new', { form: { title: 'CSRF target thread', body: 'Opening.' }, headers: own, maxRedirects: 0 })
	expect(created.status()).toBe(302)
	const threadPath = new URL(created.headers().location!, 'http://x').pathname
	const event = db.prepare(`select id from events where registration_mode = 'open' and visibility = 'members' and start_utc > unixepoch() limit 1`).get() as { id: string }

	const snapshot = () => ({
		posts: db.prepare('select count(*) n from posts where author_id = ?').get(member.id),
		profile: db.prepare('select name, organisation from users where id = ?').get(member.id),
		invitations: db.prepare('select count(*) n from invitations').get(),
		registrations: db.prepare('select count(*) n from event_registrations where user_id = ?').get(member.id),
		sessions: db.prepare('select count(*) n from sessions where user_id in (?, ?)').get(member.id, admin.id),
	})
	const before = snapshot()
	for (const headers of FORGED_ORIGINS) {
		const attempts = [
			memberContext.request.post(threadPath, { form: { intent: 'reply', body: 'forged reply' }, headers, maxRedirects: 0 }),
			memberContext.request.post('/profile', { form: { intent: 'profile', name: 'Forged Name', organisation: 'Forged', country: 'ALB', preferredLanguage: 'en' }, headers, maxRedirects: 0 }),
			adminContext.request.post('/admin/invitations', { form: { email: 'forged@evil.example', role: 'admin' }, headers, maxRedirects: 0 }),
			memberContext.request.post(`/events/${event.id}`, { form: { intent: 'register' }, headers, maxRedirects: 0 }),
			memberContext.request.post('/logout', { form: { everywhere: '1' }, headers, maxRedirects: 0 }),
		]
		for (const response of await Promise.all(attempts)) expect(response.status(), JSON.stringify(headers)).toBe(403)
	}
	expect(snapshot()).toEqual(before)

	// The same requests with our own Origin do go through (so the 403s above were the Origin's doing).
	expect((await memberContext.request.post(threadPath, { form: { intent: 'reply', body: 'genuine reply' }, headers: own, maxRedirects: 0 })).status()).toBe(302)
	expect(snapshot().posts).not.toEqual(before.posts)
	await memberContext.close()
	await adminContext.close()
})
