/**
 * A parameter written as an SQL literal, the way pgbench's script (and the simple query protocol)
 * carries values. For benchmark replays of the app's own statements, never for the app's queries.
 */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (v instanceof Uint8Array) return `'\\x${Buffer.from(v).toString('hex')}'`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `'${s.replace(/'/g, "''")}'`;
}

/** The statement with its $n parameters replaced by literals. */
export const inline = (text: string, params: readonly unknown[]) => text.replace(/\$(\d+)/g, (_m, n: string) => literal(params[Number(n) - 1]));
