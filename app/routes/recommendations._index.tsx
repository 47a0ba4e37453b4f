import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { ThemeAndArticleFilters } from '~/components/guidance-filters'
import { z } from '~/utils/zod.server'
import { meetingsWithRecommendations, recommendationsList } from '~/models/recommendations.server'
import { guidanceFilterOptions } from '~/models/guidance-editor.server'
import { requireViewer } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'
import { resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.recs.metaTitle') }]

// Built when the loader runs, so zod stays on the server (see utils/zod.server.ts).
const filterSchema = () =>
	z.object({
		meeting: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
		theme: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
		article: z.string().regex(/^\d{1,2}$/).optional(),
	})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const filter = filterSchema().catch({}).parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	const { themes, articles } = await guidanceFilterOptions(resolveLocale(request, viewer))
	const meetings = await meetingsWithRecommendations(viewer)
	// A meeting the viewer may not open is not a filter: its id would otherwise be confirmed by the results.
	if (filter.meeting && !meetings.some((m) => m.id === filter.meeting)) filter.meeting = undefined
	const items = await recommendationsList(filter)
	return {
		filter,
		meetings: meetings.map((m) => ({ id: m.id, meeting: m.meeting_number, count: m.n })),
		themes,
		articles,
		items: items.map((r) => {
			const theme = themes.find((t) => t.value === r.theme)
			return { id: r.id, number: r.number, meeting: r.meeting_number, theme: theme ? theme.label : r.theme, articles: r.articles, summary: r.summaryText.replace(/^Summary \(not the official text\):\s*/, '') }
		}),
	}
}

export default function Recommendations() {
	const { items, meetings, themes, articles, filter } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p>
				<Link to="/guidance">{t('guidance.recs.back')}</Link>
			</p>
			<h1>{t('guidance.recs.heading')}</h1>
			<p className="muted">{t('guidance.recs.lead')}</p>
			<Form method="get" className="filters inline-form" aria-label={t('guidance.recs.filterLabel')}>
				<FilterSelect
					id="r-meeting"
					name="meeting"
					label={t('guidance.recs.meeting')}
					allLabel={t('guidance.recs.allMeetings')}
					value={filter.meeting}
					options={meetings.map((m) => ({ value: m.id, label: t('guidance.recs.meetingOption', { meeting: m.meeting, count: m.count }) }))}
				/>
				<ThemeAndArticleFilters idPrefix="r" themes={themes} articles={articles} theme={filter.theme} article={filter.article} />
				<button type="submit">{t('guidance.list.show')}</button>
			</Form>
			<p role="status">{t('guidance.recs.count', { count: items.length })}</p>
			<ol className="recommendations">
				{items.map((r) => (
					<li key={r.id} className="panel">
						<h2 className="h3">
							<Link to={`/recommendations/${r.id}`}>
								{t('guidance.recs.itemTitle', { meeting: r.meeting, number: r.number })}
							</Link>
						</h2>
						<p>{r.summary}</p>
						<p className="muted">
							{r.theme}
							{r.articles.length ? ` · ${t('guidance.list.protocolArticles', { count: r.articles.length, list: r.articles.join(', ') })}` : ''}
						</p>
					</li>
				))}
			</ol>
		</>
	)
}
