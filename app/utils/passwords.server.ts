import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'

// OWASP ASVS / Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2) // @node-rs/argon2 defaults to argon2id
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

// A dummy hash lets a login for an unknown email cost as much as a real one, so
// timing does not tell whether an account exists.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string) {
	dummyHash ??= hashPassword('not-a-real-password-for-timing')
	await verifyPassword(await dummyHash, password)
}

// The zxcvbn-ts list is ranked by frequency; its first 10,000 entries are the
// "10,000 most common passwords" ASVS 2.1.7 asks us to refuse.
const commonPasswords = new Set(dictionary['passwords-common'].slice(0, 10_000).map((p) => p.toLowerCase()))

export function isCommonPassword(password: string) {
	return commonPasswords.has(password.toLowerCase())
}

