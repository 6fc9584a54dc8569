/**
 * Who may read GET /metrics: the addresses in MOTCUA_METRICS_ALLOW (comma-separated CIDRs; default
 * loopback only, or any address when a token is set and no list is), and, when MOTCUA_METRICS_TOKEN is
 * set, only with `Authorization: Bearer <token>`. The address is the connection's, or the client's from
 * X-Forwarded-For when MOTCUA_TRUST_PROXY=true (then list the Prometheus server's address, not the proxy's).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { timingSafeEqual } from 'node:crypto';

export interface MetricsAccess {
  token: string | null;
  allow: BlockList | null;
}

export function metricsAccessFrom(env: NodeJS.ProcessEnv): MetricsAccess {
  const token = env.MOTCUA_METRICS_TOKEN?.trim() || null;
  const list = env.MOTCUA_METRICS_ALLOW?.trim();
  if (!list) return { token, allow: token ? null : loopback() };
  const allow = new BlockList();
  for (const cidr of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = cidr.split('/');
    const type = isIPv4(address!) ? 'ipv4' : isIPv6(address!) ? 'ipv6' : null;
    if (!type) throw new Error(`MOTCUA_METRICS_ALLOW: ${cidr} is not an address or CIDR`);
    allow.addSubnet(address!, bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits), type);
  }
  return { token, allow };
}

function loopback(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list;
}

/** 'ok', or the refusal: 403 for an address outside the list, 401 for a missing or wrong token. */
export function checkMetricsAccess(access: MetricsAccess, ip: string, authorization: string | undefined): 'ok' | 401 | 403 {
  if (access.allow) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    const address = mapped ?? ip;
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (!isIPv4(address) && !isIPv6(address)) return 403;
    if (!access.allow.check(address, type)) return 403;
  }
  if (access.token) {
    const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(access.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return 401;
  }
  return 'ok';
}
