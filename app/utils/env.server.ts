import * as z from 'zod'

const durationMinutes = z.coerce.number().int().positive()

const schema = z.object({
	// Production unless told otherwise, so a forgotten NODE_ENV never drops Secure cookies or HSTS.
	NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	DATABASE_PATH: z.string().min(1).default('data/portal.db'),
	/** The portal's public origin (https://portal.example.org); derived from Host when unset. */
	PORTAL_ORIGIN: z.url().optional(),
	SESSION_IDLE_MINUTES: durationMinutes.default(30),
	SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
	SMTP_URL: z.string().optional(),
	MAIL_DIR: z.string().default('data/mail'),
	MAIL_FROM: z.string().default('Practitioners Portal <no-reply@portal.invalid>'),
	MEILI_HOST: z.string().optional(),
	MEILI_API_KEY: z.string().optional(),
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

/** Validated once, at start: a misconfigured portal fails fast with the variable named. */
export function env(): Env {
	if (cached) return cached
	const parsed = schema.safeParse(process.env)
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
		throw new Error(`Invalid environment:\n${problems}`)
	}
	cached = parsed.data
	return cached
}

/** PORTAL_ORIGIN, or the local address when unset (demo, tests). */
export function publicOrigin(): string {
	return (env().PORTAL_ORIGIN ?? `http://localhost:${env().PORT}`).replace(/\/$/, '')
}

export function isProduction() {
	return env().NODE_ENV === 'production'
}

export function secureCookies() {
	return isProduction() && env().INSECURE_COOKIES !== '1'
}
