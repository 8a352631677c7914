/** Roles inside one dataspace, from most to least privileged. */
export const ROLES = ['koordination', 'entwicklung', 'redaktion', 'lesen'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_LEVELS = ['oeffentlich', 'intern', 'datenraum'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Higher rank means more rights; each role includes the rights of the roles below it. */
const RANK: Record<Role, number> = { koordination: 4, entwicklung: 3, redaktion: 2, lesen: 1 };

export function roleAtLeast(role: Role | null, minimum: Role): boolean {
  return role !== null && RANK[role] >= RANK[minimum];
}

export const ROLE_LABELS: Record<Role, string> = {
  koordination: 'Koordination',
  entwicklung: 'Entwicklung',
  redaktion: 'Redaktion',
  lesen: 'Lesen',
};

export const ACCESS_LEVEL_LABELS: Record<AccessLevel, string> = {
  oeffentlich: 'öffentlich',
  intern: 'intern',
  datenraum: 'Datenraum',
};
