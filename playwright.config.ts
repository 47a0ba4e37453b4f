import { defineConfig } from '@playwright/test'
import { chromiumPath, E2E } from './tests/setup/e2e-env'

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	// Many tests drive several browser contexts and real argon2id logins; on a shared 2-core machine 30 s was too tight.
	timeout: 90_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	globalSetup: './tests/setup/e2e-global.ts',
	use: {
		baseURL: E2E.baseURL,
		launchOptions: {
			executablePath: chromiumPath(),
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		},
		trace: 'off',
	},
	webServer: {
		command: 'tsx tests/setup/e2e-server.ts',
		url: `${E2E.baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe',
	},
})
