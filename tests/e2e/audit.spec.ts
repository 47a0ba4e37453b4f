import { expect, test } from '@playwright/test'
import { createUser, database, loginAs, loginThroughForm, uniqueIp } from './support'

test('the audit log records sign-ins, role changes and exports, and admins filter it', async ({ browser }) => {
	const ip = uniqueIp()
	const member = await createUser({ regions: ['central-asia'] })
	// A failed and a successful sign-in from one address.
	const visitor = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': ip } })
	const page = await visitor.newPage()
	await loginThroughForm(page, member.email, 'not the password at all')
	await expect(page.getByRole('alert')).toBeVisible()
	await loginThroughForm(page, member.email, member.password)
	await expect(page).toHaveURL(/\/$/)

	const admin = await createUser({ role: 'admin' })
	const adminContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
	await loginAs(adminContext, admin)
	const adminPage = await adminContext.newPage()
	// A role change made through the admin page.
	await adminPage.goto(`/admin/users/${member.id}`)
	await adminPage.getByLabel('Role').selectOption('moderator')
	await adminPage.getByRole('button', { name: 'Save role and regions' }).click()
	await expect(adminPage.getByText('Role and regions saved.')).toBeVisible()
	// An export of a registration list.
	const eventId = (database().prepare(`select id from events where visibility = 'members' order by start_utc limit 1`).get() as { id: string }).id
	const csv = await adminContext.request.get(`/events/${eventId}/registrations/csv`)
	expect(csv.status()).toBe(200)

	await adminPage.goto('/admin')
	await adminPage.getByRole('link', { name: 'Open the audit log' }).click()
	await adminPage.getByLabel('IP address').fill(ip)
	await adminPage.getByRole('button', { name: 'Filter' }).click()
	const rows = adminPage.getByRole('row')
	await expect(rows.filter({ hasText: 'login.failure' })).toHaveCount(1)
	await expect(rows.filter({ hasText: 'login.success' })).toHaveCount(1)
	await expect(rows.filter({ hasText: 'login.failure' })).toContainText(member.email)
	await expect(adminPage.getByText('2 entries')).toBeVisible()

	// Filter by the member as the object and by a family of actions.
	await adminPage.goto(`/admin/audit?object=${member.id}&action=user.`)
	await expect(rows.filter({ hasText: 'user.access_changed' })).toContainText(admin.email)
	await expect(rows.filter({ hasText: 'user.access_changed' })).toContainText('"moderator"')
	await expect(rows.filter({ hasText: 'login.' })).toHaveCount(0)
	await adminPage.goto(`/admin/audit?action=event.registrations_exported&object=${eventId}&actor=${encodeURIComponent(admin.email)}`)
	await expect(rows.filter({ hasText: 'event.registrations_exported' })).toHaveCount(1)

	// Bad filters get field messages and a 400, not a crash.
	const bad = await adminPage.goto('/admin/audit?from=yesterday&actor=not-an-email&page=-3')
	expect(bad?.status()).toBe(400)
	await expect(adminPage.getByText('Use a date like 2026-11-24.')).toBeVisible()
	await expect(adminPage.getByText('Enter an account email.')).toBeVisible()
	await expect(adminPage.getByLabel('From (UTC day)')).toHaveAttribute('aria-invalid', 'true')

	await visitor.close()
	await adminContext.close()
})

test('only admins read the audit log, and nothing can rewrite it', async ({ browser }) => {
	for (const role of ['staff', 'moderator', 'member']) {
		const context = await browser.newContext()
		await loginAs(context, await createUser({ role, regions: ['caribbean'] }))
		const response = await context.request.get('/admin/audit', { maxRedirects: 0 })
		expect(response.status(), role).toBe(403)
		await context.close()
	}
	// The database itself refuses updates and deletes of audit entries (triggers), whatever the code does.
	const db = database()
	db.prepare(`insert into audit_log (actor_id, action, created_at) values (null, 'test.marker', unixepoch())`).run()
	expect(() => db.prepare(`update audit_log set action = 'x' where action = 'test.marker'`).run()).toThrow(/append-only/)
	expect(() => db.prepare(`delete from audit_log where action = 'test.marker'`).run()).toThrow(/append-only/)
})
