import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { EventEditor } from '~/components/event-editor'
import { eventSource, saveFromEditor } from '~/models/event-editor.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('events.edit.metaTitle') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	const source = await eventSource(params.eventId ?? '')
	if (!source) throw new Response('Not found', { status: 404 })
	return { source, back: `/events/${params.eventId}` }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const id = params.eventId ?? ''
	if (!(await eventSource(id))) throw new Response('Not found', { status: 404 })
	const source = String((await readForm(request)).get('source') ?? '').slice(0, 200_000)
	const saved = await saveFromEditor(viewer, source, clientIp(context), id)
	if (saved.kind === 'problems') return data({ source, problems: saved.problems }, { status: 400 })
	const t = requestT(request, viewer)
	const changed = saved.outcome.kind === 'unchanged' ? t('events.flash.unchanged') : t('events.flash.edited')
	return redirectWithFlash(`/events/${id}`, { kind: 'success', message: changed })
}

export default function EditEvent() {
	const t = useT()
	return <EventEditor heading={t('events.edit.heading')} />
}
