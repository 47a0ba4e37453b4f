import { Form } from '@remix-run/react'

/** How one kind of notification is emailed: each one, a daily digest, or not at all (in the portal only). */
export function EmailPreferenceForm({ intent, name, label, value, immediateLabel = 'Email each one' }: { intent: string; name: string; label: string; value: string; immediateLabel?: string }) {
	return (
		<Form method="post" className="inline-form">
			<input type="hidden" name="intent" value={intent} />
			<label htmlFor={`${intent}-select`}>{label}</label>
			<select id={`${intent}-select`} name={name} defaultValue={value}>
				<option value="immediate">{immediateLabel}</option>
				<option value="daily">Daily digest</option>
				<option value="none">In the portal only</option>
			</select>
			<button type="submit" className="secondary">
				Save
			</button>
		</Form>
	)
}
