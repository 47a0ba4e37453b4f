import Negotiator from 'negotiator'
import type { Locale } from './locales'
import { DEFAULT_LOCALE, isLocale, LOCALE_CODES } from './locales'
import { secureCookies } from '../utils/env.server'
import { serverT } from './intl.server'

/** The language switcher's choice for visitors (members keep theirs on the profile). */
export const LOCALE_COOKIE = 'lang'

function cookieLocale(request: Request): Locale | null {
	const value = request.headers.get('cookie')?.match(/(?:^|;\s*)lang=([^;]+)/)?.[1]
	return isLocale(value) ? value : null
}

/**
 * The language a page is shown in: the member's profile, else the switcher's cookie, else the
 * browser's Accept-Language (q-values honoured; `zh-CN` or `fr-CA` match `zh` and `fr`), else English.
 */
export function resolveLocale(request: Request, viewer: { preferredLanguage: string } | null | undefined): Locale {
	if (viewer && isLocale(viewer.preferredLanguage)) return viewer.preferredLanguage
	const chosen = cookieLocale(request)
	if (chosen) return chosen
	const header = request.headers.get('accept-language')
	if (header) {
		const negotiated = new Negotiator({ headers: { 'accept-language': header } }).language(LOCALE_CODES)
		if (isLocale(negotiated)) return negotiated
	}
	return DEFAULT_LOCALE
}

export function localeCookie(locale: Locale): string {
	return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax; HttpOnly${secureCookies() ? '; Secure' : ''}`
}

/** `t` for text an action or loader makes (flash messages, errors shown as they come), in the reader's language. */
export function requestT(request: Request, viewer: { preferredLanguage: string } | null | undefined) {
	return serverT(resolveLocale(request, viewer))
}
