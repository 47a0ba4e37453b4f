import { Form } from '@remix-run/react'
import { useT } from '~/i18n'

/** How one kind of notification is emailed: each one, a daily digest, or not at all (in the portal only). */
export function EmailPreferenceForm({ intent, name, label, value, immediateLabel }: { intent: string; name: string; label: string; value: string; immediateLabel?: string }) {
	const t = useT()
	return (
		<Form method="post" className="inline-form">
			<input type="hidden" name="intent" value={intent} />
			<label htmlFor={`${intent}-select`}>{label}</label>
			<select id={`${intent}-select`} name={name} defaultValue={value}>
				<option value="immediate">{immediateLabel ?? t('people.emailPreference.immediate')}</option>
				<option value="daily">{t('people.emailPreference.daily')}</option>
				<option value="none">{t('people.emailPreference.none')}</option>
			</select>
			<button type="submit" className="secondary">
				{t('people.emailPreference.save')}
			</button>
		</Form>
	)
}
