import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import * as z from 'zod'
import { localeCookie } from '~/i18n/locale.server'
import { LOCALE_CODES } from '~/i18n/locales'
import type { Locale } from '~/i18n/locales'
import { setPreferredLanguage } from '~/models/accounts.server'
import { readForm, safeRedirect } from '~/utils/request.server'

const choice = z.object({
	locale: z.enum(LOCALE_CODES as [Locale, ...Locale[]], { error: 'Choose one of the portal’s languages.' }),
	returnTo: z.string().optional(),
})

/**
 * The language switcher. A visitor's choice lives in a cookie; a member's goes to the profile
 * too, so it follows them to other browsers (the profile outranks the cookie).
 */
export async function action({ request, context }: ActionFunctionArgs) {
	const form = await readForm(request)
	const parsed = choice.safeParse({ locale: form.get('locale'), returnTo: form.get('returnTo') ?? undefined })
	if (!parsed.success) throw new Response(parsed.error.issues[0]?.message ?? 'Choose a language.', { status: 400 })
	const viewer = context.viewer
	if (viewer && !viewer.twoFactorPending) await setPreferredLanguage(viewer.id, parsed.data.locale)
	return redirect(safeRedirect(parsed.data.returnTo), { headers: { 'Set-Cookie': localeCookie(parsed.data.locale) } })
}

export async function loader() {
	return redirect('/')
}
