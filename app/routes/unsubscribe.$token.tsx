import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { applyUnsubscribe, readUnsubscribeToken, type UnsubscribeScope } from '~/models/unsubscribe.server'
import { metaT, useT } from '~/i18n'
import { requestT } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('people.unsubscribe.metaTitle') }, { name: 'robots', content: 'noindex' }]

/** What the link stops, in the reader's language (the English matches describeScope in unsubscribe.server.ts). */
const SCOPE_KEYS: Record<UnsubscribeScope['kind'], string> = {
	thread: 'people.unsubscribe.scope.thread',
	forum: 'people.unsubscribe.scope.forum',
	'saved-search': 'people.unsubscribe.scope.savedSearch',
	'forum-email': 'people.unsubscribe.scope.forumEmail',
	digest: 'people.unsubscribe.scope.digest',
	'message-email': 'people.unsubscribe.scope.messageEmail',
	'event-email': 'people.unsubscribe.scope.eventEmail',
	'guidance-email': 'people.unsubscribe.scope.guidanceEmail',
}

// Public (the link comes from an email): GET only confirms, so a mail scanner that
// prefetches links changes nothing; the button's POST does the work.
function readToken(token: string | undefined) {
	const read = token ? readUnsubscribeToken(token) : null
	if (!read) throw new Response('This unsubscribe link is not valid. Change your email settings in the portal instead.', { status: 404 })
	return read
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
	const t = requestT(request, context.viewer)
	return { what: t(SCOPE_KEYS[readToken(params.token).scope.kind]) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { userId, scope } = readToken(params.token)
	await applyUnsubscribe(userId, scope)
	const t = requestT(request, context.viewer)
	return { done: true, what: t(SCOPE_KEYS[scope.kind]) }
}

export default function Unsubscribe() {
	const { what } = useLoaderData<typeof loader>()
	const done = useActionData<typeof action>()
	const t = useT()
	return (
		<div className="panel narrow">
			<h1>{t('people.unsubscribe.heading')}</h1>
			{done ? (
				<p role="status">{t('people.unsubscribe.done', { what: done.what })}</p>
			) : (
				<Form method="post">
					<p>{t('people.unsubscribe.confirm', { what })}</p>
					<button type="submit">{t('people.unsubscribe.submit')}</button>
				</Form>
			)}
			<p className="muted">
				{t('people.unsubscribe.settings', {
					profile: (chunks) => <Link to="/profile">{chunks}</Link>,
					saved: (chunks) => <Link to="/saved-searches">{chunks}</Link>,
				})}
			</p>
		</div>
	)
}
