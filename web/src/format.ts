import { currentLocale } from './i18n/i18n.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function formatNumber(value: number, maximumFractionDigits = 6): string {
  return value.toLocaleString(currentLocale(), { maximumFractionDigits });
}

/** Formats a calendar date ("2024-12-31") without shifting it through a time zone. */
export function formatDate(value: string): string {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toLocaleDateString(currentLocale(), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** Formats an instant in Berlin local time, the time zone every Berlin office works in. */
export function formatTimestamp(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(currentLocale(), {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Formats one table cell by its column type; geometries are summarised by their type. */
export function formatCell(value: unknown, type: string, yesNo: [string, string]): string {
  if (value === null || value === undefined) return '';
  if (type === 'integer' || type === 'decimal') {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) ? formatNumber(number) : String(value);
  }
  if (type === 'boolean') return value === true || value === 'true' ? yesNo[0] : yesNo[1];
  if (type === 'date' && typeof value === 'string' && DATE_ONLY.test(value.slice(0, 10))) return formatDate(value);
  if (type === 'timestamp' && typeof value === 'string') return formatTimestamp(value);
  if (type === 'geometry' && typeof value === 'object') return String((value as { type?: string }).type ?? '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
