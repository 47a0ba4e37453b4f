import type { EVENT_TYPES } from '../../db/events/types'

// Client-safe: labels shared by the events pages and the API (the list filters' schema is in event-forms.server.ts).
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
