/**
 * Production server: Express in front of the Remix build. It sets security headers,
 * compresses, serves fingerprinted assets with long cache lifetimes, and passes every
 * other request through the portal's gate (session, CSRF, deny-by-default) to Remix.
 *
 * With WEB_CONCURRENCY above 1 this process only supervises that many workers (Node's
 * cluster module shares the port), so a multi-core machine serves on every core. Every
 * piece of state the portal keeps lives in the database (sessions, throttles, the search
 * outbox and its drain lease), so any worker can answer any request.
 */
import cluster from 'node:cluster'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'

const PORT = Number(process.env.PORT || 3000)
const WEB_CONCURRENCY = process.env.WEB_CONCURRENCY ?? '1'
if (!/^([1-9]|[1-5][0-9]|6[0-4])$/.test(WEB_CONCURRENCY)) {
	console.error(`WEB_CONCURRENCY must be a whole number of worker processes from 1 to 64, not "${WEB_CONCURRENCY}".`)
	process.exit(1)
}

if (cluster.isPrimary && Number(WEB_CONCURRENCY) > 1) await superviseWorkers(Number(WEB_CONCURRENCY))
else await serve()

async function serve() {
	const here = path.dirname(fileURLToPath(import.meta.url))
	const buildPath = path.join(here, 'build/index.js')
	const build = (await import(buildPath)) as ServerBuild
	// entry.server exports the portal's services so the gate shares the build's modules.
	const portal = (build.entry.module as unknown as { portal: import('./app/entry.server').PortalServices }).portal

	await portal.startup()

	const app = express()
	app.disable('x-powered-by')
	const trustProxy = portal.trustProxy()
	if (trustProxy !== undefined) app.set('trust proxy', trustProxy)
	// Level 1, as nginx does by default: pages are made per request, and level 6 (the module's
	// default) cost 4 % of the server's CPU in the forum benchmark; level 1 compresses twice as fast for
	// 12–20 % more bytes (measured on our largest bundles), and bundles are cached for a year anyway.
	app.use(compression({ level: 1 }))

	// The gate reads the path from the request target alone; Remix's adapter builds its URL by joining
	// protocol, host and target as text, so a Host such as `localhost\api\forums#` would move the path
	// Remix routes to (backslash is a slash in URLs, `#` hides the real target) past what the gate
	// checked. Only a well-formed host[:port] gets further, from the client or (TRUST_PROXY) a proxy.
	app.use((req, res, next) => {
		// HTTP/1.0 has no Host (a load balancer's health check): the target alone decides, as for localhost.
		if (req.headers.host === undefined && req.httpVersion === '1.0') req.headers.host = 'localhost'
		// Without a trusted proxy X-Forwarded-Host is the client's word, yet the adapter reads a port from it:
		// dropped. From a trusted proxy every value in it must be a host, as Host must.
		const forwarded = req.headers['x-forwarded-host']
		if (trustProxy === undefined) delete req.headers['x-forwarded-host']
		const forwardedOk = trustProxy === undefined || forwarded === undefined || String(forwarded).split(',').every((h) => isWellFormedHost(h.trim()))
		if (!isWellFormedHost(req.headers.host) || !forwardedOk) {
			res.status(400).type('text/plain').send('Bad request: the Host header is not a host name.')
			return
		}
		next()
	})

	app.use((req, res, next) => {
		res.setHeader('X-Content-Type-Options', 'nosniff')
		res.setHeader('Referrer-Policy', 'same-origin')
		res.setHeader('X-Frame-Options', 'DENY')
		res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
		res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
		if (portal.isProduction() && req.secure) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
		// One nonce per response; entry.server hands the same one to Remix's inline scripts.
		res.locals.cspNonce = portal.newNonce()
		res.setHeader('Content-Security-Policy', portal.contentSecurityPolicy(res.locals.cspNonce))
		next()
	})

	// Remix fingerprints everything under /build, so it may be cached for a year.
	app.use('/build', express.static(path.join(here, 'public/build'), { immutable: true, maxAge: '1y', index: false }))
	// Only the files at public/'s top level (favicon.ico, robots.txt) are looked up on disk:
	// handing every request to express.static cost each page a failed stat and its error path.
	const publicFiles = new Set(
		fs
			.readdirSync(path.join(here, 'public'), { withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => `/${entry.name}`),
	)
	const servePublic = express.static(path.join(here, 'public'), { maxAge: '1h', index: false })
	app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()))

	app.use(async (req, res, next) => {
		try {
			if (!req.originalUrl.startsWith('/') || req.originalUrl.startsWith('//')) {
				res.status(400).type('text/plain').send('Bad request.')
				return
			}
			const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`)
			const headers = new Headers()
			for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
			const outcome = await portal.gate({ rawPath: req.originalUrl, method: req.method, url, headers, ip: req.ip ?? '' })
			if (outcome.kind === 'deny') {
				res.status(outcome.status).set(outcome.headers).send(outcome.body)
				return
			}
			if (outcome.setCookie) res.append('Set-Cookie', outcome.setCookie)
			if (outcome.viewer) keepOutOfCaches(res)
			res.locals.viewer = outcome.viewer
			res.locals.ip = req.ip ?? ''
			next()
		} catch (error) {
			next(error)
		}
	})

	app.all(
		'*',
		createRequestHandler({
			build,
			mode: process.env.NODE_ENV,
			getLoadContext: (_req, res) => ({ viewer: res.locals.viewer, ip: res.locals.ip, cspNonce: res.locals.cspNonce }),
		}),
	)

	// Errors a user cannot cause: log with context, answer calmly, never a stack trace.
	// Errors the sender caused (a malformed %-escape in the path, a body Express could not read) keep their 4xx.
	app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
		const given = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode
		const status = error instanceof URIError ? 400 : typeof given === 'number' && given >= 400 && given < 500 ? given : 500
		if (status === 500) console.error(`[server] ${req.method} ${req.originalUrl}`, error)
		if (res.headersSent) return
		const message = status === 500 ? 'Something went wrong on our side. Please try again.' : 'Bad request: the address or the body could not be read.'
		if (req.path.startsWith('/api/')) res.status(status).json({ error: message })
		else res.status(status).type('text/plain').send(message)
	})

	const server = app.listen(PORT, () => {
		// Under a cluster the supervisor says it once, when every worker listens.
		if (cluster.isPrimary) console.log(`Practitioners Portal listening on http://localhost:${PORT}`)
	})

	// Node answers an address or headers over its 16 KB limit (and other unparseable requests) and then
	// destroys the socket at once; a client still sending its long address sees a reset instead of the
	// answer. Answer, half-close, and read what is still coming so the client can read the refusal.
	server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
		if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
		const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
		const message = tooLarge ? 'Request too large: the address and headers must stay under 16 KB.' : 'Bad request: the request could not be read.'
		socket.removeAllListeners('data') // the HTTP parser stays in its error state; keep it out of the drain
		socket.on('data', () => {})
		socket.on('error', () => socket.destroy())
		socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`)
		setTimeout(() => socket.destroy(), 10_000).unref()
	})

	function shutdown() {
		server.close(() => {
			void portal.shutdown().finally(() => process.exit(0))
		})
		setTimeout(() => process.exit(0), 5000).unref()
	}
	process.on('SIGTERM', shutdown)
	process.on('SIGINT', shutdown)
}

/**
 * Starts the workers and replaces any that dies. The first one alone migrates the database
 * (the others start once it listens) and runs the background work: the outbox timer,
 * alerts, digests and event notices (PORTAL_WORKER_ROLE, read by app/utils/search.server.ts).
 * Every worker drains the outbox after its own writes; the drain lease serialises them.
 */
async function superviseWorkers(count: number) {
	let stopping = false
	const start = (role: 'background' | 'web') => {
		const worker = cluster.fork({ PORTAL_WORKER_ROLE: role })
		let listened = false
		worker.once('listening', () => (listened = true))
		worker.once('exit', (code, signal) => {
			if (stopping) return
			// One that never came up will not come up on a retry either (bad settings, port taken).
			if (!listened) {
				console.error(`[cluster] a ${role} worker failed to start (${signal ?? code}); stopping`)
				stop('SIGTERM', 1)
				return
			}
			console.error(`[cluster] the ${role} worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
			start(role)
		})
		return worker
	}
	const stop = (signal: NodeJS.Signals, exitCode = 0) => {
		if (stopping) return
		stopping = true
		const workers = Object.values(cluster.workers ?? {})
		if (!workers.length) process.exit(exitCode)
		for (const w of workers) w?.process.kill(signal)
		cluster.on('exit', () => {
			if (!Object.keys(cluster.workers ?? {}).length) process.exit(exitCode)
		})
		setTimeout(() => process.exit(exitCode), 10_000).unref()
	}
	process.on('SIGTERM', () => stop('SIGTERM'))
	process.on('SIGINT', () => stop('SIGINT'))
	const first = start('background')
	await Promise.race([once(first, 'listening'), once(first, 'exit')])
	if (stopping) return
	const others = Array.from({ length: count - 1 }, () => start('web'))
	await Promise.all(others.map((w) => Promise.race([once(w, 'listening'), once(w, 'exit')])))
	if (!stopping) console.log(`Practitioners Portal listening on http://localhost:${PORT} (${count} workers)`)
}

/** A DNS name or IP literal, with an optional port (1-65535): nothing a URL parser could read as a path or refuse. */
function isWellFormedHost(host: string | undefined): boolean {
	const m = host === undefined ? null : /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(host)
	return m !== null && (m[1] === undefined || (Number(m[1]) >= 1 && Number(m[1]) <= 65535))
}

/**
 * Whatever a signed-in member is sent (a page, its data, a JSON answer, an attachment)
 * holds their messages, registrations or restricted threads: no shared cache may keep it,
 * and the browser must not show it again from its history after logout on a shared
 * computer. Set as the headers go out, so a route that chose its own caching keeps it.
 */
function keepOutOfCaches(res: express.Response): void {
	const writeHead = res.writeHead
	res.writeHead = function (this: express.Response, ...args: unknown[]) {
		if (!this.hasHeader('Cache-Control')) this.setHeader('Cache-Control', 'private, no-store')
		return (writeHead as (...a: unknown[]) => express.Response).apply(this, args)
	} as typeof res.writeHead
}

