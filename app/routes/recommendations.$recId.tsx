import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ordinal, recommendationPage } from '~/models/recommendations.server'
import { taxonomy } from '~/models/taxonomy.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? 'Recommendation'} — Working Group recommendations` }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requireViewer(context, request)
	const r = await recommendationPage(params.recId ?? '')
	if (!r) throw new Response('Not found', { status: 404 })
	const terms = await taxonomy()
	return {
		heading: `Recommendation ${r.number} of the ${ordinal(r.meeting_number)} meeting`,
		meeting: r.meeting_event_id ? { id: r.meeting_event_id, title: r.meeting_title ?? 'the meeting' } : null,
		theme: terms.themes.find((t) => t.slug === r.theme)?.en ?? r.theme,
		themeSlug: r.theme,
		articles: r.articles.map((a) => ({ number: a, title: terms.protocol_articles.find((t) => t.slug === a)?.en ?? '' })),
		symbol: r.document_symbol,
		notes: r.status_notes,
		html: r.html,
		guidance: r.guidance,
		cases: r.cases,
	}
}

export default function Recommendation() {
	const r = useLoaderData<typeof loader>()
	return (
		<article>
			<p>
				<Link to="/recommendations">Working Group recommendations</Link>
			</p>
			<h1>{r.heading}</h1>
			<dl className="fields">
				<dt>Adopted at</dt>
				<dd>{r.meeting ? <Link to={`/events/${r.meeting.id}`}>{r.meeting.title}</Link> : '—'}</dd>
				<dt>Theme</dt>
				<dd>
					<Link to={`/recommendations?theme=${r.themeSlug}`}>{r.theme}</Link>
				</dd>
				<dt>Firearms Protocol</dt>
				<dd>{r.articles.length ? r.articles.map((a) => `Article ${a.number} (${a.title})`).join('; ') : '—'}</dd>
				<dt>Official document</dt>
				<dd>{r.symbol}</dd>
			</dl>
			<div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
			{r.notes ? <p className="muted">{r.notes}</p> : null}
			<section aria-labelledby="guidance-heading">
				<h2 id="guidance-heading">Guidance on the same articles</h2>
				{r.guidance.length ? (
					<ul>
						{r.guidance.map((g) => (
							<li key={g.id}>
								<Link to={`/guidance/${g.id}`}>{g.title}</Link>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">None yet.</p>
				)}
			</section>
			<section aria-labelledby="cases-heading">
				<h2 id="cases-heading">Cases on the same articles</h2>
				{r.cases.length ? (
					<ul>
						{r.cases.map((c) => (
							<li key={c.id}>
								<Link to={`/cases/${c.id}`}>{c.title}</Link> <span className="muted">({c.id}, {c.decision_date.slice(0, 4)})</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">None in the library yet.</p>
				)}
			</section>
		</article>
	)
}
