import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import type { ShouldRevalidateFunction } from '@remix-run/react'
import { data } from '@remix-run/node'
import {
	Form,
	isRouteErrorResponse,
	Link,
	Links,
	Meta,
	NavLink,
	Outlet,
	Scripts,
	ScrollRestoration,
	useLoaderData,
	useRouteError,
	useLocation,
	useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import styles from './styles/app.css?url'
import { unreadMessageCount } from './models/messages.server'
import { unreadCount } from './models/notifications.server'
import { readFlash } from './utils/flash.server'
import { useNonce } from './utils/nonce'
import { can, canModerateSomewhere } from './utils/permissions.server'
import { I18nProvider, metaT, useCatalogueLoads, useT } from './i18n'
import type { I18nData } from './i18n'
import { LOCALES, localeInfo } from './i18n/locales'
import { catalogueScript } from './i18n/catalogues.server'
import { resolveLocale } from './i18n/locale.server'
import { viewerZone } from './models/event-format.server'
// The error page must speak even when the root loader failed: English common strings ship with the client.
import englishCommon from './i18n/catalogues/en/common.json'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: styles },
	{ rel: 'icon', href: '/favicon.ico' },
]

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('common.meta.title') }]

/**
 * The root's data (the viewer, unread counts, the language) is fetched again only after a form is
 * posted, which is how the language changes and counts move, not on every link or search.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
	formMethod && formMethod.toUpperCase() !== 'GET' ? defaultShouldRevalidate : false

export async function loader({ request, context }: LoaderFunctionArgs) {
	const { flash, setCookie } = await readFlash(request)
	// A session that still owes its second factor sees the header as a visitor does: nothing about the account.
	const viewer = context.viewer?.twoFactorPending ? null : context.viewer
	const locale = resolveLocale(request, viewer)
	const i18n: I18nData = { locale, timeZone: viewerZone(request, viewer), catalogueVersion: catalogueScript(locale).version }
	return data(
		{
			i18n,
			viewer: viewer ? { name: viewer.name, email: viewer.email, role: viewer.role } : null,
			canAdmin: can(viewer, 'admin:area'),
			canModerate: canModerateSomewhere(viewer),
			unread: viewer ? await unreadCount(viewer.id) : 0,
			unreadMessages: viewer ? await unreadMessageCount(viewer) : 0,
			flash,
		},
		setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
	)
}

function Document({ children, i18n }: { children: ReactNode; i18n: I18nData }) {
	const nonce = useNonce()
	// <Meta/> below writes the title from the catalogue: render it again once a new language's arrives.
	useCatalogueLoads()
	const info = localeInfo(i18n.locale)
	return (
		<html lang={info.tag} dir={info.dir}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
				{/* The interface's words, cached per language and version; it must run before the app's scripts hydrate. */}
				{i18n.catalogueVersion ? <script nonce={nonce} src={`/i18n/${i18n.locale}.js?v=${i18n.catalogueVersion}`} /> : null}
				{/* Event times follow the browser's zone when the profile has none (read by the server from this cookie). */}
				<script
					nonce={nonce}
					dangerouslySetInnerHTML={{
						__html: `try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf('tz='+encodeURIComponent(z))<0)document.cookie='tz='+encodeURIComponent(z)+';path=/;max-age=31536000;samesite=lax'}catch(e){}`,
					}}
				/>
			</head>
			<body>
				<I18nProvider i18n={i18n}>
					<SkipLink />
					{children}
				</I18nProvider>
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

function SkipLink() {
	const t = useT()
	return (
		<a className="skip-link" href="#main">
			{t('common.layout.skipLink')}
		</a>
	)
}

function UnreadBadge({ count }: { count: number }) {
	const t = useT()
	if (!count) return null
	return (
		<>
			{/* aria-label is not allowed on a plain span: the words are spoken from hidden text. */}
			<span className="sr-only">, </span>
			<span className="count-badge">{count}</span>
			<span className="sr-only"> {t('common.layout.unreadSuffix')}</span>
		</>
	)
}

function Header({
	viewer,
	canAdmin,
	canModerate,
	unread = 0,
	unreadMessages = 0,
}: {
	viewer: { name: string; role: string } | null
	canAdmin: boolean
	canModerate: boolean
	unread?: number
	unreadMessages?: number
}) {
	const t = useT()
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<Link to="/" className="brand">
					<span className="brand-mark" aria-hidden="true">
						◆
					</span>{' '}
					{t('common.layout.brand')}
				</Link>
				{viewer ? (
					<>
						<nav aria-label={t('common.nav.label')} className="main-nav">
							<NavLink to="/cases">{t('common.nav.cases')}</NavLink>
							<NavLink to="/forums">{t('common.nav.forums')}</NavLink>
							<NavLink to="/people">{t('common.nav.people')}</NavLink>
							<NavLink to="/events">{t('common.nav.events')}</NavLink>
							<NavLink to="/guidance">{t('common.nav.guidance')}</NavLink>
							<NavLink to="/insights">{t('common.nav.insights')}</NavLink>
							{canModerate ? <NavLink to="/moderation">{t('common.nav.moderation')}</NavLink> : null}
							{canAdmin ? <NavLink to="/admin">{t('common.nav.admin')}</NavLink> : null}
						</nav>
						<Form method="get" action="/search" role="search" aria-label={t('common.search.region')} className="header-search">
							<label htmlFor="header-q" className="sr-only">
								{t('common.search.label')}
							</label>
							<input id="header-q" type="search" name="q" placeholder={t('common.search.label')} />
						</Form>
						<Link to="/messages" className="messages-link">
							{t('common.nav.messages')}
							<UnreadBadge count={unreadMessages} />
						</Link>
						<Link to="/notifications" className="notifications-link">
							{t('common.nav.notifications')}
							<UnreadBadge count={unread} />
						</Link>
						<details className="user-menu">
							<summary>
								<span className="sr-only">{t('common.layout.accountMenu')} </span>
								{viewer.name}
							</summary>
							<ul>
								<li>
									<Link to="/profile">{t('common.menu.profile')}</Link>
								</li>
								<li>
									<Link to="/profile/directory">{t('common.menu.directory')}</Link>
								</li>
								<li>
									<Link to="/saved-searches">{t('common.menu.savedSearches')}</Link>
								</li>
								<li>
									<Form method="post" action="/logout">
										<button type="submit" className="link-button">
											{t('common.menu.logout')}
										</button>
									</Form>
								</li>
							</ul>
						</details>
					</>
				) : (
					<nav aria-label={t('common.nav.label')} className="main-nav">
						<NavLink to="/login">{t('common.nav.login')}</NavLink>
						<NavLink to="/request-access">{t('common.nav.requestAccess')}</NavLink>
					</nav>
				)}
			</div>
		</header>
	)
}

/** A plain form (works without JavaScript); with it, choosing a language applies at once. */
function LanguageSwitcher({ current }: { current: string }) {
	const t = useT()
	const location = useLocation()
	return (
		<Form method="post" action="/locale" className="language-switcher" reloadDocument>
			<input type="hidden" name="returnTo" value={location.pathname + location.search} />
			<label htmlFor="language-select">{t('common.language.label')}</label>{' '}
			<select id="language-select" name="locale" defaultValue={current} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
				{LOCALES.map((l) => (
					<option key={l.code} value={l.code} lang={l.tag}>
						{l.name}
					</option>
				))}
			</select>{' '}
			<button type="submit" className="secondary">
				{t('common.language.submit')}
			</button>
		</Form>
	)
}

function Footer({ locale }: { locale: string }) {
	const t = useT()
	return (
		<footer className="site-footer">
			<p>{t('common.layout.footer')}</p>
			<LanguageSwitcher current={locale} />
		</footer>
	)
}

export default function App() {
	const { i18n, viewer, canAdmin, canModerate, unread, unreadMessages, flash } = useLoaderData<typeof loader>()
	return (
		<Document i18n={i18n}>
			<Header viewer={viewer} canAdmin={canAdmin} canModerate={canModerate} unread={unread} unreadMessages={unreadMessages} />
			<main id="main" className="container" tabIndex={-1}>
				{flash ? (
					<p className={`flash flash-${flash.kind}`} role="status">
						{flash.message}
					</p>
				) : null}
				<Outlet />
			</main>
			<Footer locale={i18n.locale} />
		</Document>
	)
}

const FALLBACK_I18N: I18nData = { locale: 'en', messages: englishCommon, timeZone: 'UTC' }

export function ErrorBoundary() {
	const rootData = useRouteLoaderData<typeof loader>('root')
	return (
		<Document i18n={rootData?.i18n ?? FALLBACK_I18N}>
			<Header viewer={rootData?.viewer ?? null} canAdmin={rootData?.canAdmin ?? false} canModerate={rootData?.canModerate ?? false} />
			<main id="main" className="container" tabIndex={-1}>
				<ErrorMessage />
			</main>
		</Document>
	)
}

function ErrorMessage() {
	const error = useRouteError()
	const t = useT()
	let title = t('common.error.title')
	let message = t('common.error.message')
	if (isRouteErrorResponse(error)) {
		// Messages a loader or action gave with its 400/403 are shown as they came (the server wrote them for this reader).
		if (error.status === 404) {
			title = t('common.error.notFound.title')
			message = t('common.error.notFound.message')
		} else if (error.status === 403) {
			title = t('common.error.forbidden.title')
			message = typeof error.data === 'string' && error.data ? error.data : t('common.error.forbidden.message')
		} else if (error.status === 400 || error.status === 429) {
			title = error.status === 429 ? t('common.error.tooMany.title') : t('common.error.badRequest.title')
			message = typeof error.data === 'string' ? error.data : message
		}
	}
	return (
		<>
			<h1>{title}</h1>
			<p>{message}</p>
			<p>
				<Link to="/">{t('common.error.home')}</Link>
			</p>
		</>
	)
}
