/**
 * The merchant's configuration for a VNPAY-style gateway (src/settings.ts reads it from the environment;
 * main.ts fills it with the sandbox's address in demo mode). The secret is never logged or answered.
 */
export interface PaymentGatewayConfig {
  gateway: 'vnpay';
  /** vnp_TmnCode */
  tmnCode: string;
  /** The merchant secret (vnp_HashSecret). */
  hashSecret: string;
  /** The payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
  payUrl: string;
  /** The merchant API (querydr, refund), e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction */
  apiUrl: string;
  /** Minutes a payment link stays valid (vnp_ExpireDate). */
  expireMinutes: number;
  /** True when payUrl is our own sandbox (the portal says so). */
  sandbox: boolean;
}

/** The settings from the environment, or null when online payment is not configured. */
export function paymentConfigFromEnv(env: NodeJS.ProcessEnv): PaymentGatewayConfig | null {
  const tmnCode = env.MOTCUA_VNPAY_TMN_CODE?.trim();
  const hashSecret = env.MOTCUA_VNPAY_HASH_SECRET?.trim();
  const payUrl = env.MOTCUA_VNPAY_PAY_URL?.trim();
  const apiUrl = env.MOTCUA_VNPAY_API_URL?.trim();
  if (!tmnCode && !hashSecret && !payUrl && !apiUrl) return null;
  if (!tmnCode || !hashSecret || !payUrl || !apiUrl) throw new Error('MOTCUA_VNPAY_TMN_CODE, MOTCUA_VNPAY_HASH_SECRET, MOTCUA_VNPAY_PAY_URL and MOTCUA_VNPAY_API_URL go together');
  for (const [name, url] of [['MOTCUA_VNPAY_PAY_URL', payUrl], ['MOTCUA_VNPAY_API_URL', apiUrl]] as const) {
    if (!/^https?:\/\/\S+$/.test(url)) throw new Error(`${name} must be an http(s) URL`);
  }
  const expireMinutes = Number(env.MOTCUA_VNPAY_EXPIRE_MINUTES ?? 15);
  if (!Number.isInteger(expireMinutes) || expireMinutes < 1 || expireMinutes > 1440) throw new Error('MOTCUA_VNPAY_EXPIRE_MINUTES must be 1–1440');
  return { gateway: 'vnpay', tmnCode, hashSecret, payUrl, apiUrl, expireMinutes, sandbox: false };
}

/**
 * Whether to start the sandbox gateway: in the demo (embedded database, not production), or when
 * MOTCUA_PAYMENT_SANDBOX=1 says so explicitly; never otherwise, and never when a real gateway is configured.
 */
export function sandboxWanted(env: NodeJS.ProcessEnv, seedDemo: boolean): boolean {
  const flag = env.MOTCUA_PAYMENT_SANDBOX?.trim();
  if (flag === '0') return false;
  if (flag === '1') return true;
  if (env.MOTCUA_VNPAY_TMN_CODE) return false;
  return seedDemo && env.NODE_ENV !== 'production' && !env.DATABASE_URL;
}
