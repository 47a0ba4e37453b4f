import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { GuidanceForm, type GuidanceFormData } from '~/components/guidance-form'
import { guidanceFormOptions, parseGuidanceForm, valuesFrom } from '~/models/guidance-editor.server'
import { updateDraft, workingCopy } from '~/models/guidance.server'
import { checkUploads, readUploadForm } from '~/models/attachments.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { metaT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.edit.metaTitle') }]

export async function loader({ request, context, params }: LoaderFunctionArgs): Promise<GuidanceFormData> {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, viewer)
	const doc = await workingCopy(params.docId ?? '')
	if (!doc) throw new Response('Not found', { status: 404 })
	const list = (s: string) => JSON.parse(s) as string[]
	return {
		heading: t('guidance.edit.heading', { title: doc.title }),
		back: `/guidance/${doc.id}`,
		isNew: false,
		values: { id: doc.id, language: doc.language, translation_of: '', title: doc.title, summary: doc.summary, body: doc.body, themes: list(doc.themes), articles: list(doc.articles), regions: list(doc.regions), related_cases: list(doc.related_cases).join(', '), related_recommendations: list(doc.related_recommendations).join(', ') },
		options: await guidanceFormOptions(resolveLocale(request, viewer)),
	}
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, viewer)
	const { formData: form, uploads, uploadErrors } = await readUploadForm(request)
	const parsed = await parseGuidanceForm(form, { isNew: false })
	if ('errors' in parsed) return data({ errors: parsed.errors, values: valuesFrom(form) }, { status: 400 })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	if (fileErrors.length) return data({ errors: { attachments: [...fileErrors, t('guidance.form.filesAgain')] }, values: valuesFrom(form) }, { status: 400 })
	if (!(await updateDraft(viewer, params.docId ?? '', parsed.fields, checked.ok))) throw new Response('Not found', { status: 404 })
	return redirectWithFlash('/guidance/review', { kind: 'success', message: t('guidance.flash.draftUpdated') })
}

export default function EditGuidance() {
	return <GuidanceForm />
}
