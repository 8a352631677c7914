import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import { compileAuditQuery, readAuditPage, streamAuditEntries, type AuditRecord } from './query.ts';

const CSV_HEADER = ['Nr.', 'Zeitpunkt (UTC)', 'Akteur', 'Aktion', 'Datenraum', 'Objekttyp', 'Objekt', 'Details', 'Quelladresse'];

function csvRow(entry: AuditRecord): string[] {
  return [
    String(entry.id),
    entry.occurredAt,
    entry.actor ?? '',
    entry.action,
    entry.dataspace ?? '',
    entry.objectType ?? '',
    entry.objectId ?? '',
    JSON.stringify(entry.details),
    entry.sourceAddress ?? '',
  ];
}

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  dataspace: Type.Union([Type.String(), Type.Null()]),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  sourceAddress: Type.Union([Type.String(), Type.Null()]),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['Protokoll'],
        summary: 'Protokoll lesen und filtern, optional als CSV (Plattform-Administration, Koordination für ihre Datenräume)',
        querystring: Type.Object({
          dataspace: Type.Optional(Type.String({ maxLength: 100, description: 'Kurzname des Datenraums' })),
          actor: Type.Optional(Type.String({ maxLength: 100, description: 'Benutzername' })),
          action: Type.Optional(Type.String({ maxLength: 100, description: 'z. B. member.add, dataset.delete' })),
          from: Type.Optional(Type.String({ maxLength: 64, description: 'frühester Zeitpunkt, ISO 8601' })),
          to: Type.Optional(Type.String({ maxLength: 64, description: 'spätester Zeitpunkt, ISO 8601' })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
          format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json', description: 'csv liefert alle Treffer ohne limit/offset' }),
        }),
        response: {
          200: Type.Object({ entries: Type.Array(AuditEntrySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
        },
      },
    },
    async (request, reply) => {
      const { limit, offset, format, ...filter } = request.query;
      const query = await compileAuditQuery(db, request.principal, filter);
      if (format !== 'csv') return { ...(await readAuditPage(db, query, limit, offset)), limit, offset };

      const entries = streamAuditEntries(db, query);
      const rows = Readable.from((async function* () {
        yield CSV_HEADER;
        for await (const entry of entries) yield csvRow(entry);
      })());
      // RFC 4180 specifies CRLF line breaks.
      const csv = stringify({ record_delimiter: '\r\n' });
      rows.on('error', (error) => {
        request.log.error({ err: error }, 'audit export failed');
        csv.destroy(error);
      });
      request.log.info({ filter }, 'audit export started');
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="protokoll-${day}.csv"`)
        .send(rows.pipe(csv) as never);
    },
  );
};
