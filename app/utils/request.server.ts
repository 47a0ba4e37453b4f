import type { AppLoadContext } from '@remix-run/node'

/** The portal's public origin, for links in emails. */
export function originOf(request: Request): string {
	return process.env.PORTAL_ORIGIN ?? new URL(request.url).origin
}

export const clientIp = (context: AppLoadContext) => context.ip ?? ''

/** Only same-site paths are followed after login, never another host. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
	return to
}
