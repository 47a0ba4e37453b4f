import fs from 'node:fs'
import { expect, test, type Browser } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { createUser, database, latestMailTo, loginAs, uniqueIp, type TestUser } from './support'

/** Direct messages: only participants read them, they are encrypted at rest, and members control who reaches them. */

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

async function asUser(browser: Browser, user: TestUser) {
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

test('start from a profile, reply with an attachment, unread counts, and an email that names the writer but not the text', async ({ page, context, browser }) => {
	test.setTimeout(90_000) // many browser contexts: slow on a loaded machine
	const prosecutor = await createUser({ regions: ['west-central-africa'], name: `Awa Prosecutor ${Date.now()}` })
	const customs = await createUser({ regions: ['west-central-africa'], name: `Koffi Customs ${Date.now()}` })
	await loginAs(context, prosecutor)
	await page.goto(`/people/${customs.handle}`)
	await page.getByRole('link', { name: 'Send a message' }).click()
	await expect(page.getByLabel('To')).toHaveValue(`@${customs.handle}`)
	const secret = `Shipment 4471 left Lomé on a Tuesday ${Date.now()}`
	await page.getByLabel('Subject').fill('The Lomé shipment')
	await page.getByLabel('Message').fill(secret)
	await page.getByRole('button', { name: 'Send' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'The Lomé shipment' })).toBeVisible()
	await expect(page.locator('.message').first()).toContainText(secret)
	const conversationPath = new URL(page.url()).pathname

	const mail = await latestMailTo(customs.email)
	expect(mail.subject).toBe(`${prosecutor.name} sent you a message`)
	expect(mail.text).not.toContain(secret)
	expect(mail.text).not.toContain('Lomé shipment')
	expect(mail.text).toContain(conversationPath)

	const c = await asUser(browser, customs)
	await c.page.goto('/forums')
	await expect(c.page.locator('.messages-link')).toContainText('1')
	await c.page.goto('/messages')
	await expect(c.page.locator('.conversations li', { hasText: 'The Lomé shipment' })).toContainText('1 unread')
	await c.page.getByRole('link', { name: 'The Lomé shipment' }).click()
	await expect(c.page.locator('.message').first()).toContainText(secret)
	await c.page.getByLabel('Your message').fill('Manifest attached.')
	await c.page.getByLabel('Attachments').setInputFiles([{ name: 'manifest.pdf', mimeType: 'application/pdf', buffer: pdf }])
	await c.page.getByRole('button', { name: 'Send' }).click()
	await expect(c.page.locator('.message').nth(1)).toContainText('Manifest attached.')
	await expect(c.page.locator('.messages-link .count-badge')).toHaveCount(0)

	await page.goto('/messages')
	await expect(page.locator('.conversations li', { hasText: 'The Lomé shipment' })).toContainText('1 unread')
	await page.getByRole('link', { name: 'The Lomé shipment' }).click()
	const href = (await page.locator('.attachments a', { hasText: 'manifest.pdf' }).getAttribute('href'))!
	const file = await context.request.get(href)
	expect(file.status()).toBe(200)
	expect(file.headers()['content-disposition']).toContain('attachment; filename="manifest.pdf"')
	expect(Buffer.from(await file.body()).equals(pdf)).toBe(true)

	// Anyone else — another member, staff, an admin — gets 404 on the page, the attachment and the API.
	for (const role of ['member', 'staff', 'admin']) {
		const o = await asUser(browser, await createUser({ role, regions: ['west-central-africa'] }))
		expect((await o.page.goto(conversationPath))?.status(), role).toBe(404)
		expect((await o.context.request.get(href)).status(), role).toBe(404)
		expect((await o.context.request.get(`/api${conversationPath.replace('/messages/', '/conversations/')}`)).status(), role).toBe(404)
		expect((await (await o.context.request.get('/api/conversations')).json()).conversations, role).toEqual([])
		const post = await o.context.request.post(conversationPath, { form: { body: 'let me in', intent: 'send' }, headers: { Origin: E2E.baseURL }, maxRedirects: 0 })
		expect(post.status(), role).toBe(404)
		await o.context.close()
	}
	// The participants' API.
	const api = await (await context.request.get(`/api${conversationPath.replace('/messages/', '/conversations/')}`)).json()
	expect(api.messages.map((m: { body_markdown: string }) => m.body_markdown)).toEqual([secret, 'Manifest attached.'])

	// At rest: neither the text nor the subject appears anywhere in the database files.
	database().pragma('wal_checkpoint(PASSIVE)')
	for (const f of [E2E.databasePath, `${E2E.databasePath}-wal`].filter((p) => fs.existsSync(p))) {
		const bytes = fs.readFileSync(f)
		expect(bytes.includes(Buffer.from(secret)), f).toBe(false)
		expect(bytes.includes(Buffer.from('Manifest attached.')), f).toBe(false)
		expect(bytes.includes(Buffer.from('The Lomé shipment')), f).toBe(false)
	}
	await c.context.close()
})

test('a conversation started from a forum post; block and report', async ({ page, context, browser }) => {
	const analyst = await createUser({ regions: ['central-asia'] })
	const officer = await createUser({ regions: ['western-balkans'] })
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	const threadId = Number(db.prepare(`insert into threads (forum_slug, title, author_id, post_count, last_post_at, created_at) values ('interregional', 'Reactivated pistols', ?, 1, ?, ?)`).run(officer.id, now, now).lastInsertRowid)
	db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, officer.id, 'We saw forty reactivated pistols this year.', now)

	await loginAs(context, analyst)
	await page.goto(`/threads/${threadId}`)
	await page.getByRole('link', { name: `Message ${officer.name}` }).click()
	await expect(page.getByLabel('To')).toHaveValue(`@${officer.handle}`)
	await page.getByLabel('Subject').fill('Your reactivation cases')
	await page.getByLabel('Message').fill('Could you share the deactivation standard involved?')
	await page.getByRole('button', { name: 'Send' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Your reactivation cases' })).toBeVisible()
	const conversationPath = new URL(page.url()).pathname

	// The officer reports the next message, then blocks the analyst.
	await page.getByLabel('Your message').fill('Send me the full case files tonight or else.')
	await page.getByRole('button', { name: 'Send' }).click()
	await expect(page.locator('.message').nth(1)).toContainText('or else')
	const o = await asUser(browser, officer)
	await o.page.goto(conversationPath)
	const reported = o.page.locator('.message', { hasText: 'or else' })
	await reported.getByText('Report', { exact: true }).click()
	await reported.getByLabel('What is wrong with this message?').fill('Threatening tone')
	await reported.getByRole('button', { name: 'Report to UNODC staff' }).click()
	await expect(o.page.getByText('Reported.')).toBeVisible()
	await o.page.getByRole('button', { name: `Block ${analyst.name}` }).click()
	await expect(o.page.getByText('Blocked: this member can no longer reach you')).toBeVisible()

	// The analyst is not told: sending still looks normal, but nothing reaches the officer.
	await page.getByLabel('Your message').fill('Hello again?')
	await page.getByRole('button', { name: 'Send' }).click()
	await expect(page.locator('.message').nth(2)).toContainText('Hello again?')
	await o.page.goto(conversationPath)
	await expect(o.page.locator('.message', { hasText: 'Hello again?' })).toHaveCount(0)
	await o.page.goto('/messages')
	await expect(o.page.locator('.messages-link .count-badge')).toHaveCount(0)
	await o.context.close()

	// Staff review the report: the reported message and the one before it, nothing else; the view is audited.
	const staff = await createUser({ role: 'staff' })
	const s = await asUser(browser, staff)
	await s.page.goto('/admin/reports')
	const report = s.page.locator('.queue > li', { hasText: 'Threatening tone' })
	await expect(report).toContainText('or else')
	await expect(report).toContainText('Could you share the deactivation standard involved?')
	await expect(report).not.toContainText('Hello again?')
	expect(database().prepare("select count(*) n from audit_log where action = 'message.report.view' and actor_id = ?").get(staff.id)).toEqual({ n: 1 })
	// …but staff still cannot open the conversation itself.
	expect((await s.page.goto(conversationPath))?.status()).toBe(404)
	await s.context.close()
	// Members cannot open the review queue.
	expect((await page.goto('/admin/reports'))?.status()).toBe(403)
})

test('too many new conversations in a day: 429, and the message is kept', async ({ page, context }) => {
	const sender = await createUser({ regions: ['caribbean'] })
	const recipient = await createUser({ regions: ['caribbean'] })
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	for (let i = 0; i < 20; i++) db.prepare(`insert into conversations (subject_enc, created_by, created_at, last_message_at) values ('x', ?, ?, ?)`).run(sender.id, now - 60, now - 60)
	await loginAs(context, sender)
	await page.goto(`/messages/new?to=${recipient.handle}`)
	await page.getByLabel('Subject').fill('One more')
	await page.getByLabel('Message').fill('My carefully drafted request for assistance.')
	const answer = page.waitForResponse((r) => r.request().method() === 'POST')
	await page.getByRole('button', { name: 'Send' }).click()
	expect((await answer).status()).toBe(429)
	await expect(page.getByRole('alert')).toContainText('the most conversations allowed in a day')
	await expect(page.getByLabel('Message')).toHaveValue('My carefully drafted request for assistance.')
	await expect(page.getByLabel('Subject')).toHaveValue('One more')
})
