import type { LoaderFunctionArgs } from '@remix-run/node'
import * as z from 'zod'
import { EVENT_TYPES } from '../../db/events/record'
import { eventApiView, eventsFor } from '~/models/events.server'
import { requireApiViewer } from '~/utils/permissions.server'
import { isCalendarDate } from '~/utils/validation'

const dateParam = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Write dates as YYYY-MM-DD.')
	.refine(isCalendarDate, 'Not a real date.')
	.transform((d) => Date.parse(`${d}T00:00:00Z`) / 1000)

const query = z.object({
	from: dateParam.optional(),
	to: dateParam.optional(),
	type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}.` }).optional(),
	region: z.string().regex(/^[a-z0-9-]{1,60}$/, 'region is a region slug.').optional(),
})

/** GET /api/events?from=&to=&type=&region= — events the caller may see (UTC dates; default: from today). */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireApiViewer(context)
	const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''))
	const parsed = query.safeParse(params)
	if (!parsed.success) return Response.json({ error: 'Invalid query.', fields: z.flattenError(parsed.error).fieldErrors }, { status: 400 })
	const from = parsed.data.from ?? Math.floor(Date.now() / 86_400_000) * 86_400
	const events = await eventsFor(viewer, { from, to: parsed.data.to != null ? parsed.data.to + 86_400 : undefined, type: parsed.data.type, region: parsed.data.region })
	return Response.json({ total: events.length, events: events.map(eventApiView) })
}
