import { audit } from '../utils/audit.server'
import { db } from '../utils/db.server'
import { nowSeconds } from '../utils/time'
import { oneLineName } from '../utils/validation'
import { hashToken, randomToken } from '../utils/tokens.server'

export const MAX_API_TOKENS = 10

/** A token's name, as its owner types it on the profile page: one line, no control characters. */
export const tokenNameSchema = oneLineName(80, 'Name the token.')

/** The token is shown once; only its hash is kept. It reads direct messages only if asked to. */
export async function createApiToken(userId: string, name: string, ip: string, opts: { readsMessages?: boolean } = {}): Promise<{ kind: 'ok'; token: string } | { kind: 'limit' }> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const count = await trx
				.selectFrom('api_tokens')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('user_id', '=', userId)
				.where('revoked_at', 'is', null)
				.executeTakeFirst()
			if (Number(count?.n ?? 0) >= MAX_API_TOKENS) return { kind: 'limit' as const }
			const token = `pp_${randomToken()}`
			const row = await trx
				.insertInto('api_tokens')
				.values({ user_id: userId, name, token_hash: hashToken(token), created_at: nowSeconds(), last_used_at: null, revoked_at: null, reads_messages: opts.readsMessages ? 1 : 0 })
				.returning('id')
				.executeTakeFirstOrThrow()
			await audit(trx, { actorId: userId, action: 'api_token.created', objectType: 'api_token', objectId: String(row.id), ip, detail: { name, readsMessages: !!opts.readsMessages } })
			return { kind: 'ok' as const, token }
		})
}

export async function apiTokensOf(userId: string) {
	return db().selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'reads_messages']).where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute()
}

export async function revokeApiToken(userId: string, id: number, ip: string) {
	const r = await db().updateTable('api_tokens').set({ revoked_at: nowSeconds() }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst()
	if (r.numUpdatedRows) await audit(db(), { actorId: userId, action: 'api_token.revoked', objectType: 'api_token', objectId: String(id), ip })
	return r.numUpdatedRows > 0n
}

/** Part of "end all access": a stolen token must not outlive a password change. */
export async function revokeAllApiTokens(userId: string) {
	await db().updateTable('api_tokens').set({ revoked_at: nowSeconds() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
}

/** The active user behind a bearer token, or null. */
export async function userForApiToken(token: string) {
	const row = await db()
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.select(['api_tokens.id as token_id', 'api_tokens.last_used_at', 'api_tokens.reads_messages', 'users.id', 'users.email', 'users.name', 'users.role', 'users.status', 'users.preferred_language', 'users.timezone', 'users.two_factor_enabled_at'])
		.where('api_tokens.token_hash', '=', hashToken(token))
		.where('api_tokens.revoked_at', 'is', null)
		.where('users.status', '=', 'active')
		.executeTakeFirst()
	if (!row) return null
	// Last-used is informative; writing it at most once a minute keeps reads cheap.
	if (!row.last_used_at || row.last_used_at < nowSeconds() - 60)
		await db().updateTable('api_tokens').set({ last_used_at: nowSeconds() }).where('id', '=', row.token_id).execute()
	return row
}
