import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { caseById } from '../../db/cases/queries'
import { CaseEditor } from '~/components/case-editor'
import { caseEditorOptions } from '~/models/case-labels.server'
import { parseCaseForm, previewHtml } from '~/models/case-editor.server'
import { saveCaseAsStaff, validateCaseForSave } from '~/models/cases.server'
import { db } from '~/utils/db.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('cases.new.metaTitle') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	return { options: await caseEditorOptions(resolveLocale(request, viewer)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const t = requestT(request, context.viewer)
	const form = await readForm(request)
	const { raw, record, errors } = parseCaseForm(form)
	if (record) {
		for (const p of await validateCaseForSave(record)) (errors[p.path] ??= []).push(p.message)
		if (await caseById(db(), record.id)) (errors.id ??= []).push(t('cases.new.exists', { id: record.id }))
	}
	const sections = Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('section_')).map(([k, v]) => [k, String(v)]))
	if (!record || Object.keys(errors).length) return data({ values: { ...raw, sections }, errors, preview: null }, { status: 400 })
	if (form.get('intent') === 'preview') return data({ values: { ...raw, sections }, errors: {}, preview: previewHtml(record.body) })
	await saveCaseAsStaff(viewer, record, clientIp(context))
	return redirectWithFlash(`/cases/${record.id}`, { kind: 'success', message: record.status === 'published' ? t('cases.new.createdPublished') : t('cases.new.createdDraft') })
}

export default function NewCase() {
	const { options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<h1>{t('cases.new.heading')}</h1>
			<CaseEditor isNew values={(actionData?.values as never) ?? { status: 'draft', language: 'en' }} options={options} errors={actionData?.errors ?? {}} previewHtml={actionData?.preview} />
		</>
	)
}
