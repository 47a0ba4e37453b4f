import { db } from './db.server'
import { env } from './env.server'
import { nowSeconds, MINUTE } from './time'

/** An address this account signed in from within this time is the owner's own. */
const KNOWN_ADDRESS_DAYS = 30

/**
 * Login throttling (ASVS 2.2.1): too many failures for one account or from one address in
 * the window, and further attempts are refused before the password is even checked.
 * Counted in the database so a restart does not reset it.
 *
 * The account-wide count would let anyone lock a colleague out by failing ten times in their
 * name, so it spares an address the account signed in from lately: the owner at their desk
 * can still sign in, and that address still has its own limit (its failures for the account).
 */
export async function loginBlocked(email: string, ip: string, opts: { accountWide?: boolean } = {}): Promise<boolean> {
	const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env()
	const now = nowSeconds()
	const row = await db()
		.selectFrom('login_attempts')
		.select((eb) => [
			eb.fn.sum<number>(eb.case().when('email', '=', email).then(1).else(0).end()).as('by_email'),
			eb.fn.sum<number>(eb.case().when('ip', '=', ip).then(1).else(0).end()).as('by_ip'),
		])
		.where('created_at', '>=', now - LOGIN_WINDOW_MINUTES * MINUTE)
		.where('succeeded', '=', 0)
		.where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
		.executeTakeFirst()
	// by_ip includes this address's failures for this account.
	if (Number(row?.by_ip ?? 0) >= LOGIN_MAX_FAILURES) return true
	if (opts.accountWide === false || Number(row?.by_email ?? 0) < LOGIN_MAX_FAILURES) return false
	const known = await db()
		.selectFrom('login_attempts')
		.select('id')
		.where('email', '=', email)
		.where('ip', '=', ip)
		.where('succeeded', '=', 1)
		.where('created_at', '>=', now - KNOWN_ADDRESS_DAYS * 24 * 60 * MINUTE)
		.executeTakeFirst()
	return !known
}

export async function recordLoginAttempt(email: string, ip: string, succeeded: boolean) {
	await db()
		.insertInto('login_attempts')
		.values({ email, ip, succeeded: succeeded ? 1 : 0, created_at: nowSeconds() })
		.execute()
}
