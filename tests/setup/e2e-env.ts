import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// E2E_PORT and E2E_TMP let two runs share a machine without sharing a server or a database.
const tmp = process.env.E2E_TMP ? path.resolve(process.env.E2E_TMP) : path.join(root, 'tests/.tmp/e2e')

/** One real database file and mail folder for the end-to-end run. */
export const E2E = {
	root,
	tmp,
	port: Number(process.env.E2E_PORT || 3210),
	get baseURL() {
		return `http://localhost:${this.port}`
	},
	databasePath: path.join(tmp, 'portal.db'),
	mailDir: path.join(tmp, 'mail'),
}

export function serverEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		NODE_ENV: 'production',
		INSECURE_COOKIES: '1',
		// Tests stand in for several clients behind a proxy by sending X-Forwarded-For.
		TRUST_PROXY: 'loopback',
		PORT: String(E2E.port),
		DATABASE_PATH: E2E.databasePath,
		MAIL_DIR: E2E.mailDir,
		ATTACHMENT_DIR: path.join(E2E.tmp, 'attachments'),
		SIGNING_KEY_FILE: path.join(E2E.tmp, 'signing.key'),
		...overrides,
	}
}

/**
 * Debian's Chromium for Playwright (its own download cannot work here): CHROMIUM_PATH, else
 * the headless shell (same build, about half the CPU; see tests/run.sh), else the full browser.
 */
export function chromiumPath(): string {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
	return ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => fs.existsSync(p)) ?? '/usr/bin/chromium'
}
