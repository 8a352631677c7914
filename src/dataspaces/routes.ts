import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import { requireAdmin, requirePrincipal } from '../auth/routes.ts';
import type { Queryable } from '../db/db.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError } from '../http/problem.ts';
import { loadDataspace } from './lookup.ts';
import { memberRoutes } from './members.ts';

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{1,62}$';

const RoleOrNull = Type.Union([
  Type.Literal('koordination'),
  Type.Literal('entwicklung'),
  Type.Literal('redaktion'),
  Type.Literal('lesen'),
  Type.Null(),
]);

const DataspaceSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  responsibleOffice: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  role: RoleOrNull,
  datasetCount: Type.Integer(),
});

const SpaceParams = Type.Object({ space: Type.String({ maxLength: 100 }) });

interface DataspaceRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  responsible_office: string;
  created_at: Date;
  role: string | null;
  dataset_count: number;
}

/** Columns of one dataspace row with the caller's role ($1 = user id) and its dataset count. */
const DATASPACE_COLUMNS = `
  d.id, d.slug, d.name, d.description, d.responsible_office, d.created_at,
  (SELECT m.role FROM memberships m WHERE m.dataspace_id = d.id AND m.user_id = $1) AS role,
  (SELECT count(*) FROM datasets s WHERE s.dataspace_id = d.id) AS dataset_count`;

function toDataspace(row: DataspaceRow) {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    responsibleOffice: row.responsible_office,
    createdAt: new Date(row.created_at).toISOString(),
    role: row.role as 'koordination' | 'entwicklung' | 'redaktion' | 'lesen' | null,
    datasetCount: Number(row.dataset_count),
  };
}

async function readDataspace(db: Queryable, id: number, userId: number | undefined) {
  const { rows } = await db.query<DataspaceRow>(`SELECT ${DATASPACE_COLUMNS} FROM dataspaces d WHERE d.id = $2`, [userId ?? null, id]);
  return toDataspace(rows[0]);
}

/**
 * Lists the dataspaces a caller may enter: all for a platform admin, otherwise those with a
 * membership. An API token narrows the list to the dataspaces it was issued for.
 */
async function listDataspaces(db: Queryable, principal: Principal) {
  const conditions: string[] = [];
  if (!principal.isAdmin) conditions.push('EXISTS (SELECT 1 FROM memberships m WHERE m.dataspace_id = d.id AND m.user_id = $1)');
  const params: unknown[] = [principal.userId];
  if (principal.token) {
    params.push(principal.token.dataspaceIds);
    conditions.push(`d.id = ANY($${params.length}::bigint[])`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await db.query<DataspaceRow>(`SELECT ${DATASPACE_COLUMNS} FROM dataspaces d ${where} ORDER BY d.name, d.slug`, params);
  return rows.map(toDataspace);
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

export const dataspacesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/dataspaces',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Eigene Datenräume auflisten (Plattform-Administration: alle), mit Rolle und Anzahl der Datensätze',
        response: { 200: Type.Object({ dataspaces: Type.Array(DataspaceSchema) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      return { dataspaces: await listDataspaces(db, principal) };
    },
  );

  app.post(
    '/dataspaces',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Datenraum anlegen (Plattform-Administration)',
        body: Type.Object({
          slug: Type.String({ pattern: SLUG_PATTERN, description: 'Kurzname in der Adresse: Kleinbuchstaben, Ziffern, Bindestrich' }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          description: Type.Optional(Type.String({ maxLength: 5000 })),
          responsibleOffice: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 201: DataspaceSchema },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request.principal);
      const { slug, name, description = '', responsibleOffice = '' } = request.body;
      const created = await db
        .transaction(async (tx) => {
          const { rows } = await tx.query<{ id: number }>(
            `INSERT INTO dataspaces (slug, name, description, responsible_office, created_by)
             VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [slug, name.trim(), description, responsibleOffice, admin.userId],
          );
          const id = Number(rows[0].id);
          await recordAudit(tx, {
            actor: admin,
            action: 'dataspace.create',
            dataspaceId: id,
            objectType: 'dataspace',
            objectId: slug,
            details: { name: name.trim() },
            sourceAddress: sourceAddress(request),
          });
          return readDataspace(tx, id, admin.userId);
        })
        .catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
          throw new ApiError(409, 'dataspace-exists', {
            de: `Den Datenraum „${slug}“ gibt es schon. Bitte wählen Sie einen anderen Kurznamen.`,
            en: `Dataspace "${slug}" already exists. Please choose another slug.`,
          });
        });
      request.log.info({ dataspace: slug }, 'dataspace created');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/dataspaces/:space',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Einen Datenraum anzeigen (Mitglieder und Plattform-Administration)',
        params: SpaceParams,
        response: { 200: DataspaceSchema },
      },
    },
    async (request) => {
      const space = await loadDataspace(db, request.params.space, request.principal, 'dataspace.read');
      return readDataspace(db, space.id, request.principal?.userId);
    },
  );

  app.patch(
    '/dataspaces/:space',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Name, Beschreibung oder zuständige Stelle eines Datenraums ändern (Koordination)',
        params: SpaceParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            description: Type.Optional(Type.String({ maxLength: 5000 })),
            responsibleOffice: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DataspaceSchema },
      },
    },
    async (request) => {
      const space = await loadDataspace(db, request.params.space, request.principal, 'dataspace.update');
      const { name, description, responsibleOffice } = request.body;
      await db.query(
        `UPDATE dataspaces SET name = coalesce($2, name), description = coalesce($3, description),
                responsible_office = coalesce($4, responsible_office)
          WHERE id = $1`,
        [space.id, name?.trim() ?? null, description ?? null, responsibleOffice ?? null],
      );
      return readDataspace(db, space.id, request.principal?.userId);
    },
  );

  await app.register(memberRoutes);
};
