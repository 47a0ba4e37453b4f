import type { CaseRecord } from '../../db/cases/record'
import { rng } from '../../search/bench'

/** A deterministic synthetic case corpus shaped like the demonstration content. */


const COUNTRIES = ['BRA', 'ARG', 'MEX', 'COL', 'NGA', 'SEN', 'BEN', 'BFA', 'MLI', 'GHA', 'ALB', 'SRB', 'BIH', 'MNE', 'JAM', 'TTO', 'KAZ', 'KGZ', 'UZB', 'UKR', 'MDA', 'IRQ', 'MAR', 'PAK']
const CRIME_TYPES = ['illicit-manufacturing', 'illicit-trafficking', 'illicit-possession', 'falsified-markings', 'diversion', 'ammunition-trafficking', 'parts-and-components', '3d-printed-modular', 'conversion-reactivation', 'postal-trafficking', 'online-darknet-sales', 'organized-criminal-group', 'terrorism-link', 'money-laundering']
const WORDS = `firearms trafficking smuggling smuggled ammunition prosecutor court judgment conviction appeal evidence weapons pistols rifles border customs parcel postal darknet laundering diversion tracing marking serial numbers container port seizure forfeiture brokers licence export import transit reactivated converted deactivated frames slides barrels receivers cartridges shotguns revolvers network organised group controlled delivery investigation witness extradition cooperation request record-keeping registry dealer manufacturer workshop printer polymer modular kit courier warehouse vehicle truck bus cargo declaration invoice`.split(' ')
const ZH = ['枪支', '弹药', '邮包', '快递包裹', '非法贩运', '零部件', '追查', '标识', '扣押', '没收', '司法协助', '引渡', '联合调查组', '3D打印枪支']
const NAMES = ['Okafor', 'Silva', 'Diallo', 'Petrović', 'Hoxha', 'Brown', 'Nurlanov', 'Kovalenko', 'Haddad', 'Khan', 'Mensah', 'Traoré', 'Gómez', 'Rodríguez', 'Bakayoko']

export function syntheticCases(n: number, seed = 7): CaseRecord[] {
	const r = rng(seed)
	const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]
	const words = (k: number) => Array.from({ length: k }, () => (r() < 0.05 ? pick(ZH) : WORDS[Math.floor(Math.pow(r(), 1.6) * WORDS.length)])).join(' ')
	const out: CaseRecord[] = []
	for (let i = 0; i < n; i++) {
		const country = pick(COUNTRIES)
		const zh = r() < 0.1
		const name = pick(NAMES)
		const year = 2005 + Math.floor(r() * 21)
		const month = String(1 + Math.floor(r() * 12)).padStart(2, '0')
		out.push({
			id: `${country}${String(100000 + i).slice(-6)}`,
			title: zh ? `检察院诉${name}等人${pick(ZH)}案` : `Prosecutor v. ${name} and others (${pick(WORDS)})`,
			country,
			court: `${pick(['High', 'District', 'Appeal', 'Supreme', 'Federal'])} Court of ${country}`,
			court_level: pick(['first-instance', 'appeal', 'supreme', 'other'] as const),
			decision_date: `${year}-${month}-15`,
			docket: `${year}/${1000 + i}`,
			legal_system: pick(['common-law', 'civil-law', 'mixed'] as const),
			crime_types: [...new Set([pick(CRIME_TYPES), pick(CRIME_TYPES)])],
			protocol_articles: [...new Set([pick(['3', '5', '6', '8', '10', '11', '15']), pick(['5', '8'])])],
			convention_articles: [pick(['5', '6', '18', '19', '20'])],
			cross_cutting: [],
			defendants: [{ name: `${pick(['A.', 'B.', 'C.', 'D.'])} ${name}`, kind: 'person', charges: ['trafficking'], verdict: 'convicted' }],
			firearms: [{ type: pick(['pistols', 'rifles', 'cartridges', 'frames']), quantity: Math.floor(r() * 500) }],
			outcome: pick(['convicted', 'acquitted', 'mixed', 'pending', 'other'] as const),
			keywords: [pick(WORDS), pick(WORDS)],
			language: zh ? 'zh' : 'en',
			sources: [],
			status: r() < 0.02 ? 'draft' : 'published',
			sample: true,
			body: `## Facts\n${words(90)}\n\n## Procedural history\n${words(30)}\n\n## Decision\n${words(50)}\n\n## Commentary\n${words(30)}`,
		})
	}
	return out
}

/** The fixed mix of 50 queries: words, phrases, exclusions, ids, Chinese, with and without filters. */
export function queryMix(): Array<Record<string, string | string[]>> {
	const base: Array<Record<string, string | string[]>> = [
		{ q: 'firearms' }, { q: 'smuggled pistols' }, { q: '"controlled delivery"' }, { q: 'trafficking -ammunition' }, { q: 'darknet OR postal' },
		{ q: 'Okafor' }, { q: 'Prosecutor v. Silva' }, { q: 'BRA100042' }, { q: '枪支' }, { q: '邮包' },
		{ q: 'trafficing' }, { q: 'reactivated frames' }, { q: 'container port seizure' }, { q: 'brokers licence' }, { q: 'witness extradition' },
		{ q: '' }, { q: '', sort: 'newest' }, { q: '', sort: 'oldest' }, { q: 'customs', sort: 'newest' }, { q: 'serial numbers' },
		{ q: 'printer polymer' }, { q: '3D打印枪支' }, { q: 'Petrović' }, { q: 'Gomez' }, { q: 'laundering network' },
	]
	const filtered: Array<Record<string, string | string[]>> = [
		{ q: 'firearms', country: 'BRA' }, { q: '', country: ['BRA', 'ARG'] }, { q: 'trafficking', crime_type: 'postal-trafficking' }, { q: '', article: '8' }, { q: 'pistols', court_level: 'appeal' },
		{ q: '', outcome: 'convicted', country: 'NGA' }, { q: 'smuggling', year_from: '2015', year_to: '2020' }, { q: '', language: 'zh' }, { q: '枪支', country: 'KAZ' }, { q: '', legal_system: 'common-law', article: '5' },
		{ q: 'customs', crime_type: ['diversion', 'money-laundering'] }, { q: '', region: 'western-balkans' }, { q: 'border', region: 'west-central-africa', sort: 'newest' }, { q: '', year_from: '2020' }, { q: 'ammunition', outcome: 'acquitted' },
		{ q: '', crime_type: '3d-printed-modular', sort: 'newest' }, { q: 'tracing', article: ['8', '10'] }, { q: '', country: 'SRB', court_level: 'supreme' }, { q: 'parcel', language: 'en' }, { q: '', region: 'caribbean', outcome: 'convicted' },
		{ q: 'investigation', legal_system: 'civil-law' }, { q: '', crime_type: 'illicit-trafficking', article: '5', country: 'MEX' }, { q: 'weapons', year_to: '2010' }, { q: '', outcome: 'pending' }, { q: 'courier', region: 'latin-america' },
	]
	return [...base, ...filtered]
}
