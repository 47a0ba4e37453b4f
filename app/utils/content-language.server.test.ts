import { describe, expect, it } from 'vitest'
import { detectLanguage } from './content-language.server'

describe('the language of a post', () => {
	it('is detected among the six UN languages', () => {
		expect(detectLanguage('We seized pistols whose import marks were ground off; which markings do you record first?', 'fr')).toBe('en')
		expect(detectLanguage('我们查获了一批序列号被磨掉的手枪，请问各位先记录哪些标识？', 'en')).toBe('zh')
		expect(detectLanguage('Nous avons saisi des pistolets dont les marquages d’importation avaient été effacés.', 'en')).toBe('fr')
		expect(detectLanguage('Incautamos pistolas cuyos marcajes de importación habían sido borrados por completo.', 'en')).toBe('es')
		expect(detectLanguage('Мы изъяли пистолеты, на которых были спилены маркировки импортёра.', 'en')).toBe('ru')
		expect(detectLanguage('ضبطنا مسدسات أزيلت منها علامات الاستيراد، فما العلامات التي تسجلونها أولاً؟', 'en')).toBe('ar')
	})

	it('falls back to the writer’s language when the text is too short, or only code and links', () => {
		expect(detectLanguage('OK, thanks', 'ru')).toBe('ru')
		expect(detectLanguage('```\nconst x = 1\n```\n[https://example.org](https://example.org)', 'zh')).toBe('zh')
	})
})
