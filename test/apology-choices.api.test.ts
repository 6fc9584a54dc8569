/**
 * The apology form suggests a new appointment the server then accepts (issue 14, fault 2): the dossier view
 * carries the window of the one apology rule (src/modules/dossiers/domain/lifecycle.ts, apologyChoices).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('apology choices (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const accepted = async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const code = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) })).body.code as string;
    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    return code;
  };
  const apologizeAtSuggestion = async (code: string) => {
    const view = (await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).body;
    expect(view.apology).toEqual({ earliestAt: expect.any(String), suggestedAt: expect.any(String), latestAt: expect.any(String) });
    const r = await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'reception', body: { reason: 'Cần xác minh địa điểm', newAppointmentAt: view.apology.suggestedAt } });
    expect(r.status).toBe(200);
    expect(r.body.appointmentAt).toBe(view.apology.suggestedAt);
    return view;
  };

  it('suggests a date after the appointment while the dossier is on time, and the server accepts it', async () => {
    const code = await accepted();
    t.clock.set('2026-11-23T10:17:31+07:00');
    const view = await apologizeAtSuggestion(code);
    expect(new Date(view.apology.earliestAt).getTime()).toBeGreaterThan(new Date(view.appointmentAt).getTime());
    // The earliest it offers is accepted too, a minute earlier is not.
    const again = (await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).body;
    const before = new Date(new Date(again.apology.earliestAt).getTime() - 60_000).toISOString();
    expect((await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'reception', body: { reason: 'x', newAppointmentAt: before } })).status).toBe(422);
    expect((await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'reception', body: { reason: 'x', newAppointmentAt: again.apology.latestAt } })).status).toBe(200);
  });

  it('suggests a date after now once the appointment has passed', async () => {
    const code = await accepted();
    t.clock.set('2026-12-03T14:00:00+07:00');
    const view = await apologizeAtSuggestion(code);
    expect(new Date(view.apology.suggestedAt).getTime()).toBeGreaterThan(t.clock.now.getTime());
  });

  it('offers no apology to whom cannot make one', async () => {
    const code = await accepted();
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'citizen' })).body.apology).toBeNull();
  });
});
