import { franc } from 'franc-min'

/** franc's ISO 639-3 codes for the six UN languages, and the tags the portal uses. */
const UN_LANGUAGES: Record<string, string> = { eng: 'en', cmn: 'zh', fra: 'fr', spa: 'es', rus: 'ru', arb: 'ar' }

/**
 * The language a member wrote in, so the text is marked up with its own `lang` (screen readers
 * switch voice, browsers pick fonts and hyphenation) whatever the reader's interface language.
 * Detection (franc, by character trigrams) is limited to the UN languages; text too short or too
 * mixed to tell gets the writer's interface language.
 */
export function detectLanguage(markdown: string, writersLanguage: string): string {
	const text = markdown
		.replace(/```[\s\S]*?```|`[^`]*`/g, ' ') // code says nothing about the language
		.replace(/\]\([^)]*\)|https?:\/\/\S+/g, ' ') // nor do link targets
		.replace(/[#>*_~[\]|-]/g, ' ')
	const found = UN_LANGUAGES[franc(text, { only: Object.keys(UN_LANGUAGES), minLength: 12 })]
	return found ?? writersLanguage
}
