import { FilterSelect } from '~/components/forms'
import { useT } from '~/i18n'

type Option = { value: string; label: string }

/** The theme and Protocol article filters, shared by the guidance and recommendation lists. */
export function ThemeAndArticleFilters({ idPrefix, themes, articles, theme, article }: { idPrefix: string; themes: Option[]; articles: Option[]; theme?: string; article?: string }) {
	const t = useT()
	return (
		<>
			<FilterSelect id={`${idPrefix}-theme`} name="theme" label={t('guidance.list.theme')} allLabel={t('guidance.list.allThemes')} value={theme} options={themes} />
			<FilterSelect id={`${idPrefix}-article`} name="article" label={t('guidance.list.article')} allLabel={t('guidance.list.allArticles')} value={article} options={articles} />
		</>
	)
}
