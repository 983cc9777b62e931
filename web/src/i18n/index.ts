import i18n, { type BackendModule, type ReadCallback } from 'i18next'
import LanguageDetector from 'i18next-browser-languagedetector'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../../shared/src/api/index.js'

/*
 * Each language's texts are fetched on demand: the catalogues are reached only through dynamic
 * `import()`, so Vite emits every JSON file as its own hashed chunk and the first page carries
 * none of them; i18next asks the backend below for the language in use only.
 *
 * The staff side of trust and safety (moderation pages, reports, takedowns) is kept in its own
 * catalogues and merged under `moderation`, loaded together with its language.
 */
async function loadEnglish() {
  const [main, staff] = await Promise.all([
    import('./en.json', { with: { type: 'json' } }),
    import('./staff-en.json', { with: { type: 'json' } }),
  ])
  return { ...main.default, moderation: staff.default }
}

/** The shape every language's catalogue has: the English one's (it types `t()` keys too). */
type Catalogue = Awaited<ReturnType<typeof loadEnglish>>

async function loadChinese(): Promise<Catalogue> {
  const [main, staff] = await Promise.all([
    import('./zh-CN.json', { with: { type: 'json' } }),
    import('./staff-zh-CN.json', { with: { type: 'json' } }),
  ])
  /** Compile-time check: the Chinese catalogues have every key the English ones have. */
  const zhCN: Omit<Catalogue, 'moderation'> = main.default
  const staffZhCN: Catalogue['moderation'] = staff.default
  return { ...zhCN, moderation: staffZhCN }
}

const CATALOGUES: Record<Language, () => Promise<Catalogue>> = { en: loadEnglish, 'zh-CN': loadChinese }

export const SUPPORTED_LANGUAGES = ['en', 'zh-CN'] as const satisfies readonly Language[]
export const LANGUAGE_STORAGE_KEY = 'wc.lang'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Catalogue }
  }
}

/** Maps whatever the browser reports (zh, zh-Hans-CN, en-GB, …) onto a language we ship. */
export function toSupportedLanguage(lng: string | undefined | null): Language {
  const l = (lng ?? '').toLowerCase()
  if (l.startsWith('zh')) return 'zh-CN'
  return 'en'
}

export function isSupportedLanguage(lng: unknown): lng is Language {
  return typeof lng === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(lng)
}

/** The language the UI currently shows, as the API spells it. */
export function currentLanguage(): Language {
  return toSupportedLanguage(i18n.resolvedLanguage ?? i18n.language)
}

/**
 * Switches the UI language and remembers the choice on this device. The other language's
 * catalogue is fetched first: i18next switches (and `languageChanged` re-renders) once it is in.
 */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng)
  } catch {
    // Storage can be unavailable (private mode, quotas); the switch still works for this visit.
  }
  if (currentLanguage() !== lng) await i18n.changeLanguage(lng)
}

function reflectLanguage(lng: string): void {
  document.documentElement.lang = toSupportedLanguage(lng)
}

/** Hands i18next one language's catalogue, fetched by dynamic import. */
const catalogueBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(lng: string, ns: string, callback: ReadCallback) {
    if (ns !== 'translation' || !isSupportedLanguage(lng)) {
      callback(null, {})
      return
    }
    CATALOGUES[lng]().then(
      (catalogue) => callback(null, catalogue),
      // `true`: let i18next retry a failed fetch a few times (flaky network) before giving up.
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), true),
    )
  },
}

i18n.on('languageChanged', reflectLanguage)

/**
 * Settles once the detected language's catalogue is loaded (or could not be): main.tsx renders
 * only then, so no untranslated key is ever shown.
 */
export const i18nReady: Promise<unknown> = i18n
  .use(catalogueBackend)
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    supportedLngs: [...SUPPORTED_LANGUAGES],
    // English stays the fallback for anything unrecognised, but Chinese falls back to nothing: with
    // a plain `fallbackLng: 'en'` i18next would fetch the English catalogue too whenever the UI is in
    // Chinese, although it is never needed there: the compile-time check in loadChinese proves that
    // zh-CN has every English key.
    fallbackLng: { 'zh-CN': [], default: ['en'] },
    load: 'currentOnly',
    returnNull: false,
    interpolation: { escapeValue: false }, // React escapes already
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is remembered (see setLanguage); a guess from the browser is not.
      caches: [],
      convertDetectedLanguage: (lng: string) => toSupportedLanguage(lng),
    },
    react: { useSuspense: false },
  })

export default i18n
