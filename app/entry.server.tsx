import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
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
	// The document is sent whole, once rendered. Loaders here await all their data (nothing is
	// deferred), so streaming would only split the same bytes into React's 2 KB chunks, and
	// Remix's adapter flushes the compressor after every chunk. In a CPU profile of a forum
	// thread page under load, the compressor's share of the main thread fell from 8 % to 3 %
	// when the page was sent whole. An error anywhere in the render now also gets a 500.
	return new Promise((resolve, reject) => {
		// Cleared once everything is rendered: a pending timer would keep this render (its
		// React tree, loader data and output) alive for the full delay after the response.
		// Set before rendering starts, so a render that completes at once still clears it.
		const abortTimer = setTimeout(() => abort(), ABORT_DELAY)
		// React also reports "all ready" after a shell error; by then the promise is rejected.
		let failed = false
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onAllReady() {
					clearTimeout(abortTimer)
					respond()
				},
				onShellError(error: unknown) {
					clearTimeout(abortTimer)
					failed = true
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					console.error('Error while rendering:', error)
				},
			},
		)
		function respond() {
			if (failed) return
			const chunks: Buffer[] = []
			const document = new Writable({
				write(chunk: Buffer, _encoding, done) {
					chunks.push(chunk)
					done()
				},
				final(done) {
					responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
					resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
					done()
				},
			})
			pipe(document)
		}
	})
}

export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted || isClientMistake(error)) return
	console.error(`[remix] ${request.method} ${new URL(request.url).pathname}`, error)
}
