import { describe, expect, test } from 'vitest'
import { checkUploads, cleanFilename } from './attachments.server'

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('attachments are typed by their bytes', () => {
	test('PDF and PNG pass with their sniffed type, whatever the name says', async () => {
		const { ok, errors } = await checkUploads([
			{ filename: 'report.txt', bytes: pdf },
			{ filename: 'photo', bytes: png },
		])
		expect(errors).toEqual([])
		expect(ok.map((f) => [f.filename, f.contentType])).toEqual([
			['report.txt', 'application/pdf'],
			['photo', 'image/png'],
		])
	})

	test('HTML, SVG and executables are refused even when named like a PDF or image', async () => {
		const { ok, errors } = await checkUploads([
			{ filename: 'invoice.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
			{ filename: 'logo.png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
			{ filename: 'tool.docx', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) },
		])
		expect(ok).toEqual([])
		expect(errors).toHaveLength(3)
		expect(errors[0]).toMatch(/^invoice\.pdf is not a PDF, image/)
		expect(errors[2]).toMatch(/\(it is EXE\)/)
	})

	test('file names lose path separators and control characters but keep their letters', () => {
		expect(cleanFilename('../../etc/passwd')).toBe('....etcpasswd')
		expect(cleanFilename('rapport\u0000\r\n final.pdf')).toBe('rapport final.pdf')
		expect(cleanFilename('报告.pdf')).toBe('报告.pdf')
		expect(cleanFilename('\u0001')).toBe('attachment')
	})
})
