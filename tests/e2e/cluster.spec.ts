import fs from 'node:fs'
import http from 'node:http'
import { expect, test } from '@playwright/test'
import { OwnServer } from './own-server'

// Its own server: it runs the portal as a supervisor with two workers (WEB_CONCURRENCY) and kills one.
const server = new OwnServer(3293, 'cluster', { WEB_CONCURRENCY: '2' })
test.afterAll(() => server.stop())

/** The supervisor's worker processes, from /proc. */
function workersOf(pid: number): number[] {
	return fs
		.readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.filter((d) => {
			try {
				const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
				return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
			} catch {
				return false
			}
		})
		.map(Number)
}

/**
 * A GET on a fresh connection each time, so the supervisor hands successive requests to
 * different workers. Status 0 when no answer comes: the connection the supervisor hands
 * to a worker at the instant it is killed is lost, as with any crash.
 */
function getFresh(url: string, cookie: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve) => {
		const request = http.get(url, { agent: false, timeout: 5_000, headers: { Cookie: cookie } }, (res) => {
			let body = ''
			res.setEncoding('utf8')
			res.on('data', (c) => (body += c))
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
		})
		request.on('timeout', () => request.destroy())
		request.on('error', () => resolve({ status: 0, body: '' }))
	})
}

test('two workers: a write through one is found at once through every worker; a killed worker is replaced; stopping leaves no worker behind', async () => {
	test.setTimeout(90_000)
	await server.reset({ content: true })
	await server.start()
	const supervisor = server.pid as number
	await expect.poll(() => workersOf(supervisor).length).toBe(2)

	const cookie = server.sessionFor({ id: 'cluster-member', role: 'member', regions: ['latin-america'] })
	const word = `Quetzalcluster${Date.now()}`
	const created = await fetch(`${server.origin}/forums/interregional/new`, {
		method: 'POST',
		headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ title: `Tracing request ${word}`, body: 'Opening post.' }).toString(),
		redirect: 'manual',
	})
	expect(created.status).toBe(302)
	// The writer's drain indexed it before answering; the other worker's search sees the same index.
	for (let i = 0; i < 6; i++) {
		const r = await getFresh(`${server.origin}/search?q=${word}`, cookie)
		expect(r.status).toBe(200)
		expect(r.body).toContain(`Tracing request ${word}`)
	}

	const [victim] = workersOf(supervisor)
	process.kill(victim, 'SIGKILL')
	await expect.poll(() => workersOf(supervisor).filter((p) => p !== victim).length, { timeout: 30_000 }).toBe(2)
	await expect.poll(async () => (await getFresh(`${server.origin}/healthz`, '')).status, { timeout: 30_000 }).toBe(200)
	for (let i = 0; i < 4; i++) expect((await getFresh(`${server.origin}/search?q=${word}`, cookie)).body).toContain(`Tracing request ${word}`)

	const workers = workersOf(supervisor)
	await server.stop()
	expect(workers.filter((p) => fs.existsSync(`/proc/${p}`))).toEqual([])
})
