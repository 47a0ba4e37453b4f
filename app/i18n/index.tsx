import { createContext, useContext, useEffect, useSyncExternalStore } from 'react'
import type { ReactNode } from 'react'
import { createIntl, createIntlCache, FormattedDate, RawIntlProvider, useIntl } from 'react-intl'
import type { IntlShape } from 'react-intl'
import type { Locale } from './locales'
import { localeInfo } from './locales'

export type { Locale } from './locales'

/** What the root loader hands every page: the language, the version of its catalogue, and the viewer's time zone. */
export interface I18nData {
	locale: Locale
	timeZone: string
	/** The catalogue script's version (/i18n/<locale>.js?v=…); absent on the fallback error page. */
	catalogueVersion?: string
	/** Messages given inline: only the fallback error page, which cannot count on the script. */
	messages?: Record<string, string>
}

export interface Catalogue {
	messages: Record<string, string>
	/** English validation message → key in the `validation` area (app/i18n/validation.tsx), for translating schema errors. */
	validationIndex?: Record<string, string>
}

declare global {
	interface Window {
		/** Set by /i18n/<locale>.js, which the document loads before the app's scripts. */
		__portalI18n?: Catalogue & { locale: Locale }
	}
}

/*
 * Where the messages come from: on the server, the catalogues (entry.server.tsx); in the browser,
 * the script the page loaded (entry.client.tsx). Not in the root loader's data, so documents and
 * revalidations stay small and the browser caches each language once.
 */
let lookupCatalogue: (locale: Locale) => Catalogue | undefined = () => undefined

export function provideCatalogues(lookup: (locale: Locale) => Catalogue | undefined) {
	lookupCatalogue = lookup
}

function catalogueFor(i18n: I18nData): Catalogue | undefined {
	return i18n.messages ? { messages: i18n.messages } : lookupCatalogue(i18n.locale)
}

const ValidationIndexContext = createContext<Record<string, string> | undefined>(undefined)

/** The root loader's validation index, if it sent one (the fallback error page has none). */
export const useValidationIndex = () => useContext(ValidationIndexContext)

function reportMissing(error: { code?: string; message: string }) {
	if (error.code === 'MISSING_TRANSLATION') return
	if (typeof console !== 'undefined') console.error(`[i18n] ${error.message}`)
}

// Catalogue scripts loaded after the page was served. What renders words outside the
// provider (the document's <Meta/>, i.e. the page title) subscribes, to render again.
let catalogueLoads = 0
const catalogueListeners = new Set<() => void>()
function catalogueLoaded() {
	catalogueLoads++
	for (const listener of catalogueListeners) listener()
}
function subscribeToCatalogues(listener: () => void) {
	catalogueListeners.add(listener)
	return () => catalogueListeners.delete(listener)
}

/** Renders the caller again when another language's catalogue arrives (see I18nProvider). */
export function useCatalogueLoads(): number {
	return useSyncExternalStore(
		subscribeToCatalogues,
		() => catalogueLoads,
		() => 0,
	)
}

export function I18nProvider({ i18n, children }: { i18n: I18nData; children: ReactNode }) {
	useCatalogueLoads()
	const catalogue = catalogueFor(i18n)
	// The language changed without a new document (a profile saved with another language): the
	// script loaded with the page is the old language's. Load the new one, then render again;
	// the page (and its flash message) stays. If the script cannot load, load the page again (once).
	const { locale, catalogueVersion } = i18n
	useEffect(() => {
		if (catalogue || !catalogueVersion) return
		const script = document.createElement('script')
		script.src = `/i18n/${locale}.js?v=${catalogueVersion}`
		script.onload = catalogueLoaded
		// Once per language and version: if the script cannot load at all, a reload loop would help no one.
		script.onerror = () => {
			const tried = `portal-i18n-reload:${locale}:${catalogueVersion}`
			try {
				if (sessionStorage.getItem(tried)) return
				sessionStorage.setItem(tried, '1')
			} catch {
				return
			}
			window.location.reload()
		}
		document.head.appendChild(script)
	}, [catalogue, locale, catalogueVersion])
	const shown = catalogue ?? (typeof window !== 'undefined' ? window.__portalI18n : undefined)
	return (
		<RawIntlProvider value={intlFor(i18n.locale, i18n.timeZone, shown?.messages)}>
			<ValidationIndexContext.Provider value={shown?.validationIndex}>{children}</ValidationIndexContext.Provider>
		</RawIntlProvider>
	)
}

/*
 * One formatter set per language, time zone and catalogue, kept across renders. IntlProvider
 * makes a fresh one, with an empty cache, for every render: on the server that is every page,
 * which then parsed each message with values and built each Intl.DateTimeFormat again (a tenth
 * of a forum page's CPU). Each set keeps its own cache, so what they hold is bounded by the
 * number of sets: at most INTLS_PER_CATALOGUE, the least recently made going first. Readers
 * cycling through more zones than that only bring back the old cost, a set per render.
 */
const NO_MESSAGES: Record<string, string> = {}
const intlByCatalogue = new WeakMap<Record<string, string>, Map<string, IntlShape>>()
const INTLS_PER_CATALOGUE = 100

function intlFor(locale: Locale, timeZone: string, messages: Record<string, string> = NO_MESSAGES): IntlShape {
	let byZone = intlByCatalogue.get(messages)
	if (!byZone) intlByCatalogue.set(messages, (byZone = new Map()))
	// Zone names are matched regardless of case (a `tz` cookie may spell them any way): one set per zone.
	const key = `${locale} ${timeZone.toLowerCase()}`
	let intl = byZone.get(key)
	if (!intl) {
		// The least recently made set goes (a Map keeps insertion order).
		if (byZone.size >= INTLS_PER_CATALOGUE) byZone.delete(byZone.keys().next().value as string)
		intl = createIntl({ locale: localeInfo(locale).tag, messages, timeZone, defaultLocale: 'en', onError: reportMissing }, createIntlCache())
		byZone.set(key, intl)
	}
	return intl
}

type Values = Parameters<IntlShape['formatMessage']>[1]

/**
 * `const t = useT()` then `t('cases.search.title')` or `t('cases.count', { count })`.
 * Keys are string literals of at least three parts, `area.page.what`, so the catalogue test can find every one of them;
 * rich text takes tags: `t('auth.login.help', { link: (chunks) => <Link to="/">{chunks}</Link> })`.
 */
export function useT() {
	const intl = useIntl()
	function t(id: string, values?: Record<string, string | number | Date | null | undefined>): string
	function t(id: string, values: Values): ReactNode
	function t(id: string, values?: Values): ReactNode {
		return intl.formatMessage({ id }, values)
	}
	return t
}

export { useIntl }

/**
 * A moment (ISO string or Date) in the reader's language and time zone, inside a `<time>` element.
 * `withTime` adds hours and minutes; dates alone (decision dates) are shown as calendar dates, not shifted by zone.
 */
export function LocalTime({ value, withTime = true, className }: { value: string | Date; withTime?: boolean; className?: string }) {
	const iso = typeof value === 'string' ? value : value.toISOString()
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso)
	return (
		<time dateTime={iso} className={className}>
			{dateOnly ? (
				<FormattedDate value={`${iso}T00:00:00Z`} dateStyle="medium" timeZone="UTC" />
			) : withTime ? (
				<FormattedDate value={iso} dateStyle="medium" timeStyle="short" />
			) : (
				<FormattedDate value={iso} dateStyle="medium" />
			)}
		</time>
	)
}

const metaCache = createIntlCache()
const metaIntl = new WeakMap<object, IntlShape>()

/**
 * `t` for a route's `meta` function, which runs outside React: it reads the root loader's messages.
 * `export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('cases.meta.title') }]`
 */
export function metaT(matches: ReadonlyArray<{ id: string; data?: unknown } | undefined>) {
	const root = matches.find((m) => m?.id === 'root')?.data as { i18n?: I18nData } | undefined
	const i18n = root?.i18n
	// Until another language's catalogue has arrived, the title stays in the one loaded.
	const messages = i18n && (catalogueFor(i18n)?.messages ?? (typeof window !== 'undefined' ? window.__portalI18n?.messages : undefined))
	if (!i18n || !messages) return (id: string) => id
	let intl = metaIntl.get(messages)
	if (!intl) {
		intl = createIntl({ locale: localeInfo(i18n.locale).tag, messages, defaultLocale: 'en', onError: reportMissing }, metaCache)
		metaIntl.set(messages, intl)
	}
	const bound = intl
	return (id: string, values?: Record<string, string | number>) => bound.formatMessage({ id }, values)
}
