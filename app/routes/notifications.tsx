import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import { z } from 'zod'
import { forumEmailOf, guidanceEmailOf, markRead, notificationsOf, setForumEmail, setGuidanceEmail } from '~/models/notifications.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { safeRedirect } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Notifications — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const items = await notificationsOf(viewer.id)
	return { forumEmail: await forumEmailOf(viewer.id), guidanceEmail: await guidanceEmailOf(viewer.id), items: items.map((n) => ({ ...n, created: new Date(n.created_at * 1000).toISOString() })) }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const form = await request.formData()
	if (form.get('intent') === 'forum-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(form.get('forumEmail'))
		if (!choice.success) throw new Response('Choose how forum notifications are emailed.', { status: 400 })
		await setForumEmail(viewer.id, choice.data)
		return redirectWithFlash('/notifications', { kind: 'success', message: 'Email settings saved.' })
	}
	if (form.get('intent') === 'guidance-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(form.get('guidanceEmail'))
		if (!choice.success) throw new Response('Choose how new guidance is emailed.', { status: 400 })
		await setGuidanceEmail(viewer.id, choice.data)
		return redirectWithFlash('/notifications', { kind: 'success', message: 'Email settings saved.' })
	}
	if (form.get('intent') === 'read-all') {
		await markRead(viewer.id, 'all')
		return redirect('/notifications')
	}
	const id = z.coerce.number().int().positive().safeParse(form.get('id'))
	if (!id.success) throw new Response('Unknown notification', { status: 400 })
	await markRead(viewer.id, [id.data])
	return redirect(safeRedirect(form.get('next'), '/notifications'))
}

export default function Notifications() {
	const { items, forumEmail, guidanceEmail } = useLoaderData<typeof loader>()
	const unread = items.filter((n) => !n.read_at).length
	return (
		<>
			<h1>Notifications</h1>
			{unread ? (
				<Form method="post">
					<input type="hidden" name="intent" value="read-all" />
					<button type="submit" className="secondary">
						Mark all {unread} as read
					</button>
				</Form>
			) : null}
			{items.length === 0 ? (
				<p className="panel">Nothing yet. Saved searches, watched threads and events will notify you here.</p>
			) : (
				<ul className="notifications">
					{items.map((n) => (
						<li key={n.id} className={n.read_at ? 'read' : 'unread'}>
							<Form method="post" className="notification">
								<input type="hidden" name="id" value={n.id} />
								<input type="hidden" name="next" value={n.url} />
								{!n.read_at ? <span className="badge">new</span> : null}{' '}
								<button type="submit" className="link-button">
									{n.title}
								</button>{' '}
								<span className="muted">
									<time dateTime={n.created}>{n.created.slice(0, 16).replace('T', ' ')} UTC</time>
								</span>
							</Form>
						</li>
					))}
				</ul>
			)}
			<section className="panel" aria-labelledby="email-heading">
				<h2 id="email-heading">Email</h2>
				<EmailPreferenceForm intent="forum-email" name="forumEmail" label="Forum notifications (replies, new threads, mentions, moderation)" value={forumEmail} />
				<EmailPreferenceForm intent="guidance-email" name="guidanceEmail" label="New guidance on the themes I follow" value={guidanceEmail} />
				<p>
					Messages and events have their own settings on the <Link to="/messages">messages</Link> page and your <Link to="/profile#calendar-heading">profile</Link>. Saved-search alerts are set per search: <Link to="/saved-searches">manage saved searches</Link>.
				</p>
			</section>
		</>
	)
}
