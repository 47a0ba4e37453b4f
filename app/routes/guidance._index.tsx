import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/forms'
import { z } from 'zod'
import { GUIDANCE_LANGUAGES } from '../../db/guidance/record'
import { publishedGuidance, setThemeSubscription, subscribedThemes, workingCopies } from '~/models/guidance.server'
import { listRegions } from '~/models/regions.server'
import { taxonomy } from '~/models/taxonomy.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { can, requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Guidance — Practitioners Portal' }]

const filterSchema = z.object({
	theme: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
	article: z.string().regex(/^\d{1,2}$/).optional(),
	region: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
	language: z.enum(GUIDANCE_LANGUAGES).optional(),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const filter = filterSchema.catch({}).parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== '')))
	const terms = await taxonomy()
	const staff = can(viewer, 'publish:content')
	return {
		filter,
		documents: (await publishedGuidance(filter)).map((d) => ({ ...d, published: new Date(d.published_at * 1000).toISOString().slice(0, 10) })),
		themes: terms.themes.map((t) => ({ slug: t.slug, label: t.en })),
		articles: terms.protocol_articles.map((a) => ({ slug: a.slug, label: `Article ${a.slug}: ${a.en}` })),
		regions: (await listRegions()).map((r) => ({ slug: r.slug, label: r.name })),
		subscribed: await subscribedThemes(viewer.id),
		staff,
		waiting: staff ? (await workingCopies()).length : 0,
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const form = await request.formData()
	const themes = new Set((await taxonomy()).themes.map((t) => t.slug))
	const chosen = form.getAll('theme').map(String)
	if (chosen.some((t) => !themes.has(t))) throw new Response('Unknown theme.', { status: 400 })
	for (const t of themes) await setThemeSubscription(viewer.id, t, chosen.includes(t))
	return redirectWithFlash('/guidance', { kind: 'success', message: chosen.length ? `You follow ${chosen.length} theme${chosen.length === 1 ? '' : 's'}: new guidance on them will reach you.` : 'You follow no theme.' })
}

export default function Guidance() {
	const { documents, themes, articles, regions, filter, subscribed, staff, waiting } = useLoaderData<typeof loader>()
	const themeLabel = (slug: string) => themes.find((t) => t.slug === slug)?.label ?? slug
	return (
		<>
			<div className="page-heading">
				<h1>Guidance</h1>
				<span className="actions">
					<Link to="/recommendations">Working Group recommendations</Link>
					{staff ? (
						<>
							<Link to="/guidance/review">Drafts and review ({waiting})</Link>
							<Link to="/guidance/new" className="button">
								New guidance
							</Link>
						</>
					) : null}
				</span>
			</div>
			<Form method="get" className="filters inline-form" aria-label="Filter guidance">
				<FilterSelect id="g-theme" name="theme" label="Theme" allLabel="All themes" value={filter.theme} options={themes.map((t) => ({ value: t.slug, label: t.label }))} />
				<FilterSelect id="g-article" name="article" label="Protocol article" allLabel="All articles" value={filter.article} options={articles.map((a) => ({ value: a.slug, label: a.label }))} />
				<FilterSelect id="g-region" name="region" label="Region" allLabel="All regions" value={filter.region} options={regions.map((r) => ({ value: r.slug, label: r.label }))} />
				<label htmlFor="g-language">Language</label>
				<select id="g-language" name="language" defaultValue={filter.language ?? ''}>
					<option value="">All languages</option>
					{['en', 'fr', 'es', 'ru', 'zh', 'ar', 'pt'].map((l) => (
						<option key={l} value={l}>
							{l}
						</option>
					))}
				</select>
				<button type="submit">Show</button>
			</Form>
			{documents.length === 0 ? (
				<p className="panel">No guidance matches.</p>
			) : (
				<ul className="guidance-list">
					{documents.map((d) => (
						<li key={d.id} className="panel">
							<h2>
								<Link to={`/guidance/${d.id}`}>{d.title}</Link> <span className="badge">{d.language}</span>
								{d.sample ? <span className="badge">demonstration</span> : null}
							</h2>
							<p>{d.summary}</p>
							<p className="muted">
								{d.themes.map(themeLabel).join(' · ')}
								{d.articles.length ? ` · Protocol article${d.articles.length === 1 ? '' : 's'} ${d.articles.join(', ')}` : ''} · {d.version > 1 ? `updated on ${d.published}` : `published ${d.published}`}
							</p>
						</li>
					))}
				</ul>
			)}
			<details className="panel">
				<summary>Follow themes ({subscribed.length})</summary>
				<Form method="post">
					<fieldset>
						<legend>Tell me when guidance on these themes is published</legend>
						{themes.map((t) => (
							<label key={t.slug} className="checkbox">
								<input type="checkbox" name="theme" value={t.slug} defaultChecked={subscribed.includes(t.slug)} /> {t.label}
							</label>
						))}
					</fieldset>
					<button type="submit">Save</button>
				</Form>
			</details>
		</>
	)
}
