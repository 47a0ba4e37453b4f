import type { z } from 'zod'

/** One thing wrong with one content file, said so an editor can fix it. */
export interface ContentProblem {
	file: string
	field: string
	message: string
}

export function problemsFromZod(file: string, error: z.ZodError, prefix = ''): ContentProblem[] {
	return error.issues.map((issue) => ({
		file,
		field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(file)',
		message: issue.message,
	}))
}

export function formatProblem(p: ContentProblem) {
	return `${p.file}: ${p.field}: ${p.message}`
}
