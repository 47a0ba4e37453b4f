import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { EventEditor } from '~/components/event-editor'
import { newEventTemplate, saveFromEditor } from '~/models/event-editor.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'New event — Events' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	return { source: newEventTemplate(), heading: 'New event', back: '/events' }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const source = String((await request.formData()).get('source') ?? '').slice(0, 200_000)
	const saved = await saveFromEditor(viewer, source, clientIp(context))
	if (saved.kind === 'problems') return data({ source, problems: saved.problems }, { status: 400 })
	return redirectWithFlash(`/events/${saved.id}`, { kind: 'success', message: 'Event created.' })
}

export default function NewEvent() {
	return <EventEditor />
}
