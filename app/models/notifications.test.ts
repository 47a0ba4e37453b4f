import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'

// The models open the database named by the environment, so it is set before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifications-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')
process.env.MAIL_DIR = path.join(dir, 'mail')
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')

const { database } = await import('../utils/db.server')
const { migrateToLatest } = await import('../../db/migrate')
const { notify, notificationsOf, sendDueDigests, unreadCount, markRead, retryNotificationEmails } = await import('./notifications.server')
const { readUnsubscribeToken, applyUnsubscribe, unsubscribeUrl } = await import('./unsubscribe.server')
const accounts = await import('./accounts.server')
const { serverT } = await import('../i18n/intl.server')
const { CATALOGUES } = await import('../i18n/catalogues.server')
const { publicOrigin } = await import('../utils/env.server')
const { absoluteUrl } = await import('../utils/mail.server')

/** A saved-search alert about one case: its English text is `New case for “Firearms”: <case>`. */
const alert = (caseTitle: string) => ({ id: 'email.notify.savedSearch', values: { search: 'Firearms', case: caseTitle } })
const en = (caseTitle: string) => `New case for “Firearms”: ${caseTitle}`

const mails = () => (fs.existsSync(process.env.MAIL_DIR!) ? fs.readdirSync(process.env.MAIL_DIR!).map((f) => JSON.parse(fs.readFileSync(path.join(process.env.MAIL_DIR!, f), 'utf8'))) : [])

beforeAll(async () => {
	await migrateToLatest(database().db)
	await database()
		.db.insertInto('users')
		.values([
			{ id: 'u1', email: 'daily@test.portal', name: 'Daily', role: 'member', status: 'active', created_at: 0 },
			{ id: 'u2', email: 'gone@test.portal', name: 'Gone', role: 'member', status: 'suspended', created_at: 0 },
			{ id: 'u3', email: 'reader@test.portal', name: 'Reader', role: 'member', status: 'active', created_at: 0 },
		])
		.execute()
})
afterAll(async () => {
	await database().close()
	fs.rmSync(dir, { recursive: true, force: true })
})

describe('notifications', () => {
	test('a dedupe key notifies once; unread counts follow reading', async () => {
		expect(await notify('u3', { kind: 'saved-search', title: alert('Read case'), url: '/cases/R', dedupeKey: 'k:R', email: 'daily', unsubscribe: { kind: 'digest' } })).toBe(true)
		expect(await notify('u3', { kind: 'saved-search', title: alert('Read case'), url: '/cases/R', dedupeKey: 'k:R', email: 'daily', unsubscribe: { kind: 'digest' } })).toBe(false)
		expect(await unreadCount('u3')).toBe(1)
		await markRead('u3', 'all')
		expect(await unreadCount('u3')).toBe(0)
		await notify('u1', { kind: 'saved-search', title: alert('New case A'), url: '/cases/A', dedupeKey: 'k:A', email: 'daily', unsubscribe: { kind: 'digest' } })
		await notify('u1', { kind: 'saved-search', title: alert('New case B'), url: '/cases/B', dedupeKey: 'k:B', email: 'daily', unsubscribe: { kind: 'digest' } })
	})

	test('the daily digest gathers pending items in one mail, once a day, and skips suspended accounts', async () => {
		await notify('u2', { kind: 'saved-search', title: alert('Never sent'), url: '/cases/X', dedupeKey: 'k:X', email: 'daily', unsubscribe: { kind: 'digest' } })
		const now = Math.floor(Date.now() / 1000)
		expect(await sendDueDigests(now)).toBe(1)
		const first = mails()
		expect(first).toHaveLength(1)
		expect(first[0].to).toBe('daily@test.portal')
		expect(first[0].subject).toBe('Your daily digest: 2 new items')
		expect(first[0].text).toContain(en('New case A'))
		expect(first[0].text).toContain(en('New case B'))
		// Nothing new: nothing sent. Something new within the day: it waits.
		expect(await sendDueDigests(now + 60)).toBe(0)
		await notify('u1', { kind: 'saved-search', title: alert('New case C'), url: '/cases/C', dedupeKey: 'k:C', email: 'daily', unsubscribe: { kind: 'digest' } })
		expect(await sendDueDigests(now + 3600)).toBe(0)
		expect(await sendDueDigests(now + 86_400)).toBe(1)
		expect(mails()).toHaveLength(2)
		expect(mails().some((m) => m.to === 'gone@test.portal' || m.to === 'reader@test.portal')).toBe(false)
	})

	test('an immediate notification is emailed at once', async () => {
		await notify('u1', { kind: 'saved-search', title: alert('Urgent case D'), url: '/cases/D', dedupeKey: 'k:D', email: 'immediate', unsubscribe: { kind: 'forum-email' } })
		const sent = mails().find((m) => m.subject === en('Urgent case D'))
		expect(sent?.text).toContain('/cases/D')
	})

	test('every email carries a signed unsubscribe link that works once read back, and a forged one does not', async () => {
		const digest = mails().find((m) => m.subject.startsWith('Your daily digest'))
		const token = digest?.text.match(/\/unsubscribe\/(\S+)/)?.[1]
		expect(token).toBeTruthy()
		const read = readUnsubscribeToken(token!)
		expect(read).toEqual({ userId: 'u1', scope: { kind: 'digest' } })
		// Changing the payload (another user) breaks the signature.
		const [payload, signature] = token!.split('.')
		const forged = Buffer.from(JSON.stringify({ u: 'u3', s: { kind: 'digest' } })).toString('base64url')
		expect(readUnsubscribeToken(`${forged}.${signature}`)).toBeNull()
		expect(readUnsubscribeToken(`${payload}.${signature}x`)).toBeNull()

		await database().db.updateTable('users').set({ forum_email: 'daily' }).where('id', '=', 'u1').execute()
		await applyUnsubscribe(read!.userId, read!.scope)
		const user = await database().db.selectFrom('users').select('forum_email').where('id', '=', 'u1').executeTakeFirstOrThrow()
		expect(user.forum_email).toBe('none')

		const immediate = mails().find((m) => m.subject === en('Urgent case D'))
		expect(readUnsubscribeToken(immediate!.text.match(/\/unsubscribe\/(\S+)/)![1])).toEqual({ userId: 'u1', scope: { kind: 'forum-email' } })
	})
})

describe('in the recipient’s language', () => {
	const mailsTo = (email: string) => mails().filter((m) => m.to === email)
	/** The same mention of `userId` (emailed at once): what was stored for them, and the mail they got. */
	async function mentionWithEmail(userId: string) {
		const title = { id: 'forums.notify.mention', values: { author: 'Amina Diallo', thread: 'Ghost guns {kits}' } }
		await notify(userId, { kind: 'mention', title, url: '/threads/7#post-9', dedupeKey: 'post:9', email: 'immediate', unsubscribe: { kind: 'forum-email' } })
		const stored = await database().db.selectFrom('notifications').select('title').where('user_id', '=', userId).executeTakeFirstOrThrow()
		const [mail] = mailsTo(`${userId}@test.portal`)
		return { stored, mail }
	}
	const origin = 'https://portal.example.org'

	beforeAll(async () => {
		await database()
			.db.insertInto('users')
			.values([
				{ id: 'zh1', email: 'zh1@test.portal', name: '王芳', role: 'member', status: 'active', preferred_language: 'zh', created_at: 0 },
				{ id: 'en1', email: 'en1@test.portal', name: 'Ellen', role: 'member', status: 'active', preferred_language: 'en', created_at: 0 },
				{ id: 'fr1', email: 'fr1@test.portal', name: 'Fabrice', role: 'member', status: 'active', preferred_language: 'fr', created_at: 0 },
				{ id: 'adm', email: 'adm@test.portal', name: 'Admin', role: 'admin', status: 'active', preferred_language: 'en', created_at: 0 },
				{ id: 'pzh', email: 'pending-zh@test.portal', name: 'Zhang Wei', role: 'member', status: 'pending', preferred_language: 'zh', created_at: 0 },
				{ id: 'pen', email: 'pending-en@test.portal', name: 'Ed Norton', role: 'member', status: 'pending', preferred_language: 'en', created_at: 0 },
			])
			.execute()
	})

	test('a Chinese-speaking member’s notification title and immediate email are in Chinese; content stays as written', async () => {
		const { stored, mail } = await mentionWithEmail('zh1')
		expect(stored.title).toBe('Amina Diallo在“Ghost guns {kits}”中提到了您')
		expect(mail.subject).toBe(stored.title)
		expect(mail.text).toBe(
			[
				stored.title,
				'',
				`在门户中打开：${absoluteUrl(publicOrigin(), '/threads/7#post-9')}`,
				'',
				'您选择了立即接收此类电子邮件；可在门户中更改此设置。',
				`退订（无需登录）：${unsubscribeUrl('zh1', { kind: 'forum-email' })}`,
			].join('\n'),
		)
	})

	test('an English-speaking member’s notification and email are exactly as before', async () => {
		const { stored, mail } = await mentionWithEmail('en1')
		expect(stored.title).toBe('Amina Diallo mentioned you in “Ghost guns {kits}”')
		expect(mail.subject).toBe('Amina Diallo mentioned you in “Ghost guns {kits}”')
		// The template this replaced, byte for byte.
		const url = absoluteUrl(publicOrigin(), '/threads/7#post-9')
		const unsubscribe = unsubscribeUrl('en1', { kind: 'forum-email' })
		expect(mail.text).toBe(`${stored.title}\n\nOpen it in the portal: ${url}\n\nYou chose to receive these emails immediately; change that in the portal.\nUnsubscribe (no login needed): ${unsubscribe}`)
		expect(mail.unsubscribeUrl).toBe(unsubscribe)
	})

	test('a French-speaking member’s notification and email are in French', async () => {
		await notify('fr1', { kind: 'message', title: { id: 'email.notify.message', values: { name: 'Ana' } }, url: '/messages/1', dedupeKey: 'message:1', email: 'immediate', unsubscribe: { kind: 'message-email' } })
		const [mail] = mailsTo('fr1@test.portal')
		expect(mail.subject).toBe(serverT('fr')('email.notify.message', { name: 'Ana' }))
		expect(mail.subject).not.toBe('Ana sent you a message')
		expect(mail.subject).toContain('Ana')
		expect(mail.text).toContain(serverT('fr')('email.notification.open', { url: absoluteUrl(publicOrigin(), '/messages/1') }))
		expect(mail.text).not.toContain('Open it in the portal')
	})

	test('the daily digest is in each member’s language; English is unchanged', async () => {
		const now = Math.floor(Date.now() / 1000) + 10 * 86_400
		await notify('zh1', { kind: 'guidance', title: { id: 'email.notify.guidanceNew', values: { title: 'Tracing checklist' } }, url: '/guidance/tracing', dedupeKey: 'g:1', email: 'daily', unsubscribe: { kind: 'digest' } })
		await notify('zh1', { kind: 'saved-search', title: alert('Prosecutor v. Printer'), url: '/cases/P', dedupeKey: 'k:P', email: 'daily', unsubscribe: { kind: 'digest' } })
		await notify('en1', { kind: 'guidance', title: { id: 'email.notify.guidanceUpdated', values: { title: 'Tracing checklist' } }, url: '/guidance/tracing', dedupeKey: 'g:2', email: 'daily', unsubscribe: { kind: 'digest' } })
		await sendDueDigests(now)
		const zh = mailsTo('zh1@test.portal').find((m) => m.subject.startsWith('您的每日摘要'))
		expect(zh.subject).toBe('您的每日摘要：2 条新内容')
		expect(zh.text).toBe(
			[
				'自您上次收到摘要以来，从业人员门户中的新内容：',
				'',
				`- 新指导材料：“Tracing checklist”\n  ${absoluteUrl(publicOrigin(), '/guidance/tracing')}`,
				`- 已保存的搜索“Firearms”有新案例：Prosecutor v. Printer\n  ${absoluteUrl(publicOrigin(), '/cases/P')}`,
				'',
				`停止接收每日摘要（无需登录）：${unsubscribeUrl('zh1', { kind: 'digest' })}`,
			].join('\n'),
		)
		const en = mailsTo('en1@test.portal').find((m) => m.subject.startsWith('Your daily digest'))
		expect(en.subject).toBe('Your daily digest: 1 new item')
		expect(en.text).toBe(
			[
				'New in the Practitioners Portal since your last digest:',
				'',
				`- Updated guidance: “Tracing checklist”\n  ${absoluteUrl(publicOrigin(), '/guidance/tracing')}`,
				'',
				`Stop the daily digest (no login needed): ${unsubscribeUrl('en1', { kind: 'digest' })}`,
			].join('\n'),
		)
	})

	test('a member who changes language reads their earlier notifications, and gets their digest, in the new one', async () => {
		await database()
			.db.insertInto('users')
			.values({ id: 'sw1', email: 'sw1@test.portal', name: 'Switcher', role: 'member', status: 'active', preferred_language: 'en', created_at: 0 })
			.execute()
		const title = { id: 'forums.notify.reply', values: { author: 'Amina', thread: 'Parts by post' } }
		await notify('sw1', { kind: 'reply', title, url: '/threads/3#post-4', dedupeKey: 'post:4', email: 'daily', unsubscribe: { kind: 'digest' } })
		// Made while they read English; listed for a reader of Chinese, it is in Chinese, and back.
		expect((await notificationsOf('sw1', 'zh')).map((n) => n.title)).toEqual(['Amina回复了“Parts by post”'])
		expect((await notificationsOf('sw1', 'en')).map((n) => n.title)).toEqual(['Amina replied in “Parts by post”'])
		// The digest follows the language on their profile when it is sent, not when the notification was made.
		await database().db.updateTable('users').set({ preferred_language: 'zh' }).where('id', '=', 'sw1').execute()
		await sendDueDigests(Math.floor(Date.now() / 1000) + 20 * 86_400)
		const digest = mailsTo('sw1@test.portal').find((m) => m.subject.startsWith('您的每日摘要'))
		expect(digest?.text).toContain('- Amina回复了“Parts by post”\n')
	})

	test('a forum named in a notification is named in the reader’s language, when made and whenever read', async () => {
		const db = database().db
		await db.insertInto('regions').values({ slug: 'wca', name: 'West and Central Africa', name_zh: '西非和中非', names: JSON.stringify({ fr: 'Afrique de l’Ouest et du Centre' }), countries: '[]', sort_order: 0 }).execute()
		await db.insertInto('forums').values({ slug: 'wca', name: 'West and Central Africa', kind: 'region', region_slug: 'wca', description: '', sort_order: 1 }).execute()
		await db.insertInto('users').values({ id: 'frf', email: 'frf@test.portal', name: 'Fatou', role: 'member', status: 'active', preferred_language: 'fr', created_at: 0 }).execute()
		const title = { id: 'forums.notify.newThread', values: { forum: 'West and Central Africa', forumSlug: 'wca', thread: 'Pistolets convertis' } }
		await notify('frf', { kind: 'new-thread', title, url: '/threads/9', dedupeKey: 'thread:9', email: 'immediate', unsubscribe: { kind: 'forum-email' } })
		// Written in French when made: the stored text and the email.
		const stored = await db.selectFrom('notifications').select('title').where('user_id', '=', 'frf').executeTakeFirstOrThrow()
		expect(stored.title).toBe(serverT('fr')('forums.notify.newThread', { forum: 'Afrique de l’Ouest et du Centre', thread: 'Pistolets convertis' }))
		expect(mailsTo('frf@test.portal')[0].subject).toBe(stored.title)
		// Read in another language, the forum's name follows.
		expect((await notificationsOf('frf', 'zh')).map((n) => n.title)).toEqual([serverT('zh')('forums.notify.newThread', { forum: '西非和中非', thread: 'Pistolets convertis' })])
		expect((await notificationsOf('frf', 'en')).map((n) => n.title)).toEqual(['New thread in West and Central Africa: “Pistolets convertis”'])
	})

	test('a notification from before messages were stored, or whose message is gone, shows the text it was made with', async () => {
		await database()
			.db.insertInto('notifications')
			.values([
				{ user_id: 'zh1', kind: 'reply', title: 'Old text, as first written', message_id: null, message_values: null, url: '/threads/1', dedupe_key: 'legacy:1', email: 'none', emailed_at: null, read_at: null, created_at: 1 },
				{ user_id: 'zh1', kind: 'reply', title: 'Written from a message since removed', message_id: 'forums.notify.noLongerThere', message_values: '{}', url: '/threads/2', dedupe_key: 'legacy:2', email: 'none', emailed_at: null, read_at: null, created_at: 2 },
				// Stored when the message took `topic`; it takes `thread` now.
				{ user_id: 'zh1', kind: 'reply', title: 'Amina replied in “Old arguments”', message_id: 'forums.notify.reply', message_values: '{"author":"Amina","topic":"Old arguments"}', url: '/threads/3', dedupe_key: 'legacy:3', email: 'none', emailed_at: null, read_at: null, created_at: 3 },
				{ user_id: 'zh1', kind: 'reply', title: 'Broken values', message_id: 'forums.notify.reply', message_values: '{not json', url: '/threads/4', dedupe_key: 'legacy:4', email: 'none', emailed_at: null, read_at: null, created_at: 4 },
			])
			.execute()
		const titles = (await notificationsOf('zh1', 'zh')).map((n) => n.title)
		expect(titles).toContain('Old text, as first written')
		expect(titles).toContain('Written from a message since removed')
		expect(titles).toContain('Amina replied in “Old arguments”')
		expect(titles).toContain('Broken values')
		expect(titles.some((x) => x.includes('forums.notify') || x.includes('{thread}') || x.includes('{author}'))).toBe(false)
	})

	test('every notification text says in English exactly what the code used to write, and has its own Chinese', () => {
		// Content with characters that mean something to ICU stays as written.
		const t = 'Rifles {AK} & ‘parts’ #3 <b>'
		const [a, f, r] = ['Amina', 'Latin America', 'Offers to sell are not allowed']
		const rows: Array<[string, Record<string, string | number>, string, string]> = [
			['forums.notify.mention', { author: a, thread: t }, `${a} mentioned you in “${t}”`, `${a}在“${t}”中提到了您`],
			['forums.notify.newThread', { forum: f, thread: t }, `New thread in ${f}: “${t}”`, `${f}中有新主题：“${t}”`],
			['forums.notify.reply', { author: a, thread: t }, `${a} replied in “${t}”`, `${a}回复了“${t}”`],
			['forums.notify.hidden', { thread: t, reason: r }, `A moderator hid your post in “${t}”: ${r}`, `一名审核员隐藏了您在“${t}”中的帖子：${r}`],
			['forums.notify.restored', { thread: t }, `A moderator restored your post in “${t}”`, `一名审核员恢复显示了您在“${t}”中的帖子`],
			['forums.notify.locked', { thread: t }, `A moderator locked your thread “${t}”`, `一名审核员锁定了您的主题“${t}”`],
			['forums.notify.lockedReason', { thread: t, reason: r }, `A moderator locked your thread “${t}”: ${r}`, `一名审核员锁定了您的主题“${t}”：${r}`],
			['forums.notify.reopened', { thread: t }, `A moderator reopened your thread “${t}”`, `一名审核员重新开放了您的主题“${t}”`],
			['forums.notify.moved', { thread: t, forum: f }, `A moderator moved your thread “${t}” to ${f}`, `一名审核员将您的主题“${t}”移至${f}`],
			['forums.notify.silenced', { forum: f, days: 1, reason: r }, `A moderator silenced you in ${f} for 1 day: ${r}`, `一名审核员已在${f}对您禁言 1 天：${r}`],
			['forums.notify.silenced', { forum: f, days: 30, reason: r }, `A moderator silenced you in ${f} for 30 days: ${r}`, `一名审核员已在${f}对您禁言 30 天：${r}`],
			['events.notify.registered', { title: t }, `You are registered for “${t}”`, `您已报名参加“${t}”`],
			['events.notify.waitlisted', { title: t }, `You are on the waiting list for “${t}”`, `您已进入“${t}”的候补名单`],
			['events.notify.pending', { title: t }, `Your registration awaits the organizers’ approval for “${t}”`, `您报名参加“${t}”的申请正在等待主办方批准`],
			['events.notify.declined', { title: t }, `The organizers declined your registration for “${t}”`, `主办方未批准您报名参加“${t}”`],
			['events.notify.cancelled', { title: t }, `Your registration is cancelled for “${t}”`, `您对“${t}”的报名已取消`],
			['events.notify.reminder', { title: t }, `Reminder: “${t}” starts within 24 hours`, `提醒：“${t}”将在 24 小时内开始`],
			['events.notify.changeCancelled', { title: t }, `“${t}” is cancelled`, `“${t}”已取消`],
			['events.notify.changeStatus', { title: t, status: 'postponed' }, `“${t}” is now postponed`, `“${t}”现已推迟`],
			['events.notify.changeStatus', { title: t, status: 'confirmed' }, `“${t}” is now confirmed`, `“${t}”现已确认举行`],
			['events.notify.changeStatus', { title: t, status: 'planned' }, `“${t}” is now planned`, `“${t}”现已列入计划`],
			['events.notify.changeTime', { title: t }, `“${t}” has a new date or time`, `“${t}”的日期或时间已更改`],
			['events.notify.changePlace', { title: t }, `“${t}” has a new place or link`, `“${t}”的地点或链接已更改`],
			['email.notify.savedSearch', { search: 'Ghost guns', case: t }, `New case for “Ghost guns”: ${t}`, `已保存的搜索“Ghost guns”有新案例：${t}`],
			['email.notify.message', { name: a }, `${a} sent you a message`, `${a}给您发送了一条消息`],
			['email.notify.guidanceNew', { title: t }, `New guidance: “${t}”`, `新指导材料：“${t}”`],
			['email.notify.guidanceUpdated', { title: t }, `Updated guidance: “${t}”`, `指导材料已更新：“${t}”`],
		]
		for (const [id, values, english, chinese] of rows) {
			expect(serverT('en')(id, values), id).toBe(english)
			expect(serverT('zh')(id, values), id).toBe(chinese)
		}
		expect(serverT('en')('email.digest.subject', { count: 1234 })).toBe('Your daily digest: 1234 new items')
	})

	test('every `email.*` key the code uses is in the English and Chinese catalogues', () => {
		// app/i18n/catalogues.test.ts scans the other areas; this area is checked here the same way.
		const used = new Set<string>()
		const walk = (dir: string): string[] =>
			fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'i18n' ? [] : walk(path.join(dir, e.name))) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []))
		for (const file of walk(path.resolve(import.meta.dirname, '..'))) for (const m of fs.readFileSync(file, 'utf8').matchAll(/['"`](email\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"`]/g)) used.add(m[1])
		expect(used.size).toBeGreaterThan(15)
		for (const locale of ['en', 'zh'] as const) expect([...used].filter((key) => !(key in CATALOGUES[locale])), locale).toEqual([])
		// And nothing in the area is left unused.
		expect(Object.keys(CATALOGUES.en).filter((key) => key.startsWith('email.') && !used.has(key))).toEqual([])
	})

	test('account emails: the welcome email follows the applicant’s language; English is unchanged', async () => {
		const admin = { id: 'adm', role: 'admin' as const }
		expect(await accounts.approveUser(admin, 'pzh', { role: 'member', regions: [] }, origin)).toBe('approved')
		expect(await accounts.approveUser(admin, 'pen', { role: 'member', regions: [] }, origin)).toBe('approved')
		const [zh] = mailsTo('pending-zh@test.portal')
		expect(zh.subject).toBe('欢迎加入从业人员门户')
		expect(zh.text).toMatch(/^尊敬的Zhang Wei：\n\n您加入打击枪支贩运从业人员门户的申请已获批准。\n请通过以下一次性链接设置密码（3 天内有效）：\nhttps:\/\/portal\.example\.org\/reset-password\/\S+\n\n如果您并未申请账户，请忽略此邮件。$/)
		const [en] = mailsTo('pending-en@test.portal')
		expect(en.subject).toBe('Welcome to the Practitioners Portal')
		expect(en.text).toMatch(
			/^Dear Ed Norton,\n\nYour request to join the Practitioners Portal against firearms trafficking has been approved\.\nChoose your password with this single-use link \(valid for 3 days\):\nhttps:\/\/portal\.example\.org\/reset-password\/\S+\n\nIf you did not ask for an account, ignore this message\.$/,
		)
	})

	test('account emails: a password reset follows the member’s language; English is unchanged', async () => {
		await accounts.requestPasswordReset('zh1@test.portal', origin, '127.0.0.1')
		await accounts.requestPasswordReset('EN1@test.portal', origin, '127.0.0.1')
		// The reset mail is sent without waiting (same timing for unknown addresses): wait for it here.
		const resetTo = async (email: string) => {
			for (let i = 0; i < 100; i++) {
				const found = mailsTo(email).find((m) => m.text.includes('/reset-password/'))
				if (found) return found
				await new Promise((r) => setTimeout(r, 20))
			}
			throw new Error(`no reset mail to ${email}`)
		}
		const zh = await resetTo('zh1@test.portal')
		expect(zh.subject).toBe('重置您的从业人员门户密码')
		expect(zh.text).toMatch(/^有人（希望是您本人）申请重置您的从业人员门户账户密码。\n请通过以下一次性链接设置新密码（1 小时内有效）：\nhttps:\/\/portal\.example\.org\/reset-password\/\S+\n\n如果这不是您本人的操作，请忽略此邮件：您的密码将保持不变。$/)
		const en = await resetTo('en1@test.portal')
		expect(en.subject).toBe('Reset your Practitioners Portal password')
		expect(en.text).toMatch(
			/^Someone \(we hope you\) asked to reset the password of your Practitioners Portal account\.\nChoose a new password with this single-use link \(valid for 1 hour\):\nhttps:\/\/portal\.example\.org\/reset-password\/\S+\n\nIf you did not ask for this, ignore this message: your password stays as it is\.$/,
		)
	})

	test('account emails: an invitation (no account, so no known language) is in English unless the inviter chose one', async () => {
		const admin = { id: 'adm', role: 'admin' as const }
		expect(await accounts.inviteUser(admin, { email: 'invitee@test.portal', role: 'member', regions: [] }, origin)).toBe('invited')
		expect(await accounts.inviteUser(admin, { email: 'invitee-zh@test.portal', role: 'member', regions: [], language: 'zh' }, origin)).toBe('invited')
		const [en] = mailsTo('invitee@test.portal')
		expect(en.subject).toBe('You are invited to the Practitioners Portal')
		expect(en.text).toMatch(/^You have been invited to join the Practitioners Portal against firearms trafficking\.\nCreate your account with this single-use link \(valid for 7 days\):\nhttps:\/\/portal\.example\.org\/invite\/\S+$/)
		const [zh] = mailsTo('invitee-zh@test.portal')
		expect(zh.subject).toBe('诚邀您加入从业人员门户')
		expect(zh.text).toMatch(/^您已受邀加入打击枪支贩运从业人员门户。\n请通过以下一次性链接创建您的账户（7 天内有效）：\nhttps:\/\/portal\.example\.org\/invite\/\S+$/)
	})
})

describe('when the mail server fails', () => {
	const mailDir = process.env.MAIL_DIR!
	// The mail server is "down" while MAIL_DIR is a file: every send fails, as an SMTP error would.
	const mailServerDown = () => {
		fs.rmSync(mailDir, { recursive: true, force: true })
		fs.writeFileSync(mailDir, 'not a directory')
	}
	const mailServerUp = () => fs.rmSync(mailDir, { force: true })
	const mailsTo = (to: string) => mails().filter((m) => m.to === to)
	const row = (url: string) =>
		database().db.selectFrom('notifications').select(['id', 'emailed_at', 'email_attempts', 'email_retry_at']).where('user_id', '=', 'u3').where('url', '=', url).executeTakeFirstOrThrow()
	const alertWhileDown = async (search: number, caseId: string) => {
		mailServerDown()
		try {
			expect(await notify('u3', { kind: 'saved-search', title: alert(`Case ${caseId}`), url: `/cases/${caseId}`, dedupeKey: `k:${caseId}`, email: 'immediate', unsubscribe: { kind: 'saved-search', id: search } })).toBe(true)
		} finally {
			mailServerUp()
		}
		return row(`/cases/${caseId}`)
	}
	let logged: string[] = []
	const savedSearch = async () =>
		Number((await database().db.insertInto('saved_searches').values({ user_id: 'u3', name: 'Firearms', query: 'q=firearms', email: 'immediate', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id)
	beforeEach(() => {
		// Each failed try is logged for the operator; the test setup restores console.error afterwards.
		logged = []
		vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(String(args[0])))
	})

	test('the notification is kept and its email tried again later, with waits that grow, until it is sent once', async () => {
		const search = await savedSearch()
		const now = Math.floor(Date.now() / 1000)
		const failed = await alertWhileDown(search, 'DOWN')
		expect((await notificationsOf('u3', 'en')).map((n) => n.title)).toContain(en('Case DOWN'))
		expect(failed).toMatchObject({ emailed_at: null, email_attempts: 1 })
		expect(failed.email_retry_at).toBeGreaterThan(now)
		// Not yet due; then due, but the server is still down: another failure, a longer wait.
		expect(await retryNotificationEmails(now)).toBe(0)
		mailServerDown()
		try {
			expect(await retryNotificationEmails(failed.email_retry_at!)).toBe(0)
		} finally {
			mailServerUp()
		}
		const again = await row('/cases/DOWN')
		expect(again.email_attempts).toBe(2)
		expect(again.email_retry_at! - now).toBeGreaterThan(failed.email_retry_at! - now)
		expect(logged).toEqual([expect.stringMatching(/sending failed \(try 1\); trying again in 300 s/), expect.stringMatching(/sending failed \(try 2\); trying again in 900 s/)])
		expect(await retryNotificationEmails(again.email_retry_at!)).toBe(1)
		expect(await retryNotificationEmails(again.email_retry_at! + 86_400)).toBe(0)
		const sent = mailsTo('reader@test.portal').filter((m) => m.subject === en('Case DOWN'))
		expect(sent).toHaveLength(1)
		// The same email as a first-time send, its unsubscribe link included.
		expect(readUnsubscribeToken(new URL(sent[0].unsubscribeUrl).pathname.split('/').pop()!)).toMatchObject({ userId: 'u3', scope: { kind: 'saved-search', id: search } })
		expect(await row('/cases/DOWN')).toMatchObject({ email_retry_at: null })
		expect((await row('/cases/DOWN')).emailed_at).not.toBeNull()
	})

	test('nothing waiting is mailed after the member unsubscribed, chose the daily digest, or read it in the portal', async () => {
		const later = Math.floor(Date.now() / 1000) + 7 * 86_400
		const unsubscribed = await savedSearch()
		await alertWhileDown(unsubscribed, 'UNSUB')
		await applyUnsubscribe('u3', { kind: 'saved-search', id: unsubscribed })
		const daily = await savedSearch()
		await alertWhileDown(daily, 'DAILY')
		await database().db.updateTable('saved_searches').set({ email: 'daily' }).where('id', '=', daily).execute()
		const read = await savedSearch()
		const seen = await alertWhileDown(read, 'READ')
		await markRead('u3', [seen.id])
		expect(await retryNotificationEmails(later)).toBe(0)
		expect(mailsTo('reader@test.portal').filter((m) => /UNSUB|DAILY|READ/.test(m.subject))).toEqual([])
		for (const id of ['UNSUB', 'DAILY', 'READ']) expect(await row(`/cases/${id}`)).toMatchObject({ emailed_at: null, email_retry_at: null })
	})
	test('an approval stands and the admin hears the welcome email did not leave; an invitation is withdrawn so it can be made again', async () => {
		const admin = { id: 'adm', role: 'admin' as const }
		const origin = 'https://portal.example.org'
		await database().db.insertInto('users').values({ id: 'pdown', email: 'pending-down@test.portal', name: 'Down', role: 'member', status: 'pending', created_at: 0 }).execute()
		mailServerDown()
		try {
			expect(await accounts.approveUser(admin, 'pdown', { role: 'member', regions: [] }, origin)).toBe('approved-unmailed')
			expect(await accounts.inviteUser(admin, { email: 'invited-down@test.portal', role: 'member', regions: [] }, origin)).toBe('mail-failed')
		} finally {
			mailServerUp()
		}
		expect((await database().db.selectFrom('users').select('status').where('id', '=', 'pdown').executeTakeFirstOrThrow()).status).toBe('active')
		expect(await database().db.selectFrom('invitations').select('email').where('email', '=', 'invited-down@test.portal').execute()).toEqual([])
		const audited = await database().db.selectFrom('audit_log').select('action').where('object_id', '=', 'invited-down@test.portal').orderBy('id').execute()
		expect(audited.map((a) => a.action)).toEqual(['user.invited', 'user.invitation_withdrawn'])
		expect(logged).toEqual([expect.stringMatching(/welcome email for approved user pdown failed/), expect.stringMatching(/invitation email to invited-down@test.portal failed/)])
		// With the mail server back, the same invitation can be made, and its email leaves.
		expect(await accounts.inviteUser(admin, { email: 'invited-down@test.portal', role: 'member', regions: [] }, origin)).toBe('invited')
		expect(mailsTo('invited-down@test.portal')).toHaveLength(1)
	})
})
