import type { SearchDocument } from './types'

/** A small multilingual corpus for the engine contract. Keep expectations in the tests in step. */

export const PUBLIC = ['all']
export const WEST_AFRICA = ['all', 'region:west-africa']

type Spec = Omit<SearchDocument, 'key' | 'exactTerms' | 'language' | 'facets' | 'access' | 'url' | 'date'> &
	Pick<Partial<SearchDocument>, 'exactTerms' | 'language' | 'facets' | 'access' | 'date'>

function doc(d: Spec): SearchDocument {
	return {
		key: `${d.type}:${d.id}`,
		exactTerms: [],
		language: 'en',
		facets: {},
		access: PUBLIC,
		date: null,
		url: `/${d.type}/${d.id}`,
		...d,
	}
}

export const FIXTURES: SearchDocument[] = [
	doc({
		type: 'case',
		id: 'NGA001',
		title: 'Prosecutor v. Okafor',
		exactTerms: ['NGA001', 'FHC/L/CR/123/2019'],
		body: 'The accused was convicted of smuggling an illegal firearm and ammunition through the port of Lagos in a shipping container.',
		date: '2019-05-10',
		facets: { country: ['NGA'], crime_type: ['illicit-trafficking'] },
	}),
	doc({
		type: 'guidance',
		id: 'prosecutor-training',
		title: 'Notes for prosecutor training',
		body: 'Okafor, a senior prosecutor, explains how a prosecutor prepares evidence, citing R v. Adeyemi. Prosecutor Okafor recommends early disclosure. The prosecutor Okafor also covers witness protection.',
		date: '2020-02-01',
		facets: { country: ['NGA'], topic: ['training'] },
	}),
	doc({
		type: 'case',
		id: 'BRA004',
		title: 'Ministério Público Federal v. Santos',
		exactTerms: ['BRA004'],
		body: 'Smuggling of firearms through São Paulo: pistols were hidden in machine parts and declared as spare parts.',
		language: 'pt',
		date: '2021-03-02',
		facets: { country: ['BRA'], crime_type: ['illicit-trafficking', 'diversion'] },
	}),
	doc({
		type: 'case',
		id: 'BRA003',
		title: 'Ministério Público Federal v. Costa',
		exactTerms: ['BRA003'],
		body: 'Diversion of police weapons from a judicial deposit. Related proceedings: BRA004 and BRA004 again, and BRA004 appeal.',
		language: 'pt',
		date: '2018-07-20',
		facets: { country: ['BRA'], crime_type: ['diversion'] },
	}),
	doc({
		type: 'guidance',
		id: 'trafficking-investigations',
		title: 'Guidance on investigating illicit arms trafficking',
		body: 'Financial investigations help identify traffickers. Trafficking networks use brokers and false end-user certificates.',
		date: '2020-09-15',
		facets: { topic: ['investigation'] },
	}),
	doc({
		type: 'thread',
		id: 'postal-parcels',
		title: 'Gun parts sent in postal parcels',
		body: 'Customs officers found gun parts in postal parcels declared as toys. Has anyone seen this pattern in express mail?',
		date: '2022-11-03',
		facets: { country: ['FRA'] },
	}),
	doc({
		type: 'case',
		id: 'FRA002',
		title: 'Ministère public c. Dubois',
		exactTerms: ['FRA002'],
		body: "Trafic d'armes à feu démantelé à Marseille : les munitions étaient dissimulées dans des colis.",
		language: 'fr',
		date: '2017-04-11',
		facets: { country: ['FRA'], crime_type: ['illicit-trafficking'] },
	}),
	doc({
		type: 'case',
		id: 'ESP001',
		title: 'Fiscalía c. García',
		exactTerms: ['ESP001'],
		body: 'Tráfico ilícito de armas de fuego en Cádiz; la policía incautó fusiles y cartuchos.',
		language: 'es',
		date: '2016-01-25',
		facets: { country: ['ESP'], crime_type: ['illicit-trafficking'] },
	}),
	doc({
		type: 'case',
		id: 'CHN001',
		title: '邮包走私枪支案',
		exactTerms: ['CHN001'],
		body: '海关在国际邮包中查获枪支零部件，嫌疑人通过快递走私枪支。',
		language: 'zh',
		date: '2023-06-18',
		facets: { country: ['CHN'], crime_type: ['postal-trafficking'] },
	}),
	doc({
		type: 'recommendation',
		id: 'burkina-faso',
		title: '关于西非枪械管控的建议',
		body: '布基纳法索的边境管控需要加强，以防止非法枪械流入。',
		language: 'zh',
		date: '2024-02-09',
		facets: { country: ['BFA'] },
	}),
	doc({
		type: 'event',
		id: 'regional-conference',
		title: 'Regional conference on smuggling routes',
		body: "Speakers will discuss <script>alert('x')</script> smuggling routes & border controls in the Sahel.",
		facets: { topic: ['training'] },
	}),
	doc({
		type: 'case',
		id: 'NGA009',
		title: 'Sealed matter',
		exactTerms: ['NGA009'],
		body: 'Restricted: firearms smuggling and trafficking by an informant codenamed quasarwing.',
		date: '2019-08-30',
		access: ['region:west-africa'],
		facets: { country: ['NGA'], crime_type: ['illicit-trafficking'] },
	}),
]

/** Keys visible to PUBLIC readers. */
export const PUBLIC_KEYS = FIXTURES.filter((d) => d.access.includes('all')).map((d) => d.key)

export const HOSTILE_QUERIES = [
	'"',
	'""',
	'*',
	'NEAR(',
	'NEAR(a b, 2)',
	'AND OR',
	'OR',
	'NOT',
	'(((',
	')))',
	'^title',
	'title:okafor',
	'{exact title}: x',
	'-',
	'--',
	'- -',
	'a OR OR b',
	'"unbalanced phrase',
	'\u0000\u0001\u0002\u0003',
	'\uE000\uE001 mark',
	'\uD800',
	'x'.repeat(1_000_000),
	'word '.repeat(500),
	'"a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" "aa" "bb" "cc" "dd" "ee" "ff" "gg"',
	"' OR 1=1 --",
	'%_\\',
	'<script>alert(1)</script>',
	'ＢＲＡ００４',
	'😀 guns',
]
