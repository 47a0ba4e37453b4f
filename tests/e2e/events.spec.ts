import crypto from 'node:crypto'
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { editorSource, eventInDb, eventNotificationsOf, icsEventIds, icsProperty, mailsTo, registrationStatus, seedEvent, seedRegistration, uniqueEventId, unfoldIcs } from './fixtures/events'
import { createUser, database, loginAs, uniqueIp, type TestUser } from './support'

/**
 * Events through the browser and over HTTP: who may see an event (page, ICS, API, lists,
 * counts, personal feed), registration with capacity, waiting list and approval, cancelling
 * an event, and the staff editor's refusals. Each test seeds its own events with unique ids.
 */

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

async function asUser(browser: Browser, user: TestUser, options: BrowserContextOptions = {}) {
	const context = await browser.newContext({ ...options, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

const flash = (page: Page) => page.locator('.flash')
const registrationBox = (page: Page) => page.getByRole('region', { name: 'Registration' })
const stampOf = () => crypto.randomBytes(4).toString('hex')
const EDITOR_LABEL = 'Event (YAML front matter, then the description in Markdown)'

type ApiList = { total: number; events: Array<{ id: string; visibility: string; location?: { venue: string | null } }> }

test('a region event and an invite-only operation stay invisible to everyone else: page, ICS, API, lists, counts, feed and search', async ({ browser }) => {
	test.setTimeout(150_000) // five browser contexts and many requests: slow on a loaded machine
	const stamp = stampOf()
	// A day of our own, so the API's counts for that day are exactly this test's events.
	const day = `${2031 + crypto.randomInt(0, 8)}-${String(crypto.randomInt(1, 13)).padStart(2, '0')}-${String(crypto.randomInt(1, 29)).padStart(2, '0')}`
	const when = { timezone: 'Europe/Belgrade', start: `${day}T09:00`, end: `${day}T17:00` }
	const invitee = await createUser({ regions: ['latin-america'], name: `Invited Officer ${stamp}` })
	const outsider = await createUser({ regions: ['latin-america'] })
	const balkans = await createUser({ regions: ['western-balkans'] })
	const staff = await createUser({ role: 'staff' })
	const forAll = seedEvent({ ...when, id: uniqueEventId('all'), title: `Open webinar ${stamp}`, type: 'webinar', location: undefined, online_url: 'https://meet.example.org/open-webinar' })
	const regional = seedEvent({ ...when, id: uniqueEventId('wb'), title: `Balkans conversion workshop ${stamp}`, visibility: 'regions', regions: ['western-balkans'], location: { venue: 'Palace of Serbia', city: 'Belgrade', country: 'SRB' } })
	// The operation names the Balkans as its region: sharing the region must not be enough.
	const venue = `Safe house ${stamp}`
	const operation = seedEvent({
		...when,
		id: uniqueEventId('op'),
		title: `Operation QUILLWORT${stamp}`,
		type: 'cross-border-operation',
		regions: ['western-balkans'],
		invitees: [invitee.email.toUpperCase()],
		location: { venue, city: 'Skopje', country: 'MKD' },
		online_url: `https://meet.example.org/quillwort-${stamp}`,
	})
	// Content events too: a region-only workshop and an operation for someone else.
	const hidden = [regional.id, operation.id, 'demo-2027-02-belgrade-workshop-conversion', 'demo-2027-01-op-sahel-lantern']
	for (const id of hidden) expect(eventInDb(id), `${id} exists`).toBeDefined()
	const apiDay = async (request: import('@playwright/test').APIRequestContext) => (await (await request.get(`/api/events?from=${day}&to=${day}`)).json()) as ApiList

	// --- A member of another region, not invited.
	const o = await asUser(browser, outsider)
	const missing = await o.context.request.get('/api/events/t-no-such-event')
	expect(missing.status()).toBe(404)
	const missingBody = await missing.text()
	for (const id of hidden) {
		expect((await o.page.goto(`/events/${id}`))?.status(), `page ${id}`).toBe(404)
		expect((await o.context.request.get(`/events/${id}.ics`)).status(), `ICS ${id}`).toBe(404)
		const api = await o.context.request.get(`/api/events/${id}`)
		expect(api.status(), `API ${id}`).toBe(404)
		// The same answer as for an id that does not exist: not even the existence leaks.
		expect(await api.text(), `API ${id}`).toBe(missingBody)
		// Nor can they register for it by posting the form.
		const post = await o.context.request.post(`/events/${id}`, { form: { intent: 'register' }, headers: { Origin: E2E.baseURL }, maxRedirects: 0 })
		expect(post.status(), `register ${id}`).toBe(404)
		expect(registrationStatus(id, outsider)).toBeUndefined()
	}
	// Lists and the month calendar: neither the link nor the loader data carries the events.
	const [year, month] = day.split('-')
	for (const url of ['/events', '/events?type=cross-border-operation', '/events?type=workshop', '/events?region=western-balkans', `/events?view=calendar&month=${year}-${month}`, '/events?view=calendar&month=2027-01', '/events?view=calendar&month=2027-02']) {
		expect((await o.page.goto(url))?.status(), url).toBe(200)
		await expect(o.page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible()
		const html = await o.page.content()
		for (const text of [...hidden, regional.title, operation.title, venue]) expect(html, `${url} shows ${text}`).not.toContain(text)
	}
	// The member's own events do show, so the checks above are not vacuous.
	await o.page.goto('/events')
	await expect(o.page.getByRole('link', { name: forAll.title })).toBeVisible()
	await o.page.goto(`/events?view=calendar&month=${year}-${month}`)
	await expect(o.page.getByRole('table').getByRole('link', { name: forAll.title })).toBeVisible()

	// The API: absent from every list, and `total` counts only what is listed.
	for (const query of ['', '?type=cross-border-operation', '?type=workshop', '?region=western-balkans', '?from=2027-01-01&to=2027-02-28', `?from=${day}&to=${day}`]) {
		const response = await o.context.request.get(`/api/events${query}`)
		expect(response.status(), query).toBe(200)
		const list = (await response.json()) as ApiList
		expect(list.total, query).toBe(list.events.length)
		const ids = list.events.map((e) => e.id)
		for (const id of hidden) expect(ids, `${query} lists ${id}`).not.toContain(id)
		// No invite-only event reaches a member who is invited to none.
		expect(list.events.filter((e) => e.visibility === 'invite-only'), query).toEqual([])
	}
	// A date the calendar does not have is refused, not rolled over into the next month.
	for (const bad of ['2024-02-30', '2023-02-29', '2024-04-31']) {
		const response = await o.context.request.get(`/api/events?from=${bad}`)
		expect(response.status(), bad).toBe(400)
		expect(((await response.json()) as { fields: Record<string, string[]> }).fields.from, bad).toEqual(['Not a real date.'])
	}
	expect((await o.context.request.get('/api/events?from=2024-02-29&to=2024-03-01')).status()).toBe(200)
	expect((await apiDay(o.context.request)).events.map((e) => e.id)).toEqual([forAll.id])

	// The personal calendar feed, fetched as a calendar client would: no session at all.
	await o.page.goto('/profile')
	await o.page.getByRole('button', { name: 'Create my calendar feed' }).click()
	const feedInput = o.page.getByLabel('Your calendar feed')
	await expect(feedInput).toHaveValue(/^http:\/\/[^/]+\/events\/feed\/[^/]+\.ics$/)
	const feedUrl = await feedInput.inputValue()
	const anonymous = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	expect(await anonymous.cookies()).toEqual([])
	const feed = await anonymous.request.get(feedUrl)
	expect(feed.status()).toBe(200)
	expect(feed.headers()['content-type']).toContain('text/calendar')
	const feedText = await feed.text()
	expect(feedText).toContain('BEGIN:VCALENDAR')
	const feedIds = icsEventIds(feedText)
	expect(feedIds).toContain(forAll.id)
	for (const id of hidden) expect(feedIds, `feed has ${id}`).not.toContain(id)
	expect(unfoldIcs(feedText)).not.toContain(venue)
	expect(unfoldIcs(feedText)).not.toContain(`QUILLWORT${stamp}`)

	// Replacing the secret stops the old address at once; the new one works.
	await o.page.getByRole('button', { name: 'Replace the secret address' }).click()
	await expect(feedInput).not.toHaveValue(feedUrl)
	const renewed = await feedInput.inputValue()
	expect((await anonymous.request.get(feedUrl)).status()).toBe(404)
	expect((await anonymous.request.get(renewed)).status()).toBe(200)
	// A made-up secret: 404, not the login page.
	const unknown = await anonymous.request.get('/events/feed/not-a-real-secret.ics', { maxRedirects: 0 })
	expect(unknown.status()).toBe(404)
	// Turning the feed off closes the current address too.
	await o.page.getByRole('button', { name: 'Turn the feed off' }).click()
	await expect(o.page.getByText('You have no calendar feed.')).toBeVisible()
	expect((await anonymous.request.get(renewed)).status()).toBe(404)

	// The case search knows nothing of events (the portal-wide search's rules for events, and the
	// operation's place never being indexed, are in search.spec.ts).
	await o.page.goto(`/cases?q=QUILLWORT${stamp}`)
	expect(await o.page.content()).not.toContain(operation.id)
	expect(await o.page.content()).not.toContain(venue)

	// --- The invitee (matched by account email, whatever its case) sees the operation and where it is.
	const inv = await asUser(browser, invitee)
	expect((await inv.page.goto(`/events/${operation.id}`))?.status()).toBe(200)
	await expect(inv.page.getByRole('heading', { level: 1 })).toHaveText(operation.title)
	await expect(inv.page.getByText(venue)).toBeVisible()
	await expect(inv.page.getByRole('link', { name: operation.online_url })).toBeVisible()
	await expect(inv.page.getByRole('link', { name: 'Add to calendar (.ics)' })).toHaveAttribute('href', `/events/${operation.id}.ics`)
	const invIcs = await inv.context.request.get(`/events/${operation.id}.ics`)
	expect(invIcs.status()).toBe(200)
	const invIcsText = await invIcs.text()
	expect(icsEventIds(invIcsText)).toEqual([operation.id])
	expect(icsProperty(invIcsText, 'LOCATION')).toContain(venue)
	const invApi = await inv.context.request.get(`/api/events/${operation.id}`)
	expect(invApi.status()).toBe(200)
	expect(((await invApi.json()) as { location: { venue: string } }).location.venue).toBe(venue)
	expect((await inv.page.goto(`/events/${regional.id}`))?.status()).toBe(404)
	expect((await apiDay(inv.context.request)).events.map((e) => e.id).sort()).toEqual([forAll.id, operation.id].sort())
	await inv.page.goto('/events?type=cross-border-operation')
	await expect(inv.page.getByRole('link', { name: operation.title })).toBeVisible()

	// --- A member of the Balkans sees the region's event, but not the operation without an invitation.
	const b = await asUser(browser, balkans)
	expect((await b.page.goto(`/events/${regional.id}`))?.status()).toBe(200)
	await expect(b.page.getByRole('heading', { level: 1 })).toHaveText(regional.title)
	expect((await b.page.goto('/events/demo-2027-02-belgrade-workshop-conversion'))?.status()).toBe(200)
	expect((await b.page.goto(`/events/${operation.id}`))?.status()).toBe(404)
	expect((await b.context.request.get(`/events/${operation.id}.ics`)).status()).toBe(404)
	expect((await b.context.request.get(`/api/events/${operation.id}`)).status()).toBe(404)
	const bDay = await apiDay(b.context.request)
	expect(bDay.total).toBe(2)
	expect(bDay.events.map((e) => e.id).sort()).toEqual([forAll.id, regional.id].sort())
	await b.page.goto('/events?region=western-balkans')
	await expect(b.page.getByRole('link', { name: regional.title })).toBeVisible()
	expect(await b.page.content()).not.toContain(operation.id)

	// --- Staff see everything, the operation's place included.
	const s = await asUser(browser, staff)
	for (const id of [regional.id, operation.id]) expect((await s.page.goto(`/events/${id}`))?.status(), id).toBe(200)
	await expect(s.page.getByText(venue)).toBeVisible()
	const sDay = await apiDay(s.context.request)
	expect(sDay.total).toBe(3)
	expect(sDay.events.map((e) => e.id).sort()).toEqual([forAll.id, regional.id, operation.id].sort())

	for (const c of [o, inv, b, s]) await c.context.close()
	await anonymous.close()
})

test('an operation staff opened to all members still hides its place and link from those not invited', async ({ browser }) => {
	test.setTimeout(90_000)
	const stamp = stampOf()
	const invitee = await createUser({ regions: ['caribbean'] })
	const member = await createUser({ regions: ['caribbean'] })
	const venue = `Port operations room ${stamp}`
	const link = `https://meet.example.org/trade-wind-${stamp}`
	const operation = seedEvent({ id: uniqueEventId('opm'), title: `Operation open to members ${stamp}`, type: 'cross-border-operation', visibility: 'members', invitees: [invitee.email], location: { venue, city: 'Kingston', country: 'JAM' }, online_url: link })

	const m = await asUser(browser, member)
	expect((await m.page.goto(`/events/${operation.id}`))?.status()).toBe(200)
	await expect(m.page.getByText('Shared with invitees only.')).toBeVisible()
	const html = await m.page.content()
	expect(html).not.toContain(venue)
	expect(html).not.toContain(link)
	const api = (await (await m.context.request.get(`/api/events/${operation.id}`)).json()) as Record<string, unknown>
	expect(api).not.toHaveProperty('location')
	expect(api).not.toHaveProperty('online_url')
	const ics = unfoldIcs(await (await m.context.request.get(`/events/${operation.id}.ics`)).text())
	expect(ics).toContain(`UID:${operation.id}@`)
	expect(ics).not.toContain(venue)
	expect(ics).not.toContain(link)
	await m.page.goto('/events?type=cross-border-operation')
	await expect(m.page.locator('li.event', { hasText: operation.title })).toContainText('Location shared with invitees only')
	expect(await m.page.content()).not.toContain(venue)

	const i = await asUser(browser, invitee)
	await i.page.goto(`/events/${operation.id}`)
	await expect(i.page.getByText(venue)).toBeVisible()
	await expect(i.page.getByRole('link', { name: link })).toBeVisible()
	for (const c of [m, i]) await c.context.close()
})

test('open registration with capacity 2: two places, then the waiting list; a cancellation promotes the first waiting member, who is told in the portal and by email', async ({ browser }) => {
	test.setTimeout(120_000)
	const stamp = stampOf()
	const event = seedEvent({ id: uniqueEventId('cap'), title: `Tracing training ${stamp}`, type: 'training', registration: { mode: 'open', capacity: 2 } })
	const members = [await createUser({ name: `Trainee One ${stamp}` }), await createUser({ name: `Trainee Two ${stamp}` }), await createUser({ name: `Trainee Three ${stamp}` })]
	const sessions = [await asUser(browser, members[0]), await asUser(browser, members[1]), await asUser(browser, members[2])]
	const full = 'The event is full: you are on the waiting list, and will be told if a place frees up.'

	// One after the other, so the order of arrival is known.
	for (const [i, s] of sessions.entries()) {
		await s.page.goto(`/events/${event.id}`)
		await s.page.getByRole('button', { name: 'Register' }).click()
		await expect(flash(s.page)).toHaveText(i < 2 ? 'You are registered.' : full)
	}
	expect(members.map((m) => registrationStatus(event.id, m))).toEqual(['registered', 'registered', 'waitlisted'])
	await expect(registrationBox(sessions[2].page)).toContainText('2 of 2 places taken, 1 on the waiting list.')
	await expect(registrationBox(sessions[2].page).getByRole('status')).toHaveText('You are on the waiting list.')
	expect(eventNotificationsOf(members[2]).map((n) => n.title)).toEqual([`You are on the waiting list for “${event.title}”`])

	// The first cancels: the waiting member takes the place at once and is told.
	await sessions[0].page.getByRole('button', { name: 'Cancel my registration' }).click()
	await expect(flash(sessions[0].page)).toHaveText('Your registration is cancelled.')
	expect(members.map((m) => registrationStatus(event.id, m))).toEqual(['cancelled', 'registered', 'registered'])
	const promoted = `You are registered for “${event.title}”`
	expect(eventNotificationsOf(members[2])).toContainEqual({ kind: 'event-registration', title: promoted, url: `/events/${event.id}` })
	await expect.poll(() => mailsTo(members[2].email).map((m) => m.subject), { timeout: 15_000 }).toEqual([`You are on the waiting list for “${event.title}”`, promoted])
	const mail = mailsTo(members[2].email).at(-1)!
	expect(mail.text).toContain(`/events/${event.id}`)
	// The member still registered is not told anything new.
	expect(eventNotificationsOf(members[1]).map((n) => n.title)).toEqual([promoted])

	await sessions[2].page.reload()
	await expect(registrationBox(sessions[2].page).getByRole('status')).toHaveText('You are registered.')
	await expect(registrationBox(sessions[2].page)).toContainText('2 of 2 places taken.')

	// The event is full again: registering anew puts the first member on the waiting list.
	await sessions[0].page.getByRole('button', { name: 'Register' }).click()
	await expect(flash(sessions[0].page)).toHaveText(full)
	expect(registrationStatus(event.id, members[0])).toBe('waitlisted')
	for (const s of sessions) await s.context.close()
})

test('approval: a registration waits for staff, who approve or decline it on the registrations page; the CSV export is for staff only', async ({ browser }) => {
	test.setTimeout(120_000)
	const stamp = stampOf()
	const event = seedEvent({ id: uniqueEventId('appr'), title: `Prosecutors roundtable ${stamp}`, registration: { mode: 'approval', capacity: 10 } })
	const applicant = await createUser({ regions: ['south-asia'], name: `Applicant Prosecutor ${stamp}` })
	const refused = await createUser({ regions: ['south-asia'], name: `Refused Prosecutor ${stamp}` })
	const staff = await createUser({ role: 'staff' })
	const a = await asUser(browser, applicant)
	const r = await asUser(browser, refused)

	for (const c of [a, r]) {
		await c.page.goto(`/events/${event.id}`)
		await expect(registrationBox(c.page)).toContainText('The organizers approve each registration.')
		await c.page.getByRole('button', { name: 'Register' }).click()
		await expect(flash(c.page)).toHaveText('Your registration is waiting for the organizers’ approval.')
		await expect(registrationBox(c.page).getByRole('status')).toHaveText('Your registration awaits approval.')
	}
	expect(registrationStatus(event.id, applicant)).toBe('pending')
	expect(eventNotificationsOf(applicant).map((n) => n.title)).toEqual([`Your registration awaits the organizers’ approval for “${event.title}”`])

	// A member cannot approve themselves, open the staff page or export the list.
	const regId = (database().prepare('select id from event_registrations where event_id = ? and user_id = ?').get(event.id, applicant.id) as { id: number }).id
	const selfApprove = await a.context.request.post(`/events/${event.id}/registrations`, { form: { registrationId: String(regId), decision: 'approve' }, headers: { Origin: E2E.baseURL }, maxRedirects: 0 })
	expect(selfApprove.status()).toBe(403)
	expect(registrationStatus(event.id, applicant)).toBe('pending')
	expect((await a.page.goto(`/events/${event.id}/registrations`))?.status()).toBe(403)
	expect((await a.context.request.get(`/events/${event.id}/registrations/csv`)).status()).toBe(403)

	const s = await asUser(browser, staff)
	await s.page.goto(`/events/${event.id}/registrations`)
	await expect(s.page.getByRole('row', { name: new RegExp(applicant.name) })).toContainText('pending')
	await s.page.getByRole('button', { name: `Approve ${applicant.name}` }).click()
	await expect(flash(s.page)).toHaveText('Registration now registered; the person is told.')
	await expect(s.page.getByRole('row', { name: new RegExp(applicant.name) })).toContainText('registered')
	await expect(s.page.getByRole('button', { name: `Approve ${applicant.name}` })).toHaveCount(0)
	await s.page.getByRole('button', { name: `Decline ${refused.name}` }).click()
	await expect(flash(s.page)).toHaveText('Registration now declined; the person is told.')

	expect(registrationStatus(event.id, applicant)).toBe('registered')
	expect(registrationStatus(event.id, refused)).toBe('declined')
	expect(eventNotificationsOf(applicant).at(-1)).toEqual({ kind: 'event-registration', title: `You are registered for “${event.title}”`, url: `/events/${event.id}` })
	expect(eventNotificationsOf(refused).at(-1)?.title).toBe(`The organizers declined your registration for “${event.title}”`)
	await expect.poll(() => mailsTo(applicant.email).at(-1)?.subject, { timeout: 15_000 }).toBe(`You are registered for “${event.title}”`)

	await a.page.goto(`/events/${event.id}`)
	await expect(registrationBox(a.page).getByRole('status')).toHaveText('You are registered.')
	await r.page.goto(`/events/${event.id}`)
	await expect(registrationBox(r.page).getByRole('status')).toHaveText('The organizers declined your registration.')
	await expect(registrationBox(r.page).getByRole('button', { name: 'Register' })).toHaveCount(0)

	// The export: both registrants with their emails and statuses.
	const csv = await s.context.request.get(`/events/${event.id}/registrations/csv`)
	expect(csv.status()).toBe(200)
	expect(csv.headers()['content-type']).toContain('text/csv')
	expect(csv.headers()['content-disposition']).toBe(`attachment; filename="${event.id}-registrations.csv"`)
	const lines = (await csv.text()).trim().split('\n')
	expect(lines[0]).toBe('name,email,organisation,country,status,registered_at')
	expect(lines.find((l) => l.includes(applicant.email))).toContain(',registered,')
	expect(lines.find((l) => l.includes(refused.email))).toContain(',declined,')
	for (const c of [a, r, s]) await c.context.close()
})

test('staff cancel an event: registrants are told once (portal and email), and its ICS says CANCELLED with a higher SEQUENCE', async ({ browser }) => {
	test.setTimeout(120_000)
	const stamp = stampOf()
	const event = seedEvent({ id: uniqueEventId('cxl'), title: `Stockpile webinar ${stamp}`, type: 'webinar', location: undefined, online_url: 'https://meet.example.org/stockpiles', registration: { mode: 'open' } })
	const registrant = await createUser({ regions: ['eastern-europe'] })
	const leaver = await createUser({ regions: ['eastern-europe'] })
	const staff = await createUser({ role: 'staff' })
	seedRegistration(event.id, registrant, 'registered')
	seedRegistration(event.id, leaver, 'cancelled')

	const m = await asUser(browser, registrant)
	const before = await m.context.request.get(`/events/${event.id}.ics`)
	expect(before.status()).toBe(200)
	expect(before.headers()['content-type']).toContain('text/calendar')
	const beforeText = await before.text()
	expect(icsEventIds(beforeText)).toEqual([event.id])
	expect(icsProperty(beforeText, 'STATUS')).toBe('TENTATIVE')
	const sequenceBefore = Number(icsProperty(beforeText, 'SEQUENCE') ?? 0)

	// Only staff may cancel: the registrant's own attempt is refused and changes nothing.
	const attempt = await m.context.request.post(`/events/${event.id}`, { form: { intent: 'cancel-event' }, headers: { Origin: E2E.baseURL }, maxRedirects: 0 })
	expect(attempt.status()).toBe(403)
	expect(eventInDb(event.id)).toMatchObject({ status: 'planned', sequence: 0 })
	await m.page.goto(`/events/${event.id}`)
	await expect(m.page.getByRole('button', { name: 'Cancel the event' })).toHaveCount(0)

	const s = await asUser(browser, staff)
	await s.page.goto(`/events/${event.id}`)
	await s.page.getByRole('button', { name: 'Cancel the event' }).click()
	await expect(flash(s.page)).toHaveText('The event is now cancelled; registrants will be told.')
	await expect(s.page.getByRole('button', { name: 'Cancel the event' })).toHaveCount(0)
	expect(eventInDb(event.id)?.status).toBe('cancelled')

	// The background job (every ~5 s) sends the notice.
	const notice = `“${event.title}” is cancelled`
	await expect.poll(() => eventNotificationsOf(registrant).filter((n) => n.kind === 'event-change'), { timeout: 20_000 }).toEqual([{ kind: 'event-change', title: notice, url: `/events/${event.id}` }])
	await expect.poll(() => mailsTo(registrant.email).map((mail) => mail.subject), { timeout: 15_000 }).toContain(notice)
	// Once: the revision is marked as notified, and a later run of the job adds nothing.
	await expect.poll(() => database().prepare('select count(*) as n from event_revisions where event_id = ? and material = 1 and notified_at is null').get(event.id), { timeout: 15_000 }).toEqual({ n: 0 })
	await new Promise((resolve) => setTimeout(resolve, 6_000))
	expect(eventNotificationsOf(registrant).filter((n) => n.kind === 'event-change')).toHaveLength(1)
	expect(mailsTo(registrant.email).filter((mail) => mail.subject === notice)).toHaveLength(1)
	// Whoever had cancelled their registration is not told.
	expect(eventNotificationsOf(leaver)).toEqual([])

	const after = await (await m.context.request.get(`/events/${event.id}.ics`)).text()
	expect(icsEventIds(after)).toEqual([event.id])
	expect(icsProperty(after, 'STATUS')).toBe('CANCELLED')
	expect(Number(icsProperty(after, 'SEQUENCE'))).toBeGreaterThan(sequenceBefore)
	expect(icsProperty(after, 'SUMMARY')).toBe(`Cancelled: ${event.title}`)
	const api = (await (await m.context.request.get(`/api/events/${event.id}`)).json()) as { status: string; sequence: number }
	expect(api.status).toBe('cancelled')
	expect(api.sequence).toBeGreaterThan(sequenceBefore)

	// Nobody can register for a cancelled event any more.
	const l = await asUser(browser, leaver)
	await l.page.goto(`/events/${event.id}`)
	await expect(l.page.locator('.badge', { hasText: 'Cancelled' })).toBeVisible()
	await expect(l.page.getByRole('button', { name: 'Register' })).toHaveCount(0)
	const post = await l.context.request.post(`/events/${event.id}`, { form: { intent: 'register' }, headers: { Origin: E2E.baseURL } })
	expect(post.status()).toBe(200)
	expect(registrationStatus(event.id, leaver)).toBe('cancelled')
	for (const c of [m, s, l]) await c.context.close()
})

test('the staff editor refuses an end before the start, an unknown time zone and a capacity below the registrations, keeps the text and saves nothing; a valid event is created', async ({ page, context }) => {
	test.setTimeout(120_000)
	const stamp = stampOf()
	const staff = await createUser({ role: 'staff' })
	await loginAs(context, staff)
	const box = page.getByLabel(EDITOR_LABEL)
	const save = page.getByRole('button', { name: 'Save event' })
	const problems = page.getByRole('alert')

	// --- New event.
	const id = uniqueEventId('new')
	const title = `Conversion workshop ${stamp}`
	await page.goto('/events/new')
	await expect(box).toHaveValue(/^---\n/) // the template
	const revisions = () => (database().prepare('select count(*) as n from event_revisions where event_id = ?').get(id) as { n: number }).n

	const backwards = editorSource({ id, title, start: '2030-06-04T09:00', end: '2030-06-03T17:00' })
	await box.fill(backwards)
	await save.click()
	await expect(problems).toContainText('The event was not saved:')
	await expect(problems.getByRole('listitem')).toHaveText(['end: The end must be after the start.'])
	await expect(box).toHaveValue(backwards)
	expect(new URL(page.url()).pathname).toBe('/events/new')
	expect(eventInDb(id)).toBeUndefined()

	const unknownZone = editorSource({ id, title, timezone: 'Europe/Atlantis' })
	await box.fill(unknownZone)
	await save.click()
	await expect(problems.getByRole('listitem').first()).toHaveText(/^timezone: Unknown time zone/)
	await expect(box).toHaveValue(unknownZone)
	expect(eventInDb(id)).toBeUndefined()
	expect(revisions()).toBe(0)

	const valid = editorSource({ id, title })
	await box.fill(valid)
	await save.click()
	await expect(page).toHaveURL(new RegExp(`/events/${id}$`))
	await expect(flash(page)).toHaveText('Event created.')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
	expect(eventInDb(id)).toMatchObject({ title, timezone: 'Europe/Belgrade', start_local: '2030-06-03T09:00', capacity: 30, sequence: 0 })
	await page.goto('/events')
	await expect(page.getByRole('link', { name: title })).toBeVisible()
	await page.goto('/events?view=calendar&month=2030-06')
	await expect(page.getByRole('table').getByRole('link', { name: title }).first()).toBeVisible()

	// --- Existing event with two people registered (and one who left, who does not count).
	const seeded = seedEvent({ id: uniqueEventId('edit'), title: `Deactivation workshop ${stamp}`, registration: { mode: 'open', capacity: 5 } })
	seedRegistration(seeded.id, await createUser(), 'registered')
	seedRegistration(seeded.id, await createUser(), 'registered')
	seedRegistration(seeded.id, await createUser(), 'cancelled')
	const rowBefore = eventInDb(seeded.id)
	await page.goto(`/events/${seeded.id}/edit`)
	const original = await box.inputValue()
	expect(original).toContain('capacity: 5')

	const lowered = original.replace('capacity: 5', 'capacity: 1')
	await box.fill(lowered)
	await save.click()
	await expect(problems.getByRole('listitem')).toHaveText([/^registration\.capacity: capacity 1 is below the 2 people already registered/])
	await expect(box).toHaveValue(lowered)
	expect(eventInDb(seeded.id)).toEqual(rowBefore)

	const reversed = original.replace(`end: ${seeded.end}`, 'end: 2030-05-13T17:00')
	expect(reversed).not.toBe(original)
	await box.fill(reversed)
	await save.click()
	await expect(problems.getByRole('listitem')).toHaveText(['end: The end must be after the start.'])
	await expect(box).toHaveValue(reversed)

	const zoned = original.replace('timezone: Europe/Vienna', 'timezone: Vienna')
	await box.fill(zoned)
	await save.click()
	await expect(problems.getByRole('listitem').first()).toHaveText(/^timezone: Unknown time zone/)
	await expect(box).toHaveValue(zoned)
	expect(eventInDb(seeded.id)).toEqual(rowBefore)
	expect((database().prepare('select count(*) as n from event_revisions where event_id = ?').get(seeded.id) as { n: number }).n).toBe(0)

	// Exactly the number registered is allowed.
	await box.fill(original.replace('capacity: 5', 'capacity: 2'))
	await save.click()
	await expect(flash(page)).toHaveText('Saved. Registrants are told about changes of time, place or status.')
	expect(eventInDb(seeded.id)).toMatchObject({ capacity: 2, sequence: Number(rowBefore?.sequence) + 1 })
})

test('without JavaScript a member can register and cancel, and the editor keeps the text it refused', async ({ browser }) => {
	test.setTimeout(90_000)
	const stamp = stampOf()
	const event = seedEvent({ id: uniqueEventId('nojs'), title: `Identification training ${stamp}`, type: 'training', registration: { mode: 'open', capacity: 20 } })
	const member = await createUser({ regions: ['central-asia'] })
	const m = await asUser(browser, member, { javaScriptEnabled: false })
	await m.page.goto(`/events/${event.id}`)
	await m.page.getByRole('button', { name: 'Register' }).click()
	await expect(flash(m.page)).toHaveText('You are registered.')
	await expect(registrationBox(m.page)).toContainText('1 of 20 places taken.')
	expect(registrationStatus(event.id, member)).toBe('registered')
	await m.page.getByRole('button', { name: 'Cancel my registration' }).click()
	await expect(flash(m.page)).toHaveText('Your registration is cancelled.')
	expect(registrationStatus(event.id, member)).toBe('cancelled')

	// The refused text comes back from the server, not from the browser's memory.
	const s = await asUser(browser, await createUser({ role: 'staff' }), { javaScriptEnabled: false })
	await s.page.goto('/events/new')
	const id = uniqueEventId('nojs-new')
	const source = editorSource({ id, title: `No-script event ${stamp}`, timezone: 'Mars/Olympus_Mons' })
	await s.page.getByLabel(EDITOR_LABEL).fill(source)
	await s.page.getByRole('button', { name: 'Save event' }).click()
	await expect(s.page.getByRole('alert')).toContainText('timezone: Unknown time zone')
	await expect(s.page.getByLabel(EDITOR_LABEL)).toHaveValue(source)
	expect(eventInDb(id)).toBeUndefined()
	for (const c of [m, s]) await c.context.close()
})

