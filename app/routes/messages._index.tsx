import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import { z } from 'zod'
import { blockedMembers, conversationsOf, setBlocked } from '~/models/messages.server'
import { messageEmailOf, setMessageEmail } from '~/models/notifications.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Messages — Practitioners Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const conversations = await conversationsOf(viewer)
	return {
		conversations: conversations.map((c) => ({ ...c, last: new Date(c.lastMessageAt * 1000).toISOString() })),
		blocked: await blockedMembers(viewer),
		messageEmail: await messageEmailOf(viewer.id),
	}
}

const schema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('unblock'), userId: z.string().min(1).max(100) }),
	z.object({ intent: z.literal('message-email'), messageEmail: z.enum(['none', 'immediate', 'daily'], { error: 'Choose how to be told.' }) }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(' '), { status: 400 })
	if (parsed.data.intent === 'unblock') {
		await setBlocked(viewer, parsed.data.userId, false)
		return redirectWithFlash('/messages', { kind: 'success', message: 'Unblocked.' })
	}
	await setMessageEmail(viewer.id, parsed.data.messageEmail)
	return redirectWithFlash('/messages', { kind: 'success', message: 'Email settings saved.' })
}

export default function Inbox() {
	const { conversations, blocked, messageEmail } = useLoaderData<typeof loader>()
	return (
		<>
			<div className="page-heading">
				<h1>Messages</h1>
				<Link to="/messages/new" className="button">
					New message
				</Link>
			</div>
			{conversations.length === 0 ? (
				<p className="panel">
					No conversation yet. Find a counterpart in the <Link to="/people">directory</Link> and write to them.
				</p>
			) : (
				<ul className="conversations">
					{conversations.map((c) => (
						<li key={c.id} className={`panel${c.unread ? ' unread' : ''}`}>
							<Link to={`/messages/${c.id}`}>{c.subject}</Link>{' '}
							{c.unread ? (
								<span className="badge badge-danger">
									{c.unread} unread
								</span>
							) : null}
							<br />
							<span className="muted">
								with {c.with.join(', ') || 'nobody (everyone else left)'} · <time dateTime={c.last}>{c.last.slice(0, 16).replace('T', ' ')} UTC</time>
							</span>
						</li>
					))}
				</ul>
			)}
			<section className="panel" aria-labelledby="message-email-heading">
				<h2 id="message-email-heading">Email</h2>
				<EmailPreferenceForm intent="message-email" name="messageEmail" label="When someone writes to me" value={messageEmail} immediateLabel="Email me at once (who wrote, never the text)" />
			</section>
			{blocked.length ? (
				<section className="panel" aria-labelledby="blocked-heading">
					<h2 id="blocked-heading">Blocked members</h2>
					<ul>
						{blocked.map((b) => (
							<li key={b.id}>
								{b.name}{' '}
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="unblock" />
									<input type="hidden" name="userId" value={b.id} />
									<button type="submit" className="link-button">
										Unblock
									</button>
								</Form>
							</li>
						))}
					</ul>
				</section>
			) : null}
		</>
	)
}
