import { caseRecordSchema, caseSections, CASE_SECTIONS, type CaseRecord } from '../../db/cases/record'
import { renderMarkdown } from '../utils/markdown.server'

/** The editor's form fields for the four body sections. */
export const SECTION_FIELDS: Record<(typeof CASE_SECTIONS)[number], string> = {
	Facts: 'section_facts',
	'Procedural history': 'section_procedural',
	Decision: 'section_decision',
	Commentary: 'section_commentary',
}

const str = (form: FormData, name: string) => {
	const v = form.get(name)
	return typeof v === 'string' ? v.trim() : ''
}
const list = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
const splitList = (value: string, sep: RegExp) => value.split(sep).map((s) => s.trim()).filter(Boolean)

function rows(form: FormData, prefix: string, fields: string[], defaults: string[] = []): Array<Record<string, string>> {
	const indexes = new Set<number>()
	for (const key of form.keys()) {
		const m = key.match(new RegExp(`^${prefix}\\[(\\d{1,3})\\]\\.`))
		if (m) indexes.add(Number(m[1]))
	}
	return [...indexes]
		.sort((a, b) => a - b)
		.map((i) => Object.fromEntries(fields.map((f) => [f, str(form, `${prefix}[${i}].${f}`)])))
		// Blank spare rows are not data (a select with a default value does not make a row).
		.filter((row) => Object.entries(row).some(([k, v]) => v && !defaults.includes(k)))
}

/** Turns the editor's form into a record and validates it with the same schema as the importer. */
export function parseCaseForm(form: FormData, fixedId?: string) {
	const body = CASE_SECTIONS.map((s) => {
		const text = str(form, SECTION_FIELDS[s])
		return text ? `## ${s}\n\n${text}` : ''
	})
		.filter(Boolean)
		.join('\n\n')
	const raw = {
		id: fixedId ?? str(form, 'id').toUpperCase(),
		title: str(form, 'title'),
		country: str(form, 'country'),
		region: str(form, 'region') || undefined,
		court: str(form, 'court'),
		court_level: str(form, 'court_level'),
		decision_date: str(form, 'decision_date'),
		docket: str(form, 'docket'),
		legal_system: str(form, 'legal_system'),
		crime_types: list(form, 'crime_types'),
		protocol_articles: list(form, 'protocol_articles'),
		convention_articles: list(form, 'convention_articles'),
		cross_cutting: list(form, 'cross_cutting'),
		defendants: rows(form, 'defendants', ['name', 'kind', 'sex', 'nationality', 'charges', 'verdict', 'sentence'], ['kind']).map((d) => ({
			name: d.name || undefined,
			kind: d.kind || 'person',
			sex: d.sex || undefined,
			nationality: d.nationality || undefined,
			charges: splitList(d.charges, /;/),
			verdict: d.verdict || undefined,
			sentence: d.sentence || undefined,
		})),
		firearms: rows(form, 'firearms', ['type', 'quantity']).map((f) => ({ type: f.type, quantity: f.quantity === '' ? undefined : f.quantity })),
		outcome: str(form, 'outcome'),
		keywords: splitList(str(form, 'keywords'), /[,，;]/),
		language: str(form, 'language'),
		sources: rows(form, 'sources', ['title', 'url']),
		status: str(form, 'status') || 'draft',
		sample: form.get('sample') === 'on',
		body,
	}
	const parsed = caseRecordSchema.safeParse(raw)
	const errors: Record<string, string[]> = {}
	if (!parsed.success)
		for (const issue of parsed.error.issues) {
			const key = issue.path.join('.') || 'form'
			;(errors[key] ??= []).push(issue.message)
		}
	return { raw, record: parsed.success ? parsed.data : null, errors }
}

export function editorValues(record: CaseRecord) {
	const sections = caseSections(record.body)
	return {
		...record,
		sections: Object.fromEntries(CASE_SECTIONS.map((s) => [SECTION_FIELDS[s], sections[s]])) as Record<string, string>,
	}
}

export function previewHtml(body: string) {
	return renderMarkdown(body)
}
