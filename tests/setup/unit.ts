import { afterEach, beforeEach, vi } from 'vitest'

// As in the Epic Stack: an unexpected console.error is a failing test, not noise.
let errorSpy: ReturnType<typeof vi.spyOn>
beforeEach(() => {
	errorSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		throw new Error(`console.error called: ${args.map(String).join(' ')}`)
	})
})
afterEach(() => {
	errorSpy.mockRestore()
})
