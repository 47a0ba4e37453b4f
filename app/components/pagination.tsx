import { Link } from '@remix-run/react'

/** Previous / next links with the position; `hrefFor` keeps the rest of the URL (filters, query). */
export function Pagination({ page, pages, hrefFor, label, previous = '← Previous', next = 'Next →' }: { page: number; pages: number; hrefFor: (page: number) => string; label: string; previous?: string; next?: string }) {
	if (pages <= 1) return null
	return (
		<nav className="pagination" aria-label={label}>
			{page > 1 ? (
				<Link to={hrefFor(page - 1)} rel="prev">
					{previous}
				</Link>
			) : null}
			<span>
				Page {page} of {pages}
			</span>
			{page < pages ? (
				<Link to={hrefFor(page + 1)} rel="next">
					{next}
				</Link>
			) : null}
		</nav>
	)
}
