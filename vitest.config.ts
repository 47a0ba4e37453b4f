import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
	resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
	test: {
		// Playwright specs live in tests/e2e and must not be picked up here.
		include: ['{app,db,search,tests/unit}/**/*.test.{ts,tsx}'],
		environment: 'node',
		setupFiles: ['tests/setup/unit.ts'],
		testTimeout: 20_000,
		pool: 'forks',
	},
})
