import { describe, expect, it } from 'vitest';
import { populationFromEnv } from './config.ts';

describe('population-check configuration', () => {
  const env = { MOTCUA_POPULATION_URL: 'https://lgsp.example.gov.vn/csdldc/', MOTCUA_POPULATION_CLIENT_ID: 'motcua', MOTCUA_POPULATION_CLIENT_SECRET: 's3cr3t-value', MOTCUA_POPULATION_UNIT_CODE: '000.00.00.H29' };

  it('is off without the URL; defaults the token URL and the timeout', () => {
    expect(populationFromEnv({})).toBeNull();
    expect(populationFromEnv(env)).toEqual({ url: 'https://lgsp.example.gov.vn/csdldc', tokenUrl: 'https://lgsp.example.gov.vn/csdldc/oauth2/token', clientId: 'motcua', clientSecret: 's3cr3t-value', unitCode: '000.00.00.H29', timeoutMs: 10_000 });
    expect(populationFromEnv({ ...env, MOTCUA_POPULATION_TOKEN_URL: 'https://sso.example.gov.vn/token', MOTCUA_POPULATION_TIMEOUT_MS: '2500' })).toMatchObject({ tokenUrl: 'https://sso.example.gov.vn/token', timeoutMs: 2500 });
  });

  it('names the missing or bad variable, never a value', () => {
    expect(() => populationFromEnv({ ...env, MOTCUA_POPULATION_CLIENT_SECRET: '' })).toThrow('MOTCUA_POPULATION_CLIENT_SECRET must be set when MOTCUA_POPULATION_URL is');
    expect(() => populationFromEnv({ ...env, MOTCUA_POPULATION_URL: 'ftp://x' })).toThrow('MOTCUA_POPULATION_URL must be an http(s) URL');
    expect(() => populationFromEnv({ ...env, MOTCUA_POPULATION_TIMEOUT_MS: 'soon' })).toThrow(/^MOTCUA_POPULATION_TIMEOUT_MS must be/);
    let message = '';
    try {
      populationFromEnv({ ...env, MOTCUA_POPULATION_UNIT_CODE: ' ' });
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain('MOTCUA_POPULATION_UNIT_CODE');
    expect(message).not.toContain('s3cr3t-value');
  });
});
