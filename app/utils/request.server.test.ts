import { UNSAFE_ErrorResponseImpl } from '@remix-run/router'
import { describe, expect, test } from 'vitest'
import { isClientMistake, safeRedirect } from './request.server'

describe('what the server log records', () => {
	test('a method or route refused as the client’s mistake is not logged as a server fault; real faults are', () => {
		expect(isClientMistake(new UNSAFE_ErrorResponseImpl(405, 'Method Not Allowed', 'no action', true))).toBe(true)
		expect(isClientMistake(new UNSAFE_ErrorResponseImpl(404, 'Not Found', 'no route', true))).toBe(true)
		expect(isClientMistake(new UNSAFE_ErrorResponseImpl(500, 'Internal Server Error', 'boom', true))).toBe(false)
		expect(isClientMistake(new Error('database is locked'))).toBe(false)
		expect(isClientMistake(new Response('x', { status: 404 }))).toBe(false)
	})
})

describe('where the portal sends someone after signing in', () => {
	test('only to its own pages: a path that resolves to another host falls back to the home page', () => {
		for (const evil of ['//evil.example', '/.//evil.example/phish', '/x/..//evil.example', '/%2e%2e//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example', ''])
			expect(safeRedirect(evil), evil).toBe('/')
		expect(safeRedirect('/cases?q=firearms#results')).toBe('/cases?q=firearms#results')
		expect(safeRedirect('/forums/../cases')).toBe('/cases')
	})
})

