import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { EmailPreferenceForm } from '~/components/email-preference'
import * as z from 'zod'
import { forumEmailOf, guidanceEmailOf, markRead, notificationsOf, setForumEmail, setGuidanceEmail } from '~/models/notifications.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requireViewer } from '~/utils/permissions.server'
import { safeRedirect, readForm } from '~/utils/request.server'
import { LocalTime, metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.notifications.metaTitle') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const items = await notificationsOf(viewer.id, resolveLocale(request, viewer))
	return { forumEmail: await forumEmailOf(viewer.id), guidanceEmail: await guidanceEmailOf(viewer.id), items: items.map((n) => ({ ...n, created: new Date(n.created_at * 1000).toISOString() })) }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requireViewer(context, request)
	const form = await readForm(request)
	const t = requestT(request, viewer)
	if (form.get('intent') === 'forum-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(form.get('forumEmail'))
		if (!choice.success) throw new Response(t('people.notifications.forumEmailInvalid'), { status: 400 })
		await setForumEmail(viewer.id, choice.data)
		return redirectWithFlash('/notifications', { kind: 'success', message: t('people.notifications.emailSaved') })
	}
	if (form.get('intent') === 'guidance-email') {
		const choice = z.enum(['none', 'immediate', 'daily']).safeParse(form.get('guidanceEmail'))
		if (!choice.success) throw new Response(t('people.notifications.guidanceEmailInvalid'), { status: 400 })
		await setGuidanceEmail(viewer.id, choice.data)
		return redirectWithFlash('/notifications', { kind: 'success', message: t('people.notifications.emailSaved') })
	}
	if (form.get('intent') === 'read-all') {
		await markRead(viewer.id, 'all')
		return redirect('/notifications')
	}
	const id = z.coerce.number().int().positive().safeParse(form.get('id'))
	if (!id.success) throw new Response(t('people.notifications.unknown'), { status: 400 })
	await markRead(viewer.id, [id.data])
	return redirect(safeRedirect(form.get('next'), '/notifications'))
}

export default function Notifications() {
	const { items, forumEmail, guidanceEmail } = useLoaderData<typeof loader>()
	const unread = items.filter((n) => !n.read_at).length
	const t = useT()
	return (
		<>
			<h1>{t('people.notifications.heading')}</h1>
			{unread ? (
				<Form method="post">
					<input type="hidden" name="intent" value="read-all" />
					<button type="submit" className="secondary">
						{t('people.notifications.markAll', { count: unread })}
					</button>
				</Form>
			) : null}
			{items.length === 0 ? (
				<p className="panel">{t('people.notifications.empty')}</p>
			) : (
				<ul className="notifications">
					{items.map((n) => (
						<li key={n.id} className={n.read_at ? 'read' : 'unread'}>
							<Form method="post" className="notification">
								<input type="hidden" name="id" value={n.id} />
								<input type="hidden" name="next" value={n.url} />
								{!n.read_at ? <span className="badge">{t('people.notifications.new')}</span> : null}{' '}
								<button type="submit" className="link-button">
									{n.title}
								</button>{' '}
								<span className="muted">
									<LocalTime value={n.created} />
								</span>
							</Form>
						</li>
					))}
				</ul>
			)}
			<section className="panel" aria-labelledby="email-heading">
				<h2 id="email-heading">{t('people.notifications.emailHeading')}</h2>
				<EmailPreferenceForm intent="forum-email" name="forumEmail" label={t('people.notifications.forumEmail')} value={forumEmail} />
				<EmailPreferenceForm intent="guidance-email" name="guidanceEmail" label={t('people.notifications.guidanceEmail')} value={guidanceEmail} />
				<p>
					{t('people.notifications.otherSettings', {
						messages: (chunks) => <Link to="/messages">{chunks}</Link>,
						profile: (chunks) => <Link to="/profile#calendar-heading">{chunks}</Link>,
						saved: (chunks) => <Link to="/saved-searches">{chunks}</Link>,
					})}
				</p>
			</section>
		</>
	)
}
