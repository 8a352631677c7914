/** Stable problem type URIs are `urn:datahub:problem:<code>`; clients match on them, never on the text. */
export const PROBLEM_TYPE_PREFIX = 'urn:datahub:problem:';

export type Language = 'de' | 'en';

/** A user-facing message in both UI languages. German is the default. */
export interface Message {
  de: string;
  en: string;
}

/**
 * An error that reaches the client as RFC 9457 problem details.
 * `code` is the stable part of the type URI; `detail` carries German and English text.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: Message,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail.en);
    this.name = 'ApiError';
  }
}

const TITLES: Record<number, Message> = {
  400: { de: 'Ungültige Anfrage', en: 'Bad request' },
  401: { de: 'Anmeldung erforderlich', en: 'Authentication required' },
  403: { de: 'Keine Berechtigung', en: 'Forbidden' },
  404: { de: 'Nicht gefunden', en: 'Not found' },
  409: { de: 'Konflikt', en: 'Conflict' },
  413: { de: 'Datei zu groß', en: 'Payload too large' },
  415: { de: 'Format nicht unterstützt', en: 'Unsupported media type' },
  422: { de: 'Daten nicht verarbeitbar', en: 'Unprocessable content' },
  429: { de: 'Zu viele Anfragen', en: 'Too many requests' },
  500: { de: 'Interner Fehler', en: 'Internal server error' },
  503: { de: 'Dienst nicht verfügbar', en: 'Service unavailable' },
};

export function titleFor(status: number, language: Language): string {
  return (TITLES[status] ?? TITLES[status >= 500 ? 500 : 400])[language];
}

/** Picks English only when the client prefers it over German; everything else gets German. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'de';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag.startsWith('de') || entry.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'de';
}

export const notFound = (what: Message) => new ApiError(404, 'not-found', what);

export const forbidden = (detail: Message = {
  de: 'Sie haben für diese Aktion keine Berechtigung in diesem Datenraum.',
  en: 'You are not allowed to perform this action in this dataspace.',
}) => new ApiError(403, 'forbidden', detail);

export const unauthenticated = () =>
  new ApiError(401, 'unauthenticated', {
    de: 'Bitte melden Sie sich an oder senden Sie ein gültiges API-Token.',
    en: 'Please log in or send a valid API token.',
  });

export const badRequest = (code: string, detail: Message, extensions: Record<string, unknown> = {}) =>
  new ApiError(400, code, detail, extensions);
