import type { IntlShape } from 'react-intl'
import { useIntl, useT } from '~/i18n'
import { ErrorList } from './forms'

export interface AttachmentView {
	id: string
	filename: string
	size: number
	kind: string
	image: boolean
}

function humanSize(bytes: number, t: ReturnType<typeof useT>, intl: IntlShape): string {
	if (bytes < 1024) return t('forums.attachments.bytes', { size: intl.formatNumber(bytes) })
	if (bytes < 1024 * 1024) return t('forums.attachments.kilobytes', { size: intl.formatNumber(bytes / 1024, { maximumFractionDigits: 0 }) })
	return t('forums.attachments.megabytes', { size: intl.formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
}

/** Files under a post or message; every link goes through the permission-checked download route. */
export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
	const t = useT()
	const intl = useIntl()
	if (!attachments.length) return null
	return (
		<ul className="attachments" aria-label={t('forums.attachments.label')}>
			{attachments.map((a) => (
				<li key={a.id}>
					{a.image ? <img src={`/attachments/${a.id}`} alt="" loading="lazy" className="attachment-thumb" /> : null}
					<a href={`/attachments/${a.id}`} download={a.filename}>
						{a.filename}
					</a>{' '}
					<span className="muted">
						({a.kind}, {humanSize(a.size, t, intl)})
					</span>
				</li>
			))}
		</ul>
	)
}

export function AttachmentPicker({ accept, errors }: { accept: string; errors?: string[] }) {
	const t = useT()
	return (
		<div className="field">
			<label htmlFor="attachments">{t('forums.attachments.label')}</label>
			<p className="hint" id="attachments-hint">
				{t('forums.attachments.hint')}
			</p>
			<input id="attachments" name="attachments" type="file" multiple accept={accept} aria-describedby="attachments-hint attachments-errors" aria-invalid={errors?.length ? true : undefined} />
			<ErrorList id="attachments-errors" errors={errors} />
		</div>
	)
}
