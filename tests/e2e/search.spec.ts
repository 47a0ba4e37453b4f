import { expect, test, type Browser } from '@playwright/test'
import { eventRecordSchema } from '../../db/events/record'
import { eventRow } from '../../db/events/queries'
import { createUser, database, loginAs, uniqueIp, type TestUser } from './support'

/** One search across the portal: every type, grouped with counts, and only what the reader may open. */

async function asUser(browser: Browser, user: TestUser) {
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

/** Inserts an event and queues it for the index, as the importer and editor do in one transaction. */
function seedEvent(input: Record<string, unknown>) {
	const record = eventRecordSchema.parse({ type: 'workshop', timezone: 'Europe/Vienna', organizer: 'UNODC', location: { city: 'Vienna' }, start: '2027-02-10T10:00', end: '2027-02-10T12:00', ...input })
	const row = eventRow(record, Math.floor(Date.now() / 1000))
	const db = database()
	const columns = Object.keys(row)
	db.transaction(() => {
		db.prepare(`insert into events (${columns.join(', ')}, sequence, content_hash, created_at) values (${columns.map(() => '?').join(', ')}, 0, '', unixepoch())`).run(...Object.values(row))
		for (const email of record.invitees) db.prepare('insert into event_invitees (event_id, email) values (?, ?)').run(record.id, email)
		db.prepare("insert into search_outbox (doc_type, doc_id, created_at) values ('event', ?, unixepoch())").run(record.id)
	})()
}

test('one search finds cases, threads and events; restricted ones never show, and the counts agree', async ({ browser }) => {
	test.setTimeout(90_000)
	const word = `zq${Date.now().toString(36)}`
	const balkan = await createUser({ regions: ['western-balkans'] })
	const latin = await createUser({ regions: ['latin-america'] })
	const invitee = await createUser({ regions: ['latin-america'] })

	// A thread in the Western Balkans forum, posted through the UI (indexed through the outbox).
	const b = await asUser(browser, balkan)
	await b.page.goto('/forums/western-balkans/new')
	await b.page.getByLabel('Title').fill(`Reactivated rifles ${word}`)
	await b.page.getByLabel('Message').fill(`Balkan route details ${word}.`)
	await b.page.getByRole('button', { name: 'Post thread' }).click()
	await expect(b.page.getByRole('heading', { level: 1 })).toContainText(word)
	// Events: one for every member, one for the Balkans only, one operation for one invitee.
	seedEvent({ id: `open-${word}`, title: `Open webinar ${word}`, location: { venue: `Conference hall ${word}hall`, city: 'Vienna' } })
	seedEvent({ id: `region-${word}`, title: `Balkan workshop ${word}`, visibility: 'regions', regions: ['western-balkans'] })
	seedEvent({ id: `op-${word}`, title: `Operation ${word}`, type: 'cross-border-operation', invitees: [invitee.email], location: { venue: `Safe house ${word}house`, city: 'Skopje' } })

	const l = await asUser(browser, latin)
	// The background job indexes queued changes every few seconds.
	await expect.poll(async () => (await (await l.context.request.get(`/api/search?q=${word}`)).json()).counts.event, { timeout: 20_000 }).toBe(1)
	const forLatin = await (await l.context.request.get(`/api/search?q=${word}`)).json()
	expect(forLatin).toMatchObject({ total: 1, counts: { case: 0, thread: 0, event: 1 } })
	expect(forLatin.hits).toEqual([{ type: 'event', id: `open-${word}`, title: `Open webinar ${word}`, url: `/events/open-${word}`, snippet: expect.any(String) }])

	const forBalkan = await (await b.context.request.get(`/api/search?q=${word}`)).json()
	expect(forBalkan.counts).toMatchObject({ thread: 1, event: 2 })
	expect(forBalkan.total).toBe(3)
	const i = await asUser(browser, invitee)
	const forInvitee = await (await i.context.request.get(`/api/search?q=${word}&type=event`)).json()
	expect(forInvitee.hits.map((h: { id: string }) => h.id).sort()).toEqual([`op-${word}`, `open-${word}`].sort())
	expect(forInvitee.counts.event).toBe(2)
	// Where an operation takes place is never indexed, so a search for the place finds nothing,
	// even for someone invited; the place of an ordinary event is found (so the search works).
	expect((await (await i.context.request.get(`/api/search?q=${word}house`)).json()).counts.event).toBe(0)
	expect((await (await i.context.request.get(`/api/search?q=${word}hall`)).json()).counts.event).toBe(1)

	// The page: grouped hits, tabs with the same counts, type filter, and the header box.
	await l.page.goto('/cases')
	await l.page.getByLabel('Search the portal').fill(word)
	await l.page.getByLabel('Search the portal').press('Enter')
	await expect(l.page).toHaveURL(new RegExp(`/search\\?q=${word}`))
	await expect(l.page.getByRole('link', { name: 'All (1)' })).toBeVisible()
	await expect(l.page.getByRole('link', { name: 'Forum threads (0)' })).toBeVisible()
	await expect(l.page.locator('.hit')).toHaveCount(1)
	await expect(l.page.locator('.hit')).toContainText(`Open webinar ${word}`)
	await b.page.goto(`/search?q=${word}`)
	await b.page.getByRole('link', { name: 'Forum threads (1)' }).click()
	await expect(b.page.locator('.hit')).toHaveCount(1)
	await expect(b.page.locator('.hit')).toContainText(`Reactivated rifles ${word}`)

	// Cases are found too (a demo case, by a word from its title), with the query language.
	const cases = await (await l.context.request.get('/api/search?q=%22postal%22&type=case')).json()
	expect(cases.counts.case).toBeGreaterThan(0)
	expect(cases.hits.every((h: { type: string }) => h.type === 'case')).toBe(true)
	// Bad input: a clear 400.
	const bad = await l.context.request.get('/api/search?q=x&type=everything')
	expect(bad.status()).toBe(400)
	expect((await bad.json()).fields.type[0]).toContain('type must be one of')
	for (const c of [b, l, i]) await c.context.close()
})
