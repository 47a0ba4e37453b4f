/** Starts the built portal against a fresh database with content/ loaded, for Playwright. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { E2E, serverEnv } from './e2e-env'

fs.rmSync(E2E.tmp, { recursive: true, force: true })
fs.mkdirSync(E2E.mailDir, { recursive: true })

const env = serverEnv()
const tsx = path.join(E2E.root, 'node_modules/.bin/tsx')
const load = spawn(tsx, ['db/content/cli.ts', 'content'], { cwd: E2E.root, env, stdio: 'inherit' })
const code: number = await new Promise((resolve) => load.on('exit', (c) => resolve(c ?? 1)))
if (code !== 0) process.exit(code)
const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: E2E.root, env, stdio: 'inherit' })
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.kill(signal))
server.on('exit', (c) => process.exit(c ?? 0))
