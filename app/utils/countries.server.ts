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

/*
 * Chinese names as the United Nations writes them (UNTERM short names), where the library's
 * everyday names differ: 刚果民主共和国, not 刚果（金）; 西撒哈拉, not a name that takes a side.
 */
const ZH_UN: Record<string, string> = {
	ARE: '阿拉伯联合酋长国',
	BIH: '波斯尼亚和黑塞哥维那',
	BOL: '玻利维亚（多民族国）',
	CAF: '中非共和国',
	COD: '刚果民主共和国',
	COG: '刚果',
	CZE: '捷克',
	DOM: '多米尼加共和国',
	ESH: '西撒哈拉',
	GBR: '大不列颠及北爱尔兰联合王国',
	HKG: '中国香港',
	IDN: '印度尼西亚',
	IRN: '伊朗（伊斯兰共和国）',
	KOR: '大韩民国',
	LAO: '老挝人民民主共和国',
	MAC: '中国澳门',
	MDA: '摩尔多瓦共和国',
	PRK: '朝鲜民主主义人民共和国',
	RUS: '俄罗斯联邦',
	SYR: '阿拉伯叙利亚共和国',
	TZA: '坦桑尼亚联合共和国',
	USA: '美利坚合众国',
	VAT: '教廷',
	VEN: '委内瑞拉（玻利瓦尔共和国）',
}

export function isCountryCode(code: string): boolean {
	return code in EXTRA || countries.isValid(code) && /^[A-Z]{3}$/.test(code)
}

export function countryName(code: string, lang = 'en'): string {
	return EXTRA[code]?.[lang] ?? EXTRA[code]?.en ?? (lang === 'zh' ? ZH_UN[code] : undefined) ?? countries.getName(code, lang) ?? countries.getName(code, 'en') ?? code
}

/** All countries as [alpha-3, name] sorted by name in the given language. */
export function countryOptions(lang = 'en'): Array<{ code: string; name: string }> {
	const codes = [...Object.keys(countries.getAlpha3Codes()), ...Object.keys(EXTRA)]
	return codes
		.map((code) => ({ code, name: countryName(code, lang) }))
		.sort((a, b) => a.name.localeCompare(b.name, lang))
}
