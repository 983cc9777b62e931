import { SALARIES } from '../api/limits.js'

/**
 * The ISO 4217 currencies a salary report may be in, with a rough number of units per US dollar
 * (late 2026, rounded). The rate only bounds what counts as a plausible yearly pay (SALARIES'
 * USD bounds, converted), so a typo — an extra zero, monthly pay in the yearly field, cents —
 * is refused instead of moving a small cell's quartiles. Figures are never converted for display:
 * cells are per currency. A code missing here (and every code that is not ISO 4217) is refused
 * with 400 `unknown_currency`; adding one is adding a line.
 */
export const SALARY_CURRENCIES: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  CHF: 0.88,
  CNY: 7.2,
  HKD: 7.8,
  TWD: 32,
  JPY: 150,
  KRW: 1350,
  SGD: 1.35,
  MYR: 4.6,
  THB: 35,
  IDR: 16000,
  PHP: 57,
  VND: 25000,
  INR: 84,
  PKR: 280,
  BDT: 120,
  LKR: 300,
  AUD: 1.5,
  NZD: 1.65,
  CAD: 1.37,
  MXN: 18,
  BRL: 5.4,
  ARS: 1000,
  CLP: 930,
  COP: 4100,
  PEN: 3.8,
  SEK: 10.5,
  NOK: 10.7,
  DKK: 6.9,
  PLN: 4,
  CZK: 23,
  HUF: 360,
  RON: 4.6,
  BGN: 1.8,
  TRY: 34,
  ILS: 3.7,
  AED: 3.67,
  SAR: 3.75,
  QAR: 3.64,
  EGP: 49,
  NGN: 1600,
  KES: 130,
  ZAR: 18,
  MAD: 10,
  UAH: 41,
  RSD: 108,
  ISK: 138,
}

export function isSalaryCurrency(code: string): boolean {
  return Object.hasOwn(SALARY_CURRENCIES, code)
}

/** The plausible range of a yearly base pay, and the most a bonus or equity figure may be, in units of the currency. */
export function salaryBounds(code: string): { minBase: number; maxBase: number; maxExtra: number } | null {
  const rate = SALARY_CURRENCIES[code]
  if (rate === undefined) return null
  const round = (n: number) => Math.round(n)
  return { minBase: round(SALARIES.minBaseUsd * rate), maxBase: round(SALARIES.maxBaseUsd * rate), maxExtra: round(SALARIES.maxExtraUsd * rate) }
}
