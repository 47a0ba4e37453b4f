import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test, vi } from 'vitest'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-'))
process.env.SIGNING_KEY_FILE = path.join(dir, 'signing.key')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The cookie a redirect sets, as the browser sends it back. */
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0]

test('a flash set by one worker is read by another (each process loads the modules afresh), and a forged one is not', async () => {
	const first = await import('./flash.server')
	const cookie = cookieOf(await first.redirectWithFlash('/profile', { kind: 'success', message: 'Saved.' }))
	expect(cookie).toMatch(/^portal_flash=/)

	vi.resetModules() // another process: nothing cached, the same signing key file
	const second = await import('./flash.server')
	const read = (c: string) => second.readFlash(new Request('http://portal.test/profile', { headers: { cookie: c } }))
	expect((await read(cookie)).flash).toEqual({ kind: 'success', message: 'Saved.' })

	// The value is base64 JSON then a signature: a different message under the same signature is dropped.
	const [value, signature] = decodeURIComponent(cookie.slice('portal_flash='.length)).split('.')
	const forged = Buffer.from(JSON.stringify({ __flash_flash__: { kind: 'error', message: 'Your account is closed.' } })).toString('base64')
	expect(forged).not.toBe(value)
	expect((await read(`portal_flash=${encodeURIComponent(`${forged}.${signature}`)}`)).flash).toBeNull()
})
