import { expect, test, type Browser } from '@playwright/test'
import { createUser, database, latestMailTo, loginAs, uniqueIp, type TestUser } from './support'

/** Guidance: written by one staff member, published by another, versions kept; recommendations; both in the one search. */

async function asUser(browser: Browser, user: TestUser) {
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, user)
	return { context, page: await context.newPage() }
}

test('draft → review by another staff member → published; a new version keeps the old one; followers are told; language versions link', async ({ browser }) => {
	test.setTimeout(120_000)
	const word = `gx${Date.now().toString(36)}`
	const author = await createUser({ role: 'staff', name: `Author ${word}` })
	const reviewer = await createUser({ role: 'staff', name: `Reviewer ${word}` })
	const follower = await createUser({ regions: ['caribbean'] })
	database().prepare("update users set guidance_email = 'immediate' where id = ?").run(follower.id)

	// A member follows the tracing theme.
	const f = await asUser(browser, follower)
	await f.page.goto('/guidance')
	await f.page.getByText('Follow themes').click()
	await f.page.getByLabel('Marking, record-keeping and tracing').check()
	await f.page.getByRole('button', { name: 'Save' }).click()
	await expect(f.page.getByText('You follow 1 theme')).toBeVisible()

	// The author writes a draft; a bad submission keeps the text and names the fields.
	const a = await asUser(browser, author)
	await a.page.goto('/guidance/new')
	await a.page.getByLabel('Id (the address: /guidance/…)').fill(`tracing-${word}`)
	await a.page.getByLabel('Title').fill(`Tracing checklist ${word}`)
	await a.page.getByLabel('Text (Markdown)').fill('## Steps\n\n1. Record the markings.\n2. Query the national register.')
	await a.page.getByRole('button', { name: 'Save draft' }).click()
	await expect(a.page.getByText('The summary is required.')).toBeVisible()
	await expect(a.page.getByText('Choose at least one theme.')).toBeVisible()
	await expect(a.page.getByLabel('Title')).toHaveValue(`Tracing checklist ${word}`)
	await a.page.getByLabel('Summary').fill('What to record and whom to ask when a firearm is seized.')
	await a.page.getByLabel('Marking, record-keeping and tracing').check()
	await a.page.getByLabel('8. Marking of firearms').check()
	await a.page.getByLabel('Attachments').setInputFiles([{ name: 'tracing-form.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }])
	await a.page.getByRole('button', { name: 'Save draft' }).click()
	await expect(a.page.getByText('Draft saved.')).toBeVisible()
	const attachment = database().prepare("select id from attachments where parent_type = 'guidance' and filename = 'tracing-form.pdf' order by created_at desc limit 1").get() as { id: string }
	// Before publication only staff can fetch the file.
	expect((await f.context.request.get(`/attachments/${attachment.id}`)).status()).toBe(404)
	expect((await a.context.request.get(`/attachments/${attachment.id}`)).status()).toBe(200)
	// Members cannot see a draft, and it is not published.
	expect((await f.page.goto(`/guidance/tracing-${word}`))?.status()).toBe(404)
	expect((await f.page.goto(`/guidance/tracing-${word}/draft`))?.status()).toBe(403)
	const item = a.page.locator('.queue > li', { hasText: `Tracing checklist ${word}` })
	await item.getByRole('button', { name: 'Submit for review' }).click()
	await expect(a.page.getByText('Submitted: another staff member')).toBeVisible()
	// The author cannot publish their own draft.
	await item.getByLabel('Change note').fill('First publication.')
	await item.getByRole('button', { name: 'Approve and publish' }).click()
	await expect(a.page.getByRole('alert')).toContainText('another staff member must review and publish it')

	const r = await asUser(browser, reviewer)
	await r.page.goto('/guidance/review')
	const toReview = r.page.locator('.queue > li', { hasText: `Tracing checklist ${word}` })
	// The author edits and resubmits while the reviewer's page is open (the same rows the editor
	// and "Submit for review" write): the reviewer's click must not publish text they were not shown.
	database().prepare("update guidance_documents set body = body || ' Edited after the reviewer opened the page.', updated_at = updated_at + 1 where id = ?").run(`tracing-${word}`)
	await toReview.getByLabel('Change note').fill('First publication.')
	await toReview.getByRole('button', { name: 'Approve and publish' }).click()
	await expect(r.page.getByRole('alert')).toContainText('The draft changed after you opened this page')
	expect((database().prepare('select status from guidance_documents where id = ?').get(`tracing-${word}`) as { status: string }).status).toBe('in_review')
	await r.page.goto('/guidance/review')
	await toReview.getByLabel('Change note').fill('First publication.')
	await toReview.getByRole('button', { name: 'Approve and publish' }).click()
	await expect(r.page.getByRole('heading', { level: 1, name: `Tracing checklist ${word}` })).toBeVisible()

	// Published: the follower is told in the portal and by email; the page reads; the one search finds it.
	const mail = await latestMailTo(follower.email, 10_000)
	expect(mail.subject).toBe(`New guidance: “Tracing checklist ${word}”`)
	await f.page.goto(`/guidance/tracing-${word}`)
	await expect(f.page.getByRole('heading', { level: 1 })).toHaveText(`Tracing checklist ${word}`)
	await expect(f.page.locator('.prose ol li').first()).toHaveText('Record the markings.')
	await expect(f.page.locator('.attachments a', { hasText: 'tracing-form.pdf' })).toBeVisible()
	expect((await f.context.request.get(`/attachments/${attachment.id}`)).headers()['content-disposition']).toContain('tracing-form.pdf')
	await expect.poll(async () => (await (await f.context.request.get(`/api/search?q=${word}&type=guidance`)).json()).counts.guidance, { timeout: 15_000 }).toBe(1)

	// A second version: edited, reviewed, published; version 1 stays readable with its note.
	await a.page.goto(`/guidance/tracing-${word}/edit`)
	// Filled only once the page has hydrated: an earlier fill can end up beside the old text.
	await a.page.waitForLoadState('networkidle')
	const v2 = '## Steps\n\n1. Record the markings.\n2. Query the national register.\n3. Send an international tracing request.'
	await a.page.getByLabel('Text (Markdown)').fill(v2)
	await expect(a.page.getByLabel('Text (Markdown)')).toHaveValue(v2)
	await a.page.getByLabel('Attachments').setInputFiles([{ name: 'annex-v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%annex\n%%EOF\n') }])
	await a.page.getByRole('button', { name: 'Save draft' }).click()
	await expect(a.page.getByText('Draft saved; readers still see the published version.')).toBeVisible()
	// A file added to the new draft is not released to readers with the old version.
	const annex = database().prepare("select id from attachments where filename = 'annex-v2.pdf'").get() as { id: string }
	expect((await f.context.request.get(`/attachments/${annex.id}`)).status()).toBe(404)
	await a.page.locator('.queue > li', { hasText: `Tracing checklist ${word}` }).getByRole('button', { name: 'Submit for review' }).click()
	await expect(a.page.getByText('Submitted: another staff member')).toBeVisible()
	// Readers still see version 1 while version 2 waits.
	await f.page.reload()
	await expect(f.page.locator('.prose ol li')).toHaveCount(2)
	// This time the reviewer publishes from the draft they read.
	await r.page.goto('/guidance/review')
	await r.page.locator('.queue > li', { hasText: `Tracing checklist ${word}` }).getByRole('link', { name: 'Read the draft' }).click()
	await expect(r.page).toHaveURL(/\/draft$/)
	await r.page.getByLabel('Change note').fill('Added international tracing.')
	await r.page.getByRole('button', { name: 'Approve and publish' }).click()
	await expect(r.page.getByText(/Updated on \d{4}-\d{2}-\d{2}/)).toBeVisible()
	await f.page.reload()
	await expect(f.page.locator('.prose ol li')).toHaveCount(3)
	await expect(f.page.locator('.attachments a', { hasText: 'annex-v2.pdf' })).toBeVisible()
	expect((await f.context.request.get(`/attachments/${annex.id}`)).status()).toBe(200)
	await f.page.getByRole('link', { name: 'Version 1' }).click()
	await expect(f.page.getByText('You are reading version 1')).toBeVisible()
	await expect(f.page.locator('.prose ol li')).toHaveCount(2)
	await expect(f.page.locator('.attachments a', { hasText: 'annex-v2.pdf' })).toHaveCount(0)
	await expect(f.page.getByText('Added international tracing.')).toBeVisible()
	const titles = database().prepare("select title from notifications where user_id = ? and kind = 'guidance' order by id").all(follower.id)
	expect(titles).toEqual([{ title: `New guidance: “Tracing checklist ${word}”` }, { title: `Updated guidance: “Tracing checklist ${word}”` }])

	for (const c of [a, r, f]) await c.context.close()
})

test('imported guidance has linked language versions; recommendations browse by meeting, theme and article, and link to guidance and cases', async ({ page, context }) => {
	await loginAs(context, await createUser({ regions: ['central-asia'] }))
	await page.goto('/guidance/tracing-a-seized-firearm')
	await page.getByRole('navigation', { name: 'Other languages' }).getByRole('link').click()
	await expect(page.locator('article')).toHaveAttribute('lang', 'fr')
	await page.getByRole('navigation', { name: 'Other languages' }).getByRole('link').click()
	await expect(page.locator('article')).toHaveAttribute('lang', 'en')
	// The list filters by language, offered by name.
	await page.goto('/guidance')
	const filters = page.getByRole('form', { name: 'Filter guidance' })
	await filters.getByLabel('Language').selectOption({ label: 'French' })
	await filters.getByRole('button', { name: 'Show' }).click()
	await expect(page).toHaveURL(/language=fr/)
	await expect(page.locator('.guidance-list > li')).toHaveCount(1)
	await expect(page.locator('.guidance-list > li .badge').first()).toHaveText('fr')

	await page.goto('/recommendations')
	await page.getByLabel('Meeting').selectOption('wgf-10-2023')
	await page.getByRole('button', { name: 'Show' }).click()
	await expect(page.getByRole('status')).toHaveText('18 recommendations')
	const total = database().prepare("select count(*) n from recommendations where meeting_event_id = 'wgf-10-2023' and theme = 'marking-record-keeping-tracing'").get() as { n: number }
	await page.getByLabel('Theme').selectOption('marking-record-keeping-tracing')
	await page.getByRole('button', { name: 'Show' }).click()
	await expect(page.getByRole('status')).toHaveText(`${total.n} recommendation${total.n === 1 ? '' : 's'}`)
	// A recommendation on article 8 links to its meeting, and to guidance and cases on that article.
	const withArticle = database().prepare(`select id from recommendations where exists (select 1 from json_each(articles) where value = '8') order by id limit 1`).get() as { id: string }
	await page.goto(`/recommendations/${withArticle.id}`)
	await expect(page.getByText('Article 8 (')).toBeVisible()
	const meetingLink = page.locator('dd').first().getByRole('link')
	await expect(meetingLink).toHaveAttribute('href', /^\/events\/wgf-/)
	await expect(page.locator('section', { hasText: 'Guidance on the same articles' }).getByRole('link').first()).toBeVisible()
	const cases = page.locator('section', { hasText: 'Cases on the same articles' }).getByRole('link')
	if ((await cases.count()) > 0) await expect(cases.first()).toHaveAttribute('href', /^\/cases\/[A-Z]{3}\d+$/)
	// The one search finds recommendations by their words.
	const found = await (await context.request.get('/api/search?q=tracing&type=recommendation')).json()
	expect(found.counts.recommendation).toBeGreaterThan(0)
	expect(found.hits[0].url).toMatch(/^\/recommendations\//)
})
