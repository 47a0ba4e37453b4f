import { Form } from '@remix-run/react'
import { CheckboxGroup, ErrorList, Field, SelectField, TextareaField } from './forms'

type Option = { value: string; label: string }

export interface CaseEditorOptions {
	countries: Option[]
	regions: Option[]
	crimeTypes: Option[]
	crossCutting: Option[]
	protocolArticles: Option[]
	conventionArticles: Option[]
	courtLevels: Option[]
	legalSystems: Option[]
	outcomes: Option[]
	languages: Option[]
}

export interface CaseEditorValues {
	id?: string
	title?: string
	country?: string
	region?: string
	court?: string
	court_level?: string
	decision_date?: string
	docket?: string
	legal_system?: string
	crime_types?: string[]
	protocol_articles?: string[]
	convention_articles?: string[]
	cross_cutting?: string[]
	defendants?: Array<{ name?: string; label?: string; kind?: string; sex?: string; nationality?: string; charges?: string[]; verdict?: string; sentence?: string }>
	firearms?: Array<{ type?: string; quantity?: number | string }>
	outcome?: string
	keywords?: string[]
	language?: string
	sources?: Array<{ title?: string; url?: string }>
	status?: string
	sample?: boolean
	sections?: Record<string, string>
}

const SECTIONS: Array<[string, string]> = [
	['section_facts', 'Facts'],
	['section_procedural', 'Procedural history'],
	['section_decision', 'Decision'],
	['section_commentary', 'Commentary'],
]

/** The staff editor for a case; plain HTML fields, so it works without JavaScript. */
export function CaseEditor({
	values,
	options,
	errors,
	isNew,
	previewHtml,
}: {
	values: CaseEditorValues
	options: CaseEditorOptions
	errors: Record<string, string[]>
	isNew: boolean
	previewHtml?: string | null
}) {
	const e = (path: string) => errors[path]
	const rowErrors = (prefix: string) =>
		Object.entries(errors)
			.filter(([k]) => k.startsWith(`${prefix}.`))
			.map(([k, v]) => `${k.replace(/^(\w+)\.(\d+)\./, (_, p, i) => `${p} row ${Number(i) + 1}: `)} ${v.join(' ')}`)
	const defendants = [...(values.defendants ?? []), {}, {}]
	const firearms = [...(values.firearms ?? []), {}, {}]
	const sources = [...(values.sources ?? []), {}]
	const formErrors = [...(errors.form ?? []), ...(errors.body ?? [])]
	return (
		<Form method="post" className="case-editor">
			{Object.keys(errors).length ? (
				<div className="flash flash-error" role="alert">
					<p>Some fields need attention; nothing was saved.</p>
					<ErrorList errors={formErrors} />
				</div>
			) : null}
			{previewHtml ? (
				<section className="panel" aria-labelledby="preview-heading">
					<h2 id="preview-heading">Preview (not saved)</h2>
					<div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
				</section>
			) : null}
			<section className="panel">
				<h2>Record</h2>
				<div className="two-col">
					{isNew ? (
						<Field label="Case id" name="id" defaultValue={values.id} hint="Country code and number, e.g. BRA004." errors={e('id')} />
					) : (
						<input type="hidden" name="id" value={values.id} />
					)}
					<Field label="Title (case name)" name="title" defaultValue={values.title} errors={e('title')} />
					<SelectField label="Country" name="country" defaultValue={values.country ?? ''} placeholder="Choose a country" options={options.countries} errors={e('country')} />
					<SelectField label="Region" name="region" defaultValue={values.region ?? ''} placeholder="Derived from the country" options={options.regions} errors={e('region')} />
					<Field label="Court" name="court" defaultValue={values.court} errors={e('court')} />
					<SelectField label="Court level" name="court_level" defaultValue={values.court_level ?? ''} placeholder="Choose" options={options.courtLevels} errors={e('court_level')} />
					<Field label="Decision date" name="decision_date" type="date" defaultValue={values.decision_date} errors={e('decision_date')} />
					<Field label="Docket" name="docket" defaultValue={values.docket} errors={e('docket')} />
					<SelectField label="Legal system" name="legal_system" defaultValue={values.legal_system ?? ''} placeholder="Choose" options={options.legalSystems} errors={e('legal_system')} />
					<SelectField label="Outcome" name="outcome" defaultValue={values.outcome ?? ''} placeholder="Choose" options={options.outcomes} errors={e('outcome')} />
					<SelectField label="Language of the summary" name="language" defaultValue={values.language ?? 'en'} options={options.languages} errors={e('language')} />
					<Field label="Keywords" name="keywords" defaultValue={(values.keywords ?? []).join(', ')} hint="Separated by commas." errors={e('keywords')} />
				</div>
			</section>
			<section className="panel two-col">
				<CheckboxGroup legend="Crime types" name="crime_types" options={options.crimeTypes} defaultChecked={values.crime_types} errors={Object.entries(errors).filter(([k]) => k.startsWith('crime_types')).flatMap(([, v]) => v)} />
				<CheckboxGroup legend="Firearms Protocol articles" name="protocol_articles" options={options.protocolArticles} defaultChecked={values.protocol_articles} errors={Object.entries(errors).filter(([k]) => k.startsWith('protocol_articles')).flatMap(([, v]) => v)} />
				<CheckboxGroup legend="Convention (UNTOC) articles" name="convention_articles" options={options.conventionArticles} defaultChecked={values.convention_articles} />
				<CheckboxGroup legend="Cross-cutting issues" name="cross_cutting" options={options.crossCutting} defaultChecked={values.cross_cutting} />
			</section>
			<section className="panel rows-editor">
				<h2>Defendants</h2>
				<ErrorList errors={rowErrors('defendants')} />
				{defendants.map((d, i) => (
					<fieldset key={i}>
						<legend>Defendant {i + 1}</legend>
						<div className="two-col">
							<Field label="Name or label" name={`defendants[${i}].name`} defaultValue={d.name ?? d.label ?? ''} />
							<SelectField label="Kind" name={`defendants[${i}].kind`} defaultValue={d.kind ?? 'person'} options={[{ value: 'person', label: 'Person' }, { value: 'legal-person', label: 'Legal person' }]} />
							<SelectField label="Sex" name={`defendants[${i}].sex`} defaultValue={d.sex ?? ''} placeholder="—" options={[{ value: 'male', label: 'Male' }, { value: 'female', label: 'Female' }, { value: 'unknown', label: 'Unknown' }]} />
							<Field label="Nationality (alpha-3)" name={`defendants[${i}].nationality`} defaultValue={d.nationality ?? ''} maxLength={3} />
							<Field label="Charges" name={`defendants[${i}].charges`} defaultValue={(d.charges ?? []).join('; ')} hint="Separated by semicolons." />
							<SelectField label="Verdict" name={`defendants[${i}].verdict`} defaultValue={d.verdict ?? ''} placeholder="—" options={[{ value: 'convicted', label: 'Convicted' }, { value: 'acquitted', label: 'Acquitted' }, { value: 'pending', label: 'Pending' }, { value: 'other', label: 'Other' }]} />
							<Field label="Sentence" name={`defendants[${i}].sentence`} defaultValue={d.sentence ?? ''} />
						</div>
					</fieldset>
				))}
			</section>
			<section className="panel rows-editor">
				<h2>Firearms and items</h2>
				<ErrorList errors={rowErrors('firearms')} />
				{firearms.map((f, i) => (
					<fieldset key={i} className="two-col">
						<legend>Item {i + 1}</legend>
						<Field label="Type" name={`firearms[${i}].type`} defaultValue={f.type ?? ''} />
						<Field label="Quantity" name={`firearms[${i}].quantity`} type="number" min={0} defaultValue={f.quantity ?? ''} />
					</fieldset>
				))}
			</section>
			<section className="panel">
				<h2>Summary</h2>
				<p className="hint">Markdown. Headings are added for you; a published case needs all four sections.</p>
				{SECTIONS.map(([name, label]) => (
					<TextareaField key={name} label={label} name={name} defaultValue={values.sections?.[name] ?? ''} rows={8} />
				))}
			</section>
			<section className="panel rows-editor">
				<h2>Sources</h2>
				<ErrorList errors={rowErrors('sources')} />
				{sources.map((s, i) => (
					<fieldset key={i} className="two-col">
						<legend>Source {i + 1}</legend>
						<Field label="Title" name={`sources[${i}].title`} defaultValue={s.title ?? ''} />
						<Field label="Address (https://…)" name={`sources[${i}].url`} type="url" defaultValue={s.url ?? ''} />
					</fieldset>
				))}
			</section>
			<section className="panel">
				<fieldset className="field">
					<legend>Status</legend>
					<label className="checkbox">
						<input type="radio" name="status" value="draft" defaultChecked={values.status !== 'published'} /> Draft (staff only)
					</label>
					<label className="checkbox">
						<input type="radio" name="status" value="published" defaultChecked={values.status === 'published'} /> Published
					</label>
				</fieldset>
				<label className="checkbox">
					<input type="checkbox" name="sample" defaultChecked={values.sample} /> Sample (fictional demonstration content)
				</label>
				<div className="actions">
					<button type="submit" name="intent" value="save">
						Save
					</button>
					<button type="submit" name="intent" value="preview" className="secondary">
						Preview
					</button>
				</div>
			</section>
		</Form>
	)
}
