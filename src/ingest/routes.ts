import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.ts';
import { loadDataset, type DatasetRef } from '../datasets/lookup.ts';
import { FileTooLargeError } from '../files/store.ts';
import { badRequest } from '../http/problem.ts';
import { importView, loadImport } from './imports.ts';
import { ON_ERROR_CHOICES, type OnError } from './loader.ts';
import { cancelImport, commitImport, startImport, type CommitChoices, type ImportActor } from './pipeline.ts';
import type { ReviewedColumn } from './pipeline-schema.ts';
import type { ReadOptions } from './types.ts';

const DatasetParams = Type.Object({ space: Type.String(), dataset: Type.String() });
const ImportParams = Type.Object({ space: Type.String(), dataset: Type.String(), id: Type.String() });

/** Upload options, accepted as multipart fields (before or after the file) and as query parameters. */
const UPLOAD_FIELDS = ['encoding', 'delimiter', 'sheet', 'headerRow', 'srid', 'layer', 'commit', 'onError', 'confirmBreaking', 'repairGeometries'] as const;
type UploadField = (typeof UPLOAD_FIELDS)[number];

const actorOf = (request: FastifyRequest): ImportActor => ({ principal: request.principal, sourceAddress: request.ip });

function invalidOption(name: string, value: string, expected: string) {
  return badRequest('invalid-import-option', {
    de: `Ungültiger Wert „${value}“ für „${name}“. Erwartet wird ${expected}.`,
    en: `Invalid value "${value}" for "${name}". Expected ${expected}.`,
  });
}

function parseFlag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalidOption(name, value, '„true“ oder „false“');
}

function parsePositive(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw invalidOption(name, value, 'eine positive ganze Zahl');
  return Number(value);
}

function parseOnError(value: unknown): OnError | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(ON_ERROR_CHOICES as readonly string[]).includes(value)) {
    throw invalidOption('onError', String(value), '„abort“, „skip“ oder „null“');
  }
  return value as OnError;
}

function readOptionsFrom(fields: Partial<Record<UploadField, string>>): ReadOptions {
  const options: ReadOptions = {};
  if (fields.encoding) options.encoding = fields.encoding;
  if (fields.delimiter) options.delimiter = fields.delimiter === '\\t' || fields.delimiter === 'tab' ? '\t' : fields.delimiter;
  if (fields.sheet) options.sheet = fields.sheet;
  if (fields.layer) options.layer = fields.layer;
  const headerRow = parsePositive('headerRow', fields.headerRow);
  if (headerRow !== undefined) options.headerRow = headerRow;
  const srid = parsePositive('srid', fields.srid);
  if (srid !== undefined) options.srid = srid;
  return options;
}

/** Parses the commit choices of a JSON body; rejects wrong types with 400 naming the field. */
function parseCommitBody(body: unknown): CommitChoices {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidOption('body', typeof body, 'ein JSON-Objekt');
  const input = body as Record<string, unknown>;
  const choices: CommitChoices = { onError: parseOnError(input.onError) };
  for (const flag of ['confirmBreaking', 'repairGeometries'] as const) {
    if (input[flag] === undefined) continue;
    if (typeof input[flag] !== 'boolean') throw invalidOption(flag, String(input[flag]), 'true oder false');
    choices[flag] = input[flag] as boolean;
  }
  if (input.columns !== undefined) {
    if (!Array.isArray(input.columns)) throw invalidOption('columns', typeof input.columns, 'eine Liste von Spalten');
    choices.columns = input.columns.map((column, index) => {
      if (!column || typeof column !== 'object' || typeof (column as ReviewedColumn).sourceName !== 'string') {
        throw invalidOption(`columns[${index}].sourceName`, JSON.stringify(column) ?? '', 'der Spaltenname aus der Datei (sourceName)');
      }
      return column as ReviewedColumn;
    });
  }
  return choices;
}

async function storeUpload(ctx: AppContext, dataset: DatasetRef, request: FastifyRequest, part: MultipartFile) {
  const stored = await ctx.files.put(part.file, { maxBytes: ctx.config.maxUploadBytes });
  // The multipart parser enforces the same limit by cutting the stream short, so the file store never counts more than the limit.
  if (part.file.truncated) {
    await ctx.files.delete(stored.key);
    throw new FileTooLargeError(ctx.config.maxUploadBytes);
  }
  const id = randomUUID();
  await ctx.db.query(
    `INSERT INTO files (id, dataspace_id, original_name, media_type, size_bytes, sha256, storage_key, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, dataset.space.id, part.filename || 'upload', part.mimetype || 'application/octet-stream', stored.sizeBytes, stored.sha256, stored.key, request.principal?.userId ?? null],
  );
  return { id, key: stored.key, originalName: part.filename || 'upload', sizeBytes: stored.sizeBytes };
}

/** Removes an upload that never became an import, so a rejected file leaves nothing behind. */
async function discardUnusedUpload(ctx: AppContext, file: { id: string; key: string }) {
  const { rows } = await ctx.db.query('SELECT 1 FROM imports WHERE file_id = $1', [file.id]);
  if (rows.length > 0) return;
  await ctx.db.query('DELETE FROM files WHERE id = $1', [file.id]);
  await ctx.files.delete(file.key);
}

export const ingestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/dataspaces/:space/datasets/:dataset/imports',
    {
      schema: {
        summary: 'Datei hochladen: Vorschau, Prüfbericht und Schemavergleich; mit commit=true sofort übernehmen',
        tags: ['Import'],
        params: DatasetParams,
        querystring: Type.Object(Object.fromEntries(UPLOAD_FIELDS.map((name) => [name, Type.Optional(Type.String())]))),
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const { space, dataset: datasetSlug } = request.params;
      const dataset = await loadDataset(ctx.db, space, datasetSlug, request.principal, 'dataset.import');
      if (!request.isMultipart()) {
        throw badRequest('file-missing', {
          de: 'Bitte senden Sie die Datei als multipart/form-data im Feld „file“.',
          en: 'Please send the file as multipart/form-data in the field "file".',
        });
      }

      const fields: Partial<Record<UploadField, string>> = { ...(request.query as Partial<Record<UploadField, string>>) };
      let upload: Awaited<ReturnType<typeof storeUpload>> | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || upload) {
              part.file.resume();
              continue;
            }
            upload = await storeUpload(ctx, dataset, request, part);
          } else if ((UPLOAD_FIELDS as readonly string[]).includes(part.fieldname)) {
            fields[part.fieldname as UploadField] = String(part.value);
          }
        }
      } catch (error) {
        if (upload) await discardUnusedUpload(ctx, upload);
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(ctx.config.maxUploadBytes);
        throw error;
      }
      if (!upload) {
        throw badRequest('file-missing', {
          de: 'Im Upload fehlt die Datei. Bitte senden Sie sie im Feld „file“.',
          en: 'The upload contains no file. Please send it in the field "file".',
        });
      }

      const file = upload;
      try {
        const options = readOptionsFrom(fields);
        const commit = parseFlag('commit', fields.commit)
          ? {
              onError: parseOnError(fields.onError),
              confirmBreaking: parseFlag('confirmBreaking', fields.confirmBreaking),
              repairGeometries: parseFlag('repairGeometries', fields.repairGeometries),
            }
          : null;
        request.log.info({ datasetId: dataset.id, fileId: file.id, bytes: file.sizeBytes, commit: Boolean(commit) }, 'import upload stored');
        const result = await startImport(
          ctx,
          dataset,
          actorOf(request),
          { id: file.id, path: ctx.files.localPath(file.key), originalName: file.originalName },
          options,
          commit,
        );
        return reply.code(201).send(result);
      } catch (error) {
        await discardUnusedUpload(ctx, file);
        throw error;
      }
    },
  );

  app.get(
    '/dataspaces/:space/datasets/:dataset/imports',
    { schema: { summary: 'Importe eines Datensatzes, neueste zuerst', tags: ['Import'], params: DatasetParams } },
    async (request) => {
      const dataset = await loadDataset(ctx.db, request.params.space, request.params.dataset, request.principal, 'dataset.import');
      const { rows } = await ctx.db.query<{ id: string; status: string; version: number | null; original_name: string; created_at: Date }>(
        `SELECT i.id, i.status, i.version, f.original_name, i.created_at
           FROM imports i JOIN files f ON f.id = i.file_id
          WHERE i.dataset_id = $1 ORDER BY i.created_at DESC LIMIT 100`,
        [dataset.id],
      );
      return {
        imports: rows.map((row) => ({
          id: row.id,
          status: row.status,
          version: row.version,
          fileName: row.original_name,
          createdAt: new Date(row.created_at).toISOString(),
        })),
      };
    },
  );

  app.get(
    '/dataspaces/:space/datasets/:dataset/imports/:id',
    { schema: { summary: 'Status und Prüfbericht eines Imports', tags: ['Import'], params: ImportParams } },
    async (request) => {
      const dataset = await loadDataset(ctx.db, request.params.space, request.params.dataset, request.principal, 'dataset.import');
      return importView(await loadImport(ctx.db, dataset.id, request.params.id));
    },
  );

  app.post(
    '/dataspaces/:space/datasets/:dataset/imports/:id/commit',
    {
      schema: {
        summary: 'Wartenden Import mit geprüftem Schema übernehmen',
        description:
          'JSON: {columns?: [{sourceName, name?, type?, unit?, description?, key?}], onError?: "abort"|"skip"|"null", confirmBreaking?: boolean, repairGeometries?: boolean}',
        tags: ['Import'],
        params: ImportParams,
      },
    },
    async (request) => {
      const dataset = await loadDataset(ctx.db, request.params.space, request.params.dataset, request.principal, 'dataset.import');
      const record = await loadImport(ctx.db, dataset.id, request.params.id);
      const choices = parseCommitBody(request.body);
      return commitImport(ctx, dataset, actorOf(request), record, choices);
    },
  );

  app.delete(
    '/dataspaces/:space/datasets/:dataset/imports/:id',
    { schema: { summary: 'Wartenden Import abbrechen', tags: ['Import'], params: ImportParams } },
    async (request, reply) => {
      const dataset = await loadDataset(ctx.db, request.params.space, request.params.dataset, request.principal, 'dataset.import');
      const record = await loadImport(ctx.db, dataset.id, request.params.id);
      await cancelImport(ctx, record);
      request.log.info({ datasetId: dataset.id, importId: record.id }, 'import cancelled');
      return reply.code(204).send();
    },
  );
};
