import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { env } from './env.server'
import { serverT } from '../i18n/intl.server'
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales'

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
	// Bounded waits: a mail server that accepts connections but never answers must not hold a
	// request for minutes (nodemailer's defaults); a failed send is retried later instead.
	// Values in SMTP_URL's query string take precedence.
	transport ??= nodemailer.createTransport({ url: env().SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
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

/**
 * Text the server writes for someone other than the reader of the page (a notification's title, an
 * email): a catalogue message and its values, put into words in the recipient's language when it is
 * stored or sent. Values (names, thread and event titles, reasons) are content and stay as written.
 */
export interface MessageRef {
	id: string
	values?: Record<string, string | number>
}

/** The language to write to a member in: the one chosen on their profile, else English (also for addresses with no account yet). */
export function recipientLocale(preferredLanguage: string | null | undefined): Locale {
	return isLocale(preferredLanguage) ? preferredLanguage : DEFAULT_LOCALE
}

/** `t` for text written for a member whose profile says `preferredLanguage`. */
export function recipientT(preferredLanguage: string | null | undefined) {
	return serverT(recipientLocale(preferredLanguage))
}
