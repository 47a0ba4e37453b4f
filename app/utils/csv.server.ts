import { stringify } from 'csv-stringify/sync'

/**
 * CSV for spreadsheets. A cell starting with = + - @ (or a tab or carriage return) is
 * prefixed with ' so a spreadsheet shows it as text instead of running it as a formula:
 * names and organisations are typed by members.
 */
export function spreadsheetCsv(columns: string[], rows: Array<Array<string | number | null>>): string {
	const safe = rows.map((row) => row.map((cell) => {
		const text = cell == null ? '' : String(cell)
		return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
	}))
	return stringify(safe, { header: true, columns })
}
