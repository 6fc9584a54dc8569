/** LIKE patterns must not let a user's % or _ (or our own data) act as wildcards. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
