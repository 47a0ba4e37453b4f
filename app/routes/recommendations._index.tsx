import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { z } from 'zod'
import { meetingsWithRecommendations, ordinal, recommendationsList } from '~/models/recommendations.server'
import { taxonomy } from '~/models/taxonomy.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Working Group recommendations — Practitioners Portal' }]

const filterSchema = z.object({
	meeting: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
	theme: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
	article: z.string().regex(/^\d{1,2}$/).optional(),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	requireViewer(context, request)
	const filter = filterSchema.catch({}).parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	const terms = await taxonomy()
	const items = await recommendationsList(filter)
	return {
		filter,
		meetings: (await meetingsWithRecommendations()).map((m) => ({ id: m.id, label: `${ordinal(m.meeting_number)} meeting (${m.n})` })),
		themes: terms.themes.map((t) => ({ slug: t.slug, label: t.en })),
		articles: terms.protocol_articles.map((a) => ({ slug: a.slug, label: `Article ${a.slug}: ${a.en}` })),
		items: items.map((r) => ({ id: r.id, number: r.number, meeting: `${ordinal(r.meeting_number)} meeting`, theme: terms.themes.find((t) => t.slug === r.theme)?.en ?? r.theme, articles: r.articles, summary: r.summaryText.replace(/^Summary \(not the official text\):\s*/, '') })),
	}
}

export default function Recommendations() {
	const { items, meetings, themes, articles, filter } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/guidance">Guidance</Link>
			</p>
			<h1>Recommendations of the Working Group on Firearms</h1>
			<p className="muted">Short summaries written for this portal, each with the symbol of the official document; they are not the official wording.</p>
			<Form method="get" className="filters inline-form" aria-label="Filter recommendations">
				<FilterSelect id="r-meeting" name="meeting" label="Meeting" allLabel="All meetings" value={filter.meeting} options={meetings.map((m) => ({ value: m.id, label: m.label }))} />
				<FilterSelect id="r-theme" name="theme" label="Theme" allLabel="All themes" value={filter.theme} options={themes.map((t) => ({ value: t.slug, label: t.label }))} />
				<FilterSelect id="r-article" name="article" label="Protocol article" allLabel="All articles" value={filter.article} options={articles.map((a) => ({ value: a.slug, label: a.label }))} />
				<button type="submit">Show</button>
			</Form>
			<p role="status">
				{items.length} recommendation{items.length === 1 ? '' : 's'}
			</p>
			<ol className="recommendations">
				{items.map((r) => (
					<li key={r.id} className="panel">
						<h2 className="h3">
							<Link to={`/recommendations/${r.id}`}>
								{r.meeting}, recommendation {r.number}
							</Link>
						</h2>
						<p>{r.summary}</p>
						<p className="muted">
							{r.theme}
							{r.articles.length ? ` · Protocol article${r.articles.length === 1 ? '' : 's'} ${r.articles.join(', ')}` : ''}
						</p>
					</li>
				))}
			</ol>
		</>
	)
}
