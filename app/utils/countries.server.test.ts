import { describe, expect, it } from 'vitest'
import { countryName, countryOptions } from './countries.server'

describe('country names', () => {
	it('writes Chinese names the way UN documents do', () => {
		expect(countryName('COD', 'zh')).toBe('刚果民主共和国')
		expect(countryName('BIH', 'zh')).toBe('波斯尼亚和黑塞哥维那')
		expect(countryName('MDA', 'zh')).toBe('摩尔多瓦共和国')
		expect(countryName('ESH', 'zh')).toBe('西撒哈拉')
		// Names the library already writes as the UN does are kept.
		expect(countryName('NGA', 'zh')).toBe('尼日利亚')
	})

	it('keeps the other languages and the code as last resort', () => {
		expect(countryName('COD', 'en')).toBe('Democratic Republic of the Congo')
		expect(countryName('BRA', 'fr')).toBe('Brésil')
		expect(countryName('XKX', 'zh')).toBe('科索沃（安理会第1244号决议）')
		expect(countryName('QQQ', 'en')).toBe('QQQ')
	})

	it('lists every country once, with the UN names in Chinese', () => {
		const zh = countryOptions('zh')
		expect(new Set(zh.map((c) => c.code)).size).toBe(zh.length)
		expect(zh.find((c) => c.code === 'VEN')?.name).toBe('委内瑞拉（玻利瓦尔共和国）')
	})
})
