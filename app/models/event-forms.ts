import { z } from 'zod'
import { EVENT_TYPES } from '../../db/events/record'

// Client-safe: labels and the list filters shared by the events pages and the API.
export const EVENT_TYPE_LABELS: Record<(typeof EVENT_TYPES)[number], string> = {
	'working-group-meeting': 'Working Group meeting',
	'conference-of-parties': 'Conference of the Parties',
	'regional-meeting': 'Regional meeting',
	workshop: 'Workshop',
	training: 'Training',
	webinar: 'Webinar',
	'cross-border-operation': 'Cross-border operation',
}

export const STATUS_LABELS = { planned: 'Planned', confirmed: 'Confirmed', postponed: 'Postponed', cancelled: 'Cancelled' } as const

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
