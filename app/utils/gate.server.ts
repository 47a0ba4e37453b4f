import { encode } from 'turbo-stream'
import { blankSessionCookie, readSessionToken, validateSessionToken } from './auth.server'
import { userForApiToken } from '../models/api-tokens.server'
import { db } from './db.server'
import { env } from './env.server'
import { isPublicPath, normalisePath, TWO_FACTOR_PAGE_ASSETS, TWO_FACTOR_PAGES, TWO_FACTOR_PATHS, twoFactorRequired, twoFactorStep, type Viewer } from './permissions.server'

/**
 * Runs in front of Remix for every request (see server.ts): resolves the session once,
 * refuses cross-origin writes, and denies anonymous access to anything not public.
 * Routes still call requireViewer(): two locks, one rule set.
 */

export interface GateInput {
	/** The request target exactly as received (Express's originalUrl). */
	rawPath: string
	method: string
	url: URL
	headers: Headers
	ip: string
}

export type GateOutcome =
	| { kind: 'deny'; status: number; headers: Record<string, string>; body: string }
	| { kind: 'pass'; viewer: Viewer | null; setCookie: string | null }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function ownOrigin(input: GateInput): string {
	return env().PORTAL_ORIGIN ?? `${input.url.protocol}//${input.headers.get('host') ?? input.url.host}`
}

function deny(status: number, body: string, headers: Record<string, string> = {}): GateOutcome {
	return { kind: 'deny', status, body, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } }
}

function denyJson(status: number, error: string): GateOutcome {
	return { kind: 'deny', status, body: JSON.stringify({ error }), headers: { 'Content-Type': 'application/json' } }
}

/** Remix's client expects a redirect in a `.data` response to be turbo-stream encoded. */
async function singleFetchRedirect(location: string): Promise<GateOutcome> {
	const redirectSymbolName = 'SingleFetchRedirect'
	const stream = encode(
		{ redirect: { redirect: location, status: 302, revalidate: false, reload: true, replace: false } },
		{
			plugins: [
				(value: unknown) => {
					if (value && typeof value === 'object' && 'redirect' in value && typeof (value as { redirect: unknown }).redirect === 'object')
						return [redirectSymbolName, (value as { redirect: unknown }).redirect]
					return undefined
				},
			],
		},
	)
	const body = await new Response(stream).text()
	return { kind: 'deny', status: 202, body, headers: { 'Content-Type': 'text/x-script' } }
}

/** Larger bodies are refused before anything reads them. */
export const MAX_BODY_BYTES = 1_000_000
/** Forms that take attachments: 5 files of 10 MB plus the text (checked again per file). */
export const MAX_UPLOAD_BODY_BYTES = 5 * 10 * 1024 * 1024 + MAX_BODY_BYTES
const UPLOAD_PATHS = [/^\/forums\/[^/]+\/new$/, /^\/threads\/\d+$/, /^\/messages\/(new|\d+)$/, /^\/guidance\/(new|[^/]+\/edit)$/]

function bodyLimit(path: string, contentType: string | null): number {
	return (contentType ?? '').startsWith('multipart/form-data') && UPLOAD_PATHS.some((re) => re.test(path)) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES
}

export async function gate(input: GateInput): Promise<GateOutcome> {
	const { method, url, headers } = input
	if (!input.rawPath.startsWith('/') || input.rawPath.startsWith('//')) return deny(400, 'Bad request.')
	if (!SAFE_METHODS.has(method.toUpperCase())) {
		const length = Number(headers.get('content-length') ?? 'NaN')
		if (Number.isFinite(length) && length > bodyLimit(normalisePath(url.pathname), headers.get('content-type'))) return deny(413, 'This request is too large.')
		if (!Number.isFinite(length) && headers.get('transfer-encoding')) return deny(411, 'Send a Content-Length.')
	}
	const path = normalisePath(url.pathname)
	const isApi = path.startsWith('/api/')
	const token = readSessionToken(headers.get('cookie'))

	// CSRF (lucia's guidance): a state-changing request must come from our own origin.
	// API clients using a bearer token and no cookie are not exposed to CSRF.
	if (!SAFE_METHODS.has(method.toUpperCase())) {
		const bearerOnly = !token && /^Bearer /i.test(headers.get('authorization') ?? '')
		const origin = headers.get('origin')
		if (!bearerOnly && origin !== ownOrigin(input)) {
			return isApi ? denyJson(403, 'Cross-origin request refused.') : deny(403, 'Cross-origin request refused.')
		}
	}

	let viewer: Viewer | null = null
	let setCookie: string | null = null
	if (token) {
		const validated = await validateSessionToken(token)
		const pendingStep = validated ? twoFactorStep(validated.user.role, validated) : null
		if (validated && pendingStep && !TWO_FACTOR_PATHS[pendingStep].test(path) && !TWO_FACTOR_PAGE_ASSETS.test(path)) {
			// A password alone opens nothing but the second step (and logging out).
			if (isApi) return denyJson(401, pendingStep === 'verify' ? 'Two-factor verification required.' : 'Set up two-factor sign-in first.')
			const location = pendingStep === 'verify' ? `${TWO_FACTOR_PAGES.verify}?redirectTo=${encodeURIComponent(path + url.search)}` : TWO_FACTOR_PAGES.enrol
			if (url.pathname.endsWith('.data')) return singleFetchRedirect(location)
			return deny(302, '', { Location: location, ...(validated.setCookie ? { 'Set-Cookie': validated.setCookie } : {}) })
		}
		if (validated) {
			const regions = await db()
				.selectFrom('user_regions')
				.select('region_slug')
				.where('user_id', '=', validated.user.id)
				.execute()
			viewer = { ...validated.user, regions: regions.map((r) => r.region_slug), sessionId: validated.sessionId, twoFactorPending: pendingStep ?? undefined }
			setCookie = validated.setCookie
		} else if (isNavigation(headers, url)) {
			// Only a page load clears a dead cookie. A background fetch (route discovery,
			// revalidation) may have left before a newer cookie arrived, e.g. the one issued
			// by the second factor's session rotation, and its answer would wipe that one.
			setCookie = blankSessionCookie()
		}
	}

	// The JSON API also accepts a personal token (Authorization: Bearer pp_…).
	const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
	if (!viewer && isApi && bearer) {
		const user = await userForApiToken(bearer)
		if (!user) return denyJson(401, 'Invalid or revoked API token.')
		// A token minted before its owner became staff does not skip the required second factor.
		if (twoFactorRequired(user.role) && user.two_factor_enabled_at === null) return denyJson(401, 'Set up two-factor sign-in first.')
		const regions = await db().selectFrom('user_regions').select('region_slug').where('user_id', '=', user.id).execute()
		viewer = {
			id: user.id,
			email: user.email,
			name: user.name,
			role: user.role,
			status: user.status,
			preferredLanguage: user.preferred_language,
			timezone: user.timezone,
			regions: regions.map((r) => r.region_slug),
			sessionId: '',
			apiToken: { readsMessages: user.reads_messages === 1 },
		}
	}

	if (!viewer && !isPublicPath(url.pathname)) {
		if (isApi) return denyJson(401, 'Authentication required.')
		const location = `/login?redirectTo=${encodeURIComponent(path + url.search)}`
		if (url.pathname.endsWith('.data')) return singleFetchRedirect(location)
		return deny(302, '', { Location: location, ...(setCookie ? { 'Set-Cookie': setCookie } : {}) })
	}
	return { kind: 'pass', viewer, setCookie }
}

/** A top-level page load, by the browser's Fetch Metadata, or by its URL for clients that send none. */
function isNavigation(headers: Headers, url: URL): boolean {
	const mode = headers.get('sec-fetch-mode')
	if (mode) return mode === 'navigate'
	return !url.pathname.endsWith('.data') && url.pathname !== '/__manifest'
}
