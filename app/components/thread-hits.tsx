import { Link } from '@remix-run/react'

/** Forum search results; snippets are sanitized to <mark> only before they get here. */
export function ThreadHits({ results }: { results: { total: number; hits: Array<{ id: string; title: string; snippet: string }> } }) {
	return (
		<section className="panel" aria-labelledby="thread-results">
			<h2 id="thread-results">{results.total === 0 ? 'No thread found' : `${results.total} thread${results.total === 1 ? '' : 's'} found`}</h2>
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
