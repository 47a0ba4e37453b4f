/** The kinds of event, in a module of its own so that pages can name them without loading the record's schema (zod, luxon). */
export const EVENT_TYPES = ['working-group-meeting', 'conference-of-parties', 'regional-meeting', 'workshop', 'training', 'webinar', 'cross-border-operation'] as const
