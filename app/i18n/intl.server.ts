import { createIntl, createIntlCache } from 'react-intl'
import type { IntlShape } from 'react-intl'
import { messagesFor } from './catalogues.server'
import type { Locale } from './locales'
import { localeInfo } from './locales'

const cache = createIntlCache()
const byLocale = new Map<Locale, IntlShape>()
const strictByLocale = new Map<Locale, IntlShape>()

/** One formatter per locale and error policy, made once. */
function intlFor(kept: Map<Locale, IntlShape>, locale: Locale, onError: (error: { code?: string; message: string }) => void): IntlShape {
	let intl = kept.get(locale)
	if (!intl) {
		intl = createIntl({ locale: localeInfo(locale).tag, messages: messagesFor(locale), defaultLocale: 'en', onError }, cache)
		kept.set(locale, intl)
	}
	return intl
}

/** The same formatter the pages use, for text made on the server (flash messages, mail subjects, errors). */
export function serverIntl(locale: Locale): IntlShape {
	return intlFor(byLocale, locale, reportMissing)
}

/** `t(id, values)` on the server. */
export function serverT(locale: Locale) {
	const intl = serverIntl(locale)
	return (id: string, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values)
}

/**
 * `t` for values stored earlier (a notification's message and values): where the pages' `t`
 * would show the raw pattern, braces and all, when the values no longer fit the message (an
 * argument renamed since), this one throws, so the caller can show what it stored instead.
 */
export function strictServerT(locale: Locale) {
	const strict = intlFor(strictByLocale, locale, (error) => {
		throw error
	})
	return (id: string, values?: Record<string, string | number>) => {
		if (!(id in strict.messages)) throw new Error(`No message ${id}`)
		return strict.formatMessage({ id }, values)
	}
}

// A missing translation falls back to English in `messagesFor`; only a key missing everywhere is worth a line in the log.
function reportMissing(error: { code?: string; message: string }) {
	if (error.code === 'MISSING_TRANSLATION') return
	console.error(`[i18n] ${error.message}`)
}
