import { Link } from '@remix-run/react'
import { useT } from '~/i18n'

/** Previous / next links with the position; `hrefFor` keeps the rest of the URL (filters, query). */
export function Pagination({ page, pages, hrefFor, label, previous, next }: { page: number; pages: number; hrefFor: (page: number) => string; label: string; previous?: string; next?: string }) {
	const t = useT()
	if (pages <= 1) return null
	return (
		<nav className="pagination" aria-label={label}>
			{page > 1 ? (
				<Link to={hrefFor(page - 1)} rel="prev">
					{previous ?? t('search.pagination.previous')}
				</Link>
			) : null}
			<span>{t('search.pagination.position', { page, pages })}</span>
			{page < pages ? (
				<Link to={hrefFor(page + 1)} rel="next">
					{next ?? t('search.pagination.next')}
				</Link>
			) : null}
		</nav>
	)
}
