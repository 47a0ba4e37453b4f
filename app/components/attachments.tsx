import { ErrorList } from './forms'

export interface AttachmentView {
	id: string
	filename: string
	size: number
	kind: string
	image: boolean
}

function humanSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Files under a post or message; every link goes through the permission-checked download route. */
export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
	if (!attachments.length) return null
	return (
		<ul className="attachments" aria-label="Attachments">
			{attachments.map((a) => (
				<li key={a.id}>
					{a.image ? <img src={`/attachments/${a.id}`} alt="" loading="lazy" className="attachment-thumb" /> : null}
					<a href={`/attachments/${a.id}`} download={a.filename}>
						{a.filename}
					</a>{' '}
					<span className="muted">
						({a.kind}, {humanSize(a.size)})
					</span>
				</li>
			))}
		</ul>
	)
}

export function AttachmentPicker({ accept, errors }: { accept: string; errors?: string[] }) {
	return (
		<div className="field">
			<label htmlFor="attachments">Attachments</label>
			<p className="hint" id="attachments-hint">
				Up to 5 files, 10 MB each: PDF, images (PNG, JPEG, GIF, WebP) or office documents.
			</p>
			<input id="attachments" name="attachments" type="file" multiple accept={accept} aria-describedby="attachments-hint attachments-errors" aria-invalid={errors?.length ? true : undefined} />
			<ErrorList id="attachments-errors" errors={errors} />
		</div>
	)
}
