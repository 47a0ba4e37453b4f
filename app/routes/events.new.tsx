import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { EventEditor } from '~/components/event-editor'
import { newEventTemplate, saveFromEditor } from '~/models/event-editor.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('events.new.metaTitle') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	return { source: newEventTemplate(), back: '/events' }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const source = String((await readForm(request)).get('source') ?? '').slice(0, 200_000)
	const saved = await saveFromEditor(viewer, source, clientIp(context))
	if (saved.kind === 'problems') return data({ source, problems: saved.problems }, { status: 400 })
	return redirectWithFlash(`/events/${saved.id}`, { kind: 'success', message: requestT(request, viewer)('events.flash.created') })
}

export default function NewEvent() {
	const t = useT()
	return <EventEditor heading={t('events.new.heading')} />
}
