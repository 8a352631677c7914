import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import { setApiLanguage } from '../api.ts';

export type Language = 'de' | 'en';

const STORAGE_KEY = 'datahub.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

/** Switches the UI language, stores the choice and keeps <html lang> and the API client in step. */
export function applyLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may forbid storage; the choice then lasts until the page is reloaded.
  }
  document.documentElement.lang = language;
  setApiLanguage(language);
  void i18next.changeLanguage(language);
}

export function initI18n(): void {
  const language = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  setApiLanguage(language);
}

/** Intl locale for numbers and dates in the current UI language. */
export function currentLocale(): string {
  return i18next.language === 'en' ? 'en-GB' : 'de-DE';
}
