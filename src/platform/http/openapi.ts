/** OpenAPI 3.1 generated from the route table: the same zod schemas that validate requests. */
import { z } from 'zod';
import { Problem } from '../../kernel/contracts.ts';
import { ActionBodies } from '../../modules/dossiers/contracts.ts';
import type { ErrorStatus } from '../../kernel/errors.ts';
import type { AnyRoute } from './route.ts';

const problemRef = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
/** As in package.json. */
const LICENSE = { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' };

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const words = (segment: string) => segment.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => pascal(w.toLowerCase()));

/**
 * A stable, readable operationId from method and path: GET /api/dossiers/:code → getDossiersByCode,
 * POST /api/auth/login → postAuthLogin, GET / → getRoot. The /api prefix is dropped (the page routes
 * have no clash with it); a route may set its own with `operationId`.
 */
export function operationIdOf(method: string, url: string): string {
  const segments = url.split('/').filter(Boolean);
  if (segments[0] === 'api') segments.shift();
  const parts = segments.flatMap((seg) => (seg.startsWith(':') ? ['By', ...words(seg.slice(1))] : words(seg)));
  return method.toLowerCase() + (parts.length > 0 ? parts.join('') : 'Root');
}

const PROBLEM_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'The request is malformed or does not match its schema (code validation-failed, errors[] lists the fields)',
  401: 'Not logged in, or the session has expired',
  403: 'The caller\'s role or organisation may not do this, or a cross-site request was refused',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state (e.g. a dossier in another step, a duplicate)',
  410: 'No longer available',
  413: 'The request body is too large',
  415: 'Unsupported Content-Type',
  422: 'Well-formed but refused by a business rule',
  423: 'The account is temporarily locked',
  429: 'Too many requests; see Retry-After',
  502: 'An outside service (such as the postal carrier) did not answer or refused; try again later',
  503: 'Not ready to serve (readiness: what is not ready is named); see Retry-After',
};

/** The error statuses a route can answer, derived from who may call it, its method and its input. */
export function problemStatuses(r: AnyRoute): ErrorStatus[] {
  const unsafe = r.method !== 'GET';
  const statuses = new Set<ErrorStatus>([400]); // malformed URLs, characters and schema failures reach every route
  if (r.access !== 'public') statuses.add(401).add(403);
  if (r.params || /:\w/.test(r.url)) statuses.add(404);
  if (unsafe && r.access !== 'public') statuses.add(409);
  if (r.body || r.rawBody) statuses.add(415);
  if (r.rawBody) statuses.add(413);
  if (unsafe) statuses.add(422);
  for (const s of r.problems ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

/** Descriptions of the route tags, shown as sections in the documentation. */
const TAGS: Record<string, string> = {
  system: 'Health, readiness, this OpenAPI document and its documentation page',
  operations: 'For operators, not a public API: Prometheus metrics (GET /metrics, allowed networks and token only)',
  auth: 'Login, registration, sessions and passwords',
  accounts: 'Staff management of citizen and staff accounts',
  admin: 'Administration: users, procedures, organisations, imports, audit log',
  organisations: 'Organisations (one-stop offices and their departments)',
  catalogue: 'The catalogue of administrative procedures',
  calendar: 'Working-day calendars used to compute due dates',
  identity: 'Identity documents (CCCD) read from a chip or QR code',
  uploads: 'Files attached to dossiers',
  dossiers: 'Dossiers (hồ sơ) and the actions that move them through their procedure',
  drafts: 'A citizen\'s unsent dossier drafts',
  documents: 'Issued documents (receipts, results), their signatures and verification',
  stats: 'Statistics and KPIs for staff',
  par: 'The PAR Index (Chỉ số CCHC) of the city’s units: criteria sets, self-assessment, appraisal, published results',
  feedback: 'Feedback and petitions (phản ánh, kiến nghị): intake, handling, answers, KPIs',
  delivery: 'Results and dossiers by public post (bưu chính công ích): the choice and its charge, shipping orders, tracking by webhook and polling',
  payments: 'Fees (phí, lệ phí) owed and paid: online through a VNPAY-style gateway (IPN, return), at the counter, e-receipts, refunds',
  notifications: 'Notifications: in-app messages (the bell), preferences, delivery status of the messages about a dossier',
  'citizen-store': "The citizen's data store (kho dữ liệu): results and digitised components of their dossiers, reused in later applications",
  public: 'Public lookups, verification and open data: no login',
  pages: 'HTML pages and scripts of the web application (not JSON)',
};

/** A request part as the client may send it ('input'), or an answer as the server sends it ('output'). */
const toSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The success answer: its contract's schema for JSON, a media type for files and pages, nothing for 204. */
function successResponse(r: AnyRoute) {
  const success = r.success ?? { status: 200, description: 'OK' };
  if (success.status === 204) return { description: success.description };
  const content: Record<string, unknown> = {};
  if (success.contentType && success.contentType !== 'application/json') content[success.contentType] = { schema: { type: 'string' } };
  if (r.response) content['application/json'] = { schema: toSchema(r.response, 'output') };
  return { description: success.description, content };
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

/**
 * The server from MOTCUA_PUBLIC_URL. A local default (http://localhost:3000) is no address for anyone
 * else, so it becomes the relative '/': the server that served this document.
 */
export function serverOf(publicUrl: string) {
  const host = new URL(publicUrl).hostname;
  const local = host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]' || host.endsWith('example.com');
  return local ? { url: '/', description: 'The server that served this document' } : { url: publicUrl, description: 'This deployment (MOTCUA_PUBLIC_URL)' };
}

export function buildOpenApi(routes: AnyRoute[], version: string, publicUrl = 'http://localhost:3000') {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  const usedProblems = new Set<ErrorStatus>();
  for (const r of routes) {
    const operationId = r.operationId ?? operationIdOf(r.method, r.url);
    if (operationIds.has(operationId)) throw new Error(`operationId ${operationId} is used twice; give ${r.method} ${r.url} its own operationId`);
    operationIds.add(operationId);
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const success = r.success ?? { status: 200, description: 'OK' };
    const problems = problemStatuses(r);
    for (const s of problems) usedProblems.add(s);
    const op: Record<string, unknown> = {
      operationId,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [success.status]: successResponse(r),
        ...Object.fromEntries(problems.map((s) => [s, { $ref: `#/components/responses/Problem${s}` }])),
        default: { description: 'Error (RFC 9457)', content: problemRef },
      },
      // Public operations opt out of the document-wide requirement of a session.
      security: r.access === 'public' ? [] : [{ bearer: [] }, { cookie: [] }],
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body) } } };
    if (r.rawBody) {
      op.requestBody = {
        required: true,
        description: r.rawBody.description,
        content: Object.fromEntries(r.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])),
      };
    }
    if (r.url.endsWith('/actions/:action')) {
      op.requestBody = {
        required: false,
        // The action in the path picks the schema, so the body itself has no discriminator: anyOf, not oneOf.
        description: 'The body for the action named in the path (schema Action_<action>)',
        content: { 'application/json': { schema: { anyOf: Object.keys(ActionBodies).map((a) => ({ $ref: `#/components/schemas/Action_${a}` })) } } },
      };
    }
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua API',
      version,
      description: 'Một cửa: administrative procedures end to end. Errors are RFC 9457 problem+json; messages follow Accept-Language (vi by default, en).',
      license: LICENSE,
    },
    servers: [serverOf(publicUrl)],
    security: [{ bearer: [] }, { cookie: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'motcua_session' },
      },
      responses: Object.fromEntries(
        [...usedProblems].sort((a, b) => a - b).map((s) => [`Problem${s}`, { description: PROBLEM_DESCRIPTIONS[s], content: problemRef }]),
      ),
      schemas: {
        Problem: toSchema(Problem),
        ...Object.fromEntries(Object.entries(ActionBodies).map(([a, s]) => [`Action_${a}`, toSchema(s as z.ZodType)])),
      },
    },
  };
}
