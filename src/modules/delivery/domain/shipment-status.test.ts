import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CARRIER_CODE_OF, carrierStatusOf, formatCarrierTime, mayChooseInStatus, nextStatus, parseCarrierTime, SHIPMENT_STATUSES, type ShipmentStatus } from './shipment-status.ts';

describe('shipment status', () => {
  it('moves only forward: a late "picked up" after "delivered" changes nothing', () => {
    expect(nextStatus('ordered', 'picked_up')).toBe('picked_up');
    expect(nextStatus('in_transit', 'picked_up')).toBe('in_transit');
    expect(nextStatus('delivered', 'picked_up')).toBe('delivered');
    expect(nextStatus('returned', 'delivered')).toBe('returned');
    expect(nextStatus('in_transit', null)).toBe('in_transit');
  });

  it('ends where the reports end whatever their order, once a final report is among them (property)', () => {
    const status = fc.constantFrom<ShipmentStatus>(...SHIPMENT_STATUSES.filter((s) => s !== 'ordered'));
    fc.assert(
      fc.property(fc.array(status, { maxLength: 8 }), fc.constantFrom<ShipmentStatus>('delivered', 'returned'), fc.nat(8), (reports, final, at) => {
        const all: ShipmentStatus[] = reports.filter((r) => !['delivered', 'returned', 'cancelled'].includes(r));
        all.splice(Math.min(at, all.length), 0, final);
        expect(all.reduce(nextStatus, 'ordered' as ShipmentStatus)).toBe(final);
      }),
    );
  });

  it('maps the carrier codes the sandbox sends back to our statuses', () => {
    for (const [ours, code] of Object.entries(CARRIER_CODE_OF)) expect(carrierStatusOf(code)).toBe(ours);
    expect(carrierStatusOf('999')).toBeNull();
  });

  it('reads and writes the carrier time in Vietnam time', () => {
    const at = new Date('2026-11-25T03:04:05Z');
    expect(formatCarrierTime(at)).toBe('25/11/2026 10:04:05');
    expect(parseCarrierTime('25/11/2026 10:04:05')?.toISOString()).toBe(at.toISOString());
    expect(parseCarrierTime('2026-11-25 10:04')).toBeNull();
  });

  it('lets the applicant choose post only before the result is ready', () => {
    expect(mayChooseInStatus('processing')).toBe(true);
    expect(mayChooseInStatus('completed')).toBe(false);
    expect(mayChooseInStatus('returned')).toBe(false);
  });
});
