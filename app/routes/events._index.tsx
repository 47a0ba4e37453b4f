import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireViewer } from '~/utils/permissions.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	requireViewer(context, request)
	return null
}

export default function EventsPlaceholder() {
	return (
		<>
			<h1>Events</h1>
			<p className="panel">This part of the portal is being built. It will open here.</p>
		</>
	)
}
