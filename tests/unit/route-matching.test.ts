import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'

/**
 * patches/@remix-run+router+1.23.3.patch (applied by patch-package on every install) makes
 * the server's route matching remember ranked route trees and compiled patterns: it was a
 * fifth of a page's CPU (docs/decisions/004-patched-route-matching.md). These tests hold the patched matcher to
 * the answers of the unpatched algorithm, and fail if an install skipped the patch.
 */
const require = createRequire(import.meta.url)
// The CommonJS build is the one Node loads for the server (package.json "main").
const routerFile = require.resolve('@remix-run/router')
const router = require(routerFile) as typeof import('@remix-run/router')

type R = import('@remix-run/router').AgnosticRouteObject
// Shaped like the portal's tree: a root layout, static, dynamic, optional, splat and index routes.
const tree = (): R[] => [
	{
		id: 'root',
		path: '',
		children: [
			{ id: 'index', index: true },
			{ id: 'cases', path: 'cases', children: [{ id: 'cases-index', index: true }, { id: 'case', path: ':caseId' }, { id: 'case-edit', path: ':caseId/edit' }, { id: 'case-new', path: 'new' }] },
			{ id: 'forum', path: 'forums/:forumSlug' },
			{ id: 'forum-new', path: 'forums/:forumSlug/new' },
			{ id: 'thread', path: 'threads/:threadId' },
			{ id: 'lang', path: ':lang?/about' },
			{ id: 'Exact', path: 'Exact', caseSensitive: true },
			{ id: 'files', path: 'files/*' },
			{ id: 'missing', path: '*' },
		],
	},
]
const paths = ['/', '/cases', '/cases/BRA004', '/cases/BRA004/edit', '/cases/new', '/forums/caribbean', '/forums/caribbean/new', '/threads/7', '/threads/8', '/about', '/fr/about', '/Exact', '/exact', '/files/a/b.pdf', '/nowhere/at/all', '/cases/ARG001']
const summary = (m: ReturnType<typeof router.matchRoutes>) => m?.map((x) => ({ id: x.route.id, params: x.params, pathname: x.pathname }))

describe('route matching with the patched router', () => {
	test('npm install applied the patch (patch-package, postinstall)', () => {
		expect(fs.readFileSync(routerFile, 'utf8')).toContain('Portal patch')
	})

	test('one tree matched many times gives the answers a fresh tree gives, in any order', () => {
		const shared = tree()
		for (const order of [paths, [...paths].reverse()])
			for (const p of order) expect(summary(router.matchRoutes(shared, p)), p).toEqual(summary(router.matchRoutes(tree(), p)))
		expect(summary(router.matchRoutes(shared, '/cases/BRA004/edit'))?.at(-1)).toEqual({ id: 'case-edit', params: { caseId: 'BRA004' }, pathname: '/cases/BRA004/edit' })
		expect(summary(router.matchRoutes(shared, '/exact'))?.at(-1)?.id).toBe('missing')
	})

	test('a remembered pattern keeps its flags and never carries one match’s values into the next', () => {
		expect(router.matchPath('/threads/:id', '/threads/5')?.params).toEqual({ id: '5' })
		expect(router.matchPath('/threads/:id', '/threads/6')?.params).toEqual({ id: '6' })
		expect(router.matchPath({ path: '/cases', end: false }, '/cases/BRA004')?.pathname).toBe('/cases')
		expect(router.matchPath({ path: '/cases', end: true }, '/cases/BRA004')).toBeNull()
		expect(router.matchPath({ path: '/Exact', caseSensitive: true }, '/exact')).toBeNull()
		expect(router.matchPath({ path: '/Exact', caseSensitive: false }, '/exact')?.pathname).toBe('/exact')
		expect(router.matchPath({ path: '/Exact', caseSensitive: true }, '/Exact')?.pathname).toBe('/Exact')
	})
})

/**
 * patches/react-router-dom+6.30.4.patch and patches/@remix-run+react+2.17.5.patch: the render
 * reuses one route tree per build (RemixServer's server routes, the static router's data
 * routes, the fog-of-war parent-path matches) instead of rebuilding it for every page.
 */
describe('render-side route trees made once per build', () => {
	const serverFile = require.resolve('react-router-dom/server')
	const server = require(serverFile) as typeof import('react-router-dom/server')

	test('npm install applied the patches (patch-package, postinstall)', () => {
		expect(fs.readFileSync(serverFile, 'utf8')).toContain('Portal patch')
		for (const file of ['server.js', 'fog-of-war.js'])
			expect(fs.readFileSync(require.resolve(`@remix-run/react/dist/${file}`), 'utf8'), file).toContain('Portal patch')
	})

	test('static routers made from one tree share it, and each holds only its own request’s location, matches and params', async () => {
		const routes = tree() as Parameters<typeof server.createStaticRouter>[0]
		const handler = server.createStaticHandler(routes)
		const context = async (url: string) => {
			const c = await handler.query(new Request(`http://portal.test${url}`))
			if (c instanceof Response) throw new Error('unexpected response')
			return c
		}
		const [first, second] = [server.createStaticRouter(routes, await context('/threads/7')), server.createStaticRouter(routes, await context('/cases/BRA004/edit'))]
		expect(second.routes).toBe(first.routes)
		expect(first.state.location.pathname).toBe('/threads/7')
		expect(first.state.matches.map((m) => [m.route.id, m.params])).toEqual([['root', { threadId: '7' }], ['thread', { threadId: '7' }]])
		expect(second.state.matches.map((m) => [m.route.id, m.params])).toEqual([['root', { caseId: 'BRA004' }], ['cases', { caseId: 'BRA004' }], ['case-edit', { caseId: 'BRA004' }]])
		// The matches point into the router's own (shared) tree, as unpatched.
		expect(second.state.matches.at(-1)?.route).toBe(second.routes[0].children?.[1].children?.[2])
	})
})
