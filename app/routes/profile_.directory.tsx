import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxGroup, ErrorList, SelectField, TextareaField } from '~/components/forms'
import { BIO_MAX, DIRECTORY_LANGUAGES, directorySettingsSchema, ORGANISATION_TYPES, VISIBILITY_FIELDS, VISIBILITY_OPTIONS, VISIBILITY_QUESTIONS } from '~/models/directory-forms'
import { directorySettingsOf, directoryVocabulary, expertiseSlugs, saveDirectorySettings } from '~/models/directory.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

// The file is `profile_` so that /profile/directory is a page of its own, not rendered inside /profile's layout.

export const meta: MetaFunction = () => [{ title: 'Your directory profile — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const [settings, vocabulary] = await Promise.all([directorySettingsOf(viewer.id), directoryVocabulary()])
	const regionName = new Map(vocabulary.regions.map((r) => [r.slug, r.name]))
	return {
		settings,
		regionNames: settings.regions.map((r) => regionName.get(r) ?? r),
		themes: vocabulary.themes.map((t) => ({ value: t.slug, label: t.en })),
		crimeTypes: vocabulary.crimeTypes.map((t) => ({ value: t.slug, label: t.en })),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: directorySettingsSchema(await expertiseSlugs()) })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	await saveDirectorySettings(viewer.id, submission.value, clientIp(context))
	return redirectWithFlash('/profile/directory', { kind: 'success', message: 'Your directory profile is saved.' })
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [])

export default function DirectoryProfileSettings() {
	const { settings, regionNames, themes, crimeTypes } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const schema = directorySettingsSchema()
	const [form, fields] = useForm({
		id: 'directory-profile',
		lastResult: actionData?.result,
		defaultValue: {
			listed: settings.listed,
			organisation_type: settings.organisation_type,
			languages: settings.languages,
			expertise: settings.expertise,
			bio: settings.bio,
			visibility: settings.visibility,
		},
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
		shouldValidate: 'onBlur',
	})
	const visibility = fields.visibility.getFieldset()
	// After a refused submission the form shows what was sent, not what is stored.
	const chosenLanguages = asList(fields.languages.initialValue)
	const chosenExpertise = asList(fields.expertise.initialValue)
	const errorsOf = (all: Record<string, string[]> | undefined) => [...new Set(Object.values(all ?? {}).flat())]
	return (
		<>
			<h1>Your directory profile</h1>
			<p className="lead">
				What other members see of you in <Link to="/people">People</Link>. Your email address is never shown: members write to you through messages.
			</p>
			<p>
				Your name{settings.handle ? <> and handle (@{settings.handle})</> : null} are shown to everyone who sees you in the directory. Your name, country, organisation and job title are
				changed on <Link to="/profile">your profile</Link>; here you choose who sees them.
				{settings.handle && settings.listed ? (
					<>
						{' '}
						<Link to={`/people/${encodeURIComponent(settings.handle)}`}>See your directory page</Link>.
					</>
				) : null}
			</p>
			<Form method="post" {...getFormProps(form)} className="panel">
				<ErrorList id={form.errorId} errors={form.errors} />
				<div className="field">
					<label className="checkbox">
						<input {...getInputProps(fields.listed, { type: 'checkbox' })} /> List me in the directory
					</label>
					<p className="hint">If you are not listed, other members cannot find you or open your directory page.</p>
				</div>
				<SelectField
					label="Type of organisation"
					name={fields.organisation_type.name}
					id={fields.organisation_type.id}
					defaultValue={(fields.organisation_type.initialValue as string | undefined) ?? ''}
					key={`org-${fields.organisation_type.key ?? ''}`}
					placeholder="Not stated"
					options={ORGANISATION_TYPES.map((o) => ({ value: o.value, label: o.label }))}
					errors={fields.organisation_type.errors}
				/>
				<CheckboxGroup
					legend="Languages you work in"
					name={fields.languages.name}
					options={DIRECTORY_LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
					defaultChecked={chosenLanguages}
					key={`lang-${fields.languages.key ?? ''}`}
					errors={errorsOf(fields.languages.allErrors)}
				/>
				<fieldset className="field">
					<legend>Areas of expertise</legend>
					<div className="two-col">
						<CheckboxGroup legend="Themes" name={fields.expertise.name} options={themes} defaultChecked={chosenExpertise} key={`themes-${fields.expertise.key ?? ''}`} />
						<CheckboxGroup legend="Crime types" name={fields.expertise.name} options={crimeTypes} defaultChecked={chosenExpertise} key={`crimes-${fields.expertise.key ?? ''}`} />
					</div>
					<ErrorList id={`${fields.expertise.id}-error`} errors={errorsOf(fields.expertise.allErrors)} />
				</fieldset>
				<TextareaField label="About you" hint={`Plain text, at most ${BIO_MAX.toLocaleString('en')} characters: your work, the cases you can help with.`} rows={6} {...getTextareaProps(fields.bio)} errors={fields.bio.errors} />
				<fieldset className="field">
					<legend>Who sees each field</legend>
					<p className="hint">
						“Members of my regions” means members who share at least one region with you
						{regionNames.length ? ` (${regionNames.join(', ')})` : ' (you have no region yet, so nobody else)'}. You always see your whole profile.
					</p>
					<div className="two-col">
						{VISIBILITY_FIELDS.map((f) => (
							<SelectField
								key={`${f}-${visibility[f].key ?? ''}`}
								label={VISIBILITY_QUESTIONS[f]}
								name={visibility[f].name}
								id={visibility[f].id}
								defaultValue={(visibility[f].initialValue as string | undefined) ?? settings.visibility[f]}
								options={VISIBILITY_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
								errors={visibility[f].errors}
							/>
						))}
					</div>
				</fieldset>
				<button type="submit">Save directory profile</button>
			</Form>
		</>
	)
}
