import { sql } from 'kysely'
import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { renderMarkdown } from '../utils/markdown.server'
import { decryptText, encryptText } from '../utils/message-crypto.server'
import { mayMessageUnlisted, type Viewer } from '../utils/permissions.server'
import { DAY, HOUR, nowSeconds } from '../utils/time'
import { attachmentsOf, recordAttachments, withStoredFiles, type CheckedUpload } from './attachments.server'
import { notify } from './notifications.server'

/**
 * Direct messages between members. Only participants (who have not left) can open a
 * conversation: everyone else, staff and admins included, gets the same 404 as for an id
 * that never existed. Subjects, bodies and attachment names are encrypted before they are
 * written (message-crypto.server.ts); staff see a message only when a participant reports
 * it, and each such view is written to the audit log.
 */

export const MAX_PARTICIPANTS = 20
/** New conversations a day; accounts younger than a day get fewer (spam usually starts at once). */
export const CONVERSATION_LIMITS = { perDay: 20, newAccountPerDay: 5 }
export const MESSAGES_PER_HOUR = 60
export const MESSAGES_PER_PAGE = 50

const subjectContext = (conversationId: number) => `conversation:${conversationId}`
const bodyContext = (conversationId: number) => `message:${conversationId}`

// ---------- reading ----------

/** The conversation if the viewer is a current participant, else null (callers answer 404). */
export async function conversationForViewer(viewer: Pick<Viewer, 'id'>, conversationId: number) {
	const row = await db()
		.selectFrom('conversation_members')
		.innerJoin('conversations', 'conversations.id', 'conversation_members.conversation_id')
		.select(['conversations.id', 'conversations.subject_enc', 'conversations.created_at', 'conversations.last_message_at', 'conversation_members.last_read_message_id'])
		.where('conversation_members.conversation_id', '=', conversationId)
		.where('conversation_members.user_id', '=', viewer.id)
		.where('conversation_members.left_at', 'is', null)
		.executeTakeFirst()
	if (!row) return null
	return { id: row.id, subject: decryptText(row.subject_enc, subjectContext(row.id)), createdAt: row.created_at, lastReadMessageId: row.last_read_message_id }
}

async function blockedBy(userId: string): Promise<string[]> {
	return (await db().selectFrom('member_blocks').select('blocked_id').where('blocker_id', '=', userId).execute()).map((b) => b.blocked_id)
}

export async function participantsOf(conversationId: number) {
	return db()
		.selectFrom('conversation_members')
		.innerJoin('users', 'users.id', 'conversation_members.user_id')
		.select(['users.id', 'users.name', 'users.handle', 'conversation_members.left_at'])
		.where('conversation_members.conversation_id', '=', conversationId)
		.orderBy('conversation_members.joined_at')
		.orderBy('users.name')
		.execute()
}

/** The viewer's conversations, newest activity first, with unread counts (blocked members' messages never count). */
export async function conversationsOf(viewer: Pick<Viewer, 'id'>) {
	const blocked = await blockedBy(viewer.id)
	const rows = await db()
		.selectFrom('conversation_members as me')
		.innerJoin('conversations', 'conversations.id', 'me.conversation_id')
		.select((eb) => [
			'conversations.id',
			'conversations.subject_enc',
			'conversations.last_message_at',
			eb
				.selectFrom('messages')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('messages.conversation_id', '=', 'conversations.id')
				.whereRef('messages.id', '>', 'me.last_read_message_id')
				.where('messages.author_id', '!=', viewer.id)
				.where('messages.author_id', 'not in', blocked.length ? blocked : [''])
				.as('unread'),
			eb
				.selectFrom('messages')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('messages.conversation_id', '=', 'conversations.id')
				.where((e) => e.or([e('messages.author_id', 'is', null), e('messages.author_id', 'not in', blocked.length ? blocked : [''])]))
				.as('visible'),
		])
		.where('me.user_id', '=', viewer.id)
		.where('me.left_at', 'is', null)
		.orderBy('conversations.last_message_at', 'desc')
		.limit(500)
		.execute()
	const shown = rows.filter((r) => Number(r.visible) > 0)
	const people = shown.length
		? await db()
				.selectFrom('conversation_members')
				.innerJoin('users', 'users.id', 'conversation_members.user_id')
				.select(['conversation_members.conversation_id', 'users.name', 'users.id'])
				.where(
					'conversation_members.conversation_id',
					'in',
					shown.map((r) => r.id),
				)
				.where('conversation_members.left_at', 'is', null)
				.execute()
		: []
	return shown.map((r) => ({
		id: r.id,
		subject: decryptText(r.subject_enc, subjectContext(r.id)),
		lastMessageAt: r.last_message_at,
		unread: Number(r.unread),
		with: people.filter((p) => p.conversation_id === r.id && p.id !== viewer.id).map((p) => p.name),
	}))
}

/** The header's badge: one count query on every page, nothing decrypted. Same rule as the inbox's per-conversation counts. */
export async function unreadMessageCount(viewer: Pick<Viewer, 'id'>): Promise<number> {
	const row = await db()
		.selectFrom('messages')
		.innerJoin('conversation_members as me', (j) => j.onRef('me.conversation_id', '=', 'messages.conversation_id').on('me.user_id', '=', viewer.id).on('me.left_at', 'is', null))
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.whereRef('messages.id', '>', 'me.last_read_message_id')
		.where('messages.author_id', '!=', viewer.id)
		.where((eb) => eb.not(eb.exists(eb.selectFrom('member_blocks').select('blocked_id').where('blocker_id', '=', viewer.id).whereRef('blocked_id', '=', 'messages.author_id'))))
		.executeTakeFirst()
	return Number(row?.n ?? 0)
}

/** The latest page of messages (decrypted), oldest first; messages of members the viewer blocked are left out. */
export async function messagesOf(viewer: Pick<Viewer, 'id'>, conversationId: number, page = 1) {
	const blocked = await blockedBy(viewer.id)
	let q = db()
		.selectFrom('messages')
		.leftJoin('users', 'users.id', 'messages.author_id')
		.select(['messages.id', 'messages.body_enc', 'messages.created_at', 'messages.author_id', 'users.name as author_name'])
		.where('messages.conversation_id', '=', conversationId)
	if (blocked.length) q = q.where((e) => e.or([e('messages.author_id', 'is', null), e('messages.author_id', 'not in', blocked)]))
	const total = Number((await q.clearSelect().select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
	const rows = await q
		.orderBy('messages.id', 'desc')
		.limit(MESSAGES_PER_PAGE)
		.offset((page - 1) * MESSAGES_PER_PAGE)
		.execute()
	const files = await attachmentsOf(
		'message',
		rows.map((r) => r.id),
	)
	return {
		total,
		pages: Math.max(1, Math.ceil(total / MESSAGES_PER_PAGE)),
		messages: rows.reverse().map((r) => {
			const body = decryptText(r.body_enc, bodyContext(conversationId))
			return {
				id: r.id,
				authorId: r.author_id,
				author: r.author_name ?? 'Former member',
				body,
				html: renderMarkdown(body),
				createdAt: r.created_at,
				attachments: files.get(r.id) ?? [],
			}
		}),
	}
}

export async function markConversationRead(viewer: Pick<Viewer, 'id'>, conversationId: number, lastMessageId: number) {
	await db()
		.updateTable('conversation_members')
		.set({ last_read_message_id: sql`max(last_read_message_id, ${lastMessageId})` })
		.where('conversation_id', '=', conversationId)
		.where('user_id', '=', viewer.id)
		.execute()
}

// ---------- writing ----------

export type StartOutcome = { kind: 'ok'; id: number } | { kind: 'rate-limited' } | { kind: 'recipients'; message: string }

/**
 * Members a conversation can be started with: active accounts, by handle. A member who left
 * the directory ("unlisted") cannot be found this way either, and is refused in the same words
 * as a handle nobody has, so the form does not confirm they exist. Staff may still write to
 * them, and so may anyone already in a conversation with them.
 */
export async function resolveRecipients(viewer: Pick<Viewer, 'id' | 'role'>, handles: string[]): Promise<{ ids: string[]; error: string | null }> {
	const wanted = [...new Set(handles.map((h) => h.replace(/^@/, '').toLowerCase()).filter(Boolean))]
	if (!wanted.length) return { ids: [], error: 'Choose at least one member to write to.' }
	if (wanted.length > MAX_PARTICIPANTS - 1) return { ids: [], error: `A conversation has at most ${MAX_PARTICIPANTS} participants.` }
	const staff = mayMessageUnlisted(viewer)
	const found = await db()
		.selectFrom('users')
		.leftJoin('directory_profiles', 'directory_profiles.user_id', 'users.id')
		.select(['users.id', 'users.handle'])
		.where('users.handle', 'in', wanted)
		.where('users.status', '=', 'active')
		.$if(!staff, (q) =>
			q.where((eb) =>
				eb.or([
					eb('directory_profiles.listed', 'is', null),
					eb('directory_profiles.listed', '=', 1),
					eb('users.id', '=', viewer.id),
					eb.exists(
						eb
							.selectFrom('conversation_members as theirs')
							.innerJoin('conversation_members as mine', 'mine.conversation_id', 'theirs.conversation_id')
							.select('theirs.conversation_id')
							.whereRef('theirs.user_id', '=', 'users.id')
							.where('mine.user_id', '=', viewer.id),
					),
				]),
			),
		)
		.execute()
	const missing = wanted.filter((h) => !found.some((f) => f.handle === h))
	if (missing.length) return { ids: [], error: `No member with the handle ${missing.map((m) => `@${m}`).join(', ')}.` }
	const ids = found.map((f) => f.id).filter((id) => id !== viewer.id)
	if (!ids.length) return { ids: [], error: 'Write to someone other than yourself.' }
	return { ids, error: null }
}

async function overConversationLimit(viewer: Pick<Viewer, 'id'>): Promise<boolean> {
	const user = await db().selectFrom('users').select('created_at').where('id', '=', viewer.id).executeTakeFirst()
	const limit = user && user.created_at > nowSeconds() - DAY ? CONVERSATION_LIMITS.newAccountPerDay : CONVERSATION_LIMITS.perDay
	const row = await db()
		.selectFrom('conversations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('created_by', '=', viewer.id)
		.where('created_at', '>', nowSeconds() - DAY)
		.executeTakeFirst()
	return Number(row?.n ?? 0) >= limit
}

async function overMessageLimit(viewer: Pick<Viewer, 'id'>): Promise<boolean> {
	const row = await db()
		.selectFrom('messages')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('author_id', '=', viewer.id)
		.where('created_at', '>', nowSeconds() - HOUR)
		.executeTakeFirst()
	return Number(row?.n ?? 0) >= MESSAGES_PER_HOUR
}

export async function startConversation(viewer: Viewer, input: { to: string[]; subject: string; body: string; files: CheckedUpload[] }): Promise<StartOutcome> {
	const recipients = await resolveRecipients(viewer, input.to)
	if (recipients.error) return { kind: 'recipients', message: recipients.error }
	if (await overConversationLimit(viewer)) return { kind: 'rate-limited' }
	const now = nowSeconds()
	const created = await withStoredFiles(input.files, { encrypt: true }, (stored) =>
		db()
			.transaction()
			.execute(async (trx) => {
				const conversation = await trx.insertInto('conversations').values({ subject_enc: '', created_by: viewer.id, created_at: now, last_message_at: now }).returning('id').executeTakeFirstOrThrow()
				const id = conversation.id
				await trx.updateTable('conversations').set({ subject_enc: encryptText(input.subject, subjectContext(id)) }).where('id', '=', id).execute()
				await trx
					.insertInto('conversation_members')
					.values([viewer.id, ...recipients.ids].map((userId) => ({ conversation_id: id, user_id: userId, joined_at: now, left_at: null })))
					.execute()
				const message = await trx.insertInto('messages').values({ conversation_id: id, author_id: viewer.id, body_enc: encryptText(input.body, bodyContext(id)), created_at: now }).returning('id').executeTakeFirstOrThrow()
				await recordAttachments(trx, 'message', message.id, viewer.id, stored)
				await trx.updateTable('conversation_members').set({ last_read_message_id: message.id }).where('conversation_id', '=', id).where('user_id', '=', viewer.id).execute()
				return { id, messageId: message.id }
			}),
	)
	await announce(viewer, created.id, created.messageId)
	return { kind: 'ok', id: created.id }
}

export async function postMessage(viewer: Viewer, conversationId: number, body: string, files: CheckedUpload[]): Promise<{ kind: 'ok'; messageId: number } | { kind: 'not-found' } | { kind: 'rate-limited' }> {
	if (!(await conversationForViewer(viewer, conversationId))) return { kind: 'not-found' }
	if (await overMessageLimit(viewer)) return { kind: 'rate-limited' }
	const now = nowSeconds()
	const messageId = await withStoredFiles(files, { encrypt: true }, (stored) =>
		db()
			.transaction()
			.execute(async (trx) => {
				const message = await trx.insertInto('messages').values({ conversation_id: conversationId, author_id: viewer.id, body_enc: encryptText(body, bodyContext(conversationId)), created_at: now }).returning('id').executeTakeFirstOrThrow()
				await recordAttachments(trx, 'message', message.id, viewer.id, stored)
				await trx.updateTable('conversations').set({ last_message_at: now }).where('id', '=', conversationId).execute()
				await trx.updateTable('conversation_members').set({ last_read_message_id: message.id }).where('conversation_id', '=', conversationId).where('user_id', '=', viewer.id).execute()
				return message.id
			}),
	)
	await announce(viewer, conversationId, messageId)
	return { kind: 'ok', messageId }
}

/** Tells the other participants; the notification and email name the writer, never the text or subject. */
async function announce(viewer: Viewer, conversationId: number, messageId: number) {
	try {
		const others = await db()
			.selectFrom('conversation_members')
			.innerJoin('users', 'users.id', 'conversation_members.user_id')
			.select(['users.id', 'users.message_email'])
			.where('conversation_members.conversation_id', '=', conversationId)
			.where('conversation_members.left_at', 'is', null)
			.where('users.id', '!=', viewer.id)
			.where('users.status', '=', 'active')
			// Someone who blocked the writer is not told (and the writer is not told either).
			.where((eb) => eb.not(eb.exists(eb.selectFrom('member_blocks').select('blocker_id').whereRef('member_blocks.blocker_id', '=', 'users.id').where('member_blocks.blocked_id', '=', viewer.id))))
			.execute()
		for (const o of others)
			await notify(o.id, {
				kind: 'message',
				title: { id: 'email.notify.message', values: { name: viewer.name } },
				url: `/messages/${conversationId}`,
				dedupeKey: `message:${messageId}`,
				email: o.message_email,
				unsubscribe: { kind: 'message-email' },
			})
	} catch (error) {
		console.error('Message notifications failed after a committed message:', error)
	}
}

export async function leaveConversation(viewer: Pick<Viewer, 'id'>, conversationId: number): Promise<boolean> {
	const result = await db()
		.updateTable('conversation_members')
		.set({ left_at: nowSeconds() })
		.where('conversation_id', '=', conversationId)
		.where('user_id', '=', viewer.id)
		.where('left_at', 'is', null)
		.executeTakeFirst()
	return Number(result.numUpdatedRows) > 0
}

// ---------- blocking ----------

export async function setBlocked(viewer: Pick<Viewer, 'id'>, userId: string, blocked: boolean): Promise<boolean> {
	if (userId === viewer.id) return false
	const exists = await db().selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
	if (!exists) return false
	if (blocked)
		await db()
			.insertInto('member_blocks')
			.values({ blocker_id: viewer.id, blocked_id: userId, created_at: nowSeconds() })
			.onConflict((oc) => oc.doNothing())
			.execute()
	else await db().deleteFrom('member_blocks').where('blocker_id', '=', viewer.id).where('blocked_id', '=', userId).execute()
	return true
}

export async function blockedMembers(viewer: Pick<Viewer, 'id'>) {
	return db()
		.selectFrom('member_blocks')
		.innerJoin('users', 'users.id', 'member_blocks.blocked_id')
		.select(['users.id', 'users.name', 'users.handle'])
		.where('member_blocks.blocker_id', '=', viewer.id)
		.orderBy('users.name')
		.execute()
}

// ---------- reports ----------

export async function reportMessage(viewer: Pick<Viewer, 'id'>, messageId: number, reason: string): Promise<'ok' | 'not-found' | 'own'> {
	const message = await db().selectFrom('messages').select(['id', 'conversation_id', 'author_id']).where('id', '=', messageId).executeTakeFirst()
	if (!message || !(await conversationForViewer(viewer, message.conversation_id))) return 'not-found'
	if (message.author_id === viewer.id) return 'own'
	await db().insertInto('message_reports').values({ message_id: messageId, reporter_id: viewer.id, reason, created_at: nowSeconds(), resolved_at: null, resolved_by: null, resolution: null, resolution_note: null }).execute()
	return 'ok'
}

/** Messages shown around a reported one: what a reviewer needs to judge it, and no more. */
const CONTEXT_BEFORE = 2

/**
 * The staff review queue. Each open report shows the reported message and the two before it
 * in the same conversation — never the rest of the conversation or the inbox — and every
 * time staff open the queue, one audit entry per report shown records who saw what.
 */
export async function reportQueue(staff: Viewer, ip: string) {
	const reports = await db()
		.selectFrom('message_reports')
		.innerJoin('messages', 'messages.id', 'message_reports.message_id')
		.leftJoin('users as reporter', 'reporter.id', 'message_reports.reporter_id')
		.leftJoin('users as author', 'author.id', 'messages.author_id')
		.select([
			'message_reports.id',
			'message_reports.reason',
			'message_reports.created_at',
			'messages.id as message_id',
			'messages.conversation_id',
			'messages.author_id',
			'reporter.name as reporter_name',
			'author.name as author_name',
		])
		.where('message_reports.resolved_at', 'is', null)
		.orderBy('message_reports.created_at')
		.limit(50)
		.execute()
	const out = []
	for (const r of reports) {
		const around = await db()
			.selectFrom('messages')
			.leftJoin('users', 'users.id', 'messages.author_id')
			.select(['messages.id', 'messages.body_enc', 'messages.created_at', 'users.name as author_name'])
			.where('messages.conversation_id', '=', r.conversation_id)
			.where('messages.id', '<=', r.message_id)
			.orderBy('messages.id', 'desc')
			.limit(CONTEXT_BEFORE + 1)
			.execute()
		await audit(db(), { actorId: staff.id, action: 'message.report.view', objectType: 'message', objectId: String(r.message_id), ip, detail: { report: r.id, shown: around.map((m) => m.id) } })
		out.push({
			id: r.id,
			reason: r.reason,
			reportedAt: r.created_at,
			reporter: r.reporter_name ?? 'Former member',
			author: r.author_name ?? 'Former member',
			authorId: r.author_id,
			messageId: r.message_id,
			messages: around.reverse().map((m) => ({
				id: m.id,
				author: m.author_name ?? 'Former member',
				html: renderMarkdown(decryptText(m.body_enc, bodyContext(r.conversation_id))),
				createdAt: m.created_at,
				reported: m.id === r.message_id,
			})),
		})
	}
	return out
}

export async function resolveReport(staff: Viewer, reportId: number, resolution: 'dismissed' | 'actioned', note: string, ip: string): Promise<boolean> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const result = await trx
				.updateTable('message_reports')
				.set({ resolved_at: nowSeconds(), resolved_by: staff.id, resolution, resolution_note: note })
				.where('id', '=', reportId)
				.where('resolved_at', 'is', null)
				.executeTakeFirst()
			if (!Number(result.numUpdatedRows)) return false
			await audit(trx, { actorId: staff.id, action: `message.report.${resolution}`, objectType: 'message_report', objectId: String(reportId), ip, detail: { note } })
			return true
		})
}

/** Attachment access: current participants of the message's conversation only. */
export async function messageReadableBy(viewer: Pick<Viewer, 'id'>, messageId: number): Promise<boolean> {
	const message = await db().selectFrom('messages').select(['conversation_id', 'author_id']).where('id', '=', messageId).executeTakeFirst()
	if (!message || !(await conversationForViewer(viewer, message.conversation_id))) return false
	return !message.author_id || !(await blockedBy(viewer.id)).includes(message.author_id)
}
