import * as z from 'zod'
import type { EmailPreference } from '../../db/schema'
import { db } from '../utils/db.server'
import { oneLineName } from '../utils/validation'
import type { Viewer } from '../utils/permissions.server'
import { nowSeconds } from '../utils/time'
import { notify } from './notifications.server'

export const MAX_SAVED_SEARCHES = 50

export const savedSearchSchema = z.object({
	// The name goes into email subjects.
	name: oneLineName(120, 'Give the search a name.'),
	query: z.string().max(4000, 'This search is too long to save.'),
	email: z.enum(['none', 'immediate', 'daily'], { error: 'Choose how to be told.' }),
})

export async function savedSearchesOf(userId: string) {
	return db().selectFrom('saved_searches').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()
}

export async function createSavedSearch(userId: string, input: { name: string; query: string; email: EmailPreference }) {
	const count = await db().selectFrom('saved_searches').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirst()
	if (Number(count?.n ?? 0) >= MAX_SAVED_SEARCHES) return { kind: 'limit' as const }
	const row = await db()
		.insertInto('saved_searches')
		.values({ user_id: userId, name: input.name, query: input.query, email: input.email, created_at: nowSeconds() })
		.returning('id')
		.executeTakeFirstOrThrow()
	return { kind: 'ok' as const, id: row.id }
}

export async function updateSavedSearchEmail(userId: string, id: number, email: EmailPreference) {
	const r = await db().updateTable('saved_searches').set({ email }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
	return r.numUpdatedRows > 0n
}

export async function deleteSavedSearch(userId: string, id: number) {
	const r = await db().deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
	return r.numDeletedRows > 0n
}

/**
 * Runs every saved search against one newly published case, as its owner would see it,
 * and notifies the owners it matches.
 */
export async function alertSavedSearchesForCase(caseId: string) {
	// Imported lazily: cases.server imports this module too.
	const { parseCaseSearchParams, searchCases } = await import('./cases.server')
	const title = (await db().selectFrom('cases').select('title').where('id', '=', caseId).executeTakeFirst())?.title ?? caseId
	const searches = await db()
		.selectFrom('saved_searches')
		.innerJoin('users', 'users.id', 'saved_searches.user_id')
		.select(['saved_searches.id', 'saved_searches.name', 'saved_searches.query', 'saved_searches.email', 'users.id as user_id', 'users.role', 'users.name as user_name', 'users.email as user_email'])
		.where('users.status', '=', 'active')
		.execute()
	let notified = 0
	for (const s of searches) {
		const parsed = parseCaseSearchParams(new URLSearchParams(s.query))
		if (!parsed.success) continue
		const regions = await db().selectFrom('user_regions').select('region_slug').where('user_id', '=', s.user_id).execute()
		const viewer: Viewer = {
			id: s.user_id,
			role: s.role,
			regions: regions.map((r) => r.region_slug),
			name: s.user_name,
			email: s.user_email,
			status: 'active',
			preferredLanguage: 'en',
			timezone: null,
			sessionId: '',
		}
		const { result } = await searchCases(viewer, { ...parsed.data, page: 1, per_page: 1 }, { withFacets: false, extraFilters: { id: [caseId] } })
		if (result.total > 0) {
			const sent = await notify(s.user_id, {
				kind: 'saved-search',
				title: { id: 'email.notify.savedSearch', values: { search: s.name, case: title } },
				url: `/cases/${caseId}`,
				dedupeKey: `saved-search:${s.id}:case:${caseId}`,
				email: s.email,
				unsubscribe: { kind: 'saved-search', id: s.id },
			})
			if (sent) notified++
		}
	}
	return notified
}

/**
 * Runs the alerts of every case published since the last run (in the portal or by an
 * import), after the search index has caught up. A row is removed only once its alerts
 * ran; notifications are de-duplicated, so a retry after a crash never notifies twice.
 */
export async function runPendingCaseAlerts(): Promise<number> {
	const pending = await db().selectFrom('case_alerts_pending').select('case_id').orderBy('created_at').limit(100).execute()
	for (const { case_id } of pending) {
		await alertSavedSearchesForCase(case_id)
		await db().deleteFrom('case_alerts_pending').where('case_id', '=', case_id).execute()
	}
	return pending.length
}
