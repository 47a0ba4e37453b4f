import { type MirrorView, NO_YEAR, valueKey } from './fts5-mirror'
import type { Scratch } from './fts5-scratch'
import { DOC_TYPES, type NormalizedQuery } from './normalize'
import type { SearchDocType, SearchResult } from './types'

/**
 * Applies a query's access, year, type and facet filters to candidate documents and
 * counts them, in one pass. Facets are counted disjunctively: a facet's counts ignore
 * that facet's own selection but apply every other filter (types included), so a user
 * who picked Brazil still sees how many Nigerian cases there are and can add Nigeria.
 * countsByType ignores the type restriction (tabs), everything else applies.
 */
export function createTally(n: NormalizedQuery, view: MirrorView, scratch: Scratch) {
	const { present, type, acl, year, start, count, pool, values, valueIds, facetValues, aclTags, maxDoc } = view
	const readerTags = new Set(n.access)
	const permitted = new Uint8Array(aclTags.length)
	aclTags.forEach((tags, id) => {
		if (tags.some((t) => readerTags.has(t))) permitted[id] = 1
	})
	const typeAllowed = n.types.length ? Uint8Array.from(DOC_TYPES, (t) => (n.types.includes(t) ? 1 : 0)) : null
	const yearFrom = n.yearFrom ?? -Infinity
	const yearTo = n.yearTo ?? Infinity
	const datedOnly = n.yearFrom !== null || n.yearTo !== null

	// value id → index of the filter it satisfies; a value matching no selection stays -1.
	const valueFilter = scratch.take('valueFilter', Int8Array, values.length, -1)
	n.filters.forEach(([facet, selected], i) => {
		for (const v of selected) {
			const id = valueIds.get(valueKey(facet, v))
			if (id !== undefined) valueFilter[id] = i
		}
	})
	const allFilters = n.filters.length ? (1 << n.filters.length) - 1 : 0
	// value id → requested facet index; per requested facet, the filter bit it may ignore.
	const requested = scratch.take('requested', Int16Array, values.length, -1)
	const ownBit = n.facets.map((f) => {
		const i = n.filters.findIndex(([name]) => name === f)
		return i < 0 ? 0 : 1 << i
	})
	n.facets.forEach((f, r) => {
		for (const id of facetValues.get(f) ?? []) requested[id] = r
	})
	const counting = n.facets.length > 0

	const typeCounts = new Uint32Array(DOC_TYPES.length)
	const valueCounts = scratch.take('valueCounts', Uint32Array, values.length)
	const inResult = scratch.take('inResult', Uint8Array, maxDoc + 1)
	let matched = scratch.take('matched', Int32Array, 1024)
	let total = 0

	/** The filters alone, without counting: may this document be in the result? */
	function passes(doc: number): boolean {
		if (doc > maxDoc || present[doc] === 0 || permitted[acl[doc]] !== 1) return false
		const y = year[doc]
		if (datedOnly && (y === NO_YEAR || y < yearFrom || y > yearTo)) return false
		if (typeAllowed !== null && typeAllowed[type[doc]] !== 1) return false
		if (allFilters === 0) return true
		let satisfied = 0
		for (let k = start[doc], to = start[doc] + count[doc]; k < to; k++) {
			const fi = valueFilter[pool[k]]
			if (fi >= 0) satisfied |= 1 << fi
		}
		return satisfied === allFilters
	}

	function visit(doc: number): number {
		if (doc > maxDoc || present[doc] === 0 || permitted[acl[doc]] !== 1) return 0
		const y = year[doc]
		if (datedOnly && (y === NO_YEAR || y < yearFrom || y > yearTo)) return 0
		const from = start[doc]
		const to = from + count[doc]
		let satisfied = 0
		if (allFilters !== 0)
			for (let k = from; k < to; k++) {
				const fi = valueFilter[pool[k]]
				if (fi >= 0) satisfied |= 1 << fi
			}
		const failing = allFilters & ~satisfied
		const t = type[doc]
		const typeOk = typeAllowed === null || typeAllowed[t] === 1
		if (failing === 0) typeCounts[t]++
		if (counting && typeOk) {
			if (failing === 0) {
				for (let k = from; k < to; k++) if (requested[pool[k]] >= 0) valueCounts[pool[k]]++
			} else if ((failing & (failing - 1)) === 0) {
				for (let k = from; k < to; k++) {
					const r = requested[pool[k]]
					if (r >= 0 && ownBit[r] === failing) valueCounts[pool[k]]++
				}
			}
		}
		if (failing !== 0 || !typeOk) return 0
		if (total === matched.length) {
			const m = new Int32Array(total * 2)
			m.set(matched)
			matched = m
		}
		matched[total++] = doc
		inResult[doc] = 1
		return 1
	}

	return {
		inResult,
		/** Visits one candidate; returns 1 when it is in the result set. */
		visit,
		passes,
		/** Visits every document the mirror holds (browsing, or exclusion-only queries). */
		visitAll(skip?: Uint8Array): void {
			for (let doc = 1; doc <= maxDoc; doc++) if (present[doc] === 1 && (skip === undefined || skip[doc] !== 1)) visit(doc)
		},
		get total(): number {
			return total
		},
		get matched(): Int32Array {
			return matched.subarray(0, total)
		},
		result(): SearchResult {
			const countsByType: SearchResult['countsByType'] = {}
			typeCounts.forEach((c, t) => {
				if (c) countsByType[DOC_TYPES[t] as SearchDocType] = c
			})
			const facetCounts: SearchResult['facets'] = {}
			for (const f of n.facets) {
				const counts: Record<string, number> = {}
				for (const id of facetValues.get(f) ?? []) if (valueCounts[id]) counts[values[id].value] = valueCounts[id]
				facetCounts[f] = counts
			}
			return { total, hits: [], facets: facetCounts, countsByType }
		},
	}
}

export type Tally = ReturnType<typeof createTally>

/** The page of `docs` in date order, newest or oldest first; undated documents always last. */
export function pageByDate(docs: Int32Array, view: MirrorView, sort: 'newest' | 'oldest', offset: number, limit: number): number[] {
	const { date, year } = view
	const need = offset + limit
	let candidates: Int32Array = docs
	if (docs.length > 4 * need && docs.length > 2000) {
		// Sorting 100,000 documents for 20 is wasteful: find the year beyond which enough
		// documents lie and sort only those.
		const hist = new Uint32Array(10_000)
		let undated = 0
		for (const d of docs) {
			if (year[d] === NO_YEAR) undated++
			else hist[year[d]]++
		}
		let acc = 0
		let cut = -1
		if (sort === 'newest') {
			for (let y = 9999; y >= 0 && acc < need; y--) if (hist[y]) ((acc += hist[y]), (cut = y))
		} else for (let y = 0; y <= 9999 && acc < need; y++) if (hist[y]) ((acc += hist[y]), (cut = y))
		const keepUndated = acc < need && undated > 0
		candidates = docs.filter((d) => {
			const y = year[d]
			if (y === NO_YEAR) return keepUndated
			return sort === 'newest' ? y >= cut : y <= cut
		})
	}
	const dir = sort === 'newest' ? -1 : 1
	return Array.from(candidates)
		.sort((a, b) => {
			const da = date[a]
			const db = date[b]
			if (Number.isNaN(da) || Number.isNaN(db)) return Number.isNaN(da) === Number.isNaN(db) ? dir * (a - b) : Number.isNaN(da) ? 1 : -1
			return da === db ? dir * (a - b) : dir * (da - db)
		})
		.slice(offset, need)
}

/** The date (ms) of the `k`-th most recent of `docs`; -Infinity when fewer are dated. */
export function recentDateOf(docs: number[], view: MirrorView, k: number): number {
	const dates = new Float64Array(docs.length)
	let n = 0
	for (const d of docs) if (!Number.isNaN(view.date[d])) dates[n++] = view.date[d]
	if (k < 1 || k > n) return Number.NEGATIVE_INFINITY
	return dates.subarray(0, n).sort()[n - k]
}
