import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { forumForViewer } from '~/models/forums.server'
import { requireViewer } from '~/utils/permissions.server'
import { requestT } from '~/i18n/locale.server'

/** "Discuss this case": picks the forum from a plain GET form, so it works without JavaScript. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const url = new URL(request.url)
	const forum = await forumForViewer(viewer, url.searchParams.get('forum') ?? '')
	if (!forum) throw new Response('Not found', { status: 404 })
	const caseId = url.searchParams.get('case') ?? ''
	if (!/^[A-Z]{3}\d{3,6}$/.test(caseId)) throw new Response(requestT(request, context.viewer)('forums.discuss.error.noCase'), { status: 400 })
	return redirect(`/forums/${forum.slug}/new?case=${caseId}`)
}
