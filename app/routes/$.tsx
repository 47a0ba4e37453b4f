import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireViewer } from '~/utils/permissions.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	requireViewer(context, request)
	throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
	return null
}
