import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { USERNAME_PATTERN } from '../auth/accounts.ts';
import type { Principal } from '../auth/principal.ts';
import type { Role } from '../auth/roles.ts';
import type { Queryable } from '../db/db.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError, notFound } from '../http/problem.ts';
import { loadDataspace, type DataspaceRef } from './lookup.ts';

const RoleSchema = Type.Union([
  Type.Literal('koordination'),
  Type.Literal('entwicklung'),
  Type.Literal('redaktion'),
  Type.Literal('lesen'),
]);

const MemberSchema = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  memberSince: Type.String({ format: 'date-time' }),
});

const SpaceParams = Type.Object({ space: Type.String({ maxLength: 100 }) });

interface MemberRow {
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
}

function toMember(row: MemberRow) {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    memberSince: new Date(row.created_at).toISOString(),
  };
}

async function listMembers(db: Queryable, dataspaceId: number) {
  const { rows } = await db.query<MemberRow>(
    `SELECT u.username, u.display_name, m.role, m.created_at
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.dataspace_id = $1 ORDER BY u.username`,
    [dataspaceId],
  );
  return rows.map(toMember);
}

async function findUserId(db: Queryable, username: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
  if (!rows[0]) {
    throw notFound({
      de: `Ein Konto „${username}“ gibt es nicht. Bitte prüfen Sie den Benutzernamen oder lassen Sie das Konto von der Plattform-Administration anlegen.`,
      en: `There is no account "${username}". Check the user name or ask the platform administrators to create the account.`,
    });
  }
  return Number(rows[0].id);
}

/**
 * Locks the dataspace's memberships and rejects a change that would leave it without any
 * Koordination, because then only the platform admin could manage its members.
 */
async function assertKeepsKoordination(tx: Queryable, space: DataspaceRef, username: string): Promise<void> {
  const { rows } = await tx.query<{ user_id: number }>(
    `SELECT user_id FROM memberships WHERE dataspace_id = $1 AND role = 'koordination' FOR UPDATE`,
    [space.id],
  );
  if (rows.length > 1) return;
  throw new ApiError(409, 'last-koordination', {
    de: `„${username}“ ist die letzte Person mit der Rolle Koordination im Datenraum „${space.slug}“. Bitte vergeben Sie die Rolle Koordination zuerst an ein anderes Mitglied.`,
    en: `"${username}" is the last member with the role koordination in dataspace "${space.slug}". Please give that role to another member first.`,
  });
}

interface MembershipChange {
  status: 200 | 201;
  member: ReturnType<typeof toMember>;
}

/** Adds a member or changes an existing member's role, with the matching audit entry. */
async function putMember(
  tx: Queryable,
  space: DataspaceRef,
  actor: Principal,
  input: { username: string; role: Role },
  address: string,
): Promise<MembershipChange> {
  const userId = await findUserId(tx, input.username);
  const existing = await tx.query<{ role: Role }>(
    'SELECT role FROM memberships WHERE dataspace_id = $1 AND user_id = $2 FOR UPDATE',
    [space.id, userId],
  );
  const previous = existing.rows[0]?.role ?? null;
  const audit = { actor, dataspaceId: space.id, objectType: 'member', objectId: input.username, sourceAddress: address };

  if (previous === null) {
    await tx.query('INSERT INTO memberships (dataspace_id, user_id, role) VALUES ($1, $2, $3)', [space.id, userId, input.role]);
    await recordAudit(tx, { ...audit, action: 'member.add', details: { role: input.role } });
  } else if (previous !== input.role) {
    if (previous === 'koordination') await assertKeepsKoordination(tx, space, input.username);
    await tx.query('UPDATE memberships SET role = $3 WHERE dataspace_id = $1 AND user_id = $2', [space.id, userId, input.role]);
    await recordAudit(tx, { ...audit, action: 'member.role_change', details: { from: previous, to: input.role } });
  }

  const { rows } = await tx.query<MemberRow>(
    `SELECT u.username, u.display_name, m.role, m.created_at
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.dataspace_id = $1 AND m.user_id = $2`,
    [space.id, userId],
  );
  return { status: previous === null ? 201 : 200, member: toMember(rows[0]) };
}

export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/dataspaces/:space/members',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Mitglieder eines Datenraums mit ihren Rollen auflisten (Mitglieder)',
        params: SpaceParams,
        response: { 200: Type.Object({ members: Type.Array(MemberSchema) }) },
      },
    },
    async (request) => {
      const space = await loadDataspace(db, request.params.space, request.principal, 'members.read');
      return { members: await listMembers(db, space.id) };
    },
  );

  app.post(
    '/dataspaces/:space/members',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Mitglied aufnehmen oder seine Rolle ändern (Koordination)',
        description: 'Ist das Konto schon Mitglied, wird nur die Rolle geändert (Antwort 200 statt 201).',
        params: SpaceParams,
        body: Type.Object({ username: Type.String({ pattern: USERNAME_PATTERN }), role: RoleSchema }),
        response: { 200: MemberSchema, 201: MemberSchema },
      },
    },
    async (request, reply) => {
      const space = await loadDataspace(db, request.params.space, request.principal, 'members.manage');
      const actor = request.principal!;
      const result = await db.transaction((tx) => putMember(tx, space, actor, request.body, sourceAddress(request)));
      request.log.info({ dataspace: space.slug, member: request.body.username, role: request.body.role }, 'membership saved');
      return reply.status(result.status).send(result.member);
    },
  );

  app.delete(
    '/dataspaces/:space/members/:username',
    {
      schema: {
        tags: ['Datenräume'],
        summary: 'Mitglied aus einem Datenraum entfernen (Koordination)',
        params: Type.Object({ space: Type.String({ maxLength: 100 }), username: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const space = await loadDataspace(db, request.params.space, request.principal, 'members.manage');
      const actor = request.principal!;
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ user_id: number; role: Role }>(
          `SELECT m.user_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.dataspace_id = $1 AND u.username = $2 FOR UPDATE OF m`,
          [space.id, username],
        );
        const membership = rows[0];
        if (!membership) {
          throw notFound({
            de: `„${username}“ ist kein Mitglied des Datenraums „${space.slug}“.`,
            en: `"${username}" is not a member of dataspace "${space.slug}".`,
          });
        }
        if (membership.role === 'koordination') await assertKeepsKoordination(tx, space, username);
        await tx.query('DELETE FROM memberships WHERE dataspace_id = $1 AND user_id = $2', [space.id, membership.user_id]);
        await recordAudit(tx, {
          actor,
          action: 'member.remove',
          dataspaceId: space.id,
          objectType: 'member',
          objectId: username,
          details: { role: membership.role },
          sourceAddress: sourceAddress(request),
        });
      });
      request.log.info({ dataspace: space.slug, member: username }, 'member removed');
      return reply.status(204).send();
    },
  );
};
