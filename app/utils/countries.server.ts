import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json'
import zh from 'i18n-iso-countries/langs/zh.json'
import fr from 'i18n-iso-countries/langs/fr.json'
import es from 'i18n-iso-countries/langs/es.json'
import ru from 'i18n-iso-countries/langs/ru.json'
import ar from 'i18n-iso-countries/langs/ar.json'

for (const locale of [en, zh, fr, es, ru, ar]) countries.registerLocale(locale)

// Kosovo (under UNSCR 1244) has no ISO 3166 code; XKX is the user-assigned code in common use.
const EXTRA: Record<string, Record<string, string>> = {
	XKX: { en: 'Kosovo (UNSCR 1244)', zh: '科索沃（安理会第1244号决议）', fr: 'Kosovo (RCSNU 1244)', es: 'Kosovo (RCSNU 1244)', ru: 'Косово (СБ ООН 1244)', ar: 'كوسوفو (قرار مجلس الأمن 1244)' },
}

export function isCountryCode(code: string): boolean {
	return code in EXTRA || countries.isValid(code) && /^[A-Z]{3}$/.test(code)
}

export function countryName(code: string, lang = 'en'): string {
	return EXTRA[code]?.[lang] ?? EXTRA[code]?.en ?? countries.getName(code, lang) ?? countries.getName(code, 'en') ?? code
}

/** All countries as [alpha-3, name] sorted by name in the given language. */
export function countryOptions(lang = 'en'): Array<{ code: string; name: string }> {
	const codes = [...Object.keys(countries.getAlpha3Codes()), ...Object.keys(EXTRA)]
	return codes
		.map((code) => ({ code, name: countryName(code, lang) }))
		.sort((a, b) => a.name.localeCompare(b.name, lang))
}
