import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useIntl, useT } from '~/i18n'
import { requireViewer } from '~/utils/permissions.server'
import { regionOptions } from '~/models/case-labels.server'
import { resolveLocale } from '~/i18n/locale.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const regions = await regionOptions(resolveLocale(request, viewer))
	return { name: viewer.name, myRegions: regions.filter((r) => viewer.regions.includes(r.value)).map((r) => r.label) }
}

export default function Home() {
	const { name, myRegions } = useLoaderData<typeof loader>()
	const t = useT()
	const intl = useIntl()
	return (
		<>
			<h1>{t('common.home.welcome', { name })}</h1>
			<p className="lead">{t('common.home.lead')}</p>
			{myRegions.length ? <p className="muted">{t('common.home.regions', { regions: intl.formatList(myRegions, { type: 'unit' }) })}</p> : null}
			<div className="grid">
				<section className="panel">
					<h2>{t('common.nav.cases')}</h2>
					<p>{t('common.home.cases.text')}</p>
					<Link to="/cases">{t('common.home.cases.link')}</Link>
				</section>
				<section className="panel">
					<h2>{t('common.nav.forums')}</h2>
					<p>{t('common.home.forums.text')}</p>
					<Link to="/forums">{t('common.home.forums.link')}</Link>
				</section>
				<section className="panel">
					<h2>{t('common.nav.events')}</h2>
					<p>{t('common.home.events.text')}</p>
					<Link to="/events">{t('common.home.events.link')}</Link>
				</section>
				<section className="panel">
					<h2>{t('common.nav.guidance')}</h2>
					<p>{t('common.home.guidance.text')}</p>
					<Link to="/guidance">{t('common.home.guidance.link')}</Link>
				</section>
			</div>
		</>
	)
}
