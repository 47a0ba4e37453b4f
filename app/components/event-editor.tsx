import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'

/** Catalogue keys of the event types and statuses (client-safe: the English labels live in app/models/event-forms.ts). */
export const EVENT_TYPE_LABEL_KEYS = {
	'working-group-meeting': 'events.type.workingGroupMeeting',
	'conference-of-parties': 'events.type.conferenceOfParties',
	'regional-meeting': 'events.type.regionalMeeting',
	workshop: 'events.type.workshop',
	training: 'events.type.training',
	webinar: 'events.type.webinar',
	'cross-border-operation': 'events.type.crossBorderOperation',
} as const

export const EVENT_STATUS_LABEL_KEYS = {
	planned: 'events.status.planned',
	confirmed: 'events.status.confirmed',
	postponed: 'events.status.postponed',
	cancelled: 'events.status.cancelled',
} as const

/** The label key of a type or status as stored, or null for a value the tables do not know (shown as it is). */
export const eventTypeKey = (type: string) => (type in EVENT_TYPE_LABEL_KEYS ? EVENT_TYPE_LABEL_KEYS[type as keyof typeof EVENT_TYPE_LABEL_KEYS] : null)
export const eventStatusKey = (status: string) => (status in EVENT_STATUS_LABEL_KEYS ? EVENT_STATUS_LABEL_KEYS[status as keyof typeof EVENT_STATUS_LABEL_KEYS] : null)

/** The staff editor: the event as its content file (YAML front matter + Markdown), checked on save. */
export function EventEditor({ heading }: { heading: string }) {
	const t = useT()
	const tr = useTranslateError()
	const { source, back } = useLoaderData<{ source: string; back: string }>()
	const actionData = useActionData<{ source: string; problems: Array<{ field: string; message: string }> }>()
	return (
		<>
			<p>
				<Link to={back}>{t('events.editor.back')}</Link>
			</p>
			<h1>{heading}</h1>
			<Form method="post" className="panel">
				{actionData?.problems.length ? (
					<div className="form-error" role="alert">
						<p>{t('events.editor.notSaved')}</p>
						<ul>
							{actionData.problems.map((p, i) => (
								<li key={i}>
									<strong>{p.field}</strong>: {tr(p.message)}
								</li>
							))}
						</ul>
					</div>
				) : null}
				<div className="field">
					<label htmlFor="event-source">{t('events.editor.label')}</label>
					<p className="hint" id="event-source-hint">
						{t('events.editor.hint', { code: (chunks) => <code>{chunks}</code> })}
					</p>
					<textarea id="event-source" name="source" rows={32} defaultValue={actionData?.source ?? source} aria-describedby="event-source-hint" spellCheck={false} className="code" />
				</div>
				<button type="submit">{t('events.editor.save')}</button>
			</Form>
		</>
	)
}
