import fs from 'node:fs/promises'
import matter from 'gray-matter'
import YAML from 'yaml'
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

/**
 * Reads an optional YAML file and validates it: the value, or the problems found
 * (a missing file is neither: content directories may omit any kind).
 */
export async function readYamlFile<T>(file: string, schema: z.ZodType<T>): Promise<{ value: T | null; problems: ContentProblem[] }> {
	let text: string
	try {
		text = await fs.readFile(file, 'utf8')
	} catch {
		return { value: null, problems: [] }
	}
	let parsed: unknown
	try {
		parsed = YAML.parse(text)
	} catch (error) {
		return { value: null, problems: [{ file, field: '(file)', message: `Not valid YAML: ${(error as Error).message.split('\n')[0]}` }] }
	}
	const result = schema.safeParse(parsed)
	if (!result.success) return { value: null, problems: problemsFromZod(file, result.error) }
	return { value: result.data, problems: [] }
}

/**
 * YAML 1.2 (the `yaml` package, as for the .yaml content files), not gray-matter's YAML 1.1:
 * under 1.1 an unquoted agenda time `14:00` is the number 840 (base 60), so the event
 * editor could not read back the source it had written itself.
 */
const yaml12 = {
	parse: (text: string): Record<string, unknown> => (YAML.parse(text) as Record<string, unknown> | null) ?? {},
}

const refuse = {
	parse(): never {
		throw new Error('only YAML front matter is read')
	},
}

/**
 * Front matter as YAML, and only YAML. gray-matter reads a language named on the opening
 * fence (`---js`, `---javascript`) and runs JavaScript front matter through eval, so a
 * staff member's event source or an imported file could run code on the server. A fence
 * with anything after `---` is refused before gray-matter sees it, and its JavaScript
 * engine is replaced by one that refuses. Returns the problem as text, or the parts.
 */
export function yamlFrontMatter(source: string): { problem: string } | { matter: string; data: Record<string, unknown>; body: string } {
	const opening = /^\uFEFF?(---[^\r\n]*)/.exec(source)?.[1]
	if (opening !== undefined && opening.trimEnd() !== '---') return { problem: 'Front matter must be YAML: open it with a line of just ---.' }
	try {
		// With options given, gray-matter skips its content-keyed cache, whose hits lack .matter.
		const parsed = matter(source, { language: 'yaml', engines: { yaml: yaml12, javascript: refuse, js: refuse, coffee: refuse, coffeescript: refuse, cson: refuse } })
		return { matter: parsed.matter ?? '', data: parsed.data, body: parsed.content.trim() }
	} catch (error) {
		return { problem: `Not valid YAML: ${(error as Error).message.split('\n')[0]}` }
	}
}

/** A Markdown file's YAML front matter and body, or the problem that stops reading it. */
export function readFrontMatter(file: string, source: string): { data: Record<string, unknown>; body: string } | { problem: ContentProblem } {
	const parsed = yamlFrontMatter(source)
	if ('problem' in parsed) return { problem: { file, field: '(front matter)', message: parsed.problem } }
	if (!parsed.matter.trim()) return { problem: { file, field: '(front matter)', message: 'The file has no YAML front matter between --- lines.' } }
	return { data: parsed.data, body: parsed.body }
}
