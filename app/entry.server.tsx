import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { migrateToLatest } from '../db/migrate'
import { contentSecurityPolicy, newNonce } from './utils/csp.server'
import { database } from './utils/db.server'
import { configurationWarnings, env, isProduction } from './utils/env.server'
import { gate } from './utils/gate.server'
import { isClientMistake } from './utils/request.server'
import { NonceProvider } from './utils/nonce'
import { provideCatalogues } from './i18n'
import { messagesFor, validationIndexFor } from './i18n/catalogues.server'
import { startSearch, stopSearch, searchHealth } from './utils/search.server'

/**
 * How long Remix may stream a response's data (its default is 4.95 s). Loaders here await all
 * their data, so a render only runs long when the CPU is starved; the soak benchmark showed
 * the default then cut pages off mid-stream as 500s. The React render is aborted just after.
 */
export const streamTimeout = 30_000
const ABORT_DELAY = streamTimeout + 1_000

provideCatalogues((locale) => ({ messages: messagesFor(locale), validationIndex: validationIndexFor() }))

/** What server.ts needs from the build: one module graph, so one database handle. */
export const portal = {
	async startup() {
		env() // fail fast on a bad environment
		for (const warning of configurationWarnings()) console.warn(warning)
		const applied = await migrateToLatest(database().db)
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
		await startSearch()
	},
	async shutdown() {
		await stopSearch()
		await database().close()
	},
	gate,
	newNonce,
	contentSecurityPolicy,
	isProduction,
	/** Express's `trust proxy` value, parsed from TRUST_PROXY; undefined when unset. */
	trustProxy: () => env().TRUST_PROXY,
	searchHealth,
}
export type PortalServices = typeof portal

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	// server.ts already sent the Content-Security-Policy carrying this nonce.
	const nonce = loadContext.cspNonce ?? ''
	// Crawlers get the whole document at once; browsers get the shell as soon as it is ready.
	const waitForAll = isbot(request.headers.get('user-agent') || '')
	return new Promise((resolve, reject) => {
		let shellRendered = false
		// Cleared once everything is rendered: a pending timer would keep this render (its
		// React tree, loader data and stream) alive for the full delay after the response.
		// Set before rendering starts, so a render that completes at once still clears it.
		const abortTimer = setTimeout(() => abort(), ABORT_DELAY)
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onShellReady() {
					if (!waitForAll) respond()
				},
				onAllReady() {
					clearTimeout(abortTimer)
					if (waitForAll) respond()
				},
				onShellError(error: unknown) {
					clearTimeout(abortTimer)
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					// Always logged: an error after the shell (a cut stream) is otherwise invisible.
					console.error(shellRendered ? 'Error while streaming a response:' : 'Error while rendering:', error)
				},
			},
		)
		function respond() {
			shellRendered = true
			const body = new PassThrough()
			responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
			resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
			pipe(body)
		}
	})
}

export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted || isClientMistake(error)) return
	console.error(`[remix] ${request.method} ${new URL(request.url).pathname}`, error)
}
