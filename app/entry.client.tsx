import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { provideCatalogues } from './i18n'

// The catalogue script in the document's head ran before this module.
provideCatalogues((locale) => (window.__portalI18n?.locale === locale ? window.__portalI18n : undefined))

startTransition(() => {
	hydrateRoot(
		document,
		<StrictMode>
			<RemixBrowser />
		</StrictMode>,
	)
})
