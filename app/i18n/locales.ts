/**
 * The six official UN languages. `code` is what profiles, cookies and URLs hold; `tag` is the
 * BCP 47 tag given to `<html lang>` and to Intl (Chinese is written in simplified characters).
 */
export const LOCALES = [
	{ code: 'en', tag: 'en', name: 'English', dir: 'ltr' },
	{ code: 'zh', tag: 'zh-Hans', name: '简体中文', dir: 'ltr' },
	{ code: 'fr', tag: 'fr', name: 'Français', dir: 'ltr' },
	{ code: 'es', tag: 'es', name: 'Español', dir: 'ltr' },
	{ code: 'ru', tag: 'ru', name: 'Русский', dir: 'ltr' },
	{ code: 'ar', tag: 'ar', name: 'العربية', dir: 'rtl' },
] as const

export type Locale = (typeof LOCALES)[number]['code']
export const LOCALE_CODES = LOCALES.map((l) => l.code) as Locale[]
export const DEFAULT_LOCALE: Locale = 'en'

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALE_CODES as string[]).includes(value)
export const localeInfo = (code: Locale) => LOCALES.find((l) => l.code === code) ?? LOCALES[0]
