import { Meilisearch } from 'meilisearch'
import { afterAll, describe } from 'vitest'
import { runEngineContract } from './engine-contract'
import { createMeiliEngine } from './meilisearch'

const host = process.env.MEILI_HOST
const apiKey = process.env.MEILI_API_KEY
const indexName = `contract_${process.pid}_${Date.now()}`

if (!host) console.log('meilisearch contract: skipped: MEILI_HOST unset')

describe.skipIf(!host)('meilisearch', () => {
	// Meilisearch matches words, prefixes and typos but does not stem.
	runEngineContract('meilisearch', async () => createMeiliEngine({ host: host as string, apiKey, indexName }), { stemming: false })

	afterAll(async () => {
		await new Meilisearch({ host: host as string, apiKey }).deleteIndexIfExists(indexName)
	})
})
