/** Pieces shared by the forms that write a post (new thread, reply). */
import { useT } from '~/i18n'

/** What the text will look like, rendered by the server with the same sanitizer as posts. */
export function PreviewPanel({ html, Heading = 'h2' }: { html: string | null | undefined; Heading?: 'h2' | 'h3' }) {
	const t = useT()
	if (!html) return null
	return (
		<section className="preview" aria-labelledby="preview-heading">
			<Heading id="preview-heading">{t('forums.preview.heading')}</Heading>
			<div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
		</section>
	)
}

/** The submit button and, beside it, Preview (which skips the browser's checks so it always reaches the server). */
export function PostButtons({ label, intent }: { label: string; intent: string }) {
	const t = useT()
	return (
		<div className="actions">
			<button type="submit" name="intent" value={intent}>
				{label}
			</button>
			<button type="submit" name="intent" value="preview" className="secondary" formNoValidate>
				{t('forums.preview.button')}
			</button>
		</div>
	)
}
