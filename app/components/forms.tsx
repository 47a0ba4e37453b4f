import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useTranslateError } from '~/i18n/validation'

/** Field errors tied to the input with aria-describedby, as WCAG 3.3.1 asks; schema messages shown in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
	const tr = useTranslateError()
	if (!errors?.length) return null
	return (
		// role="alert" sits on a wrapper: on the <ul> itself it would replace the list role and orphan the <li>s.
		<div id={id} role="alert">
			<ul className="field-errors">
				{errors.map((e) => (
					<li key={e}>{tr(e)}</li>
				))}
			</ul>
		</div>
	)
}

/**
 * The description ids of a field: its hint and its errors, after any the caller passes (Conform
 * passes its error id, or undefined, which must not wipe out the hint when spread last).
 */
function describedBy(given: string | undefined, ...ids: Array<string | undefined>) {
	return [...new Set([...ids, ...(given?.split(' ') ?? [])].filter(Boolean))].join(' ') || undefined
}

interface FieldProps {
	label: string
	errors?: string[] | null
	hint?: ReactNode
}

export function Field({ label, errors, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
	const fallbackId = useId()
	const id = input.id ?? fallbackId
	const errorId = errors?.length ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={hintId} className="hint">
					{hint}
				</p>
			) : null}
			<input id={id} {...input} aria-invalid={errorId ? true : input['aria-invalid']} aria-describedby={describedBy(input['aria-describedby'], hintId, errorId)} />
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function TextareaField({ label, errors, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
	const fallbackId = useId()
	const id = textarea.id ?? fallbackId
	const errorId = errors?.length ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={hintId} className="hint">
					{hint}
				</p>
			) : null}
			<textarea id={id} {...textarea} aria-invalid={errorId ? true : textarea['aria-invalid']} aria-describedby={describedBy(textarea['aria-describedby'], hintId, errorId)} />
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function SelectField({
	label,
	errors,
	hint,
	options,
	placeholder,
	...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }>; placeholder?: string }) {
	const fallbackId = useId()
	const id = select.id ?? fallbackId
	const errorId = errors?.length ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={hintId} className="hint">
					{hint}
				</p>
			) : null}
			<select id={id} {...select} aria-invalid={errorId ? true : select['aria-invalid']} aria-describedby={describedBy(select['aria-describedby'], hintId, errorId)}>
				{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

/** A group of checkboxes sharing one name (regions, crime types…). */
export function CheckboxGroup({
	legend,
	name,
	options,
	defaultChecked = [],
	errors,
}: {
	legend: string
	name: string
	options: Array<{ value: string; label: string }>
	defaultChecked?: string[]
	errors?: string[] | null
}) {
	const id = useId()
	const errorId = errors?.length ? `${id}-error` : undefined
	return (
		<fieldset className="field checkbox-group" aria-describedby={errorId}>
			<legend>{legend}</legend>
			{options.map((o) => (
				<label key={o.value} className="checkbox">
					<input type="checkbox" name={name} value={o.value} defaultChecked={defaultChecked.includes(o.value)} />
					{o.label}
				</label>
			))}
			<ErrorList id={errorId} errors={errors} />
		</fieldset>
	)
}

/** A labelled select for a GET filter form, with an "all" choice first. */
export function FilterSelect({ id, name, label, allLabel, value, options }: { id: string; name: string; label: string; allLabel: string; value: string | undefined; options: Array<{ value: string; label: string }> }) {
	return (
		<>
			<label htmlFor={id}>{label}</label>
			<select id={id} name={name} defaultValue={value ?? ''}>
				<option value="">{allLabel}</option>
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
		</>
	)
}
