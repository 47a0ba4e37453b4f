import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { createHmac } from 'node:crypto'
import { secureCookies } from './env.server'
import { signingKey } from './signed-links.server'

export type FlashKind = 'success' | 'info' | 'error'
export interface Flash {
	kind: FlashKind
	message: string
}

/**
 * Flash messages are not secrets, but the cookie is signed so a page cannot be made to say
 * something the portal did not. The key comes from the signing key (SIGNING_KEY or its file),
 * which every worker shares: a key of each process's own would drop a message whenever the
 * redirect lands on another worker (WEB_CONCURRENCY > 1).
 */
let storage: ReturnType<typeof createStorage> | undefined
function createStorage() {
	const secret = createHmac('sha256', signingKey()).update('portal-flash-cookie').digest('base64url')
	return createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
		cookie: { name: 'portal_flash', httpOnly: true, sameSite: 'lax', path: '/', secrets: [secret], secure: secureCookies() },
	})
}
const flashStorage = () => (storage ??= createStorage())

export async function redirectWithFlash(to: string, flash: Flash, init: ResponseInit = {}) {
	const session = await flashStorage().getSession()
	session.flash('flash', flash)
	const headers = new Headers(init.headers)
	headers.append('Set-Cookie', await flashStorage().commitSession(session))
	return redirect(to, { ...init, headers })
}

export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
	const session = await flashStorage().getSession(request.headers.get('cookie'))
	const flash = (session.get('flash') as Flash | undefined) ?? null
	return { flash, setCookie: flash ? await flashStorage().commitSession(session) : null }
}
