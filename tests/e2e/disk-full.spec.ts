import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { E2E } from '../setup/e2e-env'
import { OwnServer } from './own-server'

// Uploads land on small tmpfs mounts: one with little space, one with almost no inodes (so
// the space check passes and the write itself fails with ENOSPC). Mounting needs root.
const mounts = { space: path.join(E2E.root, 'tests/.tmp/disk-full-space'), inodes: path.join(E2E.root, 'tests/.tmp/disk-full-inodes') }

function mount(dir: string, options: string): boolean {
	fs.mkdirSync(dir, { recursive: true })
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' })
		return true
	} catch {
		return false
	}
}
const unmount = (dir: string) => {
	try {
		execFileSync('umount', [dir], { stdio: 'ignore' })
	} catch {}
}

const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(bytes), Buffer.from('\n%%EOF\n')])

test.describe.serial('a full disk for uploads', () => {
	const spaceServer = new OwnServer(3295, 'disk-full-a', { ATTACHMENT_DIR: mounts.space })
	const inodeServer = new OwnServer(3294, 'disk-full-b', { ATTACHMENT_DIR: path.join(mounts.inodes, 'files') })
	let mounted = false

	test.beforeAll(async () => {
		unmount(mounts.space)
		unmount(mounts.inodes)
		mounted = mount(mounts.space, 'size=400k') && mount(mounts.inodes, 'size=8m,nr_inodes=3')
	})
	test.afterAll(async () => {
		await spaceServer.stop()
		await inodeServer.stop()
		unmount(mounts.space)
		unmount(mounts.inodes)
	})

	test('no room: the form says so, keeps the text, and stores nothing; earlier files stay intact', async ({ browser }) => {
		// Skipped only where the tmpfs could not be mounted (not root): the test needs a real full disk.
		test.skip(!mounted, 'needs root to mount a size-limited tmpfs (run npm test as root, as CI does)')
		await spaceServer.reset({ content: true })
		await spaceServer.start()
		const cookie = spaceServer.sessionFor({ id: 'disk-member', role: 'member', regions: ['caribbean'] })
		const context = await browser.newContext({ baseURL: spaceServer.origin })
		await context.addCookies([{ name: 'portal_session', value: cookie.split('=')[1], url: spaceServer.origin }])
		const page = await context.newPage()

		// A file that fits.
		const first = pdf(150_000)
		await page.goto('/forums/caribbean/new')
		await page.getByLabel('Title').fill('Tracing report, part one')
		await page.getByLabel('Message').fill('The first report is attached.')
		await page.locator('input[type=file][name=attachments]').setInputFiles([{ name: 'report-1.pdf', mimeType: 'application/pdf', buffer: first }])
		await page.getByRole('button', { name: 'Post thread' }).click()
		await expect(page).toHaveURL(/\/threads\/\d+/)
		const threadUrl = page.url()

		// One that does not: a clear message on the form, the text still in it, nothing stored.
		const db = new SQLite(spaceServer.dbPath, { readonly: true })
		const counts = () => db.prepare(`select (select count(*) from posts) p, (select count(*) from attachments) a`).get()
		const before = counts()
		const text = 'The second report, which is too large for the disk right now.'
		await page.getByLabel('Your reply').fill(text)
		await page.locator('input[type=file][name=attachments]').setInputFiles([{ name: 'report-2.pdf', mimeType: 'application/pdf', buffer: pdf(300_000) }])
		const response = page.waitForResponse((r) => r.request().method() === 'POST')
		await page.getByRole('button', { name: 'Post reply' }).click()
		expect((await response).status()).toBe(400)
		await expect(page.getByText('The portal has no room for files right now')).toBeVisible()
		await expect(page.getByLabel('Your reply')).toHaveValue(text)
		expect(counts()).toEqual(before)
		expect(fs.readdirSync(mounts.space, { recursive: true }).filter((f) => String(f).endsWith('.part'))).toEqual([])

		// Without the file the reply goes through; the first file still downloads byte for byte.
		await page.locator('input[type=file][name=attachments]').setInputFiles([])
		await page.getByRole('button', { name: 'Post reply' }).click()
		await expect(page.getByText(text)).toBeVisible()
		await page.goto(threadUrl)
		const link = page.getByRole('link', { name: /report-1\.pdf/ })
		const download = await context.request.get(await link.getAttribute('href') as string)
		expect(Buffer.from(await download.body()).equals(first)).toBe(true)
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
		db.close()
		await context.close()
	})

	test('the disk fills during the write: a clear 507, no half-written file, no row, the portal carries on', async () => {
		// Skipped only where the tmpfs could not be mounted (not root): the test needs real inode exhaustion.
		test.skip(!mounted, 'needs root to mount a tmpfs with few inodes')
		await inodeServer.reset({ content: true })
		await inodeServer.start()
		const cookie = inodeServer.sessionFor({ id: 'inode-member', role: 'member', regions: ['caribbean'] })
		const origin = inodeServer.origin
		const newThread = (withFile: boolean) => {
			const form = new FormData()
			form.set('title', withFile ? 'Thread with a file' : 'Thread without a file')
			form.set('body', 'Some text.')
			if (withFile) form.set('attachments', new Blob([pdf(1000)], { type: 'application/pdf' }), 'small.pdf')
			return fetch(`${origin}/forums/caribbean/new`, { method: 'POST', headers: { Origin: origin, Cookie: cookie }, body: form, redirect: 'manual' })
		}
		const db = new SQLite(inodeServer.dbPath, { readonly: true })
		const counts = () => db.prepare(`select (select count(*) from threads) t, (select count(*) from posts) p, (select count(*) from attachments) a`).get()
		const before = counts()
		const refused = await newThread(true)
		expect(refused.status).toBe(507)
		expect(await refused.text()).toContain('The portal has no room for files right now')
		expect(counts()).toEqual(before)
		expect(fs.readdirSync(mounts.inodes, { recursive: true }).filter((f) => String(f).endsWith('.part'))).toEqual([])
		const ok = await newThread(false)
		expect(ok.status).toBe(302)
		expect((await fetch(`${origin}/healthz`)).status).toBe(200)
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
		db.close()
	})
})
