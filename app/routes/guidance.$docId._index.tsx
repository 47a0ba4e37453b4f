import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import * as z from 'zod'
import { AttachmentList } from '~/components/attachments'
import { guidanceAttachments, guidanceForReader, guidanceLinks } from '~/models/guidance.server'
import { taxonomy } from '~/models/taxonomy.server'
import { can, requireViewer } from '~/utils/permissions.server'
import { metaT, useT } from '~/i18n'
import { resolveLocale } from '~/i18n/locale.server'
import { regionNamer, termName } from '~/models/case-labels.server'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('guidance.doc.metaTitle', { title: data?.title ?? t('guidance.doc.metaFallback') }) }]
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const version = z.coerce.number().int().positive().max(10_000).optional().catch(undefined).parse(new URL(request.url).searchParams.get('version') ?? undefined)
	const found = await guidanceForReader(params.docId ?? '', version)
	if (!found) throw new Response('Not found', { status: 404 })
	const v = found.version
	const terms = await taxonomy()
	const links = await guidanceLinks(v)
	const date = (s: number) => new Date(s * 1000).toISOString().slice(0, 10)
	const locale = resolveLocale(request, viewer)
	return {
		id: v.document_id,
		title: v.title,
		summary: v.summary,
		html: found.html,
		language: found.language,
		sample: found.sample,
		version: v.version,
		current: found.current,
		firstPublished: date(found.versions.at(-1)!.published_at),
		publishedAt: date(v.published_at),
		versions: found.versions.map((x) => ({ version: x.version, note: x.change_note, date: date(x.published_at) })),
		translations: found.translations,
		themes: (JSON.parse(v.themes) as string[]).map((t) => {
			const term = terms.themes.find((x) => x.slug === t)
			return term ? termName(term, locale) : t
		}),
		articles: JSON.parse(v.articles) as string[],
		regions: (JSON.parse(v.regions) as string[]).map(await regionNamer(locale)),
		cases: links.cases,
		recommendations: links.recommendations.map((r) => ({ id: r.id, number: r.number, meeting: r.meeting_number })),
		staff: can(viewer, 'publish:content'),
		attachments: await guidanceAttachments(v.document_id, v.version),
	}
}

export default function GuidanceDocument() {
	const d = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<article className="guidance" lang={d.language}>
			<p className="no-print">
				<Link to="/guidance">{t('guidance.doc.back')}</Link>
			</p>
			<h1>{d.title}</h1>
			{d.version !== d.current ? (
				<p className="panel" role="note">
					{t('guidance.doc.oldVersion', { version: d.version, date: d.publishedAt, link: (chunks) => <Link to={`/guidance/${d.id}`}>{chunks}</Link> })}
				</p>
			) : null}
			<p className="muted">
				{d.version > 1 ? t('guidance.doc.updated', { date: d.publishedAt, first: d.firstPublished }) : t('guidance.doc.published', { date: d.publishedAt })} · {d.themes.join(' · ')}
				{d.articles.length ? ` · ${t('guidance.list.protocolArticles', { count: d.articles.length, list: d.articles.join(', ') })}` : ''}
				{d.regions.length ? ` · ${t('guidance.doc.forRegions', { regions: d.regions.join(', ') })}` : ''}
				{d.sample ? ` · ${t('guidance.doc.demonstration')}` : ''}
			</p>
			{d.translations.length ? (
				<nav aria-label={t('guidance.doc.otherLanguages')} className="no-print">
					{t('guidance.doc.alsoIn')}{' '}
					{d.translations.map((t) => (
						<Link key={t.id} to={`/guidance/${t.id}`} hrefLang={t.language} lang={t.language}>
							{t.title} ({t.language})
						</Link>
					))}
				</nav>
			) : null}
			<p className="lead">{d.summary}</p>
			<div className="prose" dangerouslySetInnerHTML={{ __html: d.html }} />
			<AttachmentList attachments={d.attachments} />
			{d.recommendations.length || d.cases.length ? (
				<section aria-labelledby="related-heading">
					<h2 id="related-heading">{t('guidance.doc.related')}</h2>
					<ul>
						{d.recommendations.map((r) => (
							<li key={r.id}>
								<Link to={`/recommendations/${r.id}`}>{t('guidance.doc.recommendation', { number: r.number, meeting: r.meeting })}</Link>
							</li>
						))}
						{d.cases.map((c) => (
							<li key={c.id}>
								<Link to={`/cases/${c.id}`}>{c.title}</Link> <span className="muted">({c.id})</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
			<section aria-labelledby="versions-heading" className="no-print">
				<h2 id="versions-heading">{t('guidance.doc.versions')}</h2>
				<ol reversed>
					{d.versions.map((v) => (
						<li key={v.version}>
							{v.version === d.version ? (
								<strong>{t('guidance.doc.version', { version: v.version })}</strong>
							) : (
								<Link to={`/guidance/${d.id}?version=${v.version}`}>{t('guidance.doc.version', { version: v.version })}</Link>
							)}{' '}
							— {v.date}: {v.note}
						</li>
					))}
				</ol>
			</section>
			{d.staff ? (
				<p className="no-print">
					<Link to={`/guidance/${d.id}/edit`}>{t('guidance.doc.edit')}</Link>
				</p>
			) : null}
		</article>
	)
}
