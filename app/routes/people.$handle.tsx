import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { FIELD_LABELS, visibilityLabel, type VisibilityField } from '~/models/directory-forms'
import { directoryProfile, directoryVocabulary, labelProfile } from '~/models/directory.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? 'Member'} — People — Practitioners Portal` }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const profile = await directoryProfile(viewer, params.handle ?? '')
	// Unlisted, unknown and inactive members look the same: nothing confirms the account exists.
	if (!profile) throw new Response('Not found', { status: 404 })
	return { person: labelProfile(profile, await directoryVocabulary()), self: !!profile.own }
}

export default function Person() {
	const { person, self } = useLoaderData<typeof loader>()
	const own = person.own
	// On their own page a member sees everything, each field marked with who else sees it.
	const note = (field: VisibilityField) => (own ? <span className="badge">{visibilityLabel(own.visibility[field])}</span> : null)
	const rows: Array<{ field: VisibilityField; value: string | undefined }> = [
		{ field: 'job_title', value: person.jobTitle },
		{ field: 'organisation', value: person.organisation },
		{ field: 'organisation_type', value: person.organisationType },
		{ field: 'country', value: person.country?.name },
		{ field: 'regions', value: person.regions?.join(', ') },
		{ field: 'languages', value: person.languages?.join(', ') },
		{ field: 'expertise', value: person.expertise?.join(', ') },
	]
	const shown = rows.filter((r) => r.value)
	return (
		<>
			<p className="muted">
				<Link to="/people">← People</Link>
			</p>
			<div className="page-heading">
				<h1>
					{person.name} <span className="muted">@{person.handle}</span>
				</h1>
				{self ? (
					<Link to="/profile/directory" className="button secondary">
						Edit your directory profile
					</Link>
				) : (
					<Link to={`/messages/new?to=${encodeURIComponent(person.handle)}`} className="button">
						Send a message
					</Link>
				)}
			</div>
			{own ? (
				<p className="flash flash-info" role="status">
					{own.listed
						? 'This is your directory profile. You see every field; the label beside each says who else sees it.'
						: 'You are not listed in the directory: only you see this page.'}
				</p>
			) : null}
			<section className="panel" aria-label="Profile">
				{shown.length ? (
					<dl className="fields">
						{shown.map((r) => (
							<Fragment key={r.field}>
								<dt>
									{FIELD_LABELS[r.field]} {note(r.field)}
								</dt>
								<dd data-field={r.field}>{r.value}</dd>
							</Fragment>
						))}
					</dl>
				) : (
					<p className="muted">This member shows only their name.</p>
				)}
				{person.bio ? (
					<div data-field="bio">
						<h2>
							{FIELD_LABELS.bio} {note('bio')}
						</h2>
						{/* Plain text as written: React escapes it, line breaks are kept by CSS. */}
						<p className="prewrap">{person.bio}</p>
					</div>
				) : null}
			</section>
		</>
	)
}
