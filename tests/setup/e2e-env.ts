import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const tmp = path.join(root, 'tests/.tmp/e2e')

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
		...overrides,
	}
}
