import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { badRequest, notFound } from '../../http/problem.ts';
import { loadDataset, loadVersion, type DatasetRef, type VersionRef } from '../lookup.ts';
import { cursorFromRow, decodeCursor, encodeCursor } from './cursor.ts';
import { csvChunks, geojsonChunks, rowObject, xlsxStream, type Batches } from './formats.ts';
import { MEDIA_TYPES, parseOptions, type RowsFormat, type RowsOptions } from './options.ts';
import { parseRowQuery, SqlParameters } from './query.ts';
import { countRows, readBatches, readRows, type RowsPlan } from './reader.ts';
import { geometryColumn, toRowColumns, versionTable, type RowColumn } from './schema.ts';

const FILE_EXTENSIONS: Record<RowsFormat, string> = { json: 'json', csv: 'csv', geojson: 'geojson', xlsx: 'xlsx' };

const DatasetParams = Type.Object({ space: Type.String(), dataset: Type.String() });

const ROWS_DESCRIPTION = `Liest die Zeilen eines Datensatzes (aktuelle Version oder version=<n>).
Filter: <spalte>=wert oder <spalte>[op]=wert mit op eq, ne, lt, lte, gt, gte, in (Komma-Liste, bei Dezimalkomma Semikolon-Liste), contains und startswith (ohne Beachtung der Groß-/Kleinschreibung), isnull;
für Spalten mit reservierten Namen filter[<spalte>][op]=wert. bbox=minx,miny,maxx,maxy (bbox-crs=4326|25833).
sort=spalte,-spalte2; select=spalte1,spalte2; limit (JSON: Standard 100, höchstens 10.000), offset, cursor (aus "next"); total=false spart die Zählung.
Formate über format=json|csv|geojson|xlsx oder den Accept-Header; dialect=excel-de für deutsches Excel; crs=4326|25833 für Geometrien.`;

/** Splits the query string into ordered entries and a map with the last value of each name. */
function readQueryString(request: FastifyRequest): { entries: [string, string][]; single: Map<string, string> } {
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const entries = [...new URLSearchParams(search).entries()];
  // PostgreSQL text cannot contain NUL, so such a value would fail inside the query as a 500.
  const withNul = entries.find(([key, value]) => key.includes('\u0000') || value.includes('\u0000'));
  if (withNul) {
    throw badRequest('invalid-parameter', {
      de: `Der Parameter „${withNul[0].replace(/\u0000/g, '\\0')}“ enthält ein Nullzeichen (%00). Bitte entfernen Sie es.`,
      en: `Parameter "${withNul[0].replace(/\u0000/g, '\\0')}" contains a NUL character (%00). Please remove it.`,
    }, { parameter: withNul[0].replace(/\u0000/g, '\\0') });
  }
  return { entries, single: new Map(entries) };
}

function nextUrl(request: FastifyRequest, publicUrl: string, entries: [string, string][], cursor: string): string {
  const carriedOver = entries.filter(([key]) => key !== 'cursor' && key !== 'offset');
  const query = new URLSearchParams([...carriedOver, ['cursor', cursor]]);
  return `${publicUrl}${request.url.split('?')[0]}?${query.toString()}`;
}

const versionNotFound = (dataset: DatasetRef, version: number) =>
  notFound({
    de: `Version ${version.toLocaleString('de-DE')} des Datensatzes „${dataset.slug}“ gibt es nicht oder sie ist nicht fertig importiert. Die Liste der Versionen steht unter …/versions.`,
    en: `Version ${version} of dataset "${dataset.slug}" does not exist or is not completely imported. See …/versions for the list.`,
  });

const noGeometry = (dataset: DatasetRef) =>
  badRequest('no-geometry', {
    de: `Der Datensatz „${dataset.slug}“ hat keine Geometriespalte und kann deshalb nicht als GeoJSON geliefert werden. Bitte wählen Sie format=csv, xlsx oder json.`,
    en: `Dataset "${dataset.slug}" has no geometry column and cannot be delivered as GeoJSON. Choose format=csv, xlsx or json.`,
  });

function setDownloadHeaders(reply: FastifyReply, options: RowsOptions, filename: string) {
  const charset = options.format === 'csv' || options.format === 'geojson' ? '; charset=utf-8' : '';
  const csvHeader = options.format === 'csv' ? '; header=present' : '';
  reply.type(`${MEDIA_TYPES[options.format]}${charset}${csvHeader}`);
  reply.header('content-disposition', `attachment; filename="${filename}"`);
}

/** Streams csv, geojson or xlsx; `batches` is read lazily as the client receives the output. */
function sendDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  options: RowsOptions,
  columns: RowColumn[],
  batches: Batches,
  names: { filename: string; sheet: string },
) {
  setDownloadHeaders(reply, options, names.filename);
  request.log.info({ format: options.format, dialect: options.dialect, filename: names.filename }, 'rows download started');
  if (options.format === 'csv') return reply.send(Readable.from(csvChunks(columns, batches, options.dialect)));
  if (options.format === 'geojson') return reply.send(Readable.from(geojsonChunks(columns, batches, options.crs)));
  return reply.send(xlsxStream(columns, batches, names.sheet, (error) => request.log.error({ err: error }, 'xlsx download failed')));
}

async function* noBatches(): Batches {}

function sendEmpty(request: FastifyRequest, reply: FastifyReply, options: RowsOptions, dataset: DatasetRef) {
  if (options.format === 'json') return reply.send({ rows: [], total: 0, next: null });
  const names = { filename: `${dataset.slug}.${FILE_EXTENSIONS[options.format]}`, sheet: dataset.slug };
  return sendDownload(request, reply, options, [], noBatches(), names);
}

/** Output columns in request order; GeoJSON moves the geometry to the end, where geojsonChunks expects it. */
function outputColumns(options: RowsOptions, select: RowColumn[], all: RowColumn[], dataset: DatasetRef): RowColumn[] {
  if (options.format !== 'geojson') return select;
  const geometry = geometryColumn(all);
  if (!geometry) throw noGeometry(dataset);
  return [...select.filter((column) => column !== geometry), geometry];
}

async function sendRows(request: FastifyRequest, reply: FastifyReply, dataset: DatasetRef, version: VersionRef, options: RowsOptions) {
  const { db, config } = request.server.ctx;
  const { entries, single } = readQueryString(request);
  const all = toRowColumns(version.columns);
  const params = new SqlParameters();
  const query = parseRowQuery(entries, single, all, params);
  const cursor = options.cursor === null ? null : decodeCursor(options.cursor, query.sort);
  const columns = outputColumns(options, query.select, all, dataset);
  const plan: RowsPlan = {
    table: versionTable(version),
    query,
    params,
    geometry: options.format === 'csv' || options.format === 'xlsx' ? 'wkt' : 'geojson',
    crs: options.crs,
  };

  if (options.format !== 'json') {
    const batches = readBatches(db, plan, columns, { limit: options.limit, offset: options.offset, cursor });
    const names = { filename: `${dataset.slug}-v${version.version}.${FILE_EXTENSIONS[options.format]}`, sheet: dataset.slug };
    return sendDownload(request, reply, options, columns, batches, names);
  }

  const limit = options.limit ?? 0;
  const rows = await readRows(db, plan, columns, { limit: limit + 1, offset: options.offset, cursor });
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit && limit > 0;
  const next = hasMore ? nextUrl(request, config.publicUrl, entries, encodeCursor(cursorFromRow(page[page.length - 1], query.sort), query.sort)) : null;
  const total = options.total ? await countRows(db, plan) : null;
  return reply.send({ rows: page.map((row) => rowObject(columns, row)), total, next });
}

async function loadRequested(request: FastifyRequest, path: { space: string; dataset: string }, options: RowsOptions) {
  const { db } = request.server.ctx;
  const dataset = await loadDataset(db, path.space, path.dataset, request.principal, 'dataset.read');
  const version = await loadVersion(db, dataset, options.version);
  if (version === null && options.version !== undefined) throw versionNotFound(dataset, options.version);
  return { dataset, version };
}

export const rowsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dataspaces/:space/datasets/:dataset/rows',
    { schema: { tags: ['Daten'], summary: 'Zeilen lesen, filtern und herunterladen', description: ROWS_DESCRIPTION, params: DatasetParams } },
    async (request, reply) => {
      const options = parseOptions(readQueryString(request).single, request.headers.accept);
      const { dataset, version } = await loadRequested(request, request.params, options);
      if (version === null) return sendEmpty(request, reply, options, dataset);
      return sendRows(request, reply, dataset, version, options);
    },
  );

  app.get(
    '/dataspaces/:space/datasets/:dataset/rows/:row',
    {
      schema: {
        tags: ['Daten'],
        summary: 'Eine Zeile lesen',
        description: 'Liefert die Zeile mit der Nummer <row> (Reihenfolge der Quelle, ab 1) als JSON-Objekt; crs=4326|25833 und version=<n> wie bei …/rows.',
        params: Type.Object({ space: Type.String(), dataset: Type.String(), row: Type.String() }),
      },
    },
    async (request, reply) => {
      const { single } = readQueryString(request);
      const options = parseOptions(new Map([...single].filter(([key]) => key === 'version' || key === 'crs')), undefined);
      const { dataset, version } = await loadRequested(request, request.params, options);
      const rowNumber = request.params.row;
      const rowMissing = notFound({
        de: `Die Zeile „${rowNumber}“ gibt es im Datensatz „${dataset.slug}“ nicht. Zeilennummern sind ganze Zahlen ab 1.`,
        en: `Row "${rowNumber}" does not exist in dataset "${dataset.slug}". Row numbers are whole numbers from 1.`,
      });
      if (version === null || !/^\d{1,18}$/.test(rowNumber)) throw rowMissing;
      const columns = toRowColumns(version.columns);
      const params = new SqlParameters();
      const condition = `_row = $${params.add(rowNumber)}::bigint`;
      const plan: RowsPlan = { table: versionTable(version), query: { conditions: [condition], sort: [], select: columns }, params, geometry: 'geojson', crs: options.crs };
      const rows = await readRows(request.server.ctx.db, plan, columns, { limit: 1, offset: 0, cursor: null });
      if (rows.length === 0) throw rowMissing;
      return reply.send(rowObject(columns, rows[0]));
    },
  );
};
