import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { caseLabels, FACET_TITLES, facetValueLabel } from '~/models/case-labels.server'
import { parseCaseSearchParams } from '~/models/cases.server'
import { createSavedSearch, deleteSavedSearch, MAX_SAVED_SEARCHES, savedSearchesOf, savedSearchSchema, updateSavedSearchEmail } from '~/models/saved-searches.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Saved searches — Practitioners Portal' }]

const EMAIL_LABELS = { none: 'In the portal only', immediate: 'Email immediately', daily: 'Daily email digest' } as const

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const [searches, labels] = await Promise.all([savedSearchesOf(viewer.id), caseLabels()])
	return {
		searches: searches.map((s) => {
			const parsed = parseCaseSearchParams(new URLSearchParams(s.query))
			const summary: string[] = []
			if (parsed.success) {
				if (parsed.data.q) summary.push(`“${parsed.data.q}”`)
				for (const facet of ['region', 'country', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system'] as const)
					if (parsed.data[facet].length) summary.push(`${FACET_TITLES[facet]}: ${parsed.data[facet].map((v) => facetValueLabel(labels, facet, v)).join(' or ')}`)
				if (parsed.data.year_from || parsed.data.year_to) summary.push(`Years ${parsed.data.year_from ?? '…'}–${parsed.data.year_to ?? '…'}`)
			}
			return { id: s.id, name: s.name, query: s.query, email: s.email, summary: summary.join(' · ') || 'All cases' }
		}),
	}
}

const idSchema = z.coerce.number().int().positive()

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'create') {
		const submission = parseWithZod(formData, {
			schema: savedSearchSchema.refine((v) => parseCaseSearchParams(new URLSearchParams(v.query)).success, { path: ['query'], message: 'This search has invalid filters.' }),
		})
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		// Pagination is not part of what a saved search means.
		const query = new URLSearchParams(submission.value.query)
		query.delete('page')
		const outcome = await createSavedSearch(viewer.id, { ...submission.value, query: query.toString() })
		if (outcome.kind === 'limit') return data({ result: submission.reply({ formErrors: [`You can keep at most ${MAX_SAVED_SEARCHES} saved searches. Delete one first.`] }) }, { status: 400 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: `Saved “${submission.value.name}”. We will tell you when a new case matches.` })
	}
	const id = idSchema.safeParse(formData.get('id'))
	if (!id.success) return data({ result: { status: 'error' as const, error: { '': ['Unknown saved search.'] } } }, { status: 400 })
	if (intent === 'delete') {
		if (!(await deleteSavedSearch(viewer.id, id.data))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: 'Saved search deleted.' })
	}
	if (intent === 'email') {
		const email = z.enum(['none', 'immediate', 'daily']).safeParse(formData.get('email'))
		if (!email.success) return data({ result: { status: 'error' as const, error: { '': ['Choose how to be told.'] } } }, { status: 400 })
		if (!(await updateSavedSearchEmail(viewer.id, id.data, email.data))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: 'Alert setting saved.' })
	}
	return data({ result: { status: 'error' as const, error: { '': ['Unknown action.'] } } }, { status: 400 })
}

export default function SavedSearches() {
	const { searches } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = Object.values((actionData?.result?.error ?? {}) as Record<string, string[] | null>).flat().filter(Boolean)
	return (
		<>
			<h1>Saved searches</h1>
			{errors.length ? <p className="form-error" role="alert">{errors.join(' ')}</p> : null}
			{searches.length === 0 ? (
				<p className="panel">
					You have no saved search. Run a <Link to="/cases">case search</Link> and choose “Save search” to be told about new matching cases.
				</p>
			) : (
				<ul className="saved-searches">
					{searches.map((s) => (
						<li key={s.id} className="panel">
							<h2>
								<Link to={`/cases?${s.query}`}>{s.name}</Link>
							</h2>
							<p className="muted">{s.summary}</p>
							<div className="actions">
								<Form method="post" className="actions">
									<input type="hidden" name="intent" value="email" />
									<input type="hidden" name="id" value={s.id} />
									<label htmlFor={`email-${s.id}`}>Alerts</label>
									<select id={`email-${s.id}`} name="email" defaultValue={s.email}>
										{Object.entries(EMAIL_LABELS).map(([v, l]) => (
											<option key={v} value={v}>
												{l}
											</option>
										))}
									</select>
									<button type="submit" className="secondary">
										Save
									</button>
								</Form>
								<Form method="post">
									<input type="hidden" name="intent" value="delete" />
									<input type="hidden" name="id" value={s.id} />
									<button type="submit" className="danger" aria-label={`Delete saved search ${s.name}`}>
										Delete
									</button>
								</Form>
							</div>
						</li>
					))}
				</ul>
			)}
		</>
	)
}
