/**
 * Issue 14 follow-up: a procedure's form fields carry an English label (and English labels of a select's
 * options) next to the Vietnamese one, so English mode does not show Vietnamese. The demo catalogue has
 * them for every field; the administrator sets them; the web app picks by language with the Vietnamese
 * label as fallback, while the value stored stays the Vietnamese option.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { fieldLabel, formatFormValue, optionLabel } from '../web/src/lib/format.ts';
import type { ProcedureFormField } from '../src/modules/catalogue/contracts.ts';

describe.each(BACKENDS)('English labels of form fields (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every demo procedure field has an English label, and every select option one', async () => {
    const list = await t.call('GET', '/api/procedures?limit=100');
    expect(list.body.items.length).toBeGreaterThan(20);
    for (const { code } of list.body.items as Array<{ code: string }>) {
      const p = (await t.call('GET', `/api/procedures/${code}`)).body;
      for (const f of p.formFields as ProcedureFormField[]) {
        expect(f.labelEn, `${code} ${f.name}`).toMatch(/^[\x20-\x7e²’]+$/); // English: no Vietnamese letters
        if (f.type === 'select') expect(f.optionsEn?.length, `${code} ${f.name}`).toBe(f.options!.length);
      }
    }
    const birth = (await t.call('GET', '/api/procedures/1.001193.H29')).body.formFields as ProcedureFormField[];
    expect(birth.find((f) => f.name === 'childSex')).toMatchObject({ label: 'Giới tính', labelEn: 'Sex', options: ['Nam', 'Nữ'], optionsEn: ['Male', 'Female'] });
  });

  it('the administrator saves English labels; options and their English labels must pair up', async () => {
    const p = (await t.call('GET', '/api/procedures/1.001193.H29')).body;
    const body = {
      name: p.name,
      fieldCode: p.field.code,
      level: p.level,
      onlineLevel: p.onlineLevel,
      feeVnd: p.feeVnd,
      feeNote: p.feeNote,
      duration: { value: p.duration.value, unit: p.duration.unit },
      legalBasis: p.legalBasis,
      description: p.description,
      applicantTypes: p.applicantTypes,
      components: p.components,
      process: p.process.map((s: { name: string; org: { id: string } | null; role: string; durationHours: number }) => ({ name: s.name, orgId: s.org?.id ?? null, role: s.role, durationHours: s.durationHours })),
      resultName: p.resultName,
      receivedAt: p.receivingOrgs.map((o: { id: string }) => o.id),
    };
    const fields = p.formFields.map((f: ProcedureFormField) => (f.name === 'childSex' ? { ...f, optionsEn: ['Male'] } : f));
    const bad = await t.call('PUT', '/api/procedures/1.001193.H29', { as: 'admin', body: { ...body, formFields: fields }, headers: { 'accept-language': 'en' } });
    expect(bad.status).toBe(422);
    const i = fields.findIndex((f: ProcedureFormField) => f.name === 'childSex');
    expect(bad.body.errors).toContainEqual({ path: `formFields.${i}.optionsEn`, message: 'Give one English label per option, in the same order' });
    const renamed = p.formFields.map((f: ProcedureFormField) => (f.name === 'birthPlace' ? { ...f, labelEn: 'Place of birth (town, province)' } : f));
    const ok = await t.call('PUT', '/api/procedures/1.001193.H29', { as: 'admin', body: { ...body, formFields: renamed } });
    expect(ok.status).toBe(200);
    const after = (await t.call('GET', '/api/procedures/1.001193.H29')).body.formFields as ProcedureFormField[];
    expect(after.find((f) => f.name === 'birthPlace')?.labelEn).toBe('Place of birth (town, province)');
  });
});

describe('the web app picks the label by language', () => {
  const sex = { name: 'childSex', label: 'Giới tính', labelEn: 'Sex', type: 'select', options: ['Nam', 'Nữ'], optionsEn: ['Male', 'Female'] };
  const noEnglish = { name: 'ghiChu', label: 'Ghi chú', type: 'select', options: ['Có', 'Không'] };
  it('English when the catalogue has it, Vietnamese otherwise', () => {
    expect(fieldLabel(sex, 'en')).toBe('Sex');
    expect(fieldLabel(sex, 'vi')).toBe('Giới tính');
    expect(fieldLabel(noEnglish, 'en')).toBe('Ghi chú');
    expect(optionLabel(sex, 'Nữ', 'en')).toBe('Female');
    expect(optionLabel(sex, 'Nữ', 'vi')).toBe('Nữ');
    expect(optionLabel(noEnglish, 'Có', 'en')).toBe('Có');
    // A stored value shown in the dossier: the option's label in the UI language.
    expect(formatFormValue(sex, 'Nam', 'en')).toBe('Male');
    expect(formatFormValue(sex, 'Nam', 'vi')).toBe('Nam');
  });
});
