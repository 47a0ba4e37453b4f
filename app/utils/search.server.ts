import { caseById } from '../../db/cases/queries'
import { createSearchService, type SearchService } from '../../search/index'
import type { DocumentSource } from '../../search/outbox'
import type { SearchQuery } from '../../search/types'
import { openDatabase, type OpenedDatabase } from '../../db/client'
import { database } from './db.server'
import { env } from './env.server'

/**
 * The portal's one entry to search/: builds index documents from the database and keeps
 * every engine in step with the outbox. Which engine answers is search/'s business.
 */

// Loaded lazily to keep this module free of a cycle with the models that call it.
export const documentSource: DocumentSource = async (type, id) => {
	if (type === 'case') {
		const { caseDocument } = await import('../models/cases.server')
		const row = await caseById(database().db, id)
		return row ? caseDocument(row) : null
	}
	if (type === 'thread') {
		const { threadDocument } = await import('../models/forums.server')
		return /^\d+$/.test(id) ? threadDocument(Number(id)) : null
	}
	if (type === 'guidance') {
		const { guidanceDocument } = await import('../models/guidance.server')
		return guidanceDocument(id)
	}
	if (type === 'recommendation') {
		const { recommendationDocument } = await import('../models/recommendations.server')
		return recommendationDocument(id)
	}
	if (type === 'event') {
		const { eventDocument } = await import('../models/events.server')
		return eventDocument(id)
	}
	return null
}

let service: SearchService | undefined
let searchConnection: OpenedDatabase | undefined
let timer: NodeJS.Timeout | undefined
let draining: Promise<void> | null = null

/**
 * The index gets its own connection: FTS5 writes through the raw handle, and on the
 * request connection they could join (and roll back with) a request's open transaction.
 */
function searchService(): SearchService {
	if (!service) {
		searchConnection = openDatabase(env().DATABASE_PATH)
		service = createSearchService({ sqlite: searchConnection.sqlite, db: searchConnection.db, source: documentSource, env: process.env })
	}
	return service
}

export async function startSearch() {
	await searchService().init()
	await syncSearchNow()
	// Under a cluster (server.ts) one worker does the background work; the others only drain after their own writes.
	if (process.env.PORTAL_WORKER_ROLE === 'web') return
	// The outbox is drained after each write; this catches anything left by a crash or an outage.
	timer = setInterval(() => void backgroundWork().catch((error: unknown) => console.error('[background] pass failed; the next one retries', error)), 5_000)
	timer.unref()
}

export async function stopSearch() {
	if (timer) clearInterval(timer)
	await background
	await draining
	await searchConnection?.close()
}

// Alerts for newly published content run once the index has it (imports included);
// event notices (changes, moves up from a waiting list, reminders), digests and email
// retries ride on the same timer. A pass still running when the timer fires is not
// joined by a second one (two would send the same email twice), and each task runs on
// its own, so one failing (the mail server down during a digest) delays none of the others.
let background: Promise<void> | null = null
function backgroundWork(): Promise<void> {
	background ??= runBackgroundTasks().finally(() => {
		background = null
	})
	return background
}

async function runBackgroundTasks() {
	await syncSearchNow()
	const [{ runPendingCaseAlerts }, { sendDueDigests, retryNotificationEmails }, { sendChangeNotices, sendDueReminders, sendPromotionNotices }, { rerenderStalePosts }] = await Promise.all([
		import('../models/saved-searches.server'),
		import('../models/notifications.server'),
		import('../models/events.server'),
		import('../models/forums.server'),
	])
	// Every notice below is de-duplicated by key, so a crash or restart never sends one twice.
	const tasks: Array<[string, () => Promise<unknown>]> = [
		['saved-search alerts', runPendingCaseAlerts],
		['event change notices', sendChangeNotices],
		['waiting-list notices', sendPromotionNotices],
		['event reminders', sendDueReminders],
		['daily digests', sendDueDigests],
		['email retries', retryNotificationEmails],
		['forum posts made by an older renderer', () => rerenderStalePosts()],
	]
	for (const [name, task] of tasks) {
		try {
			await task()
		} catch (error) {
			console.error(`[background] ${name} failed; they will be retried`, error)
		}
	}
}

/** Drains the outbox into every engine; concurrent calls share one run. */
export async function syncSearchNow(): Promise<void> {
	if (draining) return draining
	draining = searchService()
		.drain()
		.catch((error: unknown) => console.error('[search] drain failed; changes stay in the outbox', error))
		.then(() => undefined)
		.finally(() => {
			draining = null
		})
	return draining
}

/** Called after a write; awaits the drain so the writer's next search sees the change. */
export async function syncSearchSoon() {
	await syncSearchNow()
	// A drain already running when the write committed may have missed it.
	await syncSearchNow()
}

// Before a search, another process's drain is waited for this long at most: it is taking the same rows in.
const CATCH_UP_WAIT_MS = 500
let catchingUp: Promise<void> | null = null
let lastCatchUpError = 0

/** FTS5 takes in the outbox; concurrent searches share one run. Meilisearch stays with the background pass (search() answers from FTS5 while it is behind). */
function catchUpNow(): Promise<void> {
	catchingUp ??= searchService()
		.catchUp(CATCH_UP_WAIT_MS)
		.then(() => undefined)
		.catch((error: unknown) => {
			// Once a minute at most: every search would otherwise log the same failure.
			if (Date.now() - lastCatchUpError > 60_000) console.error('[search] catching up before a search failed; the background pass retries', error)
			lastCatchUpError = Date.now()
		})
		.finally(() => {
			catchingUp = null
		})
	return catchingUp
}

/**
 * Every search first takes in what the outbox holds, so a change committed anywhere (an
 * invitee removed in the event editor, a member's regions changed, a case unpublished by an
 * import in another process) is in the index before the next search by anyone answers, not
 * at the next background pass. With nothing waiting this costs two indexed reads.
 */
export async function searchIndex(query: SearchQuery) {
	await catchUpNow()
	// A run already going when this search began may have read the outbox before the latest commit.
	await catchUpNow()
	return searchService().search(query)
}

export async function searchHealth() {
	return searchService().health()
}
