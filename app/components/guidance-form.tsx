import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AttachmentPicker } from './attachments'
import { ErrorList } from './forms'

export interface GuidanceFormData {
	heading: string
	back: string
	isNew: boolean
	values: { id: string; language: string; translation_of: string; title: string; summary: string; body: string; themes: string[]; articles: string[]; regions: string[]; related_cases: string; related_recommendations: string }
	options: { themes: Option[]; articles: Option[]; regions: Option[]; languages: string[] }
}
interface Option {
	value: string
	label: string
}
type ActionShape = { errors: Record<string, string[]>; values: GuidanceFormData['values'] } | undefined

/** One form for new and edited guidance; on a refused save, everything typed comes back with messages by field. */
export function GuidanceForm() {
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
				<Link to={data.back}>Back</Link>
			</p>
			<h1>{data.heading}</h1>
			<Form method="post" encType="multipart/form-data" className="panel">
				{Object.keys(e).length ? (
					<p className="form-error" role="alert">
						The draft was not saved: see the messages below.
					</p>
				) : null}
				{data.isNew ? (
					<>
						{field('id', 'Id (the address: /guidance/…)', <input id="g-id" name="id" defaultValue={v.id} />)}
						{field(
							'language',
							'Language',
							<select id="g-language" name="language" defaultValue={v.language}>
								{data.options.languages.map((l) => (
									<option key={l} value={l}>
										{l}
									</option>
								))}
							</select>,
						)}
						{field('translation_of', 'Translation of (id of the original, if this is a language version)', <input id="g-translation_of" name="translation_of" defaultValue={v.translation_of} />)}
					</>
				) : null}
				{field('title', 'Title', <input id="g-title" name="title" defaultValue={v.title} />)}
				{field('summary', 'Summary', <textarea id="g-summary" name="summary" rows={3} defaultValue={v.summary} />)}
				{field('body', 'Text (Markdown)', <textarea id="g-body" name="body" rows={20} defaultValue={v.body} />)}
				{boxes('themes', 'Themes', data.options.themes)}
				{boxes('articles', 'Firearms Protocol articles', data.options.articles)}
				{boxes('regions', 'Regions it applies to (none = every region)', data.options.regions)}
				{field('related_cases', 'Related cases (ids, separated by commas)', <input id="g-related_cases" name="related_cases" defaultValue={v.related_cases} />)}
				{field('related_recommendations', 'Related recommendations (ids, separated by commas)', <input id="g-related_recommendations" name="related_recommendations" defaultValue={v.related_recommendations} />)}
				<AttachmentPicker accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt" errors={e.attachments} />
				<button type="submit">Save draft</button>
			</Form>
		</>
	)
}
