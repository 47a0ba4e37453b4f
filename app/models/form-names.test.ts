import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

// The models open the database named by the environment (lazily): point it somewhere harmless.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-names-'))
process.env.DATABASE_PATH = path.join(dir, 'portal.db')

const { savedSearchSchema } = await import('./saved-searches.server')
const { tokenNameSchema } = await import('./api-tokens.server')

describe('names members give things', () => {
	test('a saved search name goes into email subjects: one line, no control characters', () => {
		const name = (value: string) => savedSearchSchema.safeParse({ name: value, query: 'q=pistol', email: 'immediate' })
		expect(name('alert\r\nBcc: x@evil.test')).toMatchObject({ success: true, data: { name: 'alert Bcc: x@evil.test' } })
		const refused = name('alert\u0000name')
		expect(refused.success).toBe(false)
		expect(refused.error?.issues.map((i) => i.message)).toEqual(['Remove control characters.'])
		expect(name(' \n ').error?.issues.map((i) => i.message)).toEqual(['Give the search a name.'])
	})

	test('an API token name has no control characters either', () => {
		expect(tokenNameSchema.safeParse('nul\u0000name\u001b[31m').error?.issues.map((i) => i.message)).toEqual(['Remove control characters.'])
		expect(tokenNameSchema.safeParse(' CI\tscript\r\nrunner ').data).toBe('CI script runner')
		expect(tokenNameSchema.safeParse('').error?.issues.map((i) => i.message)).toEqual(['Name the token.'])
	})
})
