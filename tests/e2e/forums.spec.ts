import { expect, test } from '@playwright/test'
import { createUser, database, loginAs, uniqueIp } from './support'

test.beforeEach(async ({ context }) => {
	await context.setExtraHTTPHeaders({ 'X-Forwarded-For': uniqueIp() })
})

test('a member posts and replies in their region; another region gets 404 everywhere and never finds it', async ({ page, context, browser }) => {
	const balkan = await createUser({ regions: ['western-balkans'] })
	await loginAs(context, balkan)
	await page.goto('/forums')
	await expect(page.getByRole('link', { name: 'Western Balkans' })).toBeVisible()
	await expect(page.getByRole('link', { name: 'Interregional' })).toBeVisible()
	await expect(page.getByRole('link', { name: 'Latin America' })).toHaveCount(0)
	await expect(page.getByRole('link', { name: 'UNODC staff' })).toHaveCount(0)

	await page.getByRole('link', { name: 'Western Balkans' }).click()
	await page.getByRole('link', { name: 'New thread' }).click()
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByText('Give the thread a title')).toBeVisible()
	const marker = `reactivated${Date.now()}`
	await page.getByLabel('Title').fill(`Converted alarm pistols ${marker}`)
	await page.getByLabel('Message').fill('Seen **converted** blank-firing pistols at the border?\n\n<script>alert(1)</script> [x](javascript:alert(1))')
	await page.getByLabel('Tags').fill('conversion, border')
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByRole('heading', { level: 1, name: `Converted alarm pistols ${marker}` })).toBeVisible()
	await expect(page.locator('.post .prose strong')).toHaveText('converted')
	await expect(page.locator('.post script')).toHaveCount(0)
	await expect(page.locator('.post a[href^="javascript"]')).toHaveCount(0)
	const threadUrl = new URL(page.url()).pathname
	const threadId = threadUrl.split('/').pop()

	await page.getByLabel('Your reply').fill('Yes, three cases this spring.')
	await page.getByRole('button', { name: 'Post reply' }).click()
	await expect(page.locator('.post').nth(1)).toContainText('Yes, three cases this spring.')
	expect(database().prepare('select post_count from threads where id = ?').get(threadId)).toEqual({ post_count: 2 })

	// A member of another region: 404 on the forum, the thread and the API; absent from search and lists.
	const other = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(other, await createUser({ regions: ['latin-america'] }))
	const o = await other.newPage()
	expect((await o.goto('/forums/western-balkans'))?.status()).toBe(404)
	expect((await o.goto(threadUrl))?.status()).toBe(404)
	expect((await o.goto('/forums/western-balkans/new'))?.status()).toBe(404)
	expect((await other.request.get(`/api/threads/${threadId}`)).status()).toBe(404)
	expect((await other.request.get('/api/forums/western-balkans/threads')).status()).toBe(404)
	const forums = await (await other.request.get('/api/forums')).json()
	expect(forums.forums.map((f: { slug: string }) => f.slug)).not.toContain('western-balkans')
	// Searching every forum they can read, and the forum's own search, find nothing of it.
	await o.goto(`/forums?q=${marker}`)
	await expect(o.getByRole('heading', { name: 'No thread found' })).toBeVisible()
	const reply = await other.request.post(threadUrl, { form: { body: 'sneaky' }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 })
	expect(reply.status()).toBe(404)
	await other.close()

	// Its members find it, across forums and within the forum.
	await page.goto(`/forums?q=${marker}`)
	await expect(page.locator('.hit').filter({ hasText: marker })).toBeVisible()
	await page.goto(`/forums/western-balkans?q=${encodeURIComponent('blank-firing')}`)
	await expect(page.locator('.hit').filter({ hasText: marker })).toBeVisible()
	await page.goto(`/forums/interregional?q=${marker}`)
	await expect(page.getByRole('heading', { name: 'No thread found' })).toBeVisible()

	// The thread's API answers for its members.
	const api = await context.request.get(`/api/threads/${threadId}`)
	expect(api.status()).toBe(200)
	expect((await api.json()).posts).toHaveLength(2)
})

test('replies are paginated 20 to a page and a locked thread refuses replies', async ({ page, context }) => {
	const member = await createUser({ regions: ['caribbean'] })
	await loginAs(context, member)
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	const threadId = Number(
		db.prepare(`insert into threads (forum_slug, title, author_id, pinned, locked, post_count, last_post_at, created_at) values ('caribbean', 'Long thread', ?, 0, 0, 25, ?, ?)`).run(member.id, now, now).lastInsertRowid,
	)
	for (let i = 1; i <= 25; i++) db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, member.id, `Post number ${i}`, now)
	await page.goto(`/threads/${threadId}`)
	await expect(page.locator('.post')).toHaveCount(20)
	await page.getByRole('link', { name: 'Next →' }).click()
	await expect(page.locator('.post')).toHaveCount(5)
	await expect(page.locator('.post').first()).toContainText('Post number 21')

	db.prepare('update threads set locked = 1 where id = ?').run(threadId)
	await page.goto(`/threads/${threadId}`)
	await expect(page.getByText('This thread is locked; replies are closed.')).toBeVisible()
	const r = await context.request.post(`/threads/${threadId}`, { form: { body: 'late reply' }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 })
	expect(r.status()).toBe(403)
	expect(db.prepare('select count(*) n from posts where thread_id = ?').get(threadId)).toEqual({ n: 25 })
})

test('quote, edit with history, soft delete and moderator restore', async ({ page, context, browser }) => {
	const author = await createUser({ regions: ['central-asia'] })
	await loginAs(context, author)
	await page.goto('/forums/central-asia/new')
	await page.getByLabel('Title').fill('Ammunition across the Kazakh border')
	await page.getByLabel('Message').fill('First version of the text.')
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Ammunition across the Kazakh border' })).toBeVisible()
	const threadPath = new URL(page.url()).pathname

	await page.getByRole('link', { name: 'Quote' }).first().click()
	await expect(page.getByLabel('Your reply')).toHaveValue(/^> \*\*.+\*\* wrote:\n> First version of the text\./)
	await page.getByRole('button', { name: 'Post reply' }).click()
	await expect(page.locator('.post').nth(1).locator('blockquote')).toContainText('First version of the text.')

	await page.getByRole('link', { name: 'Edit' }).first().click()
	await page.getByLabel('Message').fill('Second, corrected version.')
	await page.getByRole('button', { name: 'Save changes' }).click()
	await expect(page.locator('.post').first()).toContainText('Second, corrected version.')
	await expect(page.locator('.post').first()).toContainText('edited')
	await page.locator('.post').first().getByRole('button', { name: 'Delete' }).click()
	await expect(page.locator('.post').first()).toContainText('This post was deleted.')
	await expect(page.locator('.post').first().getByRole('button', { name: 'Restore' })).toHaveCount(0)

	// A moderator of the region sees the history and restores the post; a plain member cannot.
	const mod = await browser.newContext()
	await loginAs(mod, await createUser({ role: 'moderator', regions: ['central-asia'] }))
	const m = await mod.newPage()
	await m.goto(threadPath)
	await m.locator('.post').first().getByRole('button', { name: 'Restore' }).click()
	await expect(m.locator('.post').first()).toContainText('Second, corrected version.')
	await m.getByRole('link', { name: 'Edit history' }).click()
	await expect(m.getByText('First version of the text.')).toBeVisible()
	await mod.close()

	const peer = await browser.newContext()
	await loginAs(peer, await createUser({ regions: ['central-asia'] }))
	const postId = (await page.locator('.post').first().getAttribute('id'))!.replace('post-', '')
	expect((await (await peer.newPage()).goto(`/posts/${postId}/history`))?.status()).toBe(403)
	const r = await peer.request.post(threadPath, { form: { intent: 'delete', postId }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 })
	expect(r.status()).toBe(403)
	await peer.close()
})

test('posting too fast gets 429 and keeps the text', async ({ page, context }) => {
	const member = await createUser({ regions: ['south-asia'] })
	await loginAs(context, member)
	const db = database()
	const now = Math.floor(Date.now() / 1000)
	// An established account (older than a day) with 5 threads in the last hour.
	db.prepare('update users set created_at = ? where id = ?').run(now - 7 * 86400, member.id)
	for (let i = 0; i < 5; i++)
		db.prepare(`insert into threads (forum_slug, title, author_id, pinned, locked, post_count, last_post_at, created_at) values ('south-asia', ?, ?, 0, 0, 0, ?, ?)`).run(`t${i}`, member.id, now, now)
	await page.goto('/forums/south-asia/new')
	await page.getByLabel('Title').fill('One thread too many')
	await page.getByLabel('Message').fill('This text must survive the refusal.')
	const response = page.waitForResponse((r) => r.request().method() === 'POST')
	await page.getByRole('button', { name: 'Post thread' }).click()
	expect((await response).status()).toBe(429)
	await expect(page.getByRole('alert')).toContainText('most threads allowed in an hour')
	await expect(page.getByLabel('Message')).toHaveValue('This text must survive the refusal.')
	await expect(page.getByLabel('Title')).toHaveValue('One thread too many')
})

test('"Discuss this case" starts a thread that shows a case card, and the case lists the thread for readers only', async ({ page, context, browser }) => {
	await loginAs(context, await createUser({ regions: ['west-central-africa'] }))
	await page.goto('/cases/NGA001')
	await page.getByLabel('Discuss this case in').selectOption('west-central-africa')
	await page.getByRole('button', { name: 'Discuss this case' }).click()
	await expect(page).toHaveURL(/\/forums\/west-central-africa\/new\?case=NGA001/)
	await expect(page.getByLabel('Title')).toHaveValue('Discussion: Prosecutor v. Okafor')
	await expect(page.getByLabel('Message')).toHaveValue(/About case NGA001/)
	await page.getByLabel('Message').fill('About case NGA001: compare with /cases/GHA001 please.')
	await page.getByRole('button', { name: 'Post thread' }).click()
	await expect(page.locator('.case-card')).toHaveCount(2)
	await expect(page.locator('.case-card').filter({ hasText: 'Prosecutor v. Okafor' })).toBeVisible()
	const threadTitle = 'Discussion: Prosecutor v. Okafor'

	await page.goto('/cases/GHA001')
	await expect(page.locator('#discussions-heading + ul').getByRole('link', { name: threadTitle })).toBeVisible()

	// A reader from another region does not learn the thread exists.
	const other = await browser.newContext()
	await loginAs(other, await createUser({ regions: ['caribbean'] }))
	const o = await other.newPage()
	await o.goto('/cases/GHA001')
	await expect(o.getByRole('link', { name: threadTitle })).toHaveCount(0)
	await expect(o.getByLabel('Discuss this case in').locator('option')).toHaveText(['Interregional', 'The Caribbean'])
	await other.close()
})
