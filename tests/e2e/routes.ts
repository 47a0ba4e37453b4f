import fs from 'node:fs'
import path from 'node:path'
import { E2E } from '../setup/e2e-env'

/**
 * Every route file in app/routes turned into a concrete URL, so tests that walk the
 * routes cover a new route the day it is added.
 */
export interface RouteSample {
	file: string
	path: string
}

export function routeSamples(): RouteSample[] {
	const dir = path.join(E2E.root, 'app/routes')
	return fs
		.readdirSync(dir)
		.filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.includes('.test.'))
		.map((file) => {
			const base = file.replace(/\.(tsx?|jsx?)$/, '')
			const segments = base
				// [escaped] text is literal (e.g. $eventId[.ics] → /events/sample-id.ics).
				.replace(/\[([^\]]*)\]/g, (_m, inner: string) => inner.replace(/\./g, '\u0000'))
				.split('.')
				.map((s) => s.replace(/\u0000/g, '.'))
				.filter((s) => s !== '_index' && !s.startsWith('_'))
				.map((s) => s.replace(/_$/, ''))
				.map((s) => (s === '$' ? 'anything/here' : s.replace(/^\$[A-Za-z0-9_]+/, 'sample-id')))
			return { file, path: `/${segments.join('/')}` }
		})
}
