/**
 * The postal carrier's partner API, Viettel Post style (partner API v2, docs/delivery.md says what is
 * verified and what is modelled): sign in for a token, quote a charge, create an order, cancel it,
 * read its tracking. The token is kept per carrier address and obtained again once when a call answers
 * 401. Every call is JSON over HTTP with `Token: <token>`; an answer with `error: true` is a failure.
 */
import type { PostalConfig } from '../../../context.ts';

export interface Party {
  fullName: string;
  phone: string;
  address: string;
  provinceCode: string;
}

export interface Quote {
  /** The charge in đồng, VAT included (MONEY_TOTAL). */
  total: number;
  /** Expected transit time in hours, when the carrier says (KPI_HT). */
  hours: number | null;
}

export interface CreatedOrder {
  trackingNumber: string;
  total: number;
}

export interface TrackingReport {
  trackingNumber: string;
  /** The carrier's status code (ORDER_STATUS). */
  carrierStatus: string;
  description: string | null;
  /** ORDER_STATUSDATE as sent ("dd/MM/yyyy HH:mm:ss", Vietnam time). */
  statusDate: string;
}

export class PostalError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

interface Envelope<T> {
  status: number;
  error: boolean;
  message: string;
  data: T;
}

/** Tokens by carrier address and account: one sign-in serves every call until the carrier refuses it. */
const tokens = new Map<string, string>();

export class PostalClient {
  constructor(private readonly config: PostalConfig, private readonly fetchFn: typeof fetch = fetch) {}

  private get tokenKey() {
    return `${this.config.baseUrl} ${this.config.username}`;
  }

  /** Signs in (POST /v2/user/Login) and keeps the token. */
  async signIn(): Promise<string> {
    const answer = await this.send<{ token: string }>('/v2/user/Login', { USERNAME: this.config.username, PASSWORD: this.config.password }, null);
    if (!answer.token) throw new PostalError('the carrier answered no token', 502);
    tokens.set(this.tokenKey, answer.token);
    return answer.token;
  }

  async quote(from: { provinceCode: string }, to: { provinceCode: string }, weightGrams: number): Promise<Quote> {
    const data = await this.call<{ MONEY_TOTAL: number; KPI_HT?: number }>('/v2/order/getPrice', {
      SENDER_PROVINCE: from.provinceCode,
      RECEIVER_PROVINCE: to.provinceCode,
      PRODUCT_TYPE: 'TH',
      PRODUCT_WEIGHT: weightGrams,
      PRODUCT_PRICE: 0,
      MONEY_COLLECTION: 0,
      ORDER_SERVICE: 'VCN',
      NATIONAL_TYPE: 1,
    });
    return { total: Number(data.MONEY_TOTAL), hours: data.KPI_HT ?? null };
  }

  /**
   * Places an order. `reference` (ORDER_NUMBER of the request) is our idempotency key: the carrier
   * answers a repeated reference with the order it already holds, so a retry never posts twice.
   */
  async createOrder(reference: string, sender: Party, receiver: Party, parcel: { name: string; description: string; weightGrams: number }): Promise<CreatedOrder> {
    const data = await this.call<{ ORDER_NUMBER: string; MONEY_TOTAL: number }>('/v2/order/createOrder', {
      ORDER_NUMBER: reference,
      SENDER_FULLNAME: sender.fullName,
      SENDER_ADDRESS: sender.address,
      SENDER_PHONE: sender.phone,
      SENDER_PROVINCE: sender.provinceCode,
      RECEIVER_FULLNAME: receiver.fullName,
      RECEIVER_ADDRESS: receiver.address,
      RECEIVER_PHONE: receiver.phone,
      RECEIVER_PROVINCE: receiver.provinceCode,
      PRODUCT_NAME: parcel.name,
      PRODUCT_DESCRIPTION: parcel.description,
      PRODUCT_QUANTITY: 1,
      PRODUCT_WEIGHT: parcel.weightGrams,
      PRODUCT_TYPE: 'TH',
      ORDER_PAYMENT: 1,
      ORDER_SERVICE: 'VCN',
      MONEY_COLLECTION: 0,
    });
    if (!data.ORDER_NUMBER) throw new PostalError('the carrier answered no tracking number', 502);
    return { trackingNumber: data.ORDER_NUMBER, total: Number(data.MONEY_TOTAL) };
  }

  /** Cancels an order not yet picked up (POST /v2/order/UpdateOrder, TYPE 4). */
  async cancelOrder(trackingNumber: string, note: string): Promise<void> {
    await this.call('/v2/order/UpdateOrder', { TYPE: 4, ORDER_NUMBER: trackingNumber, NOTE: note });
  }

  /** Every status report the carrier holds for the order, oldest first (the polling fallback). */
  async tracking(trackingNumber: string): Promise<TrackingReport[]> {
    const data = await this.call<Array<{ ORDER_NUMBER: string; ORDER_STATUS: number | string; STATUS_NAME?: string; ORDER_STATUSDATE: string }>>('/v2/order/tracking', { ORDER_NUMBER: trackingNumber });
    return data.map((r) => ({ trackingNumber: r.ORDER_NUMBER, carrierStatus: String(r.ORDER_STATUS), description: r.STATUS_NAME ?? null, statusDate: r.ORDER_STATUSDATE }));
  }

  /** A call with the kept token; on 401 signs in again and tries once more. */
  private async call<T>(path: string, body: unknown): Promise<T> {
    const token = tokens.get(this.tokenKey) ?? (await this.signIn());
    try {
      return await this.send<T>(path, body, token);
    } catch (e) {
      if (!(e instanceof PostalError) || e.status !== 401) throw e;
      return this.send<T>(path, body, await this.signIn());
    }
  }

  private async send<T>(path: string, body: unknown, token: string | null): Promise<T> {
    const response = await this.fetchFn(`${this.config.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { Token: token } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: Envelope<T> | null = null;
    try {
      parsed = JSON.parse(text) as Envelope<T>;
    } catch {
      parsed = null;
    }
    const status = response.status === 200 && parsed ? parsed.status : response.status;
    if (status === 401 || response.status === 401) throw new PostalError(`${path}: token refused`, 401);
    if (!response.ok || !parsed || parsed.error || status >= 400) throw new PostalError(`${path}: ${parsed?.message ?? `HTTP ${response.status}`}`.slice(0, 300), status >= 400 ? status : 502);
    return parsed.data;
  }
}

/** Forgets kept tokens (tests). */
export function forgetPostalTokens(): void {
  tokens.clear();
}
