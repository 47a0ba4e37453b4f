import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import * as z from 'zod'
import { blockedMembers, conversationsOf, setBlocked } from '~/models/messages.server'
import { messageEmailOf, setMessageEmail } from '~/models/notifications.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.messages.metaTitle') }]

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
	const parsed = schema.safeParse(Object.fromEntries(await readForm(request)))
	if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(' '), { status: 400 })
	const t = requestT(request, viewer)
	if (parsed.data.intent === 'unblock') {
		await setBlocked(viewer, parsed.data.userId, false)
		return redirectWithFlash('/messages', { kind: 'success', message: t('people.messages.unblocked') })
	}
	await setMessageEmail(viewer.id, parsed.data.messageEmail)
	return redirectWithFlash('/messages', { kind: 'success', message: t('people.messages.emailSaved') })
}

export default function Inbox() {
	const { conversations, blocked, messageEmail } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<div className="page-heading">
				<h1>{t('people.messages.heading')}</h1>
				<Link to="/messages/new" className="button">
					{t('people.messages.new')}
				</Link>
			</div>
			{conversations.length === 0 ? (
				<p className="panel">{t('people.messages.empty', { link: (chunks) => <Link to="/people">{chunks}</Link> })}</p>
			) : (
				<ul className="conversations">
					{conversations.map((c) => (
						<li key={c.id} className={`panel${c.unread ? ' unread' : ''}`}>
							<Link to={`/messages/${c.id}`}>{c.subject}</Link>{' '}
							{c.unread ? (
								<span className="badge badge-danger">{t('people.messages.unread', { count: c.unread })}</span>
							) : null}
							<br />
							<span className="muted">
								{c.with.length ? t('people.messages.with', { names: c.with.join(', ') }) : t('people.messages.withNobody')} · <LocalTime value={c.last} />
							</span>
						</li>
					))}
				</ul>
			)}
			<section className="panel" aria-labelledby="message-email-heading">
				<h2 id="message-email-heading">{t('people.messages.emailHeading')}</h2>
				<EmailPreferenceForm intent="message-email" name="messageEmail" label={t('people.messages.emailLabel')} value={messageEmail} immediateLabel={t('people.messages.emailImmediate')} />
			</section>
			{blocked.length ? (
				<section className="panel" aria-labelledby="blocked-heading">
					<h2 id="blocked-heading">{t('people.messages.blockedHeading')}</h2>
					<ul>
						{blocked.map((b) => (
							<li key={b.id}>
								{b.name}{' '}
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="unblock" />
									<input type="hidden" name="userId" value={b.id} />
									<button type="submit" className="link-button">
										{t('people.messages.unblock')}
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
