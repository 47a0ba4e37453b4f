import type { AppLoadContext } from '@remix-run/node'
import { isRouteErrorResponse } from '@remix-run/react'
import { publicOrigin } from './env.server'

/**
 * The portal's public origin, for links in emails. Never taken from the request: a forged
 * Host header must not be able to send a reset link to an attacker's site.
 */
export function originOf(_request?: Request): string {
	return publicOrigin()
}

export const clientIp = (context: AppLoadContext) => context.ip ?? ''

/** Only same-site paths are followed after login, never another host. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	// Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil"), so any
	// control character or backslash disqualifies the target, and it must stay same-origin.
	if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback
	try {
		const url = new URL(to, 'http://portal.invalid')
		// Resolving dot-segments can itself make a path that starts with // (`/.//evil.example`
		// becomes `//evil.example`), which a browser reads as another host: check the result too.
		const path = url.pathname + url.search + url.hash
		return url.origin === 'http://portal.invalid' && !path.startsWith('//') ? path : fallback
	} catch {
		return fallback
	}
}

/**
 * The body of a form post. A body that is not a form (JSON, plain text, a truncated or
 * boundary-less multipart) is the sender's mistake: 400 with a message, not a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData()
	} catch {
		throw unreadableForm()
	}
}

/** A 400 whose text the error page shows as the reason. */
const badForm = (message: string) => new Response(message, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

/** A form whose `intent` this action does not handle (absent, empty or forged). */
export const unknownFormAction = (message: string) => badForm(message)

export const unreadableForm = () => badForm('This form could not be read. Send it from the portal’s own page (as an HTML form, URL-encoded or multipart).')

/**
 * A refusal Remix makes for the client's mistake (405 for a POST to a route without an
 * action, 404 for no route) is answered with its status and is no server fault: logging its
 * stack for every such request would let anyone fill the log with noise.
 */
export function isClientMistake(error: unknown): boolean {
	return isRouteErrorResponse(error) && error.status >= 400 && error.status < 500
}

