import type { EmailPreference } from '../../db/schema'
import { strictServerT } from '../i18n/intl.server'
import { forumNamer } from './forum-names.server'
import type { Locale } from '../i18n/locales'
import { db } from '../utils/db.server'
import { publicOrigin } from '../utils/env.server'
import { absoluteUrl, recipientLocale, recipientT, sendMail, type MessageRef } from '../utils/mail.server'
import { unsubscribeUrl, type UnsubscribeScope } from './unsubscribe.server'
import { DAY, nowSeconds } from '../utils/time'

export interface NewNotification {
	kind: string
	/**
	 * What happened, as a catalogue message (`{ id: 'forums.notify.mention', values: { author, thread } }`).
	 * It is stored as the message, so the notification list and the digest show it in the language
	 * the member reads at that moment; an immediate email is written in their profile's language
	 * (else English) when it is sent. Values (names, titles) stay as written.
	 */
	title: MessageRef
	url: string
	/** One notification per key and user: re-running an alert never notifies twice. */
	dedupeKey?: string
	email: EmailPreference
	/** What the email's unsubscribe link stops. */
	unsubscribe: UnsubscribeScope
}

const origin = publicOrigin

/**
 * Waits before trying an immediate email again after its 1st, 2nd … failed try: about a
 * day in all, then it is given up (the notification stays in the portal).
 */
const EMAIL_RETRY_DELAYS = [300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
/**
 * A try holds its email this long: set before the first try (so a crash between the
 * notification's commit and the send is caught) and when a retry claims it. It is far
 * longer than a send takes (mail.server.ts bounds each wait on the server to 30 s), so a
 * retry never races a send still under way.
 */
const EMAIL_LEASE = 15 * 60

export async function notify(userId: string, n: NewNotification): Promise<boolean> {
	const user = await db().selectFrom('users').select(['email', 'status', 'preferred_language']).where('id', '=', userId).executeTakeFirst()
	const locale = recipientLocale(user?.preferred_language)
	const t = recipientT(user?.preferred_language)
	const values = n.title.values ?? {}
	const title = t(n.title.id, withForumName(values, namesAForum(values) ? await forumNamesIn(locale) : null))
	const now = nowSeconds()
	const mailing = n.email === 'immediate' && user?.status === 'active'
	const inserted = await db()
		.insertInto('notifications')
		.values({
			user_id: userId,
			kind: n.kind,
			title,
			message_id: n.title.id,
			message_values: JSON.stringify(values),
			url: n.url,
			dedupe_key: n.dedupeKey ?? null,
			email: n.email,
			emailed_at: null,
			read_at: null,
			created_at: now,
			email_unsubscribe: mailing ? JSON.stringify(n.unsubscribe) : null,
			email_retry_at: mailing ? now + EMAIL_LEASE : null,
		})
		.onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
		.returning('id')
		.executeTakeFirst()
	if (!inserted) return false
	if (mailing) await emailNotification({ id: inserted.id, userId, to: user.email, title, url: n.url, unsubscribe: n.unsubscribe, attempts: 0, preferredLanguage: user.preferred_language })
	return true
}

/**
 * Sends one notification's immediate email. A mail failure never throws: the notification
 * is committed whatever the mail server does, so a failure only schedules another try (or,
 * after the last, gives up and says so in the log) — unless an unsubscribe cleared the
 * schedule meanwhile, which stands.
 */
async function emailNotification(m: { id: number; userId: string; to: string; title: string; url: string; unsubscribe: UnsubscribeScope; attempts: number; preferredLanguage: string | null }): Promise<boolean> {
	const t = recipientT(m.preferredLanguage)
	const unsubscribe = unsubscribeUrl(m.userId, m.unsubscribe)
	try {
		await sendMail({
			to: m.to,
			subject: m.title,
			text: [m.title, '', t('email.notification.open', { url: absoluteUrl(origin(), m.url) }), '', t('email.notification.immediate'), t('email.notification.unsubscribe', { url: unsubscribe })].join('\n'),
			unsubscribeUrl: unsubscribe,
		})
	} catch (error) {
		const attempts = m.attempts + 1
		const wait = EMAIL_RETRY_DELAYS[attempts - 1]
		console.error(`[mail] notification ${m.id}: sending failed (try ${attempts}); ${wait ? `trying again in ${wait} s` : 'giving up, it stays in the portal'}`, error)
		await db()
			.updateTable('notifications')
			.set({ email_attempts: attempts, email_retry_at: wait ? nowSeconds() + wait : null })
			.where('id', '=', m.id)
			.where('email_retry_at', 'is not', null)
			.execute()
		return false
	}
	await db().updateTable('notifications').set({ emailed_at: nowSeconds(), email_retry_at: null }).where('id', '=', m.id).execute()
	return true
}

/**
 * Tries again the immediate emails whose time has come (the background timer runs this in
 * one process, one pass at a time). Each is claimed first with a lease (EMAIL_LEASE), so a
 * slow send is never doubled. The email goes out only if it is still wanted: the member is
 * active, has not read the notification in the portal meanwhile, and still asks for this
 * kind of email at once (wantsImmediateEmail); an unsubscribe cancels what is pending
 * (applyUnsubscribe). Its text is the notification the member can read in the portal.
 */
export async function retryNotificationEmails(now = nowSeconds()): Promise<number> {
	const due = await db()
		.selectFrom('notifications')
		.innerJoin('users', 'users.id', 'notifications.user_id')
		.select([
			'notifications.id',
			'notifications.user_id',
			'notifications.title',
			'notifications.url',
			'notifications.read_at',
			'notifications.email_unsubscribe',
			'notifications.email_attempts',
			'notifications.email_retry_at',
			'users.email',
			'users.status',
			'users.preferred_language',
			'users.forum_email',
			'users.message_email',
			'users.event_email',
			'users.guidance_email',
		])
		.where('notifications.email_retry_at', '<=', now)
		.where('notifications.emailed_at', 'is', null)
		.orderBy('notifications.email_retry_at')
		.limit(50)
		.execute()
	let sent = 0
	for (const d of due) {
		const claimed = await db()
			.updateTable('notifications')
			.set({ email_retry_at: nowSeconds() + EMAIL_LEASE })
			.where('id', '=', d.id)
			.where('email_retry_at', '=', d.email_retry_at)
			.where('emailed_at', 'is', null)
			.executeTakeFirst()
		if (Number(claimed.numUpdatedRows) !== 1) continue
		const scope = d.email_unsubscribe ? (JSON.parse(d.email_unsubscribe) as UnsubscribeScope) : null
		if (d.status !== 'active' || d.read_at !== null || !scope || !(await wantsImmediateEmail(d, scope))) {
			await db().updateTable('notifications').set({ email_retry_at: null }).where('id', '=', d.id).execute()
			continue
		}
		if (await emailNotification({ id: d.id, userId: d.user_id, to: d.email, title: d.title, url: d.url, unsubscribe: scope, attempts: d.email_attempts, preferredLanguage: d.preferred_language })) sent++
	}
	return sent
}

/** Whether the member still asks, today, for the email an unsubscribe scope governs to come at once. */
async function wantsImmediateEmail(
	member: { user_id: string } & Record<'forum_email' | 'message_email' | 'event_email' | 'guidance_email', EmailPreference>,
	scope: UnsubscribeScope,
): Promise<boolean> {
	const userId = member.user_id
	switch (scope.kind) {
		case 'forum-email':
			return member.forum_email === 'immediate'
		case 'message-email':
			return member.message_email === 'immediate'
		case 'event-email':
			return member.event_email === 'immediate'
		case 'guidance-email':
			return member.guidance_email === 'immediate'
		case 'saved-search':
			return (await db().selectFrom('saved_searches').select('email').where('id', '=', scope.id).where('user_id', '=', userId).executeTakeFirst())?.email === 'immediate'
		case 'thread':
		case 'forum': {
			const target = scope.kind === 'thread' ? String(scope.id) : scope.slug
			return !!(await db().selectFrom('watches').select('user_id').where('user_id', '=', userId).where('target_type', '=', scope.kind).where('target_id', '=', target).executeTakeFirst())
		}
		case 'digest':
			return false
	}
}

export async function unreadCount(userId: string): Promise<number> {
	const row = await db()
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst()
	return Number(row?.n ?? 0)
}

type Values = Record<string, string | number>

/**
 * Forum names in `locale`, for the values of messages that name a forum. Such values carry the
 * forum's slug (`forumSlug`) beside its English name (`forum`), so a French reader reads the
 * French name of a region's forum, whenever the notification is shown.
 */
async function forumNamesIn(locale: Locale): Promise<(slug: string) => string | undefined> {
	const [forums, namer] = await Promise.all([db().selectFrom('forums').select(['slug', 'kind', 'region_slug', 'name']).execute(), forumNamer(locale)])
	const names = new Map(forums.map((f) => [f.slug, namer.name(f)]))
	return (slug) => names.get(slug)
}

const namesAForum = (values: Values) => typeof values.forumSlug === 'string'

function withForumName(values: Values, forumName: ((slug: string) => string | undefined) | null): Values {
	const name = forumName && namesAForum(values) ? forumName(String(values.forumSlug)) : undefined
	return name ? { ...values, forum: name } : values
}

/**
 * A notification's title in `locale`: its stored message when the catalogue still has it and
 * the stored values still fit it, else the text written when it was made (rows from before
 * migration 0013, a message since removed, or one whose arguments have changed).
 */
export function notificationTitle(row: { title: string; message_id: string | null; message_values: string | null }, locale: Locale, forumName: ((slug: string) => string | undefined) | null = null): string {
	if (!row.message_id) return row.title
	try {
		return strictServerT(locale)(row.message_id, withForumName(JSON.parse(row.message_values ?? '{}') as Values, forumName))
	} catch {
		return row.title
	}
}

/** The member's latest notifications, their titles in the reader's language. */
export async function notificationsOf(userId: string, locale: Locale, limit = 100) {
	const rows = await db()
		.selectFrom('notifications')
		.select(['id', 'kind', 'title', 'message_id', 'message_values', 'url', 'read_at', 'created_at'])
		.where('user_id', '=', userId)
		.orderBy('id', 'desc')
		.limit(limit)
		.execute()
	const forumName = rows.some((r) => r.message_values?.includes('"forumSlug"')) ? await forumNamesIn(locale) : null
	return rows.map(({ message_id, message_values, ...n }) => ({ ...n, title: notificationTitle({ title: n.title, message_id, message_values }, locale, forumName) }))
}

export async function markRead(userId: string, ids: number[] | 'all') {
	let q = db().updateTable('notifications').set({ read_at: nowSeconds() }).where('user_id', '=', userId).where('read_at', 'is', null)
	if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [-1])
	await q.execute()
}

/** One email a day per user gathers the notifications they chose to get as a digest. */
export async function sendDueDigests(now = nowSeconds()): Promise<number> {
	const pending = await db()
		.selectFrom('notifications')
		.innerJoin('users', 'users.id', 'notifications.user_id')
		.leftJoin('user_digest_state', 'user_digest_state.user_id', 'notifications.user_id')
		.select(['notifications.id', 'notifications.user_id', 'notifications.title', 'notifications.message_id', 'notifications.message_values', 'notifications.url', 'users.email', 'users.preferred_language', 'user_digest_state.last_digest_at'])
		.where('notifications.email', '=', 'daily')
		.where('notifications.emailed_at', 'is', null)
		// What the member already read in the portal is not mailed again.
		.where('notifications.read_at', 'is', null)
		.where('users.status', '=', 'active')
		.execute()
	// Forum names are looked up once per language, not once per member.
	const forumNames = new Map<Locale, Promise<(slug: string) => string | undefined>>()
	const forumNamesFor = (locale: Locale) => {
		if (!forumNames.has(locale)) forumNames.set(locale, forumNamesIn(locale))
		return forumNames.get(locale)!
	}
	const byUser = new Map<string, typeof pending>()
	for (const p of pending) if (!p.last_digest_at || p.last_digest_at <= now - DAY) byUser.set(p.user_id, [...(byUser.get(p.user_id) ?? []), p])
	for (const [userId, items] of byUser) {
		// Mark first, inside one transaction, so a crash never sends the same digest twice.
		await db()
			.transaction()
			.execute(async (trx) => {
				await trx.updateTable('notifications').set({ emailed_at: now }).where('id', 'in', items.map((i) => i.id)).execute()
				await trx
					.insertInto('user_digest_state')
					.values({ user_id: userId, last_digest_at: now })
					.onConflict((oc) => oc.column('user_id').doUpdateSet({ last_digest_at: now }))
					.execute()
			})
		// Written in the member's language as their profile says now, titles included.
		const locale = recipientLocale(items[0].preferred_language)
		const t = recipientT(items[0].preferred_language)
		const forumName = items.some((i) => i.message_values?.includes('"forumSlug"')) ? await forumNamesFor(locale) : null
		const stop = unsubscribeUrl(userId, { kind: 'digest' })
		await sendMail({
			to: items[0].email,
			subject: t('email.digest.subject', { count: items.length }),
			text: [t('email.digest.intro'), '', ...items.map((i) => `- ${notificationTitle(i, locale, forumName)}\n  ${absoluteUrl(origin(), i.url)}`), '', t('email.digest.stop', { url: stop })].join('\n'),
			unsubscribeUrl: stop,
		})
	}
	return byUser.size
}

export async function forumEmailOf(userId: string): Promise<EmailPreference> {
	const row = await db().selectFrom('users').select('forum_email').where('id', '=', userId).executeTakeFirst()
	return row?.forum_email ?? 'daily'
}

export async function setForumEmail(userId: string, choice: EmailPreference) {
	await db().updateTable('users').set({ forum_email: choice }).where('id', '=', userId).execute()
}

export async function messageEmailOf(userId: string): Promise<EmailPreference> {
	const row = await db().selectFrom('users').select('message_email').where('id', '=', userId).executeTakeFirst()
	return row?.message_email ?? 'immediate'
}

export async function setMessageEmail(userId: string, choice: EmailPreference) {
	await db().updateTable('users').set({ message_email: choice }).where('id', '=', userId).execute()
}

export async function eventEmailOf(userId: string): Promise<EmailPreference> {
	const row = await db().selectFrom('users').select('event_email').where('id', '=', userId).executeTakeFirst()
	return row?.event_email ?? 'immediate'
}

export async function setEventEmail(userId: string, choice: EmailPreference) {
	await db().updateTable('users').set({ event_email: choice }).where('id', '=', userId).execute()
}

export async function guidanceEmailOf(userId: string): Promise<EmailPreference> {
	const row = await db().selectFrom('users').select('guidance_email').where('id', '=', userId).executeTakeFirst()
	return row?.guidance_email ?? 'immediate'
}

export async function setGuidanceEmail(userId: string, choice: EmailPreference) {
	await db().updateTable('users').set({ guidance_email: choice }).where('id', '=', userId).execute()
}
