import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { GuidanceForm, type GuidanceFormData } from '~/components/guidance-form'
import { guidanceFormOptions, parseGuidanceForm, valuesFrom } from '~/models/guidance-editor.server'
import { createDraft } from '~/models/guidance.server'
import { checkUploads, readUploadForm } from '~/models/attachments.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { metaT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('guidance.new.metaTitle') }]

const empty = { id: '', language: 'en', translation_of: '', title: '', summary: '', body: '', themes: [], articles: [], regions: [], related_cases: '', related_recommendations: '' }

export async function loader({ request, context }: LoaderFunctionArgs): Promise<GuidanceFormData> {
	const viewer = requirePermission(context, request, 'publish:content')
	const translationOf = new URL(request.url).searchParams.get('translation_of') ?? ''
	return { heading: requestT(request, viewer)('guidance.new.heading'), back: '/guidance/review', isNew: true, values: { ...empty, translation_of: translationOf }, options: await guidanceFormOptions(resolveLocale(request, viewer)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, viewer)
	const { formData: form, uploads, uploadErrors } = await readUploadForm(request)
	const parsed = await parseGuidanceForm(form, { isNew: true })
	if ('errors' in parsed) return data({ errors: parsed.errors, values: valuesFrom(form) }, { status: 400 })
	const checked = await checkUploads(uploads)
	const fileErrors = [...uploadErrors, ...checked.errors]
	if (fileErrors.length) return data({ errors: { attachments: [...fileErrors, t('guidance.form.filesAgain')] }, values: valuesFrom(form) }, { status: 400 })
	const outcome = await createDraft(viewer, { id: parsed.id, language: parsed.language, translationOf: parsed.translationOf, fields: parsed.fields, files: checked.ok })
	if (outcome === 'exists') return data({ errors: { id: [t('guidance.form.idTaken')] }, values: valuesFrom(form) }, { status: 400 })
	if (outcome === 'no-original') return data({ errors: { translation_of: [t('guidance.form.noOriginal')] }, values: valuesFrom(form) }, { status: 400 })
	return redirectWithFlash('/guidance/review', { kind: 'success', message: t('guidance.flash.draftCreated') })
}

export default function NewGuidance() {
	return <GuidanceForm />
}
