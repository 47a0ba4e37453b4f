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

describe('legacy office files (OLE compound files) and Windows Installer packages', () => {
	/** A minimal compound file: header, then one directory sector with the root entry and one stream named `stream`. */
	function compoundFile(rootClassId: number, stream: string): Buffer {
		const file = Buffer.alloc(512 * 3)
		Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0)
		file.writeUInt16LE(0x3e, 0x18) // minor version
		file.writeUInt16LE(3, 0x1a) // major version 3: 512-byte sectors
		file.writeUInt16LE(0xfffe, 0x1c) // little-endian
		file.writeUInt16LE(9, 0x1e) // sector shift
		file.writeUInt16LE(6, 0x20)
		file.writeUInt32LE(0, 0x30) // the directory starts in sector 0, right after the header
		const root = 512
		Buffer.from('Root Entry', 'utf16le').copy(file, root)
		file.writeUInt16LE(22, root + 0x40)
		file[root + 0x42] = 5 // root storage
		file.writeUInt32LE(rootClassId, root + 0x50)
		Buffer.from('0000c000000000000046', 'hex').copy(file, root + 0x56)
		Buffer.from(stream, 'utf16le').copy(file, root + 128)
		file[root + 128 + 0x42] = 2 // stream
		return file
	}
	const INSTALLER = 0x000c1084
	const WORD = 0x00020906

	test('a Word 97 file named .doc passes; an installer is refused whatever it is called, and so is a Word file under another program’s name', async () => {
		const { ok, errors } = await checkUploads([
			{ filename: 'judgment.doc', bytes: compoundFile(WORD, 'WordDocument') },
			{ filename: 'setup.msi', bytes: compoundFile(INSTALLER, 'WordDocument') },
			{ filename: 'judgment.doc', bytes: compoundFile(INSTALLER, 'WordDocument') },
			{ filename: 'judgment.msi', bytes: compoundFile(WORD, 'WordDocument') },
			{ filename: 'sheet.xls', bytes: compoundFile(0, 'SummaryInformation') },
			{ filename: 'seizures-1996.xls', bytes: compoundFile(0x00020810, 'Book') },
		])
		expect(ok.map((f) => [f.filename, f.contentType])).toEqual([
			['judgment.doc', 'application/x-cfb'],
			['seizures-1996.xls', 'application/x-cfb'],
		])
		expect(errors).toHaveLength(4)
		for (const e of errors) expect(e).toMatch(/must keep their \.doc, \.xls or \.ppt name/)
	})
})
