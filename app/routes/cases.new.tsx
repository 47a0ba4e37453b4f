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
import { clientIp } from '~/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'New case — Case law' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
	requirePermission(context, request, 'publish:content')
	return { options: await caseEditorOptions() }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const form = await request.formData()
	const { raw, record, errors } = parseCaseForm(form)
	if (record) {
		for (const p of await validateCaseForSave(record)) (errors[p.path] ??= []).push(p.message)
		if (await caseById(db(), record.id)) (errors.id ??= []).push(`A case ${record.id} already exists.`)
	}
	const sections = Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('section_')).map(([k, v]) => [k, String(v)]))
	if (!record || Object.keys(errors).length) return data({ values: { ...raw, sections }, errors, preview: null }, { status: 400 })
	if (form.get('intent') === 'preview') return data({ values: { ...raw, sections }, errors: {}, preview: previewHtml(record.body) })
	await saveCaseAsStaff(viewer, record, clientIp(context))
	return redirectWithFlash(`/cases/${record.id}`, { kind: 'success', message: record.status === 'published' ? 'Case created and published.' : 'Draft case created.' })
}

export default function NewCase() {
	const { options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<h1>New case</h1>
			<CaseEditor isNew values={(actionData?.values as never) ?? { status: 'draft', language: 'en' }} options={options} errors={actionData?.errors ?? {}} previewHtml={actionData?.preview} />
		</>
	)
}
