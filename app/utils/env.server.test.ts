import type { AddressInfo } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { configurationWarnings, parseEnv } from './env.server'

describe('TRUST_PROXY', () => {
	it('reads a number of proxies, true, and lists of addresses, subnets and names', () => {
		expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
		expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true)
		expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
		expect(parseEnv({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toEqual(['loopback'])
		expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.0.2.1', 'fd00::/8'])
		expect(parseEnv({ TRUST_PROXY: '10.0.0.0/255.0.0.0' }).TRUST_PROXY).toEqual(['10.0.0.0/255.0.0.0'])
		expect(parseEnv({}).TRUST_PROXY).toBeUndefined()
		// Set but empty, as compose files often leave it: unset, as before.
		expect(parseEnv({ TRUST_PROXY: '' }).TRUST_PROXY).toBeUndefined()
		expect(parseEnv({ TRUST_PROXY: '  ' }).TRUST_PROXY).toBeUndefined()
	})

	it('refuses anything else at start, naming the variable and the value', () => {
		for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'loopback, proxy.example.org', '1.5'])
			expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: ".+" is not a number of proxies/)
	})

	it('behind one proxy, the client address and https come from its headers (a hop count given as text used to trust no proxy)', async () => {
		const app = express()
		app.set('trust proxy', parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY)
		app.get('/', (req, res) => {
			res.json({ ip: req.ip, secure: req.secure })
		})
		const server = app.listen(0, '127.0.0.1')
		await new Promise((resolve) => server.once('listening', resolve))
		try {
			const { port } = server.address() as AddressInfo
			const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '198.51.100.9, 203.0.113.7', 'X-Forwarded-Proto': 'https' } })
			// One proxy: the address it saw (the right-most) is the client; the left-most could be forged.
			expect(await response.json()).toEqual({ ip: '203.0.113.7', secure: true })
		} finally {
			server.close()
		}
	})
})

describe('configuration warnings', () => {
	it('a production server with Secure cookies but no PORTAL_ORIGIN is told its mail would link to localhost', () => {
		expect(configurationWarnings(parseEnv({ NODE_ENV: 'production', PORT: '8080' }))).toEqual([expect.stringMatching(/PORTAL_ORIGIN is not set: .*http:\/\/localhost:8080/)])
		expect(configurationWarnings(parseEnv({ NODE_ENV: 'production', PORTAL_ORIGIN: 'https://portal.example.org' }))).toEqual([])
		// The demo on localhost (plain http) and development need no public address.
		expect(configurationWarnings(parseEnv({ NODE_ENV: 'production', INSECURE_COOKIES: '1' }))).toEqual([])
		expect(configurationWarnings(parseEnv({ NODE_ENV: 'development' }))).toEqual([])
	})
})

describe('SEARCH_RESULT_CACHE', () => {
	it('takes a whole number of results (0 turns the cache off) and refuses anything else at start', () => {
		expect(parseEnv({ SEARCH_RESULT_CACHE: '0' }).SEARCH_RESULT_CACHE).toBe('0')
		expect(parseEnv({}).SEARCH_RESULT_CACHE).toBeUndefined()
		expect(() => parseEnv({ SEARCH_RESULT_CACHE: 'big' })).toThrow(/SEARCH_RESULT_CACHE: .*whole number.*"big"/)
		expect(() => parseEnv({ SEARCH_RESULT_CACHE: '1.5' })).toThrow(/SEARCH_RESULT_CACHE/)
	})
})
