import type { Viewer } from './utils/permissions.server'

declare module '@remix-run/node' {
	interface AppLoadContext {
		viewer: Viewer | null
		ip: string
		cspNonce: string
	}
}
