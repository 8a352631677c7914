import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ACCESS_LEVEL_LABELS, ACCESS_LEVELS, type AccessLevel } from '../auth/roles.ts';
import { badRequest } from '../http/problem.ts';
import { searchCatalog, type CatalogQuery, type CatalogRow } from './search.ts';

export const DEFAULT_CATALOG_LIMIT = 20;
export const MAX_CATALOG_LIMIT = 100;

const CatalogQuerystring = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Suchbegriffe (deutsche Stammformen; "…" für Phrasen, -wort schließt aus)' })),
  space: Type.Optional(Type.String({ description: 'Slug eines Datenraums' })),
  accessLevel: Type.Optional(Type.String({ description: 'oeffentlich, intern oder datenraum' })),
  theme: Type.Optional(Type.String({ description: 'Thema aus metadata.theme' })),
  keyword: Type.Optional(Type.String({ description: 'Schlagwort aus metadata.keywords' })),
  limit: Type.Optional(Type.String({ description: `Treffer pro Seite, 1 bis ${MAX_CATALOG_LIMIT}, Standard ${DEFAULT_CATALOG_LIMIT}` })),
  offset: Type.Optional(Type.String({ description: 'Übersprungene Treffer' })),
});

function parseCount(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw badRequest('invalid-parameter', {
      de: `Ungültiger Wert „${value}“ für den Parameter „${name}“. Erlaubt ist eine ganze Zahl von ${min.toLocaleString('de-DE')} bis ${max.toLocaleString('de-DE')}.`,
      en: `Invalid value "${value}" for parameter "${name}". Use a whole number from ${min} to ${max}.`,
    }, { parameter: name, value });
  }
  return number;
}

function parseAccessLevel(value: string | undefined): AccessLevel | undefined {
  if (value === undefined) return undefined;
  if ((ACCESS_LEVELS as readonly string[]).includes(value)) return value as AccessLevel;
  throw badRequest('invalid-parameter', {
    de: `Ungültige Zugriffsstufe „${value}“. Erlaubt sind ${ACCESS_LEVELS.join(', ')}.`,
    en: `Invalid access level "${value}". Allowed are ${ACCESS_LEVELS.join(', ')}.`,
  }, { parameter: 'accessLevel', value });
}

/** Rejects NUL characters, which PostgreSQL text cannot store and would fail the query as a 500. */
function rejectNul(query: Record<string, string | undefined>) {
  const name = Object.keys(query).find((key) => query[key]?.includes('\u0000'));
  if (name === undefined) return;
  throw badRequest('invalid-parameter', {
    de: `Der Parameter „${name}“ enthält ein Nullzeichen (%00). Bitte entfernen Sie es.`,
    en: `Parameter "${name}" contains a NUL character (%00). Please remove it.`,
  }, { parameter: name });
}

function toResult(row: CatalogRow, publicUrl: string) {
  const self = `${publicUrl}/api/v1/dataspaces/${row.space_slug}/datasets/${row.slug}`;
  const keywords = Array.isArray(row.metadata?.keywords) ? row.metadata.keywords : [];
  return {
    space: { slug: row.space_slug, name: row.space_name },
    slug: row.slug,
    title: row.title,
    description: row.description,
    accessLevel: row.access_level,
    keywords,
    theme: row.metadata?.theme ?? null,
    rowCount: row.row_count === null ? null : Number(row.row_count),
    updatedAt: new Date(row.updated_at).toISOString(),
    links: { self, rows: `${self}/rows` },
  };
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/catalog',
    {
      schema: {
        tags: ['Katalog'],
        summary: 'Datensätze suchen',
        description:
          'Volltextsuche mit deutscher Stammformreduktion über die Datensätze, die der Aufrufer lesen darf (anonym: nur öffentliche). Liefert Treffer nach Relevanz und Facetten je Datenraum, Zugriffsstufe und Thema.',
        querystring: CatalogQuerystring,
      },
    },
    async (request) => {
      rejectNul(request.query);
      const query: CatalogQuery = {
        q: request.query.q,
        space: request.query.space,
        accessLevel: parseAccessLevel(request.query.accessLevel),
        theme: request.query.theme,
        keyword: request.query.keyword,
        limit: parseCount('limit', request.query.limit, DEFAULT_CATALOG_LIMIT, 1, MAX_CATALOG_LIMIT),
        offset: parseCount('offset', request.query.offset, 0, 0, Number.MAX_SAFE_INTEGER),
      };
      const result = await searchCatalog(app.ctx.db, query, request.principal);
      return {
        results: result.rows.map((row) => toResult(row, app.ctx.config.publicUrl)),
        total: result.total,
        facets: {
          space: result.facets.space,
          accessLevel: result.facets.accessLevel.map((entry) => ({ ...entry, label: ACCESS_LEVEL_LABELS[entry.value as AccessLevel] })),
          theme: result.facets.theme,
        },
      };
    },
  );
};
