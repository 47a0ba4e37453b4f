export const nowSeconds = () => Math.floor(Date.now() / 1000)
export const MINUTE = 60
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
