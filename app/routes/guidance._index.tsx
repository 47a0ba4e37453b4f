import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { ThemeAndArticleFilters } from '~/components/guidance-filters'
import { z } from '~/utils/zod.server'
import { GUIDANCE_LANGUAGES } from '../../db/guidance/record'
import { publishedGuidance, setThemeSubscription, subscribedThemes, workingCopies } from '~/models/guidance.server'
import { regionOptions } from '~/models/case-labels.server'
import { guidanceFilterOptions } from '~/models/guidance-editor.server'
import { taxonomy } from '~/models/taxonomy.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.list.metaTitle') }]

// Built when the loader runs, so zod stays on the server (see utils/zod.server.ts).
const filterSchema = () =>
	z.object({
		theme: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
		article: z.string().regex(/^\d{1,2}$/).optional(),
		region: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
		language: z.enum(GUIDANCE_LANGUAGES).optional(),
	})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const filter = filterSchema().catch({}).parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	const staff = can(viewer, 'publish:content')
	const locale = resolveLocale(request, viewer)
	const { themes, articles, languages } = await guidanceFilterOptions(locale)
	return {
		filter,
		documents: (await publishedGuidance(filter)).map((d) => ({ ...d, published: new Date(d.published_at * 1000).toISOString().slice(0, 10) })),
		themes,
		articles,
		languages,
		regions: await regionOptions(locale),
		subscribed: await subscribedThemes(viewer.id),
		staff,
		waiting: staff ? (await workingCopies()).length : 0,
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const t = requestT(request, viewer)
	const form = await readForm(request)
	const themes = new Set((await taxonomy()).themes.map((t) => t.slug))
	const chosen = form.getAll('theme').map(String)
	if (chosen.some((theme) => !themes.has(theme))) throw new Response(t('guidance.list.unknownTheme'), { status: 400 })
	for (const theme of themes) await setThemeSubscription(viewer.id, theme, chosen.includes(theme))
	return redirectWithFlash('/guidance', { kind: 'success', message: t('guidance.flash.following', { count: chosen.length }) })
}

export default function Guidance() {
	const { documents, themes, articles, languages, regions, filter, subscribed, staff, waiting } = useLoaderData<typeof loader>()
	const t = useT()
	const themeLabel = (slug: string) => themes.find((theme) => theme.value === slug)?.label ?? slug
	return (
		<>
			<div className="page-heading">
				<h1>{t('guidance.list.heading')}</h1>
				<span className="actions">
					<Link to="/recommendations">{t('guidance.list.recommendations')}</Link>
					{staff ? (
						<>
							<Link to="/guidance/review">{t('guidance.list.review', { count: waiting })}</Link>
							<Link to="/guidance/new" className="button">
								{t('guidance.list.newGuidance')}
							</Link>
						</>
					) : null}
				</span>
			</div>
			<Form method="get" className="filters inline-form" aria-label={t('guidance.list.filterLabel')}>
				<ThemeAndArticleFilters idPrefix="g" themes={themes} articles={articles} theme={filter.theme} article={filter.article} />
				<FilterSelect id="g-region" name="region" label={t('guidance.list.region')} allLabel={t('guidance.list.allRegions')} value={filter.region} options={regions} />
				<FilterSelect id="g-language" name="language" label={t('guidance.list.language')} allLabel={t('guidance.list.allLanguages')} value={filter.language} options={languages} />
				<button type="submit">{t('guidance.list.show')}</button>
			</Form>
			{documents.length === 0 ? (
				<p className="panel">{t('guidance.list.empty')}</p>
			) : (
				<ul className="guidance-list">
					{documents.map((d) => (
						<li key={d.id} className="panel">
							<h2>
								<Link to={`/guidance/${d.id}`}>{d.title}</Link> <span className="badge">{d.language}</span>
								{d.sample ? <span className="badge">{t('guidance.list.demonstration')}</span> : null}
							</h2>
							<p>{d.summary}</p>
							<p className="muted">
								{d.themes.map(themeLabel).join(' · ')}
								{d.articles.length ? ` · ${t('guidance.list.protocolArticles', { count: d.articles.length, list: d.articles.join(', ') })}` : ''} ·{' '}
								{d.version > 1 ? t('guidance.list.updatedOn', { date: d.published }) : t('guidance.list.publishedOn', { date: d.published })}
							</p>
						</li>
					))}
				</ul>
			)}
			<details className="panel">
				<summary>{t('guidance.follow.summary', { count: subscribed.length })}</summary>
				<Form method="post">
					<fieldset>
						<legend>{t('guidance.follow.legend')}</legend>
						{themes.map((theme) => (
							<label key={theme.value} className="checkbox">
								<input type="checkbox" name="theme" value={theme.value} defaultChecked={subscribed.includes(theme.value)} /> {theme.label}
							</label>
						))}
					</fieldset>
					<button type="submit">{t('guidance.follow.save')}</button>
				</Form>
			</details>
		</>
	)
}
