import { Link } from '@remix-run/react'
import { useT } from '~/i18n'

/** Forum search results; snippets are sanitized to <mark> only before they get here. */
export function ThreadHits({ results }: { results: { total: number; hits: Array<{ id: string; title: string; snippet: string }> } }) {
	const t = useT()
	return (
		<section className="panel" aria-labelledby="thread-results">
			<h2 id="thread-results">{results.total === 0 ? t('search.threads.none') : t('search.threads.count', { count: results.total })}</h2>
			<ol className="hits">
				{results.hits.map((h) => (
					<li key={h.id} className="hit">
						<h3>
							<Link to={`/threads/${h.id}`}>{h.title}</Link>
						</h3>
						<p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
					</li>
				))}
			</ol>
		</section>
	)
}
