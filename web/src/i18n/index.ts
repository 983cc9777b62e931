import i18n from 'i18next'
import LanguageDetector from 'i18next-browser-languagedetector'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../../shared/src/api/index.js'
import en from './en.json' with { type: 'json' }
import staffEn from './staff-en.json' with { type: 'json' }
import staffZhJson from './staff-zh-CN.json' with { type: 'json' }
import zhJson from './zh-CN.json' with { type: 'json' }

/** Compile-time check: the Chinese catalogue has every key the English one has. */
const zhCN: typeof en = zhJson
const staffZhCN: typeof staffEn = staffZhJson

/** The staff side of trust and safety (moderation pages, reports, takedowns), kept in its own catalogues under `moderation`. */
const enAll = { ...en, moderation: staffEn }
const zhAll: typeof enAll = { ...zhCN, moderation: staffZhCN }

export const SUPPORTED_LANGUAGES = ['en', 'zh-CN'] as const satisfies readonly Language[]
export const LANGUAGE_STORAGE_KEY = 'wc.lang'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof enAll }
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

/** Switches the UI language and remembers the choice on this device. */
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

i18n.on('languageChanged', reflectLanguage)

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: enAll }, 'zh-CN': { translation: zhAll } },
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: 'en',
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
