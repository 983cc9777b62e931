/** Client-side checks that mirror the API schemas, so most mistakes never reach the server. */

export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())
}

export function isBlank(value: string): boolean {
  return value.trim() === ''
}

/** '' → null; otherwise an integer year, or NaN when it is not one. */
export function parseYear(value: string): number | null {
  const v = value.trim()
  if (v === '') return null
  return /^\d{4}$/.test(v) ? Number(v) : Number.NaN
}

export function isValidYear(year: number | null): boolean {
  return year === null || (Number.isInteger(year) && year >= 1900 && year <= 2100)
}
