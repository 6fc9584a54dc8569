/**
 * The provinces a receiver may choose, for the web app's select. Pure data, apart from ./contracts.ts on
 * purpose: importing that file at run time loads zod, whose object schemas probe `new Function` when
 * created — under the app's Content-Security-Policy (no 'unsafe-eval') every page showing the delivery
 * part then logged a CSP violation. The web imports only types from ./contracts.ts.
 */
export { PROVINCE_CODES } from '../identity/domain/provinces.ts';
