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
