/** LIKE patterns must not let a user's % or _ (or our own data) act as wildcards. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** LIKE pattern matching an organisation and everything below it (paths are '/h29/ward/…/'). */
export const subtreePattern = (org: { path: string }): string => `${escapeLike(org.path)}%`;
