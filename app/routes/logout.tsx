import { readForm } from '~/utils/request.server'
import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { blankSessionCookie, endAllSessions, endSession } from '~/utils/auth.server'

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = context.viewer
	const form = await readForm(request)
	if (viewer) {
		// A session that has only the password may end itself, not the owner's other sessions.
		if (form.get('everywhere') === '1' && !viewer.twoFactorPending) await endAllSessions(viewer.id)
		else await endSession(viewer.sessionId)
	}
	return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } })
}

export async function loader() {
	return redirect('/')
}
