import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { I18nProvider, LocalTime, provideCatalogues, useT } from './index'
import type { Locale } from './locales'

// Formatters are kept across renders (one set per language, time zone and catalogue): a page
// must still come out in its own reader's language and time zone, whoever was served before.
const catalogues: Record<string, Record<string, string>> = {
	en: { 'test.page.greeting': 'Hello {name}' },
	fr: { 'test.page.greeting': 'Bonjour {name}' },
}
provideCatalogues((locale) => ({ messages: catalogues[locale] ?? catalogues.en }))

function Page() {
	const t = useT()
	return (
		<p>
			{t('test.page.greeting', { name: 'Ana' })} <LocalTime value="2026-03-01T23:30:00Z" />
		</p>
	)
}
const render = (locale: Locale, timeZone: string) => renderToString(<I18nProvider i18n={{ locale, timeZone }}><Page /></I18nProvider>)

describe('I18nProvider', () => {
	test('each render uses its own reader’s language and time zone, in any order and repeated', () => {
		const readers: Array<[Locale, string, RegExp]> = [
			['en', 'UTC', /Hello Ana .*Mar 1, 2026, 11:30/],
			['en', 'Asia/Tokyo', /Hello Ana .*Mar 2, 2026, 8:30/],
			['fr', 'Asia/Tokyo', /Bonjour Ana .*2 mars 2026, 08:30/],
			['fr', 'UTC', /Bonjour Ana .*1 mars 2026, 23:30/],
			// Zone names match regardless of case, as a `tz` cookie may spell them.
			['en', 'ASIA/TOKYO', /Hello Ana .*Mar 2, 2026, 8:30/],
		]
		for (const order of [readers, [...readers].reverse(), readers])
			for (const [locale, zone, expected] of order) expect(render(locale, zone).replace(/<!-- -->|\u202f|\u00a0/g, ' '), `${locale} ${zone}`).toMatch(expected)
	})
})
