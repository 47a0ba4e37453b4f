import { db } from './db.server'
import { env } from './env.server'
import { nowSeconds, MINUTE } from './time'

/**
 * Login throttling (ASVS 2.2.1): too many failures for one account or from one address in
 * the window, and further attempts are refused before the password is even checked.
 * Counted in the database so a restart does not reset it.
 */
export async function loginBlocked(email: string, ip: string): Promise<boolean> {
	const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env()
	const since = nowSeconds() - LOGIN_WINDOW_MINUTES * MINUTE
	const row = await db()
		.selectFrom('login_attempts')
		.select((eb) => [
			eb.fn.sum<number>(eb.case().when('email', '=', email).then(1).else(0).end()).as('by_email'),
			eb.fn.sum<number>(eb.case().when('ip', '=', ip).then(1).else(0).end()).as('by_ip'),
		])
		.where('created_at', '>=', since)
		.where('succeeded', '=', 0)
		.where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
		.executeTakeFirst()
	return Number(row?.by_email ?? 0) >= LOGIN_MAX_FAILURES || Number(row?.by_ip ?? 0) >= LOGIN_MAX_FAILURES
}

export async function recordLoginAttempt(email: string, ip: string, succeeded: boolean) {
	await db()
		.insertInto('login_attempts')
		.values({ email, ip, succeeded: succeeded ? 1 : 0, created_at: nowSeconds() })
		.execute()
}
