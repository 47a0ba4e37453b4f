import type { AppLoadContext } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { requireApiViewer, requireViewer, type Viewer } from './permissions.server'

const viewer = (extra: Partial<Viewer> = {}): Viewer => ({ id: 'u1', name: 'U', email: 'u@test.portal', role: 'admin', status: 'active', preferredLanguage: 'en', timezone: null, regions: [], sessionId: 's', ...extra })
const context = (v: Viewer) => ({ viewer: v }) as unknown as AppLoadContext
const statusOf = (run: () => unknown) => {
	try {
		run()
		return 'allowed'
	} catch (thrown) {
		return thrown instanceof Response ? thrown.status : 'other'
	}
}

// The gate decides first; these locks hold even if a request ever reached a route the gate did not check.
describe('the second locks in the routes', () => {
	test('a session that still owes its second factor gets nothing from the API', () => {
		expect(statusOf(() => requireApiViewer(context(viewer({ twoFactorPending: 'verify' }))))).toBe(401)
		expect(statusOf(() => requireApiViewer(context(viewer({ twoFactorPending: 'enrol' }))))).toBe(401)
		expect(statusOf(() => requireApiViewer(context(viewer())))).toBe('allowed')
	})

	test('a personal API token opens no page or form, only the API', () => {
		const tokenViewer = viewer({ role: 'member', apiToken: { readsMessages: true } } as Partial<Viewer>)
		expect(statusOf(() => requireViewer(context(tokenViewer), new Request('http://localhost/profile')))).toBe(403)
		expect(statusOf(() => requireApiViewer(context(tokenViewer)))).toBe('allowed')
		expect(statusOf(() => requireViewer(context(viewer({ role: 'member' })), new Request('http://localhost/profile')))).toBe('allowed')
	})
})
