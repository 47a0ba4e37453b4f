import net from 'node:net'
import * as z from 'zod'
import { resultCacheSize } from '../../search/fts5-results'

const durationMinutes = z.coerce.number().int().positive()

// The names Express's `trust proxy` knows besides addresses and subnets.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrSubnet(item: string): boolean {
	const [address, prefix, ...rest] = item.split('/')
	const version = net.isIP(address)
	if (!version || rest.length) return false
	if (prefix === undefined) return true
	// A prefix length, or (IPv4) a netmask as Express also takes: 10.0.0.0/255.0.0.0.
	if (version === 4 && net.isIPv4(prefix)) return true
	return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * Express's `trust proxy` takes a boolean, a hop count or a list of addresses, and reads a
 * string only as a list of addresses: passed through as text, `1` would trust no proxy at
 * all (so every client would share the proxy's address for the sign-in lockout, and HSTS
 * would never be sent) and `true` would crash at start. So the text is parsed here.
 */
const trustProxy = z
	.string()
	.trim()
	.transform((text, ctx): boolean | number | string[] | undefined => {
		// Set but empty (`TRUST_PROXY=` in a compose file) means unset, as it always did.
		if (!text) return undefined
		if (text === 'true' || text === 'false') return text === 'true'
		if (/^\d+$/.test(text)) return Number(text)
		const items = text.split(',').map((item) => item.trim())
		const bad = items.filter((item) => !PROXY_NAMES.has(item) && !isAddressOrSubnet(item))
		if (bad.length) {
			ctx.addIssue({
				code: 'custom',
				message: `"${bad.join('", "')}" is not a number of proxies, true, an address, a subnet or one of loopback, linklocal, uniquelocal.`,
			})
			return z.NEVER
		}
		return items
	})

const schema = z.object({
	// Production unless told otherwise, so a forgotten NODE_ENV never drops Secure cookies or HSTS.
	NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	DATABASE_PATH: z.string().min(1).default('data/portal.db'),
	/**
	 * The portal's public origin (https://portal.example.org), for links in emails and feeds
	 * (written without a request, so never from a Host header) and the CSRF origin check.
	 * Unset, links point to http://localhost:PORT and the check uses the request's Host.
	 */
	PORTAL_ORIGIN: z.url().optional(),
	/** Express `trust proxy`: a number of proxies in front, true, or addresses/subnets (see above). */
	TRUST_PROXY: trustProxy.optional(),
	SESSION_IDLE_MINUTES: durationMinutes.default(30),
	SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
	SMTP_URL: z.string().optional(),
	MAIL_DIR: z.string().default('data/mail'),
	MAIL_FROM: z.string().default('Practitioners Portal <no-reply@portal.invalid>'),
	MEILI_HOST: z.string().optional(),
	MEILI_API_KEY: z.string().optional(),
	/** Search results kept per process (search/fts5-results.ts reads it); checked here so a typo stops the start. */
	SEARCH_RESULT_CACHE: z
		.string()
		.optional()
		.superRefine((text, ctx) => {
			try {
				resultCacheSize(text)
			} catch (error) {
				ctx.addIssue({ code: 'custom', message: (error as Error).message })
			}
		}),
	/** Cookies get `Secure` unless this is set (plain-http demo and tests on localhost). */
	INSECURE_COOKIES: z.enum(['0', '1']).optional(),
	/** Uploaded files, outside anything served statically. */
	ATTACHMENT_DIR: z.string().default('data/attachments'),
	/** Signs unsubscribe links (≥ 32 characters). Without it, a key file is created on first use. */
	SIGNING_KEY: z.string().min(32, 'Use at least 32 characters.').optional(),
	SIGNING_KEY_FILE: z.string().default('data/signing.key'),
	/**
	 * Message encryption keys, outside the database: `id:base64key[,id:base64key…]`, the
	 * first one current. Without it, MESSAGE_KEY_FILE holds them (created on first use).
	 */
	MESSAGE_KEYS: z.string().optional(),
	MESSAGE_KEY_FILE: z.string().default('data/message-keys.json'),
	LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
	LOGIN_WINDOW_MINUTES: durationMinutes.default(15),
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined

/** Parses an environment; a bad value throws with every problem and its variable named. */
export function parseEnv(source: Record<string, string | undefined>): Env {
	const parsed = schema.safeParse(source)
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
		throw new Error(`Invalid environment:\n${problems}`)
	}
	return parsed.data
}

/** Validated once, at start: a misconfigured portal fails fast with the variable named. */
export function env(): Env {
	cached ??= parseEnv(process.env)
	return cached
}

/** PORTAL_ORIGIN, or the local address when unset (demo, tests). */
export function publicOrigin(e: Env = env()): string {
	return (e.PORTAL_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, '')
}

/**
 * What a deployment should hear at start: a production server with Secure cookies (so not
 * the localhost demo) but no PORTAL_ORIGIN would mail links to localhost.
 */
export function configurationWarnings(e: Env = env()): string[] {
	if (e.NODE_ENV === 'production' && e.INSECURE_COOKIES !== '1' && !e.PORTAL_ORIGIN)
		return [`PORTAL_ORIGIN is not set: links in emails and calendar feeds will point to ${publicOrigin(e)}. Set it to the portal's public address.`]
	return []
}

export function isProduction() {
	return env().NODE_ENV === 'production'
}

export function secureCookies() {
	return isProduction() && env().INSECURE_COOKIES !== '1'
}
