import { useEffect, useState } from 'react'
import { useT } from '~/i18n'

/** Copies the text of an element; rendered only once JavaScript runs (the text stays selectable without it). */
export function CopyButton({ targetId, label }: { targetId: string; label?: string }) {
	const t = useT()
	const [ready, setReady] = useState(false)
	const [copied, setCopied] = useState(false)
	useEffect(() => setReady(typeof navigator !== 'undefined' && !!navigator.clipboard), [])
	if (!ready) return null
	return (
		<button
			type="button"
			className="secondary"
			onClick={async () => {
				const text = document.getElementById(targetId)?.textContent ?? ''
				await navigator.clipboard.writeText(text)
				setCopied(true)
				setTimeout(() => setCopied(false), 2000)
			}}
		>
			{copied ? t('forums.copy.copied') : (label ?? t('forums.copy.label'))}
		</button>
	)
}
