import type { Queryable } from '../db/db.ts';
import type { Principal } from '../auth/principal.ts';
import type { AccessLevel } from '../auth/roles.ts';

/** Checked catalog search parameters; absent filters are undefined. */
export interface CatalogQuery {
  q?: string;
  space?: string;
  accessLevel?: AccessLevel;
  theme?: string;
  keyword?: string;
  limit: number;
  offset: number;
}

/** WHERE conditions and parameters shared by the result, count and facet queries. */
interface Filter {
  conditions: string[];
  params: unknown[];
  /** Expression of the text search query, or null without q. */
  tsQuery: string | null;
}

/**
 * Mirrors isAllowed for 'dataset.read': public datasets for everyone, internal ones for
 * every logged-in user, Datenraum ones for members, all for platform admins. An API token
 * limits every level to the dataspaces it was issued for.
 */
function visibility(principal: Principal | null, params: unknown[]): string[] {
  if (principal === null) return ["d.access_level = 'oeffentlich'"];
  const conditions: string[] = [];
  if (principal.token) {
    params.push(principal.token.dataspaceIds);
    conditions.push(`d.dataspace_id = ANY($${params.length}::bigint[])`);
  }
  if (!principal.isAdmin) {
    params.push(principal.userId);
    conditions.push(
      `(d.access_level IN ('oeffentlich', 'intern') OR EXISTS (SELECT 1 FROM memberships m WHERE m.dataspace_id = d.dataspace_id AND m.user_id = $${params.length}))`,
    );
  }
  return conditions;
}

/**
 * Builds the text search query: websearch syntax for the whole input, or else the input
 * without its last word plus that word as a prefix, so "Einwohner Planungsr" already matches
 * while the user types. Both parts go through the 'german' configuration, which stems them.
 */
function textSearch(q: string, params: unknown[]): string {
  params.push(q);
  const full = `websearch_to_tsquery('german', $${params.length})`;
  const words = q.trim().split(/\s+/);
  const last = words[words.length - 1];
  if (!/^[\p{L}\p{N}]{2,}$/u.test(last)) return full;
  params.push(`${last}:*`);
  const prefix = `to_tsquery('german', $${params.length})`;
  const head = words.slice(0, -1).join(' ');
  if (head === '') return `(${full} || ${prefix})`;
  params.push(head);
  return `(${full} || (websearch_to_tsquery('german', $${params.length}) && ${prefix}))`;
}

function buildFilter(query: CatalogQuery, principal: Principal | null): Filter {
  const params: unknown[] = [];
  const conditions = visibility(principal, params);
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let tsQuery: string | null = null;
  if (query.q !== undefined && query.q.trim() !== '') {
    tsQuery = textSearch(query.q, params);
    conditions.push(`d.search_vector @@ ${tsQuery}`);
  }
  if (query.space !== undefined) conditions.push(`s.slug = ${add(query.space)}`);
  if (query.accessLevel !== undefined) conditions.push(`d.access_level = ${add(query.accessLevel)}`);
  if (query.theme !== undefined) {
    // DCAT allows one theme or several, so metadata.theme may be a string or an array.
    const theme = add(query.theme);
    conditions.push(`(d.metadata->>'theme' = ${theme} OR (jsonb_typeof(d.metadata->'theme') = 'array' AND d.metadata->'theme' ? ${theme}))`);
  }
  if (query.keyword !== undefined) conditions.push(`(jsonb_typeof(d.metadata->'keywords') = 'array' AND d.metadata->'keywords' ? ${add(query.keyword)})`);
  return { conditions, params, tsQuery };
}

const FROM = 'FROM datasets d JOIN dataspaces s ON s.id = d.dataspace_id';
const whereClause = (filter: Filter) => (filter.conditions.length > 0 ? `WHERE ${filter.conditions.join(' AND ')}` : '');

export interface CatalogRow {
  space_slug: string;
  space_name: string;
  slug: string;
  title: string;
  description: string;
  access_level: AccessLevel;
  metadata: Record<string, unknown>;
  row_count: string | null;
  updated_at: Date | string;
}

export interface FacetCount {
  value: string;
  label?: string;
  count: number;
}

export interface CatalogSearchResult {
  rows: CatalogRow[];
  total: number;
  facets: { space: FacetCount[]; accessLevel: FacetCount[]; theme: FacetCount[] };
}

async function facet(db: Queryable, filter: Filter, valueSql: string, labelSql: string): Promise<FacetCount[]> {
  const { rows } = await db.query<{ value: string; label: string; count: string }>(
    `SELECT ${valueSql} AS value, ${labelSql} AS label, count(*)::text AS count ${FROM} ${whereClause(filter)}
      GROUP BY 1, 2 HAVING ${valueSql} IS NOT NULL ORDER BY count(*) DESC, 1`,
    filter.params,
  );
  return rows.map((row) => ({ value: row.value, label: row.label, count: Number(row.count) }));
}

/** Themes of one dataset as rows, for string and array forms of metadata.theme. */
async function themeFacet(db: Queryable, filter: Filter): Promise<FacetCount[]> {
  const { rows } = await db.query<{ value: string; count: string }>(
    `SELECT theme.value, count(*)::text AS count ${FROM}
       CROSS JOIN LATERAL (
         SELECT jsonb_array_elements_text(d.metadata->'theme') AS value WHERE jsonb_typeof(d.metadata->'theme') = 'array'
         UNION ALL SELECT d.metadata->>'theme' WHERE jsonb_typeof(d.metadata->'theme') = 'string'
       ) AS theme
     ${whereClause(filter)} GROUP BY theme.value ORDER BY count(*) DESC, theme.value`,
    filter.params,
  );
  return rows.map((row) => ({ value: row.value, count: Number(row.count) }));
}

/** Searches the datasets the caller may read, ranked by text relevance when q is given. */
export async function searchCatalog(db: Queryable, query: CatalogQuery, principal: Principal | null): Promise<CatalogSearchResult> {
  const filter = buildFilter(query, principal);
  const where = whereClause(filter);
  const params = [...filter.params, query.limit, query.offset];
  const order = filter.tsQuery ? `ts_rank(d.search_vector, ${filter.tsQuery}) DESC, d.title, d.id` : 'd.updated_at DESC, d.title, d.id';
  const { rows } = await db.query<CatalogRow>(
    `SELECT s.slug AS space_slug, s.name AS space_name, d.slug, d.title, d.description, d.access_level, d.metadata,
            v.row_count::text AS row_count, d.updated_at
       ${FROM}
       LEFT JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.current_version
     ${where} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const count = await db.query<{ total: string }>(`SELECT count(*)::text AS total ${FROM} ${where}`, filter.params);
  return {
    rows,
    total: Number(count.rows[0].total),
    facets: {
      space: await facet(db, filter, 's.slug', 's.name'),
      accessLevel: (await facet(db, filter, 'd.access_level', 'd.access_level')).map(({ value, count }) => ({ value, count })),
      theme: await themeFacet(db, filter),
    },
  };
}
