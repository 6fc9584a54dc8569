/** Who acts: the roles every module speaks of (accounts, permissions, the dossier's log). */
export const ROLES = ['citizen', 'reception', 'specialist', 'leader', 'admin', 'manager'] as const;
export type Role = (typeof ROLES)[number];
