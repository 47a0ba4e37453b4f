import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import busboy from 'busboy'
import { readForm, unreadableForm } from '../utils/request.server'
import { fileTypeFromBuffer } from 'file-type'
import type { Transaction } from 'kysely'
import type { AttachmentParent, Database } from '../../db/schema'
import { db } from '../utils/db.server'
import { env } from '../utils/env.server'
import { decryptBytes, decryptText, encryptBytes, encryptText } from '../utils/message-crypto.server'
import { nowSeconds } from '../utils/time'
import { randomId } from '../utils/tokens.server'

/**
 * Files attached to forum posts (and, later, messages). The type is decided by the
 * file's bytes (file-type), never by its name or the browser's claim; files are kept
 * under ATTACHMENT_DIR, outside anything served statically, and only the attachment
 * route hands them out, after the same read check as their post.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const MAX_ATTACHMENTS = 5
/** Text fields of an upload form (a post is at most 50,000 characters). */
const MAX_FIELD_BYTES = 256 * 1024

const ALLOWED: Record<string, string> = {
	'application/pdf': 'PDF',
	'image/png': 'PNG image',
	'image/jpeg': 'JPEG image',
	'image/gif': 'GIF image',
	'image/webp': 'WebP image',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
	'application/vnd.oasis.opendocument.text': 'OpenDocument text',
	'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
	'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
	// Legacy .doc/.xls/.ppt are OLE compound files; file-type names the container, not the program.
	'application/x-cfb': 'Office document (legacy format)',
}
export const ACCEPT_ATTRIBUTE = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt'
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

export interface Upload {
	filename: string
	bytes: Buffer
}

/**
 * Reads a form that may carry files, with busboy (it reads every file name a browser sends,
 * `;` and `=` included, where Remix's own parser gave up). Oversized files and fields are
 * reported instead of failing the whole request, so the text the member typed is kept;
 * a body that is not a readable form is answered 400.
 */
export async function readUploadForm(request: Request): Promise<{ formData: FormData; uploads: Upload[]; uploadErrors: string[] }> {
	const type = request.headers.get('content-type') ?? ''
	if (!type.toLowerCase().startsWith('multipart/form-data')) return { formData: await readForm(request), uploads: [], uploadErrors: [] }
	if (!request.body) throw unreadableForm()
	const formData = new FormData()
	const uploads: Upload[] = []
	const uploadErrors: string[] = []
	let parser: busboy.Busboy
	try {
		parser = busboy({
			headers: { 'content-type': type },
			defParamCharset: 'utf8',
			limits: { fieldSize: MAX_FIELD_BYTES, fileSize: MAX_ATTACHMENT_BYTES, fields: 200, files: MAX_ATTACHMENTS * 4, parts: 400 },
		})
	} catch {
		throw unreadableForm() // no boundary, or not multipart at all
	}
	const done = new Promise<void>((resolve, reject) => {
		parser.on('field', (name, value, info) => {
			if (!name) return // a part without a name belongs to no field
			// A field over the limit keeps what fits, and the member is told; nothing is saved with it.
			if (info.valueTruncated) uploadErrors.push(`The field ${name} is too long (at most ${MAX_FIELD_BYTES / 1024} KB).`)
			formData.append(name, value)
		})
		parser.on('file', (name, stream, info) => {
			const chunks: Buffer[] = []
			stream.on('data', (chunk: Buffer) => chunks.push(chunk))
			stream.on('end', () => {
				const filename = info.filename ?? ''
				const size = chunks.reduce((n, c) => n + c.byteLength, 0)
				if (name !== 'attachments' || (!filename && size === 0)) return // another file input, or this one left empty
				if ((stream as unknown as { truncated?: boolean }).truncated) uploadErrors.push(`${filename} is larger than 10 MB.`)
				else if (size === 0) uploadErrors.push(`${filename} is empty.`)
				else uploads.push({ filename, bytes: Buffer.concat(chunks) })
			})
		})
		parser.on('partsLimit', () => uploadErrors.push('This form has too many parts.'))
		parser.on('filesLimit', () => uploadErrors.push(`Attach at most ${MAX_ATTACHMENTS} files to one post.`))
		parser.on('fieldsLimit', () => uploadErrors.push('This form has too many fields.'))
		parser.on('close', resolve)
		parser.on('error', reject)
	})
	done.catch(() => {}) // awaited below; a parse error must not also surface as an unhandled rejection
	// Fed by hand rather than piped: on a malformed part, pipeline() would destroy the request
	// stream and with it the connection, so the client would never read the 400. The rest of
	// the body is drained instead.
	let failed = false
	parser.on('error', () => (failed = true))
	try {
		for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
			if (failed) continue
			if (!parser.write(chunk)) await new Promise<void>((resolve) => (failed ? resolve() : parser.once('drain', resolve).once('error', () => resolve())))
		}
		if (!failed) parser.end()
		await done
	} catch {
		throw unreadableForm() // truncated or malformed body
	}
	if (uploads.length > MAX_ATTACHMENTS && !uploadErrors.some((e) => e.startsWith('Attach at most'))) uploadErrors.push(`Attach at most ${MAX_ATTACHMENTS} files to one post.`)
	return { formData, uploads, uploadErrors: [...new Set(uploadErrors)] }
}

export interface CheckedUpload {
	filename: string
	bytes: Buffer
	contentType: string
}

/** The sniffed type of each file; anything not on the list is refused by name. */
export async function checkUploads(uploads: Upload[]): Promise<{ ok: CheckedUpload[]; errors: string[] }> {
	const ok: CheckedUpload[] = []
	const errors: string[] = []
	for (const u of uploads) {
		const detected = await fileTypeFromBuffer(u.bytes)
		const filename = cleanFilename(u.filename)
		if (!detected || !ALLOWED[detected.mime]) {
			errors.push(`${filename} is not a PDF, image (PNG, JPEG, GIF, WebP) or office document${detected ? ` (it is ${detected.ext.toUpperCase()})` : ''}.`)
			continue
		}
		if (detected.mime === 'application/x-cfb' && !isLegacyOfficeFile(u.bytes, filename)) {
			errors.push(`${filename} is not a PDF, image (PNG, JPEG, GIF, WebP) or office document (legacy Word, Excel and PowerPoint files must keep their .doc, .xls or .ppt name).`)
			continue
		}
		ok.push({ filename, bytes: u.bytes, contentType: detected.mime })
	}
	if (ok.length && !(await roomFor(ok))) errors.push(STORAGE_FULL)
	return { ok, errors }
}

// Windows Installer packages, patches and transforms are compound files too: their root storage's class id.
const INSTALLER_CLASS_IDS = ['000c1084', '000c1086', '000c1082']
// The stream each legacy program writes, and the names under which a reader's computer opens that program.
const LEGACY_OFFICE = [
	{ stream: 'WordDocument', extensions: ['doc', 'dot'] },
	{ stream: 'Workbook', extensions: ['xls', 'xlt'] },
	{ stream: 'Book', extensions: ['xls', 'xlt'] }, // Excel 5 and 95
	{ stream: 'PowerPoint Document', extensions: ['ppt', 'pot', 'pps'] },
]

/**
 * file-type names every OLE compound file `application/x-cfb`: legacy .doc/.xls/.ppt, but also
 * Windows Installer packages (.msi), which a reader's computer would run if the file kept such
 * a name. So a compound file passes only if it is not an installer (its root class id), holds
 * the stream Word, Excel or PowerPoint writes, and is named for that program, which is the name
 * it is downloaded under.
 */
export function isLegacyOfficeFile(bytes: Buffer, filename: string): boolean {
	if (bytes.length < 512) return false
	const sectorShift = bytes.readUInt16LE(0x1e)
	if (sectorShift !== 9 && sectorShift !== 12) return false
	const directory = (bytes.readUInt32LE(0x30) + 1) * 2 ** sectorShift
	if (directory + 128 > bytes.length) return false
	const rootClassId = bytes.readUInt32LE(directory + 0x50).toString(16).padStart(8, '0')
	if (INSTALLER_CLASS_IDS.includes(rootClassId)) return false
	const extension = filename.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? ''
	return LEGACY_OFFICE.some((kind) => kind.extensions.includes(extension) && bytes.includes(Buffer.from(kind.stream, 'utf16le')))
}

const STORAGE_FULL = 'The portal has no room for files right now (its storage is full). Your text is kept; try again later or post without the files.'
/** Kept free on the attachment disk, so the database beside it can still grow. */
const HEADROOM_BYTES = 64 * 1024

/** Checked before writing, so a full disk is a clear message on the form and not a failed write. */
async function roomFor(files: CheckedUpload[]): Promise<boolean> {
	const dir = env().ATTACHMENT_DIR
	await fsp.mkdir(dir, { recursive: true })
	const stats = await fsp.statfs(dir)
	const needed = files.reduce((sum, f) => sum + f.bytes.byteLength + 4096, 0) + HEADROOM_BYTES
	return stats.bavail * stats.bsize >= needed
}

/** Control characters and path separators out; a name always remains. */
export function cleanFilename(name: string): string {
	const cleaned = name
		.normalize('NFC')
		.replace(/[\u0000-\u001f\u007f/\\]/g, '')
		.trim()
		.slice(0, 150)
	return cleaned || 'attachment'
}

export function attachmentStoragePath(id: string) {
	return path.join(env().ATTACHMENT_DIR, id.slice(0, 2), id)
}

/**
 * Writes the files durably (fsync, then rename) before the database rows that point to
 * them are committed by the caller's transaction: a crash leaves at worst an orphan file,
 * never a row without its file.
 */
export type StoredFile = CheckedUpload & { id: string; sha256: string }

async function writeFiles(files: CheckedUpload[], opts: { encrypt?: boolean } = {}): Promise<StoredFile[]> {
	const written: StoredFile[] = []
	for (const f of files) {
		const id = randomId()
		const target = attachmentStoragePath(id)
		try {
			await fsp.mkdir(path.dirname(target), { recursive: true })
			const handle = await fsp.open(`${target}.part`, 'wx', 0o600)
			try {
				// Message attachments are private correspondence: encrypted like the message text.
				await handle.writeFile(opts.encrypt ? encryptBytes(f.bytes, `attachment:${id}`) : f.bytes)
				await handle.sync()
			} finally {
				await handle.close()
			}
			await fsp.rename(`${target}.part`, target)
		} catch (error) {
			// Nothing half-written stays behind, and nothing will point to it.
			await fsp.rm(`${target}.part`, { force: true })
			await discardFiles(written.map((w) => w.id))
			const code = (error as NodeJS.ErrnoException).code
			// The disk filled between the check and the write: still a clear answer, not a crash.
			if (code === 'ENOSPC' || code === 'EDQUOT') throw new Response(STORAGE_FULL, { status: 507 })
			throw error
		}
		// No plaintext hash for encrypted files: it would let anyone confirm a guessed document.
		written.push({ ...f, id, sha256: opts.encrypt ? '' : crypto.createHash('sha256').update(f.bytes).digest('hex') })
	}
	return written
}

/** Writes the files, then runs the write that records them; if it fails, the files go too. */
export async function withStoredFiles<T>(files: CheckedUpload[], opts: { encrypt?: boolean }, write: (stored: StoredFile[]) => Promise<T>): Promise<T> {
	const stored = await writeFiles(files, opts)
	try {
		return await write(stored)
	} catch (error) {
		await discardFiles(stored.map((f) => f.id))
		throw error
	}
}

/** Removes files whose transaction did not commit. */
export async function discardFiles(ids: string[]) {
	for (const id of ids) await fsp.rm(attachmentStoragePath(id), { force: true })
}

export async function recordAttachments(trx: Transaction<Database>, parentType: AttachmentParent, parentId: number, uploaderId: string, files: StoredFile[]) {
	if (!files.length) return
	await trx
		.insertInto('attachments')
		.values(
			files.map((f) => ({
				id: f.id,
				parent_type: parentType,
				parent_id: parentId,
				uploaded_by: uploaderId,
				filename: parentType === 'message' ? encryptText(f.filename, `attachment-name:${f.id}`) : f.filename,
				content_type: f.contentType,
				size: f.bytes.byteLength,
				sha256: f.sha256,
				created_at: nowSeconds(),
			})),
		)
		.execute()
}

export interface AttachmentSummary {
	id: string
	filename: string
	size: number
	kind: string
	image: boolean
}

export async function attachmentsOf(parentType: AttachmentParent, parentIds: number[]): Promise<Map<number, AttachmentSummary[]>> {
	const byParent = new Map<number, AttachmentSummary[]>()
	if (!parentIds.length) return byParent
	const rows = await db().selectFrom('attachments').select(['id', 'parent_id', 'filename', 'size', 'content_type']).where('parent_type', '=', parentType).where('parent_id', 'in', parentIds).orderBy('created_at').orderBy('filename').execute()
	for (const r of rows)
		byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), { id: r.id, filename: displayName(parentType, r), size: r.size, kind: ALLOWED[r.content_type] ?? 'File', image: INLINE_TYPES.has(r.content_type) }])
	return byParent
}

function displayName(parentType: AttachmentParent, row: { id: string; filename: string }) {
	return parentType === 'message' ? decryptText(row.filename, `attachment-name:${row.id}`) : row.filename
}

export async function attachmentRow(id: string) {
	if (!/^[a-z2-7]{10,40}$/.test(id)) return null
	return (await db().selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/** The download response: the sniffed type, never rendered as a page, with the original name. */
export function attachmentResponse(row: { id: string; parent_type: AttachmentParent; filename: string; content_type: string; size: number }): Response {
	const inline = INLINE_TYPES.has(row.content_type)
	const filename = displayName(row.parent_type, row)
	const asciiName = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
	const body =
		row.parent_type === 'message'
			? new Uint8Array(decryptBytes(fs.readFileSync(attachmentStoragePath(row.id)), `attachment:${row.id}`))
			: (Readable.toWeb(fs.createReadStream(attachmentStoragePath(row.id))) as ReadableStream)
	return new Response(body, {
		headers: {
			'Content-Type': row.content_type,
			'Content-Length': String(row.size),
			'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			// Even if a browser tried to render it as a document, it would run nothing (nosniff is set for every response in server.ts).
			'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
			'Cache-Control': 'private, no-store',
		},
	})
}
