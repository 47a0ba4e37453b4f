import { readForm } from '~/utils/request.server'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { caseLabels, FACET_TITLES, facetValueLabel } from '~/models/case-labels.server'
import { parseCaseSearchParams } from '~/models/cases.server'
import { createSavedSearch, deleteSavedSearch, MAX_SAVED_SEARCHES, savedSearchesOf, savedSearchSchema, updateSavedSearchEmail } from '~/models/saved-searches.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { caseFacetTitle, caseValueLabel } from '~/components/case-labels'
import { metaT, useT } from '~/i18n'
import { useTranslateError } from '~/i18n/validation'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('search.saved.metaTitle') }]

const EMAIL_LABEL_KEYS = { none: 'search.saved.emailNone', immediate: 'search.saved.emailImmediate', daily: 'search.saved.emailDaily' } as const

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const t = requestT(request, context.viewer)
	const [searches, labels] = await Promise.all([savedSearchesOf(viewer.id), caseLabels(resolveLocale(request, context.viewer))])
	return {
		searches: searches.map((s) => {
			const parsed = parseCaseSearchParams(new URLSearchParams(s.query))
			const summary: string[] = []
			if (parsed.success) {
				if (parsed.data.q) summary.push(t('search.saved.summaryQuery', { q: parsed.data.q }))
				for (const facet of ['region', 'country', 'crime_type', 'article', 'court_level', 'outcome', 'language', 'legal_system'] as const)
					if (parsed.data[facet].length)
						summary.push(
							t('search.saved.summaryFacet', {
								facet: caseFacetTitle(t, facet, FACET_TITLES[facet]),
								values: parsed.data[facet].map((v) => caseValueLabel(t, facet, v, facetValueLabel(labels, facet, v))).reduce((a, b) => t('search.saved.summaryOr', { a, b })),
							}),
						)
				if (parsed.data.year_from || parsed.data.year_to) summary.push(t('search.saved.summaryYears', { from: parsed.data.year_from ?? '…', to: parsed.data.year_to ?? '…' }))
			}
			return { id: s.id, name: s.name, query: s.query, email: s.email, summary: summary.join(' · ') || t('search.saved.allCases') }
		}),
	}
}

const idSchema = z.coerce.number().int().positive()

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const t = requestT(request, context.viewer)
	const formData = await readForm(request)
	const intent = formData.get('intent')
	if (intent === 'create') {
		const submission = parseWithZod(formData, {
			schema: savedSearchSchema.refine((v) => parseCaseSearchParams(new URLSearchParams(v.query)).success, { path: ['query'], message: t('search.saved.invalidFilters') }),
		})
		if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
		// Pagination is not part of what a saved search means.
		const query = new URLSearchParams(submission.value.query)
		query.delete('page')
		const outcome = await createSavedSearch(viewer.id, { ...submission.value, query: query.toString() })
		if (outcome.kind === 'limit') return data({ result: submission.reply({ formErrors: [t('search.saved.limit', { max: MAX_SAVED_SEARCHES })] }) }, { status: 400 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: t('search.saved.created', { name: submission.value.name }) })
	}
	const id = idSchema.safeParse(formData.get('id'))
	if (!id.success) return data({ result: { status: 'error' as const, error: { '': [t('search.saved.unknown')] } } }, { status: 400 })
	if (intent === 'delete') {
		if (!(await deleteSavedSearch(viewer.id, id.data))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: t('search.saved.deleted') })
	}
	if (intent === 'email') {
		const email = z.enum(['none', 'immediate', 'daily']).safeParse(formData.get('email'))
		if (!email.success) return data({ result: { status: 'error' as const, error: { '': [t('search.saved.chooseEmail')] } } }, { status: 400 })
		if (!(await updateSavedSearchEmail(viewer.id, id.data, email.data))) throw new Response('Not found', { status: 404 })
		return redirectWithFlash('/saved-searches', { kind: 'success', message: t('search.saved.emailSaved') })
	}
	return data({ result: { status: 'error' as const, error: { '': [t('search.saved.unknownAction')] } } }, { status: 400 })
}

export default function SavedSearches() {
	const { searches } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const tr = useTranslateError()
	const errors = Object.values((actionData?.result?.error ?? {}) as Record<string, string[] | null>).flat().filter(Boolean)
	return (
		<>
			<h1>{t('search.saved.heading')}</h1>
			{errors.length ? <p className="form-error" role="alert">{errors.map((e) => tr(e ?? '')).join(' ')}</p> : null}
			{searches.length === 0 ? (
				<p className="panel">
					{t('search.saved.empty', { link: (chunks) => <Link to="/cases">{chunks}</Link> })}
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
									<label htmlFor={`email-${s.id}`}>{t('search.saved.alerts')}</label>
									<select id={`email-${s.id}`} name="email" defaultValue={s.email}>
										{Object.entries(EMAIL_LABEL_KEYS).map(([v, key]) => (
											<option key={v} value={v}>
												{t(key)}
											</option>
										))}
									</select>
									<button type="submit" className="secondary">
										{t('search.saved.save')}
									</button>
								</Form>
								<Form method="post">
									<input type="hidden" name="intent" value="delete" />
									<input type="hidden" name="id" value={s.id} />
									<button type="submit" className="danger" aria-label={t('search.saved.deleteLabel', { name: s.name })}>
										{t('search.saved.delete')}
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
