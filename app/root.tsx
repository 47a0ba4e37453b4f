import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
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
	useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import styles from './styles/app.css?url'
import { unreadMessageCount } from './models/messages.server'
import { unreadCount } from './models/notifications.server'
import { readFlash } from './utils/flash.server'
import { useNonce } from './utils/nonce'
import { can, canModerateSomewhere } from './utils/permissions.server'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: styles },
	{ rel: 'icon', href: '/favicon.ico' },
]

export const meta: MetaFunction = () => [{ title: 'Practitioners Portal — firearms trafficking' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const { flash, setCookie } = await readFlash(request)
	// A session that still owes its second factor sees the header as a visitor does: nothing about the account.
	const viewer = context.viewer?.twoFactorPending ? null : context.viewer
	return data(
		{
			viewer: viewer ? { name: viewer.name, email: viewer.email, role: viewer.role, language: viewer.preferredLanguage } : null,
			canAdmin: can(viewer, 'admin:area'),
			canModerate: canModerateSomewhere(viewer),
			unread: viewer ? await unreadCount(viewer.id) : 0,
			unreadMessages: viewer ? await unreadMessageCount(viewer) : 0,
			flash,
		},
		setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
	)
}

function Document({ children, lang = 'en' }: { children: ReactNode; lang?: string }) {
	const nonce = useNonce()
	return (
		<html lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
				{/* Event times follow the browser's zone when the profile has none (read by the server from this cookie). */}
				<script
					nonce={nonce}
					dangerouslySetInnerHTML={{
						__html: `try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf('tz='+encodeURIComponent(z))<0)document.cookie='tz='+encodeURIComponent(z)+';path=/;max-age=31536000;samesite=lax'}catch(e){}`,
					}}
				/>
			</head>
			<body>
				<a className="skip-link" href="#main">
					Skip to content
				</a>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
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
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<Link to="/" className="brand">
					<span className="brand-mark" aria-hidden="true">
						◆
					</span>{' '}
					Practitioners Portal
				</Link>
				{viewer ? (
					<>
						<nav aria-label="Main" className="main-nav">
							<NavLink to="/cases">Case law</NavLink>
							<NavLink to="/forums">Forums</NavLink>
							<NavLink to="/people">People</NavLink>
							<NavLink to="/events">Events</NavLink>
							<NavLink to="/guidance">Guidance</NavLink>
							<NavLink to="/insights">Insights</NavLink>
							{canModerate ? <NavLink to="/moderation">Moderation</NavLink> : null}
							{canAdmin ? <NavLink to="/admin">Administration</NavLink> : null}
						</nav>
						<Form method="get" action="/search" role="search" aria-label="Portal" className="header-search">
							<label htmlFor="header-q" className="sr-only">
								Search the portal
							</label>
							<input id="header-q" type="search" name="q" placeholder="Search the portal" />
						</Form>
						<Link to="/messages" className="messages-link">
							Messages
							{unreadMessages ? (
								<>
									{/* aria-label is not allowed on a plain span: the words are spoken from hidden text. */}
									<span className="sr-only">, </span>
									<span className="count-badge">{unreadMessages}</span>
									<span className="sr-only"> unread</span>
								</>
							) : null}
						</Link>
						<Link to="/notifications" className="notifications-link">
							Notifications
							{unread ? (
								<>
									<span className="sr-only">, </span>
									<span className="count-badge">{unread}</span>
									<span className="sr-only"> unread</span>
								</>
							) : null}
						</Link>
						<details className="user-menu">
							<summary>
								<span className="sr-only">Account menu for </span>
								{viewer.name}
							</summary>
							<ul>
								<li>
									<Link to="/profile">Profile and security</Link>
								</li>
								<li>
									<Link to="/profile/directory">Directory profile</Link>
								</li>
								<li>
									<Link to="/saved-searches">Saved searches</Link>
								</li>
								<li>
									<Form method="post" action="/logout">
										<button type="submit" className="link-button">
											Log out
										</button>
									</Form>
								</li>
							</ul>
						</details>
					</>
				) : (
					<nav aria-label="Main" className="main-nav">
						<NavLink to="/login">Log in</NavLink>
						<NavLink to="/request-access">Request access</NavLink>
					</nav>
				)}
			</div>
		</header>
	)
}

export default function App() {
	const { viewer, canAdmin, canModerate, unread, unreadMessages, flash } = useLoaderData<typeof loader>()
	return (
		<Document lang={viewer?.language}>
			<Header viewer={viewer} canAdmin={canAdmin} canModerate={canModerate} unread={unread} unreadMessages={unreadMessages} />
			<main id="main" className="container" tabIndex={-1}>
				{flash ? (
					<p className={`flash flash-${flash.kind}`} role="status">
						{flash.message}
					</p>
				) : null}
				<Outlet />
			</main>
			<footer className="site-footer">
				<p>A community of practitioners against illicit firearms trafficking. Demonstration content is fictional.</p>
			</footer>
		</Document>
	)
}

export function ErrorBoundary() {
	const error = useRouteError()
	const rootData = useRouteLoaderData<typeof loader>('root')
	let title = 'Something went wrong'
	let message = 'We could not complete this request. Please try again in a moment.'
	if (isRouteErrorResponse(error)) {
		if (error.status === 404) {
			title = 'Page not found'
			message = 'There is nothing here, or you do not have access to it.'
		} else if (error.status === 403) {
			title = 'Not allowed'
			message = typeof error.data === 'string' && error.data ? error.data : 'You do not have permission to open this page.'
		} else if (error.status === 400 || error.status === 429) {
			title = error.status === 429 ? 'Too many requests' : 'Bad request'
			message = typeof error.data === 'string' ? error.data : message
		}
	}
	return (
		<Document>
			<Header viewer={rootData?.viewer ?? null} canAdmin={rootData?.canAdmin ?? false} canModerate={rootData?.canModerate ?? false} />
			<main id="main" className="container" tabIndex={-1}>
				<h1>{title}</h1>
				<p>{message}</p>
				<p>
					<Link to="/">Go to the home page</Link>
				</p>
			</main>
		</Document>
	)
}
