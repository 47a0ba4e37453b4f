import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { EventEditor } from '~/components/event-editor'
import { eventSource, saveFromEditor } from '~/models/event-editor.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Edit event — Events' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	const source = await eventSource(params.eventId ?? '')
	if (!source) throw new Response('Not found', { status: 404 })
	return { source, heading: 'Edit event', back: `/events/${params.eventId}` }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const id = params.eventId ?? ''
	if (!(await eventSource(id))) throw new Response('Not found', { status: 404 })
	const source = String((await request.formData()).get('source') ?? '').slice(0, 200_000)
	const saved = await saveFromEditor(viewer, source, clientIp(context), id)
	if (saved.kind === 'problems') return data({ source, problems: saved.problems }, { status: 400 })
	const changed = saved.outcome.kind === 'unchanged' ? 'Nothing changed.' : 'Saved. Registrants are told about changes of time, place or status.'
	return redirectWithFlash(`/events/${id}`, { kind: 'success', message: changed })
}

export default function EditEvent() {
	return <EventEditor />
}
