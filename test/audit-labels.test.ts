/**
 * Every action the audit log records is offered as a filter and has a label in both languages on the
 * administration page (a name without a label was shown raw: `outbox.retry`).
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditFilterChoices } from '../src/modules/audit/contracts.ts';
import { en, vi } from '../web/src/admin/messages.ts';

describe('audit action names', () => {
  const choices = auditFilterChoices();

  it('offers every recorded action, and each family with more than one action as a prefix', () => {
    for (const a of AUDIT_ACTIONS) expect(choices).toContain(a);
    expect(choices).toContain('user.');
    expect(choices).not.toContain('outbox.'); // one action: offered alone
    expect(choices.indexOf('user.')).toBeLessThan(choices.indexOf('user.create'));
  });

  it('labels every choice in Vietnamese and English', () => {
    const missing = choices.filter((a) => !(`audit.action.${a}` in vi) || !(`audit.action.${a}` in en));
    expect(missing).toEqual([]);
  });
});
