import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { recommendationPage } from '~/models/recommendations.server'
import { taxonomy } from '~/models/taxonomy.server'
import { requireViewer } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'
import { termName } from '~/models/case-labels.server'
import type { Term } from '~/models/taxonomy.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('guidance.rec.metaTitle', { heading: data?.heading ?? t('guidance.rec.metaFallback') }) }]
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const t = requestT(request, viewer)
	const locale = resolveLocale(request, viewer)
	const name = (term: Term | undefined) => (term ? termName(term, locale) : undefined)
	const r = await recommendationPage(viewer, params.recId ?? '')
	if (!r) throw new Response('Not found', { status: 404 })
	const terms = await taxonomy()
	return {
		heading: t('guidance.rec.heading', { number: r.number, meeting: r.meeting_number }),
		meeting: r.meeting ? { id: r.meeting.id, title: r.meeting.title ?? t('guidance.rec.theMeeting') } : null,
		theme: name(terms.themes.find((x) => x.slug === r.theme)) ?? r.theme,
		themeSlug: r.theme,
		articles: r.articles.map((a) => ({ number: a, title: name(terms.protocol_articles.find((x) => x.slug === a)) ?? '' })),
		symbol: r.document_symbol,
		notes: r.status_notes,
		html: r.html,
		guidance: r.guidance,
		cases: r.cases,
	}
}

export default function Recommendation() {
	const r = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<article>
			<p>
				<Link to="/recommendations">{t('guidance.rec.back')}</Link>
			</p>
			<h1>{r.heading}</h1>
			<dl className="fields">
				<dt>{t('guidance.rec.adoptedAt')}</dt>
				<dd>{r.meeting ? <Link to={`/events/${r.meeting.id}`}>{r.meeting.title}</Link> : '—'}</dd>
				<dt>{t('guidance.rec.theme')}</dt>
				<dd>
					<Link to={`/recommendations?theme=${r.themeSlug}`}>{r.theme}</Link>
				</dd>
				<dt>{t('guidance.rec.protocol')}</dt>
				<dd>{r.articles.length ? r.articles.map((a) => t('guidance.rec.article', { number: a.number, title: a.title })).join('; ') : '—'}</dd>
				<dt>{t('guidance.rec.document')}</dt>
				<dd>{r.symbol}</dd>
			</dl>
			<div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
			{r.notes ? <p className="muted">{r.notes}</p> : null}
			<section aria-labelledby="guidance-heading">
				<h2 id="guidance-heading">{t('guidance.rec.guidance')}</h2>
				{r.guidance.length ? (
					<ul>
						{r.guidance.map((g) => (
							<li key={g.id}>
								<Link to={`/guidance/${g.id}`}>{g.title}</Link>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('guidance.rec.noGuidance')}</p>
				)}
			</section>
			<section aria-labelledby="cases-heading">
				<h2 id="cases-heading">{t('guidance.rec.cases')}</h2>
				{r.cases.length ? (
					<ul>
						{r.cases.map((c) => (
							<li key={c.id}>
								<Link to={`/cases/${c.id}`}>{c.title}</Link> <span className="muted">({c.id}, {c.decision_date.slice(0, 4)})</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('guidance.rec.noCases')}</p>
				)}
			</section>
		</article>
	)
}
