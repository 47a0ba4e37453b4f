import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { secureCookies } from './env.server'

export type FlashKind = 'success' | 'info' | 'error'
export interface Flash {
	kind: FlashKind
	message: string
}

// Flash messages are not secrets; a per-process signing key is enough to stop tampering.
const secret = process.env.COOKIE_SECRET || crypto.randomUUID()

const storage = createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
	cookie: { name: 'portal_flash', httpOnly: true, sameSite: 'lax', path: '/', secrets: [secret], secure: secureCookies() },
})

export async function redirectWithFlash(to: string, flash: Flash, init: ResponseInit = {}) {
	const session = await storage.getSession()
	session.flash('flash', flash)
	const headers = new Headers(init.headers)
	headers.append('Set-Cookie', await storage.commitSession(session))
	return redirect(to, { ...init, headers })
}

export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
	const session = await storage.getSession(request.headers.get('cookie'))
	const flash = (session.get('flash') as Flash | undefined) ?? null
	return { flash, setCookie: flash ? await storage.commitSession(session) : null }
}
