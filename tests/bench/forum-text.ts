/**
 * Forum text for the benchmark: thread titles, tags and posts of a few hundred characters
 * of the Markdown members write (paragraphs, emphasis, lists, quotes, links, case ids),
 * so rendering and sanitizing cost what they cost on real pages.
 */

type Rand = () => number

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

const TOPICS = [
	'Tracing request for converted pistols',
	'Postal parcels with frames and slides',
	'Darknet vendor selling 3D-printed receivers',
	'Controlled delivery across the border',
	'Marking standards for imported rifles',
	'Mutual legal assistance: typical delays',
	'Reactivated weapons from a dealer',
	'Ammunition diverted from a licensed shop',
	'Joint investigation team: lessons learned',
	'Record-keeping by small manufacturers',
	'Brokering without a licence',
	'Evidence from seized phones',
]
const PLACES = ['at the northern crossing', 'through the port', 'by express courier', 'in the capital', 'along the coast', 'from a bonded warehouse', 'on a bus route', 'via a freight forwarder']
const TAGS = ['tracing', 'postal', 'darknet', 'marking', 'mla', 'ammunition', 'brokering', '3d-printing', 'evidence', 'border']

export function threadTitle(r: Rand, id: number): string {
	return `${pick(r, TOPICS)} ${pick(r, PLACES)} (#${id})`
}

export function threadTags(r: Rand): string[] {
	const n = Math.floor(r() * 3)
	return [...new Set(Array.from({ length: n }, () => pick(r, TAGS)))]
}

const SUBJECTS = ['Our unit', 'The prosecutor', 'Customs', 'The court', 'The national focal point', 'The forensic lab', 'A colleague in the ministry', 'The defence', 'The postal operator', 'The investigating judge']
const VERBS = ['traced', 'seized', 'requested records on', 'matched the markings of', 'questioned the courier about', 'asked for the export licences of', 'examined', 'compared the serial numbers of', 'found invoices for', 'flagged']
const OBJECTS = ['a shipment of pistol frames', 'twelve converted alarm pistols', 'the ammunition in the container', 'the receivers printed in a flat', 'a batch of slides and barrels', 'the parcels declared as car parts', 'the rifles with erased serials', 'the dealer’s sales register', 'the cartridges from the raid', 'the kit ordered online']
const TAILS = ['last month', 'after a tip from abroad', 'within a week of the request', 'with help from INTERPOL', 'before the trial started', 'under article 8 of the Protocol', 'once the warrant arrived', 'despite the missing paperwork']

function sentence(r: Rand): string {
	return `${pick(r, SUBJECTS)} ${pick(r, VERBS)} ${pick(r, OBJECTS)} ${pick(r, TAILS)}.`
}

function paragraph(r: Rand): string {
	const n = 1 + Math.floor(r() * 3)
	let p = Array.from({ length: n }, () => sentence(r)).join(' ')
	if (r() < 0.3) p = p.replace(/(\w+ \w+)\./, '**$1**.')
	if (r() < 0.1) p += ' See [the guidance](https://www.unodc.org/unodc/en/firearms-protocol/) for the template.'
	return p
}

/** About 250–700 characters of Markdown; `caseId` is mentioned as members do (bare id or link). */
export function forumPostBody(r: Rand, caseId: string | null = null): string {
	const parts: string[] = []
	if (r() < 0.1) parts.push(`> ${sentence(r)}`)
	const n = 1 + Math.floor(r() * 3)
	for (let i = 0; i < n; i++) parts.push(paragraph(r))
	if (r() < 0.15) parts.push(['- serial numbers checked', '- licences requested', '- parcels photographed', '- samples sent to the lab'].slice(0, 2 + Math.floor(r() * 3)).join('\n'))
	if (caseId) parts.push(r() < 0.5 ? `Compare ${caseId}, which went the same way.` : `Similar facts in [this case](/cases/${caseId}).`)
	return parts.join('\n\n')
}
