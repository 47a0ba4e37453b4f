import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventForViewer, exportRegistrationsCsv } from '~/models/events.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp } from '~/utils/request.server'

/** GET /events/:id/registrations/csv — staff only. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const staff = requirePermission(context, request, 'publish:content')
	const event = await eventForViewer(staff, params.eventId ?? '')
	if (!event) throw new Response('Not found', { status: 404 })
	return new Response(await exportRegistrationsCsv(staff, event.id, clientIp(context)), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${event.id}-registrations.csv"`, 'Cache-Control': 'private, no-store' },
	})
}
