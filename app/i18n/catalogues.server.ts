import { createHash } from 'node:crypto'
import type { Locale } from './locales'
import { DEFAULT_LOCALE, LOCALE_CODES } from './locales'

import enCommon from './catalogues/en/common.json'
import enAuth from './catalogues/en/auth.json'
import enCases from './catalogues/en/cases.json'
import enSearch from './catalogues/en/search.json'
import enForums from './catalogues/en/forums.json'
import enPeople from './catalogues/en/people.json'
import enEvents from './catalogues/en/events.json'
import enGuidance from './catalogues/en/guidance.json'
import enAdmin from './catalogues/en/admin.json'
import enInsights from './catalogues/en/insights.json'
import enValidation from './catalogues/en/validation.json'
import enEmail from './catalogues/en/email.json'
import zhCommon from './catalogues/zh/common.json'
import zhAuth from './catalogues/zh/auth.json'
import zhCases from './catalogues/zh/cases.json'
import zhSearch from './catalogues/zh/search.json'
import zhForums from './catalogues/zh/forums.json'
import zhPeople from './catalogues/zh/people.json'
import zhEvents from './catalogues/zh/events.json'
import zhGuidance from './catalogues/zh/guidance.json'
import zhAdmin from './catalogues/zh/admin.json'
import zhInsights from './catalogues/zh/insights.json'
import zhValidation from './catalogues/zh/validation.json'
import zhEmail from './catalogues/zh/email.json'
import frCommon from './catalogues/fr/common.json'
import frAuth from './catalogues/fr/auth.json'
import frCases from './catalogues/fr/cases.json'
import frSearch from './catalogues/fr/search.json'
import frValidation from './catalogues/fr/validation.json'
import frForums from './catalogues/fr/forums.json'
import frEvents from './catalogues/fr/events.json'
import frEmail from './catalogues/fr/email.json'
import frPeople from './catalogues/fr/people.json'
import frGuidance from './catalogues/fr/guidance.json'
import frInsights from './catalogues/fr/insights.json'
import frAdmin from './catalogues/fr/admin.json'
import esCommon from './catalogues/es/common.json'
import esAuth from './catalogues/es/auth.json'
import esCases from './catalogues/es/cases.json'
import esSearch from './catalogues/es/search.json'
import esValidation from './catalogues/es/validation.json'
import esForums from './catalogues/es/forums.json'
import esEvents from './catalogues/es/events.json'
import esEmail from './catalogues/es/email.json'
import esPeople from './catalogues/es/people.json'
import esGuidance from './catalogues/es/guidance.json'
import esInsights from './catalogues/es/insights.json'
import esAdmin from './catalogues/es/admin.json'
import ruCommon from './catalogues/ru/common.json'
import ruAuth from './catalogues/ru/auth.json'
import ruCases from './catalogues/ru/cases.json'
import ruSearch from './catalogues/ru/search.json'
import ruValidation from './catalogues/ru/validation.json'
import ruForums from './catalogues/ru/forums.json'
import ruEvents from './catalogues/ru/events.json'
import ruEmail from './catalogues/ru/email.json'
import ruPeople from './catalogues/ru/people.json'
import ruGuidance from './catalogues/ru/guidance.json'
import ruInsights from './catalogues/ru/insights.json'
import ruAdmin from './catalogues/ru/admin.json'
import arCommon from './catalogues/ar/common.json'
import arAuth from './catalogues/ar/auth.json'
import arCases from './catalogues/ar/cases.json'
import arSearch from './catalogues/ar/search.json'
import arValidation from './catalogues/ar/validation.json'
import arForums from './catalogues/ar/forums.json'
import arEvents from './catalogues/ar/events.json'
import arEmail from './catalogues/ar/email.json'
import arPeople from './catalogues/ar/people.json'
import arGuidance from './catalogues/ar/guidance.json'
import arInsights from './catalogues/ar/insights.json'
import arAdmin from './catalogues/ar/admin.json'

export type Messages = Record<string, string>

/**
 * One catalogue per language, split by area so that each part of the portal keeps its own file.
 * Every language has every key English has (a unit test holds them to it, and English and Chinese
 * to every key the code uses); a key a language lacked would fall back to English rather than show a
 * raw id. The `email` area holds what the server writes for someone else — notification titles,
 * emails — in that person's language (see `recipientT` in app/utils/mail.server.ts).
 */
const PARTS: Record<Locale, Messages[]> = {
	en: [enCommon, enAuth, enCases, enSearch, enForums, enPeople, enEvents, enGuidance, enAdmin, enInsights, enValidation, enEmail],
	zh: [zhCommon, zhAuth, zhCases, zhSearch, zhForums, zhPeople, zhEvents, zhGuidance, zhAdmin, zhInsights, zhValidation, zhEmail],
	fr: [frCommon, frAuth, frCases, frSearch, frForums, frPeople, frEvents, frGuidance, frAdmin, frInsights, frValidation, frEmail],
	es: [esCommon, esAuth, esCases, esSearch, esForums, esPeople, esEvents, esGuidance, esAdmin, esInsights, esValidation, esEmail],
	ru: [ruCommon, ruAuth, ruCases, ruSearch, ruForums, ruPeople, ruEvents, ruGuidance, ruAdmin, ruInsights, ruValidation, ruEmail],
	ar: [arCommon, arAuth, arCases, arSearch, arForums, arPeople, arEvents, arGuidance, arAdmin, arInsights, arValidation, arEmail],
}

const merge = (parts: Messages[]): Messages => Object.assign({}, ...parts)

/** The catalogue of each language as written, without fallback (for the catalogue test). */
export const CATALOGUES: Record<Locale, Messages> = Object.fromEntries(LOCALE_CODES.map((code) => [code, merge(PARTS[code])])) as Record<Locale, Messages>

const withFallback = new Map<Locale, Messages>(LOCALE_CODES.map((code) => [code, code === DEFAULT_LOCALE ? CATALOGUES.en : { ...CATALOGUES.en, ...CATALOGUES[code] }]))

/** What the interface shows in `locale`: its own messages over the English ones. */
export function messagesFor(locale: Locale): Messages {
	return withFallback.get(locale) ?? CATALOGUES.en
}

let validationIndex: Record<string, string> | undefined

/**
 * English validation message → its key in the `validation` area. Schemas write their messages in
 * English (one wording shared by server, browser and tests); the page looks the text up here to show
 * it in the reader's language (see app/i18n/validation.tsx). Templated messages appear with their ICU
 * arguments (`At most {max} characters.`). Built once; the root loader sends it to the client.
 */
export function validationIndexFor(): Record<string, string> {
	validationIndex ??= Object.fromEntries(Object.entries(enValidation as Messages).map(([key, text]) => [text, key]))
	return validationIndex
}

const scripts = new Map<Locale, { body: string; version: string }>()

/**
 * A language's catalogue (with the validation index) as a script for the browser, and a version
 * that changes with its content. Pages load it from /i18n/<locale>.js?v=<version>, which may be
 * cached for good, instead of carrying ~100 KB of messages in every document and in every
 * revalidation of the root's data.
 */
export function catalogueScript(locale: Locale): { body: string; version: string } {
	let script = scripts.get(locale)
	if (!script) {
		const payload = JSON.stringify({ locale, messages: messagesFor(locale), validationIndex: validationIndexFor() })
		// JSON is JavaScript, except that U+2028/2029 end a line in old engines: escape them.
		const body = `window.__portalI18n=${payload.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')};\n`
		script = { body, version: createHash('sha256').update(body).digest('hex').slice(0, 16) }
		scripts.set(locale, script)
	}
	return script
}
