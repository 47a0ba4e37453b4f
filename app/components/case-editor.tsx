import { Form } from '@remix-run/react'
import { useT } from '~/i18n'
import { CheckboxGroup, ErrorList, Field, SelectField, TextareaField } from './forms'
import { caseValueLabel } from './case-labels'

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
	['section_facts', 'cases.section.facts'],
	['section_procedural', 'cases.section.procedural'],
	['section_decision', 'cases.section.decision'],
	['section_commentary', 'cases.section.commentary'],
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
	const t = useT()
	const e = (path: string) => errors[path]
	const rowErrors = (prefix: string) =>
		Object.entries(errors)
			.filter(([k]) => k.startsWith(`${prefix}.`))
			.map(([k, v]) => {
				const row = /^(\w+)\.(\d+)\.(.*)$/.exec(k)
				return row ? t('cases.editor.rowError', { list: row[1], row: Number(row[2]) + 1, field: row[3], messages: v.join(' ') }) : `${k} ${v.join(' ')}`
			})
	// The fixed values come with English labels from the server; the reader sees them in their language.
	const translated = (facet: string, list: Option[]) => list.map((o) => ({ value: o.value, label: caseValueLabel(t, facet, o.value, o.label) }))
	const verdicts = ['convicted', 'acquitted', 'pending', 'other'].map((value) => ({ value, label: caseValueLabel(t, 'outcome', value, value) }))
	const defendants = [...(values.defendants ?? []), {}, {}]
	const firearms = [...(values.firearms ?? []), {}, {}]
	const sources = [...(values.sources ?? []), {}]
	const formErrors = [...(errors.form ?? []), ...(errors.body ?? [])]
	return (
		<Form method="post" className="case-editor">
			{Object.keys(errors).length ? (
				<div className="flash flash-error" role="alert">
					<p>{t('cases.editor.errorSummary')}</p>
					<ErrorList errors={formErrors} />
				</div>
			) : null}
			{previewHtml ? (
				<section className="panel" aria-labelledby="preview-heading">
					<h2 id="preview-heading">{t('cases.editor.previewHeading')}</h2>
					<div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
				</section>
			) : null}
			<section className="panel">
				<h2>{t('cases.editor.record')}</h2>
				<div className="two-col">
					{isNew ? (
						<Field label={t('cases.editor.id')} name="id" defaultValue={values.id} hint={t('cases.editor.idHint')} errors={e('id')} />
					) : (
						<input type="hidden" name="id" value={values.id} />
					)}
					<Field label={t('cases.editor.title')} name="title" defaultValue={values.title} errors={e('title')} />
					<SelectField label={t('cases.editor.country')} name="country" defaultValue={values.country ?? ''} placeholder={t('cases.editor.countryPlaceholder')} options={options.countries} errors={e('country')} />
					<SelectField label={t('cases.editor.region')} name="region" defaultValue={values.region ?? ''} placeholder={t('cases.editor.regionPlaceholder')} options={options.regions} errors={e('region')} />
					<Field label={t('cases.editor.court')} name="court" defaultValue={values.court} errors={e('court')} />
					<SelectField label={t('cases.editor.courtLevel')} name="court_level" defaultValue={values.court_level ?? ''} placeholder={t('cases.editor.choose')} options={translated('court_level', options.courtLevels)} errors={e('court_level')} />
					<Field label={t('cases.editor.decisionDate')} name="decision_date" type="date" defaultValue={values.decision_date} errors={e('decision_date')} />
					<Field label={t('cases.editor.docket')} name="docket" defaultValue={values.docket} errors={e('docket')} />
					<SelectField label={t('cases.editor.legalSystem')} name="legal_system" defaultValue={values.legal_system ?? ''} placeholder={t('cases.editor.choose')} options={translated('legal_system', options.legalSystems)} errors={e('legal_system')} />
					<SelectField label={t('cases.editor.outcome')} name="outcome" defaultValue={values.outcome ?? ''} placeholder={t('cases.editor.choose')} options={translated('outcome', options.outcomes)} errors={e('outcome')} />
					<SelectField label={t('cases.editor.language')} name="language" defaultValue={values.language ?? 'en'} options={translated('language', options.languages)} errors={e('language')} />
					<Field label={t('cases.editor.keywords')} name="keywords" defaultValue={(values.keywords ?? []).join(', ')} hint={t('cases.editor.keywordsHint')} errors={e('keywords')} />
				</div>
			</section>
			<section className="panel two-col">
				<CheckboxGroup legend={t('cases.editor.crimeTypes')} name="crime_types" options={options.crimeTypes} defaultChecked={values.crime_types} errors={Object.entries(errors).filter(([k]) => k.startsWith('crime_types')).flatMap(([, v]) => v)} />
				<CheckboxGroup legend={t('cases.editor.protocolArticles')} name="protocol_articles" options={options.protocolArticles} defaultChecked={values.protocol_articles} errors={Object.entries(errors).filter(([k]) => k.startsWith('protocol_articles')).flatMap(([, v]) => v)} />
				<CheckboxGroup legend={t('cases.editor.conventionArticles')} name="convention_articles" options={options.conventionArticles} defaultChecked={values.convention_articles} />
				<CheckboxGroup legend={t('cases.editor.crossCutting')} name="cross_cutting" options={options.crossCutting} defaultChecked={values.cross_cutting} />
			</section>
			<section className="panel rows-editor">
				<h2>{t('cases.editor.defendants')}</h2>
				<ErrorList errors={rowErrors('defendants')} />
				{defendants.map((d, i) => (
					<fieldset key={i}>
						<legend>{t('cases.editor.defendant', { number: i + 1 })}</legend>
						<div className="two-col">
							<Field label={t('cases.editor.defendantName')} name={`defendants[${i}].name`} defaultValue={d.name ?? d.label ?? ''} />
							<SelectField
								label={t('cases.editor.kind')}
								name={`defendants[${i}].kind`}
								defaultValue={d.kind ?? 'person'}
								options={[
									{ value: 'person', label: t('cases.editor.kindPerson') },
									{ value: 'legal-person', label: t('cases.editor.kindLegalPerson') },
								]}
							/>
							<SelectField
								label={t('cases.editor.sex')}
								name={`defendants[${i}].sex`}
								defaultValue={d.sex ?? ''}
								placeholder="—"
								options={[
									{ value: 'male', label: t('cases.editor.sexMale') },
									{ value: 'female', label: t('cases.editor.sexFemale') },
									{ value: 'unknown', label: t('cases.editor.sexUnknown') },
								]}
							/>
							<Field label={t('cases.editor.nationality')} name={`defendants[${i}].nationality`} defaultValue={d.nationality ?? ''} maxLength={3} />
							<Field label={t('cases.editor.charges')} name={`defendants[${i}].charges`} defaultValue={(d.charges ?? []).join('; ')} hint={t('cases.editor.chargesHint')} />
							<SelectField label={t('cases.editor.verdict')} name={`defendants[${i}].verdict`} defaultValue={d.verdict ?? ''} placeholder="—" options={verdicts} />
							<Field label={t('cases.editor.sentence')} name={`defendants[${i}].sentence`} defaultValue={d.sentence ?? ''} />
						</div>
					</fieldset>
				))}
			</section>
			<section className="panel rows-editor">
				<h2>{t('cases.editor.firearms')}</h2>
				<ErrorList errors={rowErrors('firearms')} />
				{firearms.map((f, i) => (
					<fieldset key={i} className="two-col">
						<legend>{t('cases.editor.item', { number: i + 1 })}</legend>
						<Field label={t('cases.editor.itemType')} name={`firearms[${i}].type`} defaultValue={f.type ?? ''} />
						<Field label={t('cases.editor.quantity')} name={`firearms[${i}].quantity`} type="number" min={0} defaultValue={f.quantity ?? ''} />
					</fieldset>
				))}
			</section>
			<section className="panel">
				<h2>{t('cases.editor.summary')}</h2>
				<p className="hint">{t('cases.editor.summaryHint')}</p>
				{SECTIONS.map(([name, labelKey]) => (
					<TextareaField key={name} label={t(labelKey)} name={name} defaultValue={values.sections?.[name] ?? ''} rows={8} />
				))}
			</section>
			<section className="panel rows-editor">
				<h2>{t('cases.editor.sources')}</h2>
				<ErrorList errors={rowErrors('sources')} />
				{sources.map((s, i) => (
					<fieldset key={i} className="two-col">
						<legend>{t('cases.editor.source', { number: i + 1 })}</legend>
						<Field label={t('cases.editor.sourceTitle')} name={`sources[${i}].title`} defaultValue={s.title ?? ''} />
						<Field label={t('cases.editor.sourceUrl')} name={`sources[${i}].url`} type="url" defaultValue={s.url ?? ''} />
					</fieldset>
				))}
			</section>
			<section className="panel">
				<fieldset className="field">
					<legend>{t('cases.editor.status')}</legend>
					<label className="checkbox">
						<input type="radio" name="status" value="draft" defaultChecked={values.status !== 'published'} /> {t('cases.editor.statusDraft')}
					</label>
					<label className="checkbox">
						<input type="radio" name="status" value="published" defaultChecked={values.status === 'published'} /> {t('cases.editor.statusPublished')}
					</label>
				</fieldset>
				<label className="checkbox">
					<input type="checkbox" name="sample" defaultChecked={values.sample} /> {t('cases.editor.sample')}
				</label>
				<div className="actions">
					<button type="submit" name="intent" value="save">
						{t('cases.editor.save')}
					</button>
					<button type="submit" name="intent" value="preview" className="secondary">
						{t('cases.editor.preview')}
					</button>
				</div>
			</section>
		</Form>
	)
}
