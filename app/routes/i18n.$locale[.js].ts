import type { LoaderFunctionArgs } from '@remix-run/node'
import { catalogueScript } from '~/i18n/catalogues.server'
import { isLocale } from '~/i18n/locales'

/**
 * The interface messages of one language, as the script pages load before they hydrate
 * (public: the login page needs them, and they hold nothing but the interface's words).
 * Asked for with the current version, it may be kept for good; otherwise it is revalidated.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	if (!isLocale(params.locale)) throw new Response('Not found', { status: 404 })
	const { body, version } = catalogueScript(params.locale)
	const current = new URL(request.url).searchParams.get('v') === version
	return new Response(body, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
			ETag: `"${version}"`,
		},
	})
}
