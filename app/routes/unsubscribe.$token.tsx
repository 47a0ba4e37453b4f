import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { applyUnsubscribe, describeScope, readUnsubscribeToken } from '~/models/unsubscribe.server'

export const meta: MetaFunction = () => [{ title: 'Unsubscribe — Practitioners Portal' }, { name: 'robots', content: 'noindex' }]

// Public (the link comes from an email): GET only confirms, so a mail scanner that
// prefetches links changes nothing; the button's POST does the work.
function readToken(token: string | undefined) {
	const read = token ? readUnsubscribeToken(token) : null
	if (!read) throw new Response('This unsubscribe link is not valid. Change your email settings in the portal instead.', { status: 404 })
	return read
}

export async function loader({ params }: LoaderFunctionArgs) {
	return { what: describeScope(readToken(params.token).scope) }
}

export async function action({ params }: ActionFunctionArgs) {
	const { userId, scope } = readToken(params.token)
	await applyUnsubscribe(userId, scope)
	return { done: true, what: describeScope(scope) }
}

export default function Unsubscribe() {
	const { what } = useLoaderData<typeof loader>()
	const done = useActionData<typeof action>()
	return (
		<div className="panel narrow">
			<h1>Unsubscribe</h1>
			{done ? (
				<p role="status">Done: you will no longer receive {done.what}.</p>
			) : (
				<Form method="post">
					<p>Stop {what}?</p>
					<button type="submit">Unsubscribe</button>
				</Form>
			)}
			<p className="muted">
				You can change every email setting on your <Link to="/profile">profile</Link> and the <Link to="/saved-searches">saved searches</Link> page.
			</p>
		</div>
	)
}
