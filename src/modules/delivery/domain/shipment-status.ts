/**
 * Pure rules of the postal return (issue 17): the carrier's status codes mapped to ours, the order in
 * which a shipment's status may move (so replayed or out-of-order reports change nothing), and when
 * the applicant may still choose or change post. No I/O, no clock.
 */
export const SHIPMENT_STATUSES = ['ordered', 'picked_up', 'in_transit', 'delivered', 'returned', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Statuses after which nothing changes: the letter arrived, came back, or the order was cancelled. */
export const FINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned', 'cancelled'];
/** A shipment still under way: a new order for the dossier waits until it ends. */
export const isOpen = (s: ShipmentStatus) => !FINAL_STATUSES.includes(s);

const RANK: Record<ShipmentStatus, number> = { ordered: 0, picked_up: 1, in_transit: 2, delivered: 3, returned: 3, cancelled: 3 };

/**
 * The status after a report: it moves only forward (ordered → picked up → in transit → a final one), so
 * a report that arrives late ("picked up" after "delivered") or twice leaves the status as it is.
 */
export function nextStatus(current: ShipmentStatus, reported: ShipmentStatus | null): ShipmentStatus {
  if (reported === null || FINAL_STATUSES.includes(current)) return current;
  return RANK[reported] > RANK[current] ? reported : current;
}

/**
 * Viettel Post's ORDER_STATUS codes (partner API v2, as its partners' integrations use them) → ours;
 * codes not listed are kept as events without moving the status. Modelled, see docs/delivery.md.
 */
export const CARRIER_STATUS: Readonly<Record<string, { status: ShipmentStatus | null; vi: string; en: string }>> = {
  '100': { status: 'ordered', vi: 'Bưu điện đã tiếp nhận đơn hàng', en: 'Order accepted by the post' },
  '105': { status: 'picked_up', vi: 'Bưu tá đã nhận bưu gửi', en: 'Picked up by the postman' },
  '200': { status: 'in_transit', vi: 'Bưu cục gốc đã nhận', en: 'At the origin post office' },
  '300': { status: 'in_transit', vi: 'Đang vận chuyển', en: 'In transit' },
  '500': { status: 'in_transit', vi: 'Bưu tá đang đi phát', en: 'Out for delivery' },
  '501': { status: 'delivered', vi: 'Phát thành công', en: 'Delivered' },
  '503': { status: null, vi: 'Tiêu hủy theo yêu cầu', en: 'Destroyed on request' },
  '504': { status: 'returned', vi: 'Đã hoàn trả người gửi', en: 'Returned to the sender' },
  '107': { status: 'cancelled', vi: 'Đơn hàng đã hủy', en: 'Order cancelled' },
};

export const carrierStatusOf = (code: string): ShipmentStatus | null => CARRIER_STATUS[code]?.status ?? null;

/** The code the sandbox reports for each of our statuses. */
export const CARRIER_CODE_OF: Record<Exclude<ShipmentStatus, 'ordered'>, string> = { picked_up: '105', in_transit: '300', delivered: '501', returned: '504', cancelled: '107' };

/**
 * Decision 45/2016/QĐ-TTg: the applicant may choose post for the result until the result is ready;
 * after that (completed, returned, or a dossier that ended without a result) the choice is closed.
 */
export const OPEN_FOR_CHOICE = ['submitted', 'awaiting_supplement', 'processing'] as const;
export const mayChooseInStatus = (dossierStatus: string) => (OPEN_FOR_CHOICE as readonly string[]).includes(dossierStatus);

/** "dd/MM/yyyy HH:mm:ss" in Vietnam time (the carrier's ORDER_STATUSDATE) → an instant; null if malformed. */
export function parseCarrierTime(text: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [, dd, mm, yyyy, hh, mi, ss] = m;
  const d = new Date(`${yyyy}-${mm}-${dd}T${hh}:${mi}:${ss}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant as the carrier writes it: "dd/MM/yyyy HH:mm:ss" in Vietnam time. */
export function formatCarrierTime(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}:${p(v.getUTCSeconds())}`;
}
