import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CheckboxGroup, ErrorList, SelectField, TextareaField } from '~/components/forms'
import { BIO_MAX, DIRECTORY_LANGUAGES, directorySettingsSchema, ORGANISATION_TYPES, VISIBILITY_FIELDS, VISIBILITY_OPTIONS, type VisibilityField } from '~/models/directory-forms'
import { directorySettingsOf, directoryVocabulary, expertiseSlugs, saveDirectorySettings } from '~/models/directory.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { LANGUAGE_KEYS, ORGANISATION_TYPE_KEYS, VISIBILITY_KEYS } from '~/components/directory-labels'
import { metaT, useIntl, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

// The file is `profile_` so that /profile/directory is a page of its own, not rendered inside /profile's layout.

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.directorySettings.metaTitle') }]

// The option labels of the directory form, in the reader's language (English as in directory-forms.ts).

const VISIBILITY_QUESTION_KEYS: Record<VisibilityField, string> = {
	country: 'people.directorySettings.who.country',
	regions: 'people.directorySettings.who.regions',
	organisation_type: 'people.directorySettings.who.organisationType',
	organisation: 'people.directorySettings.who.organisation',
	job_title: 'people.directorySettings.who.jobTitle',
	languages: 'people.directorySettings.who.languages',
	expertise: 'people.directorySettings.who.expertise',
	bio: 'people.directorySettings.who.bio',
}

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const [settings, vocabulary] = await Promise.all([directorySettingsOf(viewer.id), directoryVocabulary(resolveLocale(request, viewer))])
	const regionName = new Map(vocabulary.regions.map((r) => [r.slug, r.name]))
	return {
		settings,
		regionNames: settings.regions.map((r) => regionName.get(r) ?? r),
		themes: vocabulary.themes.map((t) => ({ value: t.slug, label: t.name })),
		crimeTypes: vocabulary.crimeTypes.map((t) => ({ value: t.slug, label: t.name })),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const formData = await readForm(request)
	const submission = parseWithZod(formData, { schema: directorySettingsSchema(await expertiseSlugs()) })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	await saveDirectorySettings(viewer.id, submission.value, clientIp(context))
	return redirectWithFlash('/profile/directory', { kind: 'success', message: requestT(request, viewer)('people.directorySettings.saved') })
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [])

export default function DirectoryProfileSettings() {
	const { settings, regionNames, themes, crimeTypes } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const intl = useIntl()
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
			<h1>{t('people.directorySettings.heading')}</h1>
			<p className="lead">{t('people.directorySettings.lead', { link: (chunks) => <Link to="/people">{chunks}</Link> })}</p>
			<p>
				{settings.handle ? t('people.directorySettings.nameAndHandleShown', { handle: settings.handle }) : t('people.directorySettings.nameShown')}{' '}
				{t('people.directorySettings.changedOnProfile', { link: (chunks) => <Link to="/profile">{chunks}</Link> })}
				{settings.handle && settings.listed ? (
					<>
						{' '}
						{t('people.directorySettings.seePage', { link: (chunks) => <Link to={`/people/${encodeURIComponent(settings.handle ?? '')}`}>{chunks}</Link> })}
					</>
				) : null}
			</p>
			<Form method="post" {...getFormProps(form)} className="panel">
				<ErrorList id={form.errorId} errors={form.errors} />
				<div className="field">
					<label className="checkbox">
						<input {...getInputProps(fields.listed, { type: 'checkbox' })} /> {t('people.directorySettings.listed')}
					</label>
					<p className="hint">{t('people.directorySettings.listedHint')}</p>
				</div>
				<SelectField
					label={t('people.directorySettings.organisationType')}
					name={fields.organisation_type.name}
					id={fields.organisation_type.id}
					defaultValue={(fields.organisation_type.initialValue as string | undefined) ?? ''}
					key={`org-${fields.organisation_type.key ?? ''}`}
					placeholder={t('people.directorySettings.notStated')}
					options={ORGANISATION_TYPES.map((o) => ({ value: o.value, label: t(ORGANISATION_TYPE_KEYS[o.value]) }))}
					errors={fields.organisation_type.errors}
				/>
				<CheckboxGroup
					legend={t('people.directorySettings.languages')}
					name={fields.languages.name}
					options={DIRECTORY_LANGUAGES.map((l) => ({ value: l.value, label: t(LANGUAGE_KEYS[l.value]) }))}
					defaultChecked={chosenLanguages}
					key={`lang-${fields.languages.key ?? ''}`}
					errors={errorsOf(fields.languages.allErrors)}
				/>
				<fieldset className="field">
					<legend>{t('people.directorySettings.expertise')}</legend>
					<div className="two-col">
						<CheckboxGroup legend={t('people.directorySettings.themes')} name={fields.expertise.name} options={themes} defaultChecked={chosenExpertise} key={`themes-${fields.expertise.key ?? ''}`} />
						<CheckboxGroup legend={t('people.directorySettings.crimeTypes')} name={fields.expertise.name} options={crimeTypes} defaultChecked={chosenExpertise} key={`crimes-${fields.expertise.key ?? ''}`} />
					</div>
					<ErrorList id={`${fields.expertise.id}-error`} errors={errorsOf(fields.expertise.allErrors)} />
				</fieldset>
				<TextareaField label={t('people.directorySettings.bio')} hint={t('people.directorySettings.bioHint', { max: intl.formatNumber(BIO_MAX) })} rows={6} {...getTextareaProps(fields.bio)} errors={fields.bio.errors} />
				<fieldset className="field">
					<legend>{t('people.directorySettings.whoSees')}</legend>
					<p className="hint">
						{regionNames.length
							? t('people.directorySettings.regionsHint', { regions: regionNames.join(', ') })
							: t('people.directorySettings.noRegionsHint')}
					</p>
					<div className="two-col">
						{VISIBILITY_FIELDS.map((f) => (
							<SelectField
								key={`${f}-${visibility[f].key ?? ''}`}
								label={t(VISIBILITY_QUESTION_KEYS[f])}
								name={visibility[f].name}
								id={visibility[f].id}
								defaultValue={(visibility[f].initialValue as string | undefined) ?? settings.visibility[f]}
								options={VISIBILITY_OPTIONS.map((o) => ({ value: o.value, label: t(VISIBILITY_KEYS[o.value]) }))}
								errors={visibility[f].errors}
							/>
						))}
					</div>
				</fieldset>
				<button type="submit">{t('people.directorySettings.submit')}</button>
			</Form>
		</>
	)
}
