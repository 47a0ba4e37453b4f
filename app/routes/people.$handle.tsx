import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import type { VisibilityField } from '~/models/directory-forms'
import { directoryProfile, directoryVocabulary, labelProfile } from '~/models/directory.server'
import { requireViewer } from '~/utils/permissions.server'
import { LANGUAGE_BY_LABEL, LANGUAGE_KEYS, ORGANISATION_TYPE_BY_LABEL, ORGANISATION_TYPE_KEYS, VISIBILITY_KEYS } from '~/components/directory-labels'
import { metaT, useT } from '~/i18n'
import { resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('people.person.metaTitle', { name: data?.person.name ?? t('people.person.member') }) }]
}

// Fixed labels in the reader's language (English as in directory-forms.ts).
const FIELD_LABEL_KEYS: Record<VisibilityField, string> = {
	country: 'people.field.country',
	regions: 'people.field.regions',
	organisation_type: 'people.field.organisationType',
	organisation: 'people.field.organisation',
	job_title: 'people.field.jobTitle',
	languages: 'people.field.languages',
	expertise: 'people.field.expertise',
	bio: 'people.field.bio',
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const profile = await directoryProfile(viewer, params.handle ?? '')
	// Unlisted, unknown and inactive members look the same: nothing confirms the account exists.
	if (!profile) throw new Response('Not found', { status: 404 })
	return { person: labelProfile(profile, await directoryVocabulary(resolveLocale(request, viewer))), self: !!profile.own }
}

export default function Person() {
	const { person, self } = useLoaderData<typeof loader>()
	const own = person.own
	const t = useT()
	const translated = (byLabel: Map<string, string>, english: string) => {
		const key = byLabel.get(english)
		return key ? t(key) : english
	}
	// On their own page a member sees everything, each field marked with who else sees it.
	const note = (field: VisibilityField) => {
		if (!own) return null
		const key = VISIBILITY_KEYS[own.visibility[field]]
		return <span className="badge">{key ? t(key) : own.visibility[field]}</span>
	}
	const rows: Array<{ field: VisibilityField; value: string | undefined }> = [
		{ field: 'job_title', value: person.jobTitle },
		{ field: 'organisation', value: person.organisation },
		{ field: 'organisation_type', value: person.organisationType ? translated(ORGANISATION_TYPE_BY_LABEL, person.organisationType) : undefined },
		{ field: 'country', value: person.country?.name },
		{ field: 'regions', value: person.regions?.join(', ') },
		{ field: 'languages', value: person.languages?.map((l) => translated(LANGUAGE_BY_LABEL, l)).join(', ') },
		{ field: 'expertise', value: person.expertise?.join(', ') },
	]
	const shown = rows.filter((r) => r.value)
	return (
		<>
			<p className="muted">
				<Link to="/people">{t('people.person.back')}</Link>
			</p>
			<div className="page-heading">
				<h1>
					{person.name} <span className="muted">@{person.handle}</span>
				</h1>
				{self ? (
					<Link to="/profile/directory" className="button secondary">
						{t('people.person.edit')}
					</Link>
				) : (
					<Link to={`/messages/new?to=${encodeURIComponent(person.handle)}`} className="button">
						{t('people.person.message')}
					</Link>
				)}
			</div>
			{own ? (
				<p className="flash flash-info" role="status">
					{own.listed ? t('people.person.ownListed') : t('people.person.ownUnlisted')}
				</p>
			) : null}
			<section className="panel" aria-label={t('people.person.profileLabel')}>
				{shown.length ? (
					<dl className="fields">
						{shown.map((r) => (
							<Fragment key={r.field}>
								<dt>
									{t(FIELD_LABEL_KEYS[r.field])} {note(r.field)}
								</dt>
								<dd data-field={r.field}>{r.value}</dd>
							</Fragment>
						))}
					</dl>
				) : (
					<p className="muted">{t('people.person.nameOnly')}</p>
				)}
				{person.bio ? (
					<div data-field="bio">
						<h2>
							{t(FIELD_LABEL_KEYS.bio)} {note('bio')}
						</h2>
						{/* Plain text as written: React escapes it, line breaks are kept by CSS. */}
						<p className="prewrap">{person.bio}</p>
					</div>
				) : null}
			</section>
		</>
	)
}
