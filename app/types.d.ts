import type { Viewer } from './utils/permissions.server'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
	interface AppLoadContext {
		viewer: Viewer | null
		ip: string
		cspNonce: string
	}
}
