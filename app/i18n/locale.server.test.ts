import { describe, expect, it } from 'vitest'
import { resolveLocale } from './locale.server'

const request = (headers: Record<string, string>) => new Request('http://portal.test/', { headers })

describe('the interface language', () => {
	it('follows Accept-Language: q-values, regional variants, the first language the portal has', () => {
		expect(resolveLocale(request({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }), null)).toBe('zh')
		expect(resolveLocale(request({ 'accept-language': 'de-DE,de;q=0.9,fr;q=0.8,en;q=0.5' }), null)).toBe('fr')
		expect(resolveLocale(request({ 'accept-language': 'ru;q=0.5,es;q=0.9' }), null)).toBe('es')
		expect(resolveLocale(request({ 'accept-language': 'ar-EG' }), null)).toBe('ar')
		expect(resolveLocale(request({ 'accept-language': 'ja-JP,de;q=0.8' }), null)).toBe('en')
		expect(resolveLocale(request({ 'accept-language': '*;q=0.1,,;;garbage' }), null)).toBe('en')
		expect(resolveLocale(request({}), null)).toBe('en')
	})

	it('the switcher’s cookie outranks Accept-Language; an unknown value in it is ignored', () => {
		expect(resolveLocale(request({ 'accept-language': 'fr', cookie: 'tz=UTC; lang=ru' }), null)).toBe('ru')
		expect(resolveLocale(request({ 'accept-language': 'fr', cookie: 'lang=xx' }), null)).toBe('fr')
		expect(resolveLocale(request({ 'accept-language': 'fr', cookie: 'lang=constructor' }), null)).toBe('fr')
	})

	it('a member’s profile outranks both', () => {
		expect(resolveLocale(request({ 'accept-language': 'fr', cookie: 'lang=ru' }), { preferredLanguage: 'zh' })).toBe('zh')
		// A profile value the portal no longer offers falls through to the next source.
		expect(resolveLocale(request({ 'accept-language': 'fr' }), { preferredLanguage: 'pt' })).toBe('fr')
	})
})
