import { describe, expect, test } from 'vitest'
import { caseRecordSchema } from './cases/record'
import { isCalendarDate } from './validation'

describe('shared content rules', () => {
	test('a calendar date exists: Date.parse would roll 31 February over into March', () => {
		for (const good of ['2024-02-29', '2023-12-31', '1999-01-01']) expect(isCalendarDate(good), good).toBe(true)
		for (const bad of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-1', '20240101', '']) expect(isCalendarDate(bad), bad).toBe(false)
	})

	test('a case record refuses control characters in every free-text field, and keeps line breaks in its text', () => {
		const valid = {
			id: 'NGA100',
			title: 'Prosecutor v. Test',
			country: 'NGA',
			court: 'High Court',
			court_level: 'appeal',
			decision_date: '2020-05-01',
			legal_system: 'common-law',
			outcome: 'convicted',
			language: 'en',
			body: '## Facts\nLine one.\n\tIndented.\r\n',
		}
		expect(caseRecordSchema.safeParse(valid).success).toBe(true)
		const problem = (change: Record<string, unknown>) => {
			const r = caseRecordSchema.safeParse({ ...valid, ...change })
			return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
		}
		expect(problem({ docket: 'Doc\u0000No\u001b[2J 1' })).toEqual(['docket: Contains control characters.'])
		expect(problem({ keywords: ['fine', 'bad\u0007'] })).toEqual(['keywords.1: Contains control characters.'])
		expect(problem({ firearms: [{ type: 'pistol\u0000' }] })).toEqual(['firearms.0.type: Contains control characters.'])
		expect(problem({ sources: [{ title: 'Judgment\u001b', url: 'https://example.org/j' }] })).toEqual(['sources.0.title: Contains control characters.'])
		expect(problem({ defendants: [{ name: 'A. Test', charges: ['trafficking\u0000'] }] })).toEqual(['defendants.0.charges.0: Contains control characters.'])
		expect(problem({ body: '## Facts\nNUL\u0000here' })).toEqual(['body: Contains control characters.'])
		expect(problem({ keywords: ['  '] })).toEqual(['keywords.0: An entry is empty.'])
		expect(problem({ keywords: [2019, 'ok'] })).toBeNull()
		expect(problem({ keywords: [null] })).not.toBeNull()
		expect(problem({ defendants: [{ name: 'A. Test', charges: [{ a: 1 }] }] })).not.toBeNull()
		expect(problem({ decision_date: '2021-02-29' })).toEqual(['decision_date: Use a real date written YYYY-MM-DD.'])
	})
})
