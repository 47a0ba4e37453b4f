import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CopyButton } from '~/components/copy-button'
import { caseLabels, facetValueLabel } from '~/models/case-labels.server'
import { caseForViewer, citationFor, presentCase, relatedCasesFor, setCaseStatus } from '~/models/cases.server'
import { postableForums, threadsAboutCase } from '~/models/forums.server'
import { forumNamer } from '~/models/forum-names.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requirePermission, requireViewer } from '~/utils/permissions.server'
import { clientIp, originOf, readForm } from '~/utils/request.server'
import { caseValueLabel } from '~/components/case-labels'
import { LocalTime, metaT, useIntl, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: data ? t('cases.case.metaTitle', { title: data.record.title, id: data.record.id }) : t('cases.case.metaNotFound') }]
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const row = await caseForViewer(viewer, params.caseId ?? '')
	if (!row) throw new Response('Not found', { status: 404 })
	const locale = resolveLocale(request, viewer)
	const [labels, related, threads, forums, names] = await Promise.all([caseLabels(locale), relatedCasesFor(row), threadsAboutCase(viewer, row.id), postableForums(viewer), forumNamer(locale)])
	// The country in the reader's language (presentCase names it in English, as the citation does).
	const record = { ...presentCase(row), countryName: labels.countryName(row.country) }
	return {
		record,
		labels: {
			region: record.region ? facetValueLabel(labels, 'region', record.region) : null,
			crimeTypes: record.crime_types.map((s) => ({ slug: s, label: facetValueLabel(labels, 'crime_type', s) })),
			articles: record.protocol_articles.map((a) => ({ slug: a, label: facetValueLabel(labels, 'article', a) })),
			conventionArticles: record.convention_articles.map((a) => labels.convention_article[a] ?? labels.articleNumber(a)),
			crossCutting: record.cross_cutting.map((s) => labels.cross_cutting[s] ?? s),
			courtLevel: facetValueLabel(labels, 'court_level', record.court_level),
			outcome: facetValueLabel(labels, 'outcome', record.outcome),
			legalSystem: facetValueLabel(labels, 'legal_system', record.legal_system),
			language: facetValueLabel(labels, 'language', record.language),
		},
		related: related.map((r) => ({ ...r, countryName: labels.countryName(r.country) })),
		citation: citationFor(row, originOf(request)),
		canEdit: can(viewer, 'publish:content'),
		threads: threads.map((t) => ({ id: t.id, title: t.title, forum: names.name({ ...t, name: t.forum_name }) })),
		forums: forums.map((f) => ({ slug: f.slug, name: names.name(f) })),
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, context.viewer)
	const form = await readForm(request)
	const intent = form.get('intent')
	if (intent !== 'publish' && intent !== 'unpublish') throw new Response(t('cases.case.unknownAction'), { status: 400 })
	const outcome = await setCaseStatus(viewer, params.caseId ?? '', intent === 'publish' ? 'published' : 'draft', clientIp(context))
	if (!outcome) throw new Response('Not found', { status: 404 })
	if ('problems' in outcome)
		return redirectWithFlash(`/cases/${params.caseId}/edit`, { kind: 'error', message: t('cases.case.notPublished', { problems: outcome.problems.map((p) => p.message).join(' ') }) })
	return redirectWithFlash(`/cases/${params.caseId}`, { kind: 'success', message: intent === 'publish' ? t('cases.case.published') : t('cases.case.unpublished') })
}

const SECTION_IDS: Record<string, string> = { Facts: 'facts', 'Procedural history': 'procedural-history', Decision: 'decision', Commentary: 'commentary' }
const SECTION_TITLE_KEYS: Record<string, string> = {
	Facts: 'cases.section.facts',
	'Procedural history': 'cases.section.procedural',
	Decision: 'cases.section.decision',
	Commentary: 'cases.section.commentary',
}
const VERDICT_KEYS: Record<string, string> = {
	convicted: 'cases.case.verdictConvicted',
	acquitted: 'cases.case.verdictAcquitted',
	pending: 'cases.case.verdictPending',
	other: 'cases.case.verdictOther',
}

export default function CasePage() {
	const { record, labels, related, citation, canEdit, threads, forums } = useLoaderData<typeof loader>()
	const t = useT()
	const intl = useIntl()
	// The case is written in its own language; the interface around it is in the reader's.
	const ui = intl.locale
	return (
		<article className="case" lang={record.language}>
			{record.sample ? (
				<p className="flash flash-info sample-notice" lang={ui}>
					{t('cases.case.sampleNotice', { strong: (chunks) => <strong>{chunks}</strong> })}
				</p>
			) : null}
			{record.status !== 'published' ? (
				<p className="flash flash-error" lang={ui}>
					{t('cases.case.draftNotice', { strong: (chunks) => <strong>{chunks}</strong> })}
				</p>
			) : null}
			<p className="muted case-id" lang={ui}>
				{record.id} · {record.countryName}
				{labels.region ? ` · ${labels.region}` : ''}
			</p>
			<h1>{record.title}</h1>
			{canEdit ? (
				<div className="actions no-print" lang={ui}>
					<Link to={`/cases/${record.id}/edit`} className="button secondary">
						{t('cases.case.edit')}
					</Link>
					<Link to={`/cases/${record.id}/revisions`}>{t('cases.case.revisions', { revision: record.revision })}</Link>
					<Form method="post">
						<input type="hidden" name="intent" value={record.status === 'published' ? 'unpublish' : 'publish'} />
						<button type="submit" className={record.status === 'published' ? 'secondary' : ''}>
							{record.status === 'published' ? t('cases.case.unpublish') : t('cases.case.publish')}
						</button>
					</Form>
				</div>
			) : null}
			<div className="case-layout">
				<div className="case-main">
					<section className="panel" aria-label={t('cases.case.record')} lang={ui}>
						<dl className="fields">
							<dt>{t('cases.case.court')}</dt>
							<dd lang={record.language}>{record.court}</dd>
							<dt>{t('cases.case.courtLevel')}</dt>
							<dd>{caseValueLabel(t, 'court_level', record.court_level, labels.courtLevel)}</dd>
							<dt>{t('cases.case.decisionDate')}</dt>
							<dd>
								<LocalTime value={record.decision_date} />
							</dd>
							{record.docket ? (
								<>
									<dt>{t('cases.case.docket')}</dt>
									<dd>{record.docket}</dd>
								</>
							) : null}
							<dt>{t('cases.case.legalSystem')}</dt>
							<dd>{caseValueLabel(t, 'legal_system', record.legal_system, labels.legalSystem)}</dd>
							<dt>{t('cases.case.outcome')}</dt>
							<dd>{caseValueLabel(t, 'outcome', record.outcome, labels.outcome)}</dd>
							<dt>{t('cases.case.crimeTypes')}</dt>
							<dd>
								{labels.crimeTypes.map((c, i) => (
									<span key={c.slug}>
										{i ? ', ' : ''}
										<Link to={`/cases?crime_type=${c.slug}`}>{c.label}</Link>
									</span>
								))}
							</dd>
							<dt>{t('cases.case.protocol')}</dt>
							<dd>
								{labels.articles.length
									? labels.articles.map((a, i) => (
											<span key={a.slug}>
												{i ? '; ' : ''}
												<Link to={`/cases?article=${a.slug}`}>{a.label}</Link>
											</span>
										))
									: '—'}
							</dd>
							<dt>{t('cases.case.convention')}</dt>
							<dd>{labels.conventionArticles.join('; ') || '—'}</dd>
							{labels.crossCutting.length ? (
								<>
									<dt>{t('cases.case.crossCutting')}</dt>
									<dd>{labels.crossCutting.join(', ')}</dd>
								</>
							) : null}
							<dt>{t('cases.case.language')}</dt>
							<dd>{caseValueLabel(t, 'language', record.language, labels.language)}</dd>
							{record.keywords.length ? (
								<>
									<dt>{t('cases.case.keywords')}</dt>
									<dd lang={record.language}>{record.keywords.join(', ')}</dd>
								</>
							) : null}
						</dl>
					</section>

					{record.defendants.length ? (
						<section aria-labelledby="defendants-heading" lang={ui}>
							<h2 id="defendants-heading">{t('cases.case.defendants')}</h2>
							<div className="table-wrap">
								<table>
									<thead>
										<tr>
											<th scope="col">{t('cases.case.defendant')}</th>
											<th scope="col">{t('cases.case.nationality')}</th>
											<th scope="col">{t('cases.case.charges')}</th>
											<th scope="col">{t('cases.case.verdict')}</th>
											<th scope="col">{t('cases.case.sentence')}</th>
										</tr>
									</thead>
									<tbody>
										{record.defendants.map((d, i) => (
											<tr key={i}>
												<td lang={record.language}>
													{d.name ?? d.label}
													{d.kind === 'legal-person' ? <span className="badge">{t('cases.case.legalPerson')}</span> : null}
												</td>
												<td>{d.nationality ?? '—'}</td>
												<td lang={record.language}>{d.charges.join('; ') || '—'}</td>
												<td>{d.verdict ? (VERDICT_KEYS[d.verdict] ? t(VERDICT_KEYS[d.verdict]) : d.verdict) : '—'}</td>
												<td lang={record.language}>{d.sentence ?? '—'}</td>
											</tr>
										))}
									</tbody>
								</table>
							</div>
						</section>
					) : null}

					{record.firearms.length ? (
						<section aria-labelledby="firearms-heading">
							<h2 id="firearms-heading" lang={ui}>
								{t('cases.case.firearms')}
							</h2>
							<ul>
								{record.firearms.map((f, i) => (
									<li key={i}>
										{f.quantity !== undefined ? `${intl.formatNumber(f.quantity)} × ` : ''}
										{f.type}
									</li>
								))}
							</ul>
						</section>
					) : null}

					{Object.entries(record.sectionsHtml).map(([title, html]) =>
						html ? (
							<section key={title} aria-labelledby={SECTION_IDS[title]}>
								<h2 id={SECTION_IDS[title]} lang={ui}>
									{SECTION_TITLE_KEYS[title] ? t(SECTION_TITLE_KEYS[title]) : title}
								</h2>
								<div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
							</section>
						) : null,
					)}

					{record.sources.length ? (
						<section aria-labelledby="sources-heading" lang={ui}>
							<h2 id="sources-heading">{t('cases.case.sources')}</h2>
							<ul>
								{record.sources.map((s) => (
									<li key={s.url}>
										<a href={s.url} rel="nofollow noopener noreferrer">
											{s.title}
										</a>
									</li>
								))}
							</ul>
						</section>
					) : null}
				</div>
				<aside className="case-aside" lang={ui}>
					<section className="panel" aria-labelledby="cite-heading">
						<h2 id="cite-heading">{t('cases.case.cite')}</h2>
						<p id="citation" className="citation">
							{citation}
						</p>
						<CopyButton targetId="citation" label={t('cases.case.copyCitation')} />
					</section>
					<section className="panel" aria-labelledby="related-heading">
						<h2 id="related-heading">{t('cases.case.related')}</h2>
						{related.length ? (
							<ul className="related">
								{related.map((r) => (
									<li key={r.id}>
										<Link to={`/cases/${r.id}`}>{r.title}</Link>
										<br />
										<span className="muted">
											{r.id} · {r.countryName} · {r.decision_date.slice(0, 4)}
										</span>
									</li>
								))}
							</ul>
						) : (
							<p>{t('cases.case.noRelated')}</p>
						)}
					</section>
					<section className="panel" aria-labelledby="discussions-heading">
						<h2 id="discussions-heading">{t('cases.case.discussions')}</h2>
						{threads.length ? (
							<ul className="related">
								{threads.map((t) => (
									<li key={t.id}>
										<Link to={`/threads/${t.id}`}>{t.title}</Link>
										<br />
										<span className="muted">{t.forum}</span>
									</li>
								))}
							</ul>
						) : (
							<p className="muted">{t('cases.case.noDiscussions')}</p>
						)}
						{record.status === 'published' && forums.length ? (
							<Form method="get" action="/forums/discuss" className="no-print">
								<input type="hidden" name="case" value={record.id} />
								<label htmlFor="discuss-forum">{t('cases.case.discussIn')}</label>
								<select id="discuss-forum" name="forum">
									{forums.map((f) => (
										<option key={f.slug} value={f.slug}>
											{f.name}
										</option>
									))}
								</select>
								<button type="submit" className="secondary">
									{t('cases.case.discuss')}
								</button>
							</Form>
						) : null}
					</section>
				</aside>
			</div>
		</article>
	)
}
