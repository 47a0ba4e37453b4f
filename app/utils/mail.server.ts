import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { env } from './env.server'

/**
 * The one way mail leaves the portal. With SMTP_URL it goes to that server; without,
 * each message is written as JSON under MAIL_DIR so the demo and the tests can open it.
 */
export interface OutgoingMail {
	to: string
	subject: string
	text: string
	html?: string
	/** Sent as List-Unsubscribe too, so mail clients offer their own button. */
	unsubscribeUrl?: string
}

let transport: Transporter | undefined

function smtp() {
	transport ??= nodemailer.createTransport(env().SMTP_URL)
	return transport
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
	const { SMTP_URL, MAIL_DIR, MAIL_FROM } = env()
	if (SMTP_URL) {
		const { unsubscribeUrl, ...message } = mail
		await smtp().sendMail({ from: MAIL_FROM, ...message, ...(unsubscribeUrl ? { list: { unsubscribe: unsubscribeUrl } } : {}) })
		return
	}
	await fs.mkdir(MAIL_DIR, { recursive: true })
	const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_')
	const file = path.join(MAIL_DIR, `${Date.now()}-${crypto.randomUUID().slice(0, 8)}-${safeTo}.json`)
	await fs.writeFile(file, JSON.stringify({ from: MAIL_FROM, ...mail, date: new Date().toISOString() }, null, 2))
}

export function absoluteUrl(origin: string, pathname: string) {
	return new URL(pathname, origin).toString()
}
