import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Browser } from '@playwright/test'
import { E2E } from '../setup/e2e-env'
import { createUser, database, latestMailTo, linkIn, loginAs, mailCount, uniqueIp, type TestUser } from './support'

/** Watching, mentions, notifications and email, moderation, attachments: the forum as a community. */

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

async function asUser(browser: Browser, user: TestUser) {
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

function setForumEmail(user: TestUser, choice: 'none' | 'immediate' | 'daily') {
	database().prepare('update users set forum_email = ? where id = ?').run(choice, user.id)
}

function seedThread(forum: string, author: TestUser, title: string, body = 'Opening post.') {
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	const threadId = Number(db.prepare(`insert into threads (forum_slug, title, author_id, post_count, last_post_at, created_at) values (?, ?, ?, 1, ?, ?)`).run(forum, title, author.id, now, now).lastInsertRowid)
	const postId = Number(db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, author.id, body, now).lastInsertRowid)
	return { threadId, postId }
}

const notificationsOf = (user: TestUser) => database().prepare('select kind, title, url from notifications where user_id = ? order by id').all(user.id) as Array<{ kind: string; title: string; url: string }>

test('a reply notifies the watching author in the portal and by email; the unsubscribe link works without logging in', async ({ page, context, browser }) => {
	const author = await createUser({ regions: ['central-asia'] })
	const replier = await createUser({ regions: ['central-asia'] })
	setForumEmail(author, 'immediate')
	await loginAs(context, author)
	await page.goto('/forums/central-asia/new')
	const title = `Smurfing of ammunition purchases ${Date.now()}`
	await page.getByLabel('Title').fill(title)
	await page.getByLabel('Message').fill('Several small purchases by different people, one buyer behind them.')
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
	// Watching one's own thread is the default.
	await expect(page.getByRole('button', { name: 'Stop watching' })).toBeVisible()
	const threadPath = new URL(page.url()).pathname

	const r = await asUser(browser, replier)
	await r.page.goto(threadPath)
	await r.page.getByLabel('Your reply').fill('We saw the same pattern at two gun shops.')
	await r.page.getByRole('button', { name: 'Post reply' }).click()
	await expect(r.page.locator('.post').nth(1)).toContainText('two gun shops')

	await page.goto('/forums')
	await expect(page.locator('.notifications-link')).toContainText('1')
	await page.goto('/notifications')
	await expect(page.getByRole('button', { name: `${replier.name} replied in “${title}”` })).toBeVisible()
	const mail = await latestMailTo(author.email)
	expect(mail.subject).toBe(`${replier.name} replied in “${title}”`)
	expect(mail.text).not.toContain('two gun shops') // the email points to the portal; the post stays there

	// The unsubscribe link works in a browser with no session, and only after confirming.
	const anonymous = await browser.newContext()
	const u = await anonymous.newPage()
	await u.goto(linkIn(mail, '/unsubscribe/'))
	await expect(u.getByText('Stop notifications about one thread you watch?')).toBeVisible()
	expect(database().prepare("select count(*) n from watches where user_id = ? and target_type = 'thread'").get(author.id)).toEqual({ n: 1 })
	await u.getByRole('button', { name: 'Unsubscribe' }).click()
	await expect(u.getByRole('status')).toContainText('you will no longer receive notifications about one thread you watch')
	expect(database().prepare("select count(*) n from watches where user_id = ? and target_type = 'thread'").get(author.id)).toEqual({ n: 0 })
	// A tampered link is refused.
	expect((await u.goto(`${linkIn(mail, '/unsubscribe/')}x`))?.status()).toBe(404)
	await anonymous.close()

	const before = mailCount(author.email)
	await r.page.getByLabel('Your reply').fill('One more detail about the shops.')
	await r.page.getByRole('button', { name: 'Post reply' }).click()
	await expect(r.page.locator('.post').nth(2)).toContainText('One more detail')
	expect(notificationsOf(author).filter((n) => n.kind === 'reply')).toHaveLength(1)
	expect(mailCount(author.email)).toBe(before)
	await r.context.close()
})

test('a mention notifies a member who can read the thread and tells someone outside the region nothing', async ({ page, context }) => {
	const writer = await createUser({ regions: ['west-central-africa'] })
	const colleague = await createUser({ regions: ['west-central-africa'] })
	const outsider = await createUser({ regions: ['caribbean'] })
	setForumEmail(colleague, 'immediate')
	setForumEmail(outsider, 'immediate')
	await loginAs(context, writer)
	await page.goto('/forums/west-central-africa/new')
	const title = `Container at Lomé ${Date.now()}`
	await page.getByLabel('Title').fill(title)
	await page.getByLabel('Message').fill(`@${colleague.handle} handled this shipment; @${outsider.handle} might know the consignee.`)
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
	await expect(page.locator('.post .prose a', { hasText: `@${colleague.handle}` })).toHaveAttribute('href', `/people/${colleague.handle}`)

	await expect.poll(() => notificationsOf(colleague).map((n) => n.kind)).toEqual(['mention'])
	const mail = await latestMailTo(colleague.email)
	expect(mail.subject).toBe(`${writer.name} mentioned you in “${title}”`)
	expect(mail.text).toMatch(/\/unsubscribe\//)
	// Nothing at all for the member of another region: no notification, no email.
	expect(notificationsOf(outsider)).toEqual([])
	expect(mailCount(outsider.email)).toBe(0)
})

test('watching a forum with the daily digest: a new thread arrives in one digest email', async ({ page, context, browser }) => {
	const reader = await createUser({ regions: ['caribbean'] })
	const poster = await createUser({ regions: ['caribbean'] })
	await loginAs(context, reader)
	await page.goto('/notifications')
	await page.getByLabel('Forum notifications').selectOption('daily')
	await page.locator('form', { has: page.getByLabel('Forum notifications') }).getByRole('button', { name: 'Save' }).click()
	await expect(page.getByText('Email settings saved.')).toBeVisible()
	await page.goto('/forums/caribbean')
	await page.getByRole('button', { name: 'Watch this forum' }).click()
	await expect(page.getByText('You are watching The Caribbean')).toBeVisible()

	const p = await asUser(browser, poster)
	await p.page.goto('/forums/caribbean/new')
	const title = `Firearms in express parcels ${Date.now()}`
	await p.page.getByLabel('Title').fill(title)
	await p.page.getByLabel('Message').fill('Three parcels declared as auto parts.')
	await p.page.getByRole('button', { name: 'Post thread' }).click()
	await expect(p.page.getByRole('heading', { level: 1, name: title })).toBeVisible()
	await p.context.close()

	await expect.poll(() => notificationsOf(reader).map((n) => n.kind)).toEqual(['new-thread'])
	// The server's background job sends digests that are due (this member never had one).
	const digest = await latestMailTo(reader.email, 15_000)
	expect(digest.subject).toBe('Your daily digest: 1 new item')
	expect(digest.text).toContain(title)
	expect(digest.text).toMatch(/Stop the daily digest \(no login needed\): http\S+\/unsubscribe\//)
})

test('flag → moderator queue → hide: the author is told, members see the post hidden, staff see it in the log', async ({ page, context, browser }) => {
	const author = await createUser({ regions: ['latin-america'] })
	const flagger = await createUser({ regions: ['latin-america'] })
	const moderator = await createUser({ role: 'moderator', regions: ['latin-america'] })
	const otherModerator = await createUser({ role: 'moderator', regions: ['caribbean'] })
	const { threadId, postId } = seedThread('latin-america', author, 'Selling spare magazines', 'Anyone want spare magazines? Contact me privately.')

	await loginAs(context, flagger)
	await page.goto(`/threads/${threadId}`)
	await page.locator(`#post-${postId}`).getByText('Flag', { exact: true }).click()
	await page.getByLabel('Why should moderators look at this post?').fill('Looks like an offer to sell')
	await page.getByRole('button', { name: 'Send to moderators' }).click()
	await expect(page.getByText('the moderators of this forum will review the post')).toBeVisible()

	// A moderator of another region does not see it; the region's moderator does.
	const other = await asUser(browser, otherModerator)
	await other.page.goto('/moderation')
	await expect(other.page.getByText('Selling spare magazines')).toHaveCount(0)
	await other.context.close()
	const m = await asUser(browser, moderator)
	await m.page.goto('/moderation')
	const entry = m.page.locator('.queue > li', { hasText: 'Selling spare magazines' })
	await expect(entry).toContainText('Looks like an offer to sell')
	await entry.getByLabel('Reason').fill('Offers to sell are not allowed')
	await entry.getByRole('button', { name: 'Hide post' }).click()
	await expect(m.page.getByText('Post hidden; its author has been told.')).toBeVisible()
	await expect(m.page.getByText('Nothing to review.')).toBeVisible()
	// The moderator still sees the text, marked hidden.
	await m.page.goto(`/threads/${threadId}`)
	await expect(m.page.locator(`#post-${postId}`)).toContainText('hidden by a moderator')
	await expect(m.page.locator(`#post-${postId}`)).toContainText('spare magazines')
	await m.context.close()

	await page.goto(`/threads/${threadId}`)
	await expect(page.locator(`#post-${postId}`)).toContainText('A moderator hid this post.')
	await expect(page.locator(`#post-${postId}`)).not.toContainText('spare magazines')
	const api = await context.request.get(`/api/threads/${threadId}`)
	expect((await api.json()).posts[0]).toMatchObject({ hidden: true, body_markdown: '', body_html: '' })
	expect(notificationsOf(author).map((n) => n.title)).toEqual([`A moderator hid your post in “Selling spare magazines”: Offers to sell are not allowed`])

	// The log: staff read it (who, what, why); members may not.
	expect((await page.goto('/moderation/log'))?.status()).toBe(403)
	const s = await asUser(browser, await createUser({ role: 'staff' }))
	await s.page.goto('/moderation/log?forum=latin-america')
	const row = s.page.locator('tr', { hasText: 'Offers to sell are not allowed' })
	await expect(row).toContainText(moderator.name)
	await expect(row).toContainText('post.hide')
	await s.context.close()
})

test('moderators lock, move and silence; each takes effect on the server', async ({ page, context, browser }) => {
	const member = await createUser({ regions: ['western-balkans'] })
	const moderator = await createUser({ role: 'moderator', regions: ['western-balkans'] })
	const { threadId, postId } = seedThread('western-balkans', member, 'Reactivated pistols from deactivation kits')
	const origin = E2E.baseURL

	const m = await asUser(browser, moderator)
	await m.page.goto(`/threads/${threadId}`)
	await m.page.getByRole('button', { name: 'Lock', exact: true }).click()
	await expect(m.page.getByText('Thread locked: no more replies.')).toBeVisible()
	await loginAs(context, member)
	await page.goto(`/threads/${threadId}`)
	await expect(page.getByText('This thread is locked; replies are closed.')).toBeVisible()
	await expect(page.getByLabel('Your reply')).toHaveCount(0)
	expect((await context.request.post(`/threads/${threadId}`, { form: { body: 'late' }, headers: { Origin: origin }, maxRedirects: 0 })).status()).toBe(403)
	// A member cannot lock or unlock.
	expect((await context.request.post(`/threads/${threadId}`, { form: { intent: 'unlock' }, headers: { Origin: origin }, maxRedirects: 0 })).status()).toBe(403)
	await m.page.getByRole('button', { name: 'Unlock' }).click()
	await expect(m.page.getByText('Thread reopened for replies.')).toBeVisible()

	// Silence: the member keeps reading but cannot post here; their text comes back with the reason.
	await m.page.locator(`#post-${postId}`).getByText('Silence author').click()
	await m.page.getByLabel('Reason (the member is told)').fill('Repeated off-topic posts')
	await m.page.getByRole('button', { name: 'Silence in this forum' }).click()
	await expect(m.page.getByText('Member silenced in this forum.')).toBeVisible()
	await page.goto(`/threads/${threadId}`)
	await page.getByLabel('Your reply').fill('My carefully written answer')
	await page.getByRole('button', { name: 'Post reply' }).click()
	await expect(page.getByRole('alert')).toContainText('A moderator silenced you in this forum until')
	await expect(page.getByLabel('Your reply')).toHaveValue('My carefully written answer')
	expect(database().prepare('select count(*) n from posts where thread_id = ?').get(threadId)).toEqual({ n: 1 })

	// Moving across regions is for staff (who moderate both); members of the old region lose it.
	const s = await asUser(browser, await createUser({ role: 'staff' }))
	await s.page.goto(`/threads/${threadId}`)
	await s.page.getByLabel('Move to').selectOption('central-asia')
	await s.page.getByRole('button', { name: 'Move' }).click()
	await expect(s.page.getByText('Thread moved.')).toBeVisible()
	await s.context.close()
	expect((await page.goto(`/threads/${threadId}`))?.status()).toBe(404)
	const ca = await asUser(browser, await createUser({ regions: ['central-asia'] }))
	await ca.page.goto(`/threads/${threadId}`)
	await expect(ca.page.getByRole('heading', { level: 1 })).toContainText('Reactivated pistols')
	await ca.context.close()
	// The regional moderator cannot move threads into a forum they do not moderate.
	expect(database().prepare('select count(*) n from audit_log where action = ? and object_id = ?').get('moderation.thread.move', String(threadId))).toEqual({ n: 1 })
	await m.context.close()
})

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

test('attachments: type checked by content, served with Content-Disposition to readers only, 404 for other regions', async ({ page, context, browser }) => {
	const member = await createUser({ regions: ['west-central-africa'] })
	await loginAs(context, member)
	await page.goto('/forums/west-central-africa/new')
	const title = `Seizure report ${Date.now()}`
	await page.getByLabel('Title').fill(title)
	await page.getByLabel('Message').fill('Report and photo attached.')
	// An HTML page renamed to .pdf is refused by its content; the text stays.
	await page.getByLabel('Attachments').setInputFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') }])
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByText('report.pdf is not a PDF, image')).toBeVisible()
	await expect(page.getByLabel('Message')).toHaveValue('Report and photo attached.')
	await expect(page.getByLabel('Title')).toHaveValue(title)

	await page.getByLabel('Attachments').setInputFiles([
		{ name: 'seizure report.pdf', mimeType: 'application/pdf', buffer: pdf },
		{ name: 'photo.png', mimeType: 'image/png', buffer: png },
	])
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
	const link = page.locator('.attachments a', { hasText: 'seizure report.pdf' })
	await expect(link).toBeVisible()
	await expect(page.locator('.attachments')).toContainText('PDF')
	const href = (await link.getAttribute('href'))!
	const download = await context.request.get(href)
	expect(download.status()).toBe(200)
	expect(download.headers()['content-type']).toBe('application/pdf')
	expect(download.headers()['content-disposition']).toBe(`attachment; filename="seizure report.pdf"; filename*=UTF-8''seizure%20report.pdf`)
	expect(download.headers()['x-content-type-options']).toBe('nosniff')
	expect(Buffer.from(await download.body()).equals(pdf)).toBe(true)
	// Stored outside anything served statically.
	const id = href.split('/').pop()!
	expect(fs.existsSync(path.join(E2E.tmp, 'attachments', id.slice(0, 2), id))).toBe(true)
	expect((await context.request.get(`/build/${id}`)).status()).toBe(404)

	const outsider = await asUser(browser, await createUser({ regions: ['caribbean'] }))
	expect((await outsider.context.request.get(href)).status()).toBe(404)
	expect((await outsider.context.request.get('/attachments/aaaaaaaaaaaaaaaaaaaa')).status()).toBe(404)
	await outsider.context.close()
	const anonymous = await browser.newContext()
	expect((await anonymous.request.get(href, { maxRedirects: 0 })).status()).toBe(302)
	await anonymous.close()

	// Over 10 MB: refused with a clear message, and the reply text comes back.
	const threadId = new URL(page.url()).pathname.split('/').pop()
	const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)])
	const tooBig = await context.request.post(`/threads/${threadId}`, {
		multipart: { body: 'My long analysis', attachments: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: big } },
		headers: { Origin: E2E.baseURL },
		maxRedirects: 0,
	})
	expect(tooBig.status()).toBe(400)
	const answer = await tooBig.text()
	expect(answer).toContain('scan.pdf is larger than 10 MB.')
	expect(answer).toContain('My long analysis')
	expect(database().prepare('select count(*) n from posts where thread_id = ?').get(threadId)).toEqual({ n: 1 })
})

test('preview renders the Markdown without posting it', async ({ page, context }) => {
	const member = await createUser({ regions: ['caribbean'] })
	await loginAs(context, member)
	const { threadId } = seedThread('caribbean', member, 'Preview thread')
	await page.goto(`/threads/${threadId}`)
	await page.getByLabel('Your reply').fill('| Port | Pistols |\n|---|---|\n| Kingston | 12 |\n\n**bold** <img src=x onerror=alert(1)>')
	await page.getByRole('button', { name: 'Preview' }).click()
	const preview = page.locator('.preview .prose')
	await expect(preview.locator('table td').first()).toHaveText('Kingston')
	await expect(preview.locator('strong')).toHaveText('bold')
	await expect(preview.locator('img')).toHaveCount(0)
	await expect(page.getByLabel('Your reply')).toHaveValue(/\*\*bold\*\*/)
	expect(database().prepare('select count(*) n from posts where thread_id = ?').get(threadId)).toEqual({ n: 1 })
})

test('unread markers: the forum list links to the first unread post, on its page', async ({ page, context }) => {
	const author = await createUser({ regions: ['south-asia'] })
	const reader = await createUser({ regions: ['south-asia'] })
	const { threadId } = seedThread('south-asia', author, `Long discussion ${Date.now()}`)
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	for (let i = 2; i <= 25; i++) db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, author.id, `Post number ${i}`, now)
	db.prepare('update threads set post_count = 25, last_post_at = ? where id = ?').run(now + 1, threadId)
	await loginAs(context, reader)
	await page.goto(`/threads/${threadId}`) // reads posts 1–20
	await page.goto('/forums/south-asia')
	await page.locator('.threads li', { hasText: 'Long discussion' }).getByRole('link', { name: 'unread: jump to the first' }).click()
	await expect(page).toHaveURL(/\?page=2#post-\d+$/)
	await expect(page.locator('.post').first()).toContainText('Post number 21')
	await page.goto('/forums/south-asia')
	await expect(page.locator('.threads li', { hasText: 'Long discussion' }).getByText('unread: jump to the first')).toHaveCount(0)
})
