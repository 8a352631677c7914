import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/db.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError, badRequest } from '../http/problem.ts';
import type { ColumnSpec } from '../ingest/types.ts';
import { loadDataset, type DatasetRef } from './lookup.ts';

const DatasetParams = Type.Object({ space: Type.String({ maxLength: 100 }), dataset: Type.String({ maxLength: 100 }) });

const ColumnSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  key: Type.Boolean(),
  srid: Type.Optional(Type.Integer()),
  geometryTypes: Type.Optional(Type.Array(Type.String())),
});

const SchemaResponse = Type.Object({ version: Type.Union([Type.Integer(), Type.Null()]), columns: Type.Array(ColumnSchema) });

/** Column fields that only a new import may change, because the stored data depends on them. */
const FIXED_FIELDS = ['type', 'sourceName', 'physical', 'srid', 'geometryTypes', 'newName', 'rename'];
const EDITABLE_FIELDS = ['name', 'unit', 'description', 'key'];

interface ColumnEdit {
  name: string;
  unit?: string | null;
  description?: string | null;
  key?: boolean;
}

function toPublicColumn(column: ColumnSpec) {
  return {
    name: column.name,
    type: column.type,
    unit: column.unit ?? null,
    description: column.description ?? null,
    key: column.key === true,
    ...(column.srid !== undefined ? { srid: column.srid } : {}),
    ...(column.geometryTypes !== undefined ? { geometryTypes: column.geometryTypes } : {}),
  };
}

/** Checks the edits against the current columns and returns the new column list. Throws 400 naming the column. */
export function applyColumnEdits(columns: ColumnSpec[], edits: Record<string, unknown>[]): ColumnSpec[] {
  const result = columns.map((column) => ({ ...column }));
  for (const [index, edit] of edits.entries()) {
    const fixed = Object.keys(edit).find((field) => FIXED_FIELDS.includes(field));
    if (fixed) {
      throw badRequest('schema-field-fixed', {
        de: `„columns[${index}].${fixed}“ kann hier nicht geändert werden: Name und Typ einer Spalte ändern sich nur mit einem neuen Import. Änderbar sind unit, description und key.`,
        en: `"columns[${index}].${fixed}" cannot be changed here: a column's name and type only change with a new import. Editable are unit, description and key.`,
      });
    }
    const unknown = Object.keys(edit).find((field) => !EDITABLE_FIELDS.includes(field));
    if (unknown) {
      throw badRequest('schema-field-unknown', {
        de: `Das Feld „columns[${index}].${unknown}“ gibt es nicht. Erlaubt sind ${EDITABLE_FIELDS.join(', ')}.`,
        en: `There is no field "columns[${index}].${unknown}". Allowed are ${EDITABLE_FIELDS.join(', ')}.`,
      });
    }
    const { name, unit, description, key } = edit as unknown as ColumnEdit;
    const target = result.find((column) => column.name === name);
    if (!target) {
      throw badRequest('schema-column-unknown', {
        de: `Die Spalte „${name}“ gibt es in der aktuellen Version nicht. Vorhanden sind: ${columns.map((c) => c.name).join(', ')}.`,
        en: `Column "${name}" does not exist in the current version. Existing columns: ${columns.map((c) => c.name).join(', ')}.`,
      });
    }
    if (unit !== undefined) target.unit = unit === null || unit.trim() === '' ? null : unit.trim();
    if (description !== undefined) target.description = description === null || description.trim() === '' ? null : description.trim();
    if (key !== undefined) target.key = key;
  }
  const keys = result.filter((column) => column.key === true);
  if (keys.length > 1) {
    throw badRequest('schema-multiple-keys', {
      de: `Nur eine Spalte kann Schlüssel sein, markiert sind aber ${keys.map((c) => `„${c.name}“`).join(', ')}. Bitte setzen Sie bei den übrigen "key": false.`,
      en: `Only one column can be the key, but ${keys.map((c) => `"${c.name}"`).join(', ')} are marked. Set "key": false on the others.`,
    });
  }
  return result;
}

async function updateSchema(tx: Queryable, dataset: DatasetRef, edits: Record<string, unknown>[], actor: Principal, address: string) {
  const { rows: locked } = await tx.query<{ current_version: number | null }>('SELECT current_version FROM datasets WHERE id = $1 FOR UPDATE', [dataset.id]);
  const version = locked[0].current_version;
  const { rows } = version === null
    ? { rows: [] }
    : await tx.query<{ columns: ColumnSpec[] }>(
        `SELECT columns FROM dataset_versions WHERE dataset_id = $1 AND version = $2 AND status = 'ready'`,
        [dataset.id, version],
      );
  if (version === null || !rows[0]) {
    throw new ApiError(409, 'dataset-has-no-data', {
      de: `Der Datensatz „${dataset.slug}“ hat noch keine Daten, deshalb gibt es kein Schema zu ändern. Bitte importieren Sie zuerst eine Datei.`,
      en: `Dataset "${dataset.slug}" has no data yet, so there is no schema to change. Import a file first.`,
    });
  }
  const columns = applyColumnEdits(rows[0].columns, edits);
  await tx.query('UPDATE dataset_versions SET columns = $3::jsonb WHERE dataset_id = $1 AND version = $2', [dataset.id, version, JSON.stringify(columns)]);
  await tx.query('UPDATE datasets SET updated_at = now() WHERE id = $1', [dataset.id]);
  await recordAudit(tx, {
    actor,
    action: 'dataset.update',
    dataspaceId: dataset.space.id,
    objectType: 'dataset',
    objectId: dataset.slug,
    details: { version: Number(version), schema: edits },
    sourceAddress: address,
  });
  return { version: Number(version), columns: columns.map(toPublicColumn) };
}

export const schemaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/dataspaces/:space/datasets/:dataset/schema',
    {
      schema: {
        tags: ['Datensätze'],
        summary: 'Spalten der aktuellen Version mit Typ, Einheit, Beschreibung und Schlüssel',
        params: DatasetParams,
        response: { 200: SchemaResponse },
      },
    },
    async (request) => {
      const dataset = await loadDataset(db, request.params.space, request.params.dataset, request.principal, 'dataset.read');
      if (dataset.currentVersion === null) return { version: null, columns: [] };
      const { rows } = await db.query<{ columns: ColumnSpec[] }>(
        `SELECT columns FROM dataset_versions WHERE dataset_id = $1 AND version = $2 AND status = 'ready'`,
        [dataset.id, dataset.currentVersion],
      );
      if (!rows[0]) return { version: null, columns: [] };
      return { version: Number(dataset.currentVersion), columns: rows[0].columns.map(toPublicColumn) };
    },
  );

  app.patch(
    '/dataspaces/:space/datasets/:dataset/schema',
    {
      schema: {
        tags: ['Datensätze'],
        summary: 'Einheit, Beschreibung und Schlüssel der Spalten der aktuellen Version ändern (Entwicklung)',
        description: 'Spalten werden über ihren Namen angesprochen; Name und Typ ändern sich nur mit einem neuen Import.',
        params: DatasetParams,
        body: Type.Object({
          columns: Type.Array(
            Type.Object({
              name: Type.String({ minLength: 1, maxLength: 200 }),
              unit: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
              description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
              key: Type.Optional(Type.Boolean()),
            }),
            { minItems: 1, maxItems: 2000 },
          ),
        }),
        response: { 200: SchemaResponse },
      },
    },
    async (request) => {
      const dataset = await loadDataset(db, request.params.space, request.params.dataset, request.principal, 'dataset.schema.change');
      const edits = request.body.columns as Record<string, unknown>[];
      const result = await db.transaction((tx) => updateSchema(tx, dataset, edits, request.principal!, sourceAddress(request)));
      request.log.info({ dataspace: dataset.space.slug, dataset: dataset.slug, version: result.version }, 'schema updated');
      return result;
    },
  );
};
