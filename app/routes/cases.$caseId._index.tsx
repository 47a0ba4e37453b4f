import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CopyButton } from '~/components/copy-button'
import { caseLabels, facetValueLabel } from '~/models/case-labels.server'
import { caseForViewer, citationFor, presentCase, relatedCasesFor, setCaseStatus } from '~/models/cases.server'
import { postableForums, threadsAboutCase } from '~/models/forums.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requirePermission, requireViewer } from '~/utils/permissions.server'
import { clientIp, originOf } from '~/utils/request.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.record.title} (${data.record.id}) — Case law` : 'Case not found' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const row = await caseForViewer(viewer, params.caseId ?? '')
	if (!row) throw new Response('Not found', { status: 404 })
	const [labels, related, threads, forums] = await Promise.all([caseLabels(), relatedCasesFor(row), threadsAboutCase(viewer, row.id), postableForums(viewer)])
	const record = presentCase(row)
	return {
		record,
		labels: {
			region: record.region ? facetValueLabel(labels, 'region', record.region) : null,
			crimeTypes: record.crime_types.map((s) => ({ slug: s, label: facetValueLabel(labels, 'crime_type', s) })),
			articles: record.protocol_articles.map((a) => ({ slug: a, label: facetValueLabel(labels, 'article', a) })),
			conventionArticles: record.convention_articles.map((a) => labels.convention_article[a] ?? `Art. ${a}`),
			crossCutting: record.cross_cutting.map((s) => labels.cross_cutting[s] ?? s),
			courtLevel: facetValueLabel(labels, 'court_level', record.court_level),
			outcome: facetValueLabel(labels, 'outcome', record.outcome),
			legalSystem: facetValueLabel(labels, 'legal_system', record.legal_system),
			language: facetValueLabel(labels, 'language', record.language),
		},
		related: related.map((r) => ({ ...r, countryName: labels.countryName(r.country) })),
		citation: citationFor(row, originOf(request)),
		canEdit: can(viewer, 'publish:content'),
		threads: threads.map((t) => ({ id: t.id, title: t.title, forum: t.forum_name })),
		forums,
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const form = await request.formData()
	const intent = form.get('intent')
	if (intent !== 'publish' && intent !== 'unpublish') throw new Response('Unknown action', { status: 400 })
	const outcome = await setCaseStatus(viewer, params.caseId ?? '', intent === 'publish' ? 'published' : 'draft', clientIp(context))
	if (!outcome) throw new Response('Not found', { status: 404 })
	if ('problems' in outcome)
		return redirectWithFlash(`/cases/${params.caseId}/edit`, { kind: 'error', message: `Not published: ${outcome.problems.map((p) => p.message).join(' ')}` })
	return redirectWithFlash(`/cases/${params.caseId}`, { kind: 'success', message: intent === 'publish' ? 'The case is published.' : 'The case is now a draft, visible to staff only.' })
}

const SECTION_IDS: Record<string, string> = { Facts: 'facts', 'Procedural history': 'procedural-history', Decision: 'decision', Commentary: 'commentary' }

export default function CasePage() {
	const { record, labels, related, citation, canEdit, threads, forums } = useLoaderData<typeof loader>()
	return (
		<article className="case" lang={record.language}>
			{record.sample ? (
				<p className="flash flash-info sample-notice" lang="en">
					<strong>Sample case.</strong> This is fictional demonstration content, not a real court decision.
				</p>
			) : null}
			{record.status !== 'published' ? (
				<p className="flash flash-error" lang="en">
					<strong>Draft.</strong> Only staff can see this case.
				</p>
			) : null}
			<p className="muted case-id" lang="en">
				{record.id} · {record.countryName}
				{labels.region ? ` · ${labels.region}` : ''}
			</p>
			<h1>{record.title}</h1>
			{canEdit ? (
				<div className="actions no-print" lang="en">
					<Link to={`/cases/${record.id}/edit`} className="button secondary">
						Edit
					</Link>
					<Link to={`/cases/${record.id}/revisions`}>Revisions ({record.revision})</Link>
					<Form method="post">
						<input type="hidden" name="intent" value={record.status === 'published' ? 'unpublish' : 'publish'} />
						<button type="submit" className={record.status === 'published' ? 'secondary' : ''}>
							{record.status === 'published' ? 'Unpublish' : 'Publish'}
						</button>
					</Form>
				</div>
			) : null}
			<div className="case-layout">
				<div className="case-main">
					<section className="panel" aria-label="Case record" lang="en">
						<dl className="fields">
							<dt>Court</dt>
							<dd lang={record.language}>{record.court}</dd>
							<dt>Court level</dt>
							<dd>{labels.courtLevel}</dd>
							<dt>Decision date</dt>
							<dd>
								<time dateTime={record.decision_date}>{record.decision_date}</time>
							</dd>
							{record.docket ? (
								<>
									<dt>Docket</dt>
									<dd>{record.docket}</dd>
								</>
							) : null}
							<dt>Legal system</dt>
							<dd>{labels.legalSystem}</dd>
							<dt>Outcome</dt>
							<dd>{labels.outcome}</dd>
							<dt>Crime types</dt>
							<dd>
								{labels.crimeTypes.map((c, i) => (
									<span key={c.slug}>
										{i ? ', ' : ''}
										<Link to={`/cases?crime_type=${c.slug}`}>{c.label}</Link>
									</span>
								))}
							</dd>
							<dt>Firearms Protocol</dt>
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
							<dt>Convention (UNTOC)</dt>
							<dd>{labels.conventionArticles.join('; ') || '—'}</dd>
							{labels.crossCutting.length ? (
								<>
									<dt>Cross-cutting issues</dt>
									<dd>{labels.crossCutting.join(', ')}</dd>
								</>
							) : null}
							<dt>Language of summary</dt>
							<dd>{labels.language}</dd>
							{record.keywords.length ? (
								<>
									<dt>Keywords</dt>
									<dd lang={record.language}>{record.keywords.join(', ')}</dd>
								</>
							) : null}
						</dl>
					</section>

					{record.defendants.length ? (
						<section aria-labelledby="defendants-heading" lang="en">
							<h2 id="defendants-heading">Defendants</h2>
							<div className="table-wrap">
								<table>
									<thead>
										<tr>
											<th scope="col">Defendant</th>
											<th scope="col">Nationality</th>
											<th scope="col">Charges</th>
											<th scope="col">Verdict</th>
											<th scope="col">Sentence</th>
										</tr>
									</thead>
									<tbody>
										{record.defendants.map((d, i) => (
											<tr key={i}>
												<td lang={record.language}>
													{d.name ?? d.label}
													{d.kind === 'legal-person' ? <span className="badge">legal person</span> : null}
												</td>
												<td>{d.nationality ?? '—'}</td>
												<td lang={record.language}>{d.charges.join('; ') || '—'}</td>
												<td>{d.verdict ?? '—'}</td>
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
							<h2 id="firearms-heading" lang="en">
								Firearms and items seized
							</h2>
							<ul>
								{record.firearms.map((f, i) => (
									<li key={i}>
										{f.quantity !== undefined ? `${f.quantity.toLocaleString('en')} × ` : ''}
										{f.type}
									</li>
								))}
							</ul>
						</section>
					) : null}

					{Object.entries(record.sectionsHtml).map(([title, html]) =>
						html ? (
							<section key={title} aria-labelledby={SECTION_IDS[title]}>
								<h2 id={SECTION_IDS[title]} lang="en">
									{title}
								</h2>
								<div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
							</section>
						) : null,
					)}

					{record.sources.length ? (
						<section aria-labelledby="sources-heading" lang="en">
							<h2 id="sources-heading">Sources</h2>
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
				<aside className="case-aside" lang="en">
					<section className="panel" aria-labelledby="cite-heading">
						<h2 id="cite-heading">Cite this case</h2>
						<p id="citation" className="citation">
							{citation}
						</p>
						<CopyButton targetId="citation" label="Copy citation" />
					</section>
					<section className="panel" aria-labelledby="related-heading">
						<h2 id="related-heading">Related cases</h2>
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
							<p>No related case yet.</p>
						)}
					</section>
					<section className="panel" aria-labelledby="discussions-heading">
						<h2 id="discussions-heading">Discussions</h2>
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
							<p className="muted">No forum thread you can read refers to this case yet.</p>
						)}
						{record.status === 'published' && forums.length ? (
							<Form method="get" action="/forums/discuss" className="no-print">
								<input type="hidden" name="case" value={record.id} />
								<label htmlFor="discuss-forum">Discuss this case in</label>
								<select id="discuss-forum" name="forum">
									{forums.map((f) => (
										<option key={f.slug} value={f.slug}>
											{f.name}
										</option>
									))}
								</select>
								<button type="submit" className="secondary">
									Discuss this case
								</button>
							</Form>
						) : null}
					</section>
				</aside>
			</div>
		</article>
	)
}
