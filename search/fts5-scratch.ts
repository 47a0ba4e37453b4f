type Typed = Uint8Array | Int8Array | Int16Array | Uint32Array | Int32Array
type Ctor<T extends Typed> = { new (n: number): T }

/**
 * Reusable typed arrays for per-search bookkeeping. Allocating several arrays of 100,000
 * entries per search costs more in garbage collection than the search itself; reusing
 * them costs one memset each.
 */
export function createScratch() {
	const buffers = new Map<string, Typed>()
	return {
		take<T extends Typed>(name: string, ctor: Ctor<T>, size: number, fill = 0): T {
			let b = buffers.get(name) as T | undefined
			if (!b || b.length < size || !(b instanceof ctor)) {
				b = new ctor(Math.max(1024, Math.ceil(size * 1.25)))
				buffers.set(name, b)
			}
			const view = b.subarray(0, size) as T
			view.fill(fill)
			return view
		},
	}
}

export type Scratch = ReturnType<typeof createScratch>
