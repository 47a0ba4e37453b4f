import { DIRECTORY_LANGUAGES, ORGANISATION_TYPES } from '~/models/directory-forms'

/*
 * Catalogue keys for the directory's fixed values (who sees a field, organisation types, languages
 * spoken), shared by the directory pages. Literal keys, so the catalogue test can see them.
 */
export const VISIBILITY_KEYS: Record<string, string> = {
	everyone: 'people.visibility.everyone',
	regions: 'people.visibility.regions',
	nobody: 'people.visibility.nobody',
}

export const ORGANISATION_TYPE_KEYS: Record<string, string> = {
	police: 'people.organisationType.police',
	customs: 'people.organisationType.customs',
	prosecution: 'people.organisationType.prosecution',
	judiciary: 'people.organisationType.judiciary',
	regulator: 'people.organisationType.regulator',
	unodc: 'people.organisationType.unodc',
	other: 'people.organisationType.other',
}

export const LANGUAGE_KEYS: Record<string, string> = {
	en: 'people.language.en',
	fr: 'people.language.fr',
	es: 'people.language.es',
	ru: 'people.language.ru',
	zh: 'people.language.zh',
	ar: 'people.language.ar',
	pt: 'people.language.pt',
	de: 'people.language.de',
	it: 'people.language.it',
	tr: 'people.language.tr',
	uk: 'people.language.uk',
	sr: 'people.language.sr',
	bs: 'people.language.bs',
	hr: 'people.language.hr',
	sq: 'people.language.sq',
	mk: 'people.language.mk',
	kk: 'people.language.kk',
	ky: 'people.language.ky',
	tg: 'people.language.tg',
	uz: 'people.language.uz',
	tk: 'people.language.tk',
	sw: 'people.language.sw',
	ha: 'people.language.ha',
	wo: 'people.language.wo',
}

/** The key of an English label the server gave (organisation type or language name), to show it translated. */
export const ORGANISATION_TYPE_BY_LABEL = new Map<string, string>(ORGANISATION_TYPES.map((o) => [o.label, ORGANISATION_TYPE_KEYS[o.value]]))
export const LANGUAGE_BY_LABEL = new Map<string, string>(DIRECTORY_LANGUAGES.map((l) => [l.label, LANGUAGE_KEYS[l.value]]))
