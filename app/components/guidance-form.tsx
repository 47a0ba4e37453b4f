import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentPicker } from './attachments'
import { ErrorList } from './forms'
import { useT } from '~/i18n'

export interface GuidanceFormData {
	heading: string
	back: string
	isNew: boolean
	values: { id: string; language: string; translation_of: string; title: string; summary: string; body: string; themes: string[]; articles: string[]; regions: string[]; related_cases: string; related_recommendations: string }
	options: { themes: Option[]; articles: Option[]; regions: Option[]; languages: string[]; languageLabels?: Record<string, string> }
}
interface Option {
	value: string
	label: string
}
type ActionShape = { errors: Record<string, string[]>; values: GuidanceFormData['values'] } | undefined

/** One form for new and edited guidance; on a refused save, everything typed comes back with messages by field. */
export function GuidanceForm() {
	const t = useT()
	const data = useLoaderData<GuidanceFormData>()
	const action = useActionData<ActionShape>()
	const v = action?.values ?? data.values
	const e = action?.errors ?? {}
	const field = (name: keyof GuidanceFormData['values'], label: string, input: JSX.Element, hint?: string) => (
		<div className="field">
			<label htmlFor={`g-${name}`}>{label}</label>
			{hint ? <p className="hint">{hint}</p> : null}
			{input}
			<ErrorList id={`g-${name}-errors`} errors={e[name]} />
		</div>
	)
	const boxes = (name: 'themes' | 'articles' | 'regions', legend: string, options: Option[]) => (
		<fieldset aria-describedby={`g-${name}-errors`}>
			<legend>{legend}</legend>
			{options.map((o) => (
				<label key={o.value} className="checkbox">
					<input type="checkbox" name={name} value={o.value} defaultChecked={v[name].includes(o.value)} /> {o.label}
				</label>
			))}
			<ErrorList id={`g-${name}-errors`} errors={e[name]} />
		</fieldset>
	)
	return (
		<>
			<p>
				<Link to={data.back}>{t('guidance.form.back')}</Link>
			</p>
			<h1>{data.heading}</h1>
			<Form method="post" encType="multipart/form-data" className="panel">
				{Object.keys(e).length ? (
					<p className="form-error" role="alert">
						{t('guidance.form.notSaved')}
					</p>
				) : null}
				{data.isNew ? (
					<>
						{field('id', t('guidance.form.id'), <input id="g-id" name="id" defaultValue={v.id} />)}
						{field(
							'language',
							t('guidance.form.language'),
							<select id="g-language" name="language" defaultValue={v.language}>
								{data.options.languages.map((l) => (
									<option key={l} value={l}>
										{data.options.languageLabels?.[l] ?? l}
									</option>
								))}
							</select>,
						)}
						{field('translation_of', t('guidance.form.translationOf'), <input id="g-translation_of" name="translation_of" defaultValue={v.translation_of} />)}
					</>
				) : null}
				{field('title', t('guidance.form.title'), <input id="g-title" name="title" defaultValue={v.title} />)}
				{field('summary', t('guidance.form.summary'), <textarea id="g-summary" name="summary" rows={3} defaultValue={v.summary} />)}
				{field('body', t('guidance.form.body'), <textarea id="g-body" name="body" rows={20} defaultValue={v.body} />)}
				{boxes('themes', t('guidance.form.themes'), data.options.themes)}
				{boxes('articles', t('guidance.form.articles'), data.options.articles)}
				{boxes('regions', t('guidance.form.regions'), data.options.regions)}
				{field('related_cases', t('guidance.form.relatedCases'), <input id="g-related_cases" name="related_cases" defaultValue={v.related_cases} />)}
				{field('related_recommendations', t('guidance.form.relatedRecommendations'), <input id="g-related_recommendations" name="related_recommendations" defaultValue={v.related_recommendations} />)}
				<AttachmentPicker accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt" errors={e.attachments} />
				<button type="submit">{t('guidance.form.save')}</button>
			</Form>
		</>
	)
}
