import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { caseById, rowToRecord } from '../../db/cases/queries'
import { CaseEditor } from '~/components/case-editor'
import { caseEditorOptions } from '~/models/case-labels.server'
import { editorValues, parseCaseForm, previewHtml } from '~/models/case-editor.server'
import { saveCaseAsStaff, validateCaseForSave } from '~/models/cases.server'
import { db } from '~/utils/db.server'
import { redirectWithFlash } from '~/utils/flash.server'
import { requirePermission } from '~/utils/permissions.server'
import { clientIp, readForm } from '~/utils/request.server'
import { metaT, useT } from '~/i18n'
import { requestT, resolveLocale } from '~/i18n/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('cases.edit.metaTitle') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const row = await caseById(db(), params.caseId ?? '')
	if (!row) throw new Response('Not found', { status: 404 })
	return { id: row.id, values: editorValues(rowToRecord(row)), options: await caseEditorOptions(resolveLocale(request, viewer)) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
	const viewer = requirePermission(context, request, 'publish:content')
	const row = await caseById(db(), params.caseId ?? '')
	if (!row) throw new Response('Not found', { status: 404 })
	const form = await readForm(request)
	const { raw, record, errors } = parseCaseForm(form, row.id)
	if (record) for (const p of await validateCaseForSave(record)) (errors[p.path] ??= []).push(p.message)
	const sections = Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('section_')).map(([k, v]) => [k, String(v)]))
	if (!record || Object.keys(errors).length) return data({ values: { ...raw, sections }, errors, preview: null }, { status: 400 })
	if (form.get('intent') === 'preview') return data({ values: { ...raw, sections }, errors: {}, preview: previewHtml(record.body) })
	const outcome = await saveCaseAsStaff(viewer, record, clientIp(context))
	const t = requestT(request, context.viewer)
	return redirectWithFlash(`/cases/${row.id}`, { kind: 'success', message: outcome.changed ? t('cases.edit.saved', { revision: outcome.revision }) : t('cases.edit.unchanged') })
}

export default function EditCase() {
	const { id, values, options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<h1>{t('cases.edit.heading', { id })}</h1>
			<p>
				<Link to={`/cases/${id}`}>{t('cases.edit.back')}</Link> · <Link to={`/cases/${id}/revisions`}>{t('cases.edit.revisions')}</Link>
			</p>
			<CaseEditor isNew={false} values={(actionData?.values as never) ?? values} options={options} errors={actionData?.errors ?? {}} previewHtml={actionData?.preview} />
		</>
	)
}
