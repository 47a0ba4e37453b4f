import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import type { Browser } from '@playwright/test'
import { createUser, database, loginAs, uniqueIp } from './support'

/**
 * The interface language: the member's profile, else the switcher's choice, else the browser's
 * Accept-Language; `<html lang dir>` follows it, and dates are written the reader's way.
 */
const REGION = 'west-central-africa'

/** A browser set to `locale`, which is what it then sends as Accept-Language. */
async function visitor(browser: Browser, locale: string, javaScriptEnabled = true) {
	const context = await browser.newContext({ locale, javaScriptEnabled, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	return { context, page: await context.newPage() }
}

// q-values and the order of several languages are unit-tested in app/i18n/locale.server.test.ts.
test('a visitor gets their browser’s language, with English for a language the portal lacks', async ({ browser }) => {
	const cases: Array<[string, string, string, string]> = [
		// browser language, <html lang>, dir, the main navigation's "Log in"
		['zh-CN', 'zh-Hans', 'ltr', '登录'],
		['fr-CA', 'fr', 'ltr', 'Se connecter'],
		['ar-EG', 'ar', 'rtl', 'تسجيل الدخول'],
		['es-MX', 'es', 'ltr', 'Iniciar sesión'],
		['ja-JP', 'en', 'ltr', 'Log in'],
	]
	for (const [language, lang, dir, login] of cases) {
		const { context, page } = await visitor(browser, language)
		await page.goto('/login')
		await expect(page.locator('html'), language).toHaveAttribute('lang', lang)
		await expect(page.locator('html'), language).toHaveAttribute('dir', dir)
		await expect(page.getByRole('navigation').getByRole('link', { name: login, exact: true }), language).toBeVisible()
		await context.close()
	}
})

test('the switcher works without JavaScript, and its choice outranks Accept-Language', async ({ browser }) => {
	const { context, page } = await visitor(browser, 'fr-FR', false)
	await page.goto('/request-access')
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
	await page.getByLabel('Langue').selectOption('ru')
	await page.getByRole('button', { name: 'Changer de langue' }).click()
	// Back on the same page, now in Russian, and it stays so on the next page.
	await expect(page).toHaveURL(/\/request-access$/)
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
	await page.goto('/login')
	await expect(page.getByRole('link', { name: 'Запросить доступ' })).toBeVisible()
	await context.close()
})

test('a refused language choice is a 400 with a message, and the switcher never redirects off the site', async ({ browser }) => {
	const { context, page } = await visitor(browser, 'en-GB')
	await page.goto('/login')
	const origin = new URL(page.url()).origin
	const bad = await page.request.post('/locale', { form: { locale: 'xx', returnTo: '/login' }, headers: { Origin: origin } })
	expect(bad.status()).toBe(400)
	expect(await bad.text()).toContain('Choose one of the portal’s languages.')
	const offsite = await page.request.post('/locale', { form: { locale: 'zh', returnTo: '//evil.example/' }, headers: { Origin: origin }, maxRedirects: 0 })
	expect(offsite.status()).toBe(302)
	expect(offsite.headers()['location']).toBe('/')
	await context.close()
})

test('a member’s profile language wins over the browser; switching changes the profile; Arabic is right-to-left', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	database().prepare("update users set preferred_language = 'ar' where id = ?").run(member.id)
	const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()
	await page.goto('/')
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
	await expect(page.getByRole('navigation', { name: 'التنقل الرئيسي' }).getByRole('link', { name: 'السوابق القضائية' })).toBeVisible()
	// Right-to-left for real: the brand sits at the right edge of the header, the navigation to its left.
	const brand = await page.locator('.brand').boundingBox()
	const nav = await page.locator('.main-nav').boundingBox()
	expect(brand && nav && brand.x > nav.x, 'brand right of the navigation').toBe(true)

	await page.getByLabel('اللغة').selectOption('zh')
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans')
	await expect(page.getByRole('link', { name: '判例法', exact: true })).toBeVisible()
	expect(database().prepare('select preferred_language from users where id = ?').get(member.id)).toEqual({ preferred_language: 'zh' })
	await context.close()
})

test('dates follow the reader’s language and time zone', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	const created = Date.UTC(2031, 2, 5, 23, 30) / 1000 // 5 March 2031, 23:30 UTC
	const db = database()
	const threadId = Number(
		db.prepare(`insert into threads (forum_slug, title, author_id, pinned, locked, post_count, last_post_at, created_at) values (?, 'Dates in every language', ?, 0, 0, 1, ?, ?)`).run(REGION, member.id, created, created).lastInsertRowid,
	)
	db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, member.id, 'When was this written?', created)
	const expectations: Array<[string, string | null, RegExp]> = [
		['en', 'UTC', /Mar 5, 2031.*11:30\s?PM/],
		['zh', 'Asia/Shanghai', /2031年3月6日.*07:30/], // the next morning in Beijing
		['ru', 'Europe/Moscow', /6 мар\. 2031 г\..*02:30/],
	]
	for (const [language, zone, shown] of expectations) {
		db.prepare('update users set preferred_language = ?, timezone = ? where id = ?').run(language, zone, member.id)
		const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		await loginAs(context, member)
		const page = await context.newPage()
		await page.goto(`/threads/${threadId}`)
		const time = page.locator('.post time').first()
		await expect(time).toHaveAttribute('datetime', new Date(created * 1000).toISOString())
		await expect(time, `${language} in ${zone}`).toHaveText(shown)
		await context.close()
	}
})

test('a post carries the language it is written in, whatever the interface language', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	const now = Math.floor(Date.now() / 1000)
	const db = database()
	const threadId = Number(
		db.prepare(`insert into threads (forum_slug, title, author_id, pinned, locked, post_count, last_post_at, created_at) values (?, 'Languages of replies', ?, 0, 0, 1, ?, ?)`).run(REGION, member.id, now, now).lastInsertRowid,
	)
	db.prepare('insert into posts (thread_id, author_id, body, created_at) values (?, ?, ?, ?)').run(threadId, member.id, 'Reply in your own language.', now)
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()
	const replies: Array<[string, string]> = [
		['我们查获了一批序列号被磨掉的手枪，请问各位先记录哪些标识？', 'zh'],
		['ضبطنا مسدسات أزيلت منها علامات الاستيراد، فما العلامات التي تسجلونها أولاً؟', 'ar'],
	]
	for (const [text, language] of replies) {
		await page.goto(`/threads/${threadId}`)
		await page.getByLabel('Your reply').fill(text)
		await page.getByRole('button', { name: 'Post reply' }).click()
		const body = page.locator('.post .prose', { hasText: text.slice(0, 10) })
		await expect(body).toHaveAttribute('lang', language)
		await expect(body).toHaveAttribute('dir', 'auto')
	}
	// The interface stays English around them.
	await expect(page.locator('html')).toHaveAttribute('lang', 'en')
	await context.close()
})

test('a refused form speaks the reader’s language: field errors from the server in Chinese, without JavaScript', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	database().prepare("update users set preferred_language = 'zh' where id = ?").run(member.id)
	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()
	await page.goto(`/forums/${REGION}/new`)
	await page.getByRole('button', { name: '发布主题' }).click()
	// The schema says "Give the thread a title." in English; the page shows it in Chinese, tied to its field.
	await expect(page.getByText('请为主题帖填写标题。').first()).toBeVisible()
	await expect(page.getByText('Give the thread a title.')).toHaveCount(0)
	await context.close()
})

test('a Chinese reader gets the content’s names in Chinese: case facets and record, forums and the dashboard’s charts', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	const db = database()
	db.prepare("update users set preferred_language = 'zh' where id = ?").run(member.id)
	const region = db.prepare('select name, name_zh from regions where slug = ?').get(REGION) as { name: string; name_zh: string }
	const trafficking = db.prepare("select en, zh from taxonomy_terms where kind = 'crime_types' and slug = 'illicit-trafficking'").get() as { en: string; zh: string }
	const record = db.prepare("select id from cases where status = 'published' and region = ? and crime_types like '%illicit-trafficking%' order by id limit 1").get(REGION) as { id: string }
	const zhInsights = JSON.parse(fs.readFileSync('app/i18n/catalogues/zh/insights.json', 'utf8')) as Record<string, string>

	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()

	await page.goto(`/cases?region=${REGION}`)
	const filters = page.locator('aside.facets')
	await expect(filters.getByText(region.name_zh).first()).toBeVisible()
	await expect(filters.getByText(trafficking.zh).first()).toBeVisible()
	await expect(page.getByText(region.name, { exact: true })).toHaveCount(0)

	await page.goto(`/cases/${record.id}`)
	await expect(page.getByRole('link', { name: trafficking.zh, exact: true })).toBeVisible()
	await expect(page.getByRole('link', { name: trafficking.en, exact: true })).toHaveCount(0)

	await page.goto('/forums')
	await expect(page.getByRole('link', { name: region.name_zh }).first()).toBeVisible()
	await expect(page.getByRole('link', { name: '跨区域' })).toBeVisible()
	await expect(page.getByText('Interregional', { exact: true })).toHaveCount(0)

	await page.goto('/insights')
	// Charts are images named by their titles; the names are what a screen reader says.
	await expect(page.getByRole('img', { name: zhInsights['insights.chart.years.title'], exact: true })).toBeVisible()
	await expect(page.getByRole('img', { name: zhInsights['insights.chart.regions.title'], exact: true })).toBeVisible()
	await expect(page.getByRole('img', { name: /Published cases|Crime types/ })).toHaveCount(0)
	await context.close()
})

test('a French reader gets the forums, their form errors, event pages and the content’s names in French, without JavaScript', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	const db = database()
	db.prepare("update users set preferred_language = 'fr' where id = ?").run(member.id)
	const french = (area: string) => JSON.parse(fs.readFileSync(`app/i18n/catalogues/fr/${area}.json`, 'utf8')) as Record<string, string>
	const english = (area: string) => JSON.parse(fs.readFileSync(`app/i18n/catalogues/en/${area}.json`, 'utf8')) as Record<string, string>
	const [frForums, frValidation, frEvents] = [french('forums'), french('validation'), french('events')]
	const region = db.prepare('select name, names from regions where slug = ?').get(REGION) as { name: string; names: string }
	const regionFr = (JSON.parse(region.names) as { fr: string }).fr
	const trafficking = db.prepare("select en, names from taxonomy_terms where kind = 'crime_types' and slug = 'illicit-trafficking'").get() as { en: string; names: string }
	const traffickingFr = (JSON.parse(trafficking.names) as { fr: string }).fr
	// Each string checked below really differs from the English, so the page cannot pass by staying English.
	expect(regionFr).not.toBe(region.name)
	expect(traffickingFr).not.toBe(trafficking.en)
	expect(frValidation['validation.forums.titleRequired']).not.toBe(english('validation')['validation.forums.titleRequired'])
	expect(frForums['forums.new.submit']).not.toBe(english('forums')['forums.new.submit'])

	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()
	await page.goto('/forums')
	await expect(page.getByRole('link', { name: regionFr }).first()).toBeVisible()
	await expect(page.getByRole('link', { name: region.name, exact: true })).toHaveCount(0)

	await page.goto(`/forums/${REGION}/new`)
	await page.getByRole('button', { name: frForums['forums.new.submit'] }).click()
	await expect(page.getByText(frValidation['validation.forums.titleRequired']).first()).toBeVisible()
	await expect(page.getByText('Give the thread a title.')).toHaveCount(0)

	await page.goto(`/cases?region=${REGION}`)
	await expect(page.locator('aside.facets').getByText(traffickingFr).first()).toBeVisible()

	await page.goto('/events')
	await expect(page.getByRole('heading', { level: 1, name: frEvents['events.list.heading'] })).toBeVisible()
	await context.close()
})

test('staff read the administration pages in their language too: Spanish and Russian', async ({ browser }) => {
	const db = database()
	for (const locale of ['es', 'ru'] as const) {
		const admin = await createUser({ role: 'admin' })
		db.prepare('update users set preferred_language = ? where id = ?').run(locale, admin.id)
		const own = JSON.parse(fs.readFileSync(`app/i18n/catalogues/${locale}/admin.json`, 'utf8')) as Record<string, string>
		const english = JSON.parse(fs.readFileSync('app/i18n/catalogues/en/admin.json', 'utf8')) as Record<string, string>
		for (const key of ['admin.home.heading', 'admin.home.manageUsers', 'admin.users.heading']) expect(own[key], `${locale} ${key}`).not.toBe(english[key])

		const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
		await loginAs(context, admin)
		const page = await context.newPage()
		await page.goto('/admin')
		await expect(page.getByRole('heading', { level: 1, name: own['admin.home.heading'] })).toBeVisible()
		await page.getByRole('link', { name: own['admin.home.manageUsers'] }).click()
		await expect(page).toHaveURL(/\/admin\/users$/)
		await expect(page.getByRole('heading', { level: 1, name: own['admin.users.heading'] })).toBeVisible()
		await context.close()
	}
})

test('a language chosen on the profile page takes effect at once, with JavaScript (the new catalogue is loaded)', async ({ browser }) => {
	const member = await createUser({ regions: [REGION] })
	const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(context, member)
	const page = await context.newPage()
	await page.goto('/profile')
	// Hydrated, so the form is sent by JavaScript and the root's data comes back in the new language.
	await page.waitForFunction(() => {
		const last = document.querySelector('#language-select')
		return !!last && Object.keys(last).some((key) => key.startsWith('__reactProps'))
	})
	await page.getByLabel('Preferred language').selectOption('zh')
	await page.getByRole('button', { name: 'Save profile' }).click()
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans')
	await expect(page.getByRole('button', { name: '保存个人资料' })).toBeVisible()
	await expect(page.getByText('Save profile')).toHaveCount(0)
	// The title (written outside the page body) follows once the new catalogue has arrived.
	await expect(page).toHaveTitle('个人资料与安全 — 从业人员门户')
	// And it is the catalogue the page now runs on: a client-side navigation renders Chinese too.
	await page.getByRole('navigation').getByRole('link', { name: '判例法', exact: true }).click()
	await expect(page).toHaveURL(/\/cases/)
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans')
	await context.close()
})
