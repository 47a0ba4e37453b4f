import * as z from 'zod'
import { EVENT_TYPES } from '../../db/events/types'

/** The events list's query parameters (server-only, so the page does not ship zod). */
export const eventListSchema = z.object({
	type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}.` }).optional(),
	region: z.string().regex(/^[a-z0-9-]{1,60}$/, 'region is a region slug.').optional(),
	month: z
		.string()
		.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month is written YYYY-MM.')
		.optional(),
	when: z.enum(['upcoming', 'past'], { error: 'when is upcoming or past.' }).default('upcoming'),
	view: z.enum(['list', 'calendar'], { error: 'view is list or calendar.' }).default('list'),
})
