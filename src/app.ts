/**
 * Builds the Fastify app from the route table. Tests inject into it without a port; main.ts listens.
 */
import { Readable } from 'node:stream';
import { contractProblems } from './platform/http/response-check.ts';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from './kernel/errors.ts';
import type { AppContext } from './context.ts';
import { resolveToken, type SessionUser } from './modules/identity/auth.ts';
import { fromDomainError, fromValidationError, parsePart, pickLang, problem, RequestValidationError, type Lang, type ProblemBody } from './platform/http/problem.ts';
import type { AnyRoute } from './platform/http/route.ts';
import { bearerToken, cookieToken } from './platform/http/session.ts';
import { authRoutes } from './modules/identity/auth-routes.ts';
import { procedureRoutes } from './modules/catalogue/routes.ts';
import { organisationRoutes } from './modules/organisations/routes.ts';
import { UPLOAD_CONTENT_TYPES, uploadRoutes } from './modules/uploads/routes.ts';
import { dossierRoutes } from './modules/dossiers/routes.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { identityRoutes } from './modules/identity/cccd-routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { documentRoutes } from './modules/documents/routes.ts';
import { signingRoutes } from './modules/signing/routes.ts';
import { statsRoutes } from './modules/measurement/routes.ts';
import { publicStatsRoutes } from './modules/measurement/public-routes.ts';
import { importRoutes, NDJSON } from './modules/dossiers/import-routes.ts';
import { evaluationRoutes } from './modules/evaluations/routes.ts';
import { adminRoutes } from './modules/admin/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { draftRoutes } from './modules/dossiers/draft-routes.ts';
import { webAppRoutes } from './modules/system/web-app-routes.ts';
import { accountRoutes } from './modules/identity/account-routes.ts';
import { outboxRoutes } from './modules/operations/outbox-routes.ts';
import { metricsRoutes } from './modules/operations/metrics-routes.ts';
import { requestIdOf, requestScope } from './platform/observability/request-context.ts';
import { REDACT } from './platform/observability/log-redaction.ts';
import { httpDuration, httpRequests, statusClass } from './platform/observability/metrics.ts';
import { feedbackRoutes } from './modules/feedback/routes.ts';
import { surveyRoutes } from './modules/surveys/routes.ts';
import { PAR_XLSX, parRoutes } from './modules/par-index/routes.ts';
import { reformPlanRoutes } from './modules/reform-plan/routes.ts';
import { integrationRoutes } from './modules/integrations/routes.ts';
import { deliveryRoutes } from './modules/delivery/routes.ts';
import { paymentRoutes } from './modules/payments/routes.ts';
import { registerActionGuard } from './modules/dossiers/action-guards.ts';
import { unpaidFeeGuard } from './modules/payments/due-notices.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { citizenStoreRoutes } from './modules/citizen-store/routes.ts';
import { registerDocumentStore } from './modules/dossiers/attachment-sources.ts';
import { recordReuses, resolveReuses } from './modules/citizen-store/store.ts';
import { wireParAndPlan } from './par-plan-wiring.ts';
import { isStalePlan } from './platform/db/prepared-pool.ts';
import { installJsonDepthLimit, problemOfDatabaseError, refuseBadCharacters, serializeError, serializeRequest } from './platform/http/edge-checks.ts';

/** HSTS only when the browser reached us over TLS (directly or, with trustProxy, via the proxy) or the public URL is https. */
const servedOverHttps = (ctx: AppContext, request: FastifyRequest) => request.protocol === 'https' || ctx.config.publicOrigin?.startsWith('https:') === true;

export function allRoutes(): AnyRoute[] {
  const routes: AnyRoute[] = [];
  routes.push(
    ...systemRoutes(() => routes),
    ...authRoutes,
    ...organisationRoutes,
    ...procedureRoutes,
    ...calendarRoutes,
    ...identityRoutes,
    ...uploadRoutes,
    ...dossierRoutes,
    ...documentRoutes,
    ...signingRoutes,
    ...statsRoutes,
    ...publicStatsRoutes,
    ...importRoutes,
    ...evaluationRoutes,
    ...adminRoutes,
    ...accountRoutes,
    ...auditRoutes,
    ...draftRoutes,
    ...outboxRoutes,
    ...metricsRoutes,
    ...feedbackRoutes,
    ...surveyRoutes,
    ...parRoutes,
    ...reformPlanRoutes,
    ...integrationRoutes,
    ...deliveryRoutes,
    ...paymentRoutes,
    ...notificationRoutes,
    ...citizenStoreRoutes,
    ...webAppRoutes,
  );
  return routes;
}

// Conditions other modules put on dossier actions, filled here so that dossiers depends on none of them.
registerActionGuard('payments.unpaid-fee', 'return_result', unpaidFeeGuard);
// The citizen's data store answers the application form's "reuse from my data store" (issue 18).
registerDocumentStore({ resolve: resolveReuses, record: recordReuses });

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface BuildOptions {
  logger?: boolean;
  /** Log errors only, to this file (tests: MOTCUA_TEST_LOG_FILE, grepped for personal data afterwards). */
  logFile?: string;
  /** Log to this stream at MOTCUA_LOG_LEVEL (tests capture the log of real requests this way). */
  logStream?: NodeJS.WritableStream;
  /**
   * Check every JSON success answer against its route's response contract and answer 500
   * response-contract-broken when it does not match (tests: test/helpers.ts; or MOTCUA_CHECK_RESPONSES=true).
   * Off in production: the answer is sent as the handler made it, never reshaped.
   */
  checkResponses?: boolean;
  /** The routes to serve; all of them by default (tests of the server itself pass their own). */
  routes?: AnyRoute[];
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  // The measures the PAR Index and the reform plan take from each other, joined here (neither imports the other).
  wireParAndPlan();
  const app = Fastify({
    // Errors raised by the router itself (over-long parameters, bad percent-encoding) are problems too.
    frameworkErrors: (error, request, reply) => {
      const lang = pickLang(request.headers['accept-language']);
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = problem(
        tooLong ? 414 : 400,
        tooLong ? 'uri-too-long' : 'bad-url',
        tooLong ? { vi: 'Đường dẫn quá dài.', en: 'The URL is too long.' } : { vi: 'Đường dẫn không hợp lệ.', en: 'Malformed URL.' },
        lang,
      );
      void (reply as unknown as FastifyReply).code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
    },
    // JSON lines (pino). Errors are logged through our serializers: route, request id, code and stack, never
    // values; request bodies are never logged, and REDACT censors credentials and personal data that reach
    // a log call anyway (src/platform/observability/log-redaction.ts). Level: MOTCUA_LOG_LEVEL (LOG_LEVEL).
    logger: options.logger || options.logFile || options.logStream
      ? {
          level: options.logFile ? 'error' : (process.env.MOTCUA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info'),
          serializers: { err: serializeError, req: serializeRequest },
          redact: REDACT,
          ...(options.logStream ? { stream: options.logStream } : options.logFile ? { file: options.logFile } : {}),
        }
      : false,
    // The caller's x-request-id when well-formed (a proxy's), else a fresh UUID; echoed in the answer.
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    // One line per request costs CPU on every request; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: process.env.MOTCUA_LOG_REQUESTS !== 'true' }),
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.MOTCUA_TRUST_PROXY === 'true',
    // Our own problem+json for bad percent-encoding and the like.
    return503OnClosing: true,
  });

  installJsonDepthLimit(app);
  app.addContentTypeParser(UPLOAD_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: ctx.config.maxUploadBytes }, (_req, body, done) => done(null, body));
  // Historical imports are larger than a JSON request: up to 200 MB of NDJSON per call.
  // A PAR Index criteria set as XLSX (src/modules/par-index/xlsx.ts): a small workbook.
  app.addContentTypeParser(PAR_XLSX, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(NDJSON, { parseAs: 'string', bodyLimit: 200 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    // Uploaded files may be previewed in a frame of our own desk page; nothing else may be framed.
    const framable = request.url.startsWith('/api/uploads/');
    reply.header('x-frame-options', framable ? 'SAMEORIGIN' : 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
    reply.header('content-security-policy', `default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; media-src 'self' blob:; frame-ancestors ${framable ? "'self'" : "'none'"}; base-uri 'none'; form-action 'self'`);
    if (servedOverHttps(ctx, request)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // Requests by route pattern (never the raw URL: ids would make a series per dossier) and status class.
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: statusClass(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  const sendProblem = (reply: import('fastify').FastifyReply, body: ProblemBody) =>
    reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));

  app.setErrorHandler((error, request, reply) => {
    const lang = pickLang(request.headers['accept-language']);
    const instance = request.url.split('?')[0];
    if (error instanceof DomainError) return sendProblem(reply, fromDomainError(error, lang, instance));
    if (error instanceof RequestValidationError) return sendProblem(reply, fromValidationError(error, lang, instance));
    const err = error as { statusCode?: number; code?: string; message?: string };
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known: Record<string, [string, { vi: string; en: string }]> = {
        FST_ERR_CTP_BODY_TOO_LARGE: ['body-too-large', { vi: 'Dữ liệu gửi lên vượt quá dung lượng cho phép.', en: 'The request body is too large.' }],
        FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported-media-type', { vi: 'Kiểu nội dung (Content-Type) không được hỗ trợ.', en: 'Unsupported Content-Type.' }],
        FST_ERR_CTP_EMPTY_JSON_BODY: ['empty-json-body', { vi: 'Thân yêu cầu JSON đang trống.', en: 'The JSON body is empty.' }],
        FST_ERR_CTP_INVALID_JSON_BODY: ['malformed-json', { vi: 'JSON không hợp lệ.', en: 'Malformed JSON.' }],
      };
      const [code, detail] = known[err.code ?? ''] ??
        (error instanceof SyntaxError
          ? ['malformed-json', { vi: 'JSON không hợp lệ.', en: 'Malformed JSON.' }]
          : ['bad-request', { vi: 'Yêu cầu không hợp lệ.', en: err.message ?? 'Bad request.' }]);
      return sendProblem(reply, problem(status, code, detail, lang, undefined, instance));
    }
    if (isStalePlan(error)) {
      // A migration changed a table under this server's prepared statements, and a transaction met
      // it first (src/platform/db/prepared-pool.ts). It was rolled back and the statement is prepared
      // afresh, so the same request succeeds when sent again.
      reply.header('retry-after', '1');
      return sendProblem(reply, problem(503, 'retry', { vi: 'Hệ thống vừa được cập nhật; yêu cầu chưa được thực hiện. Vui lòng gửi lại.', en: 'The system was just updated; nothing was done. Please send the request again.' }, lang, undefined, instance));
    }
    const conflict = problemOfDatabaseError(error);
    const logged = { err: error, route: request.routeOptions.url, code: (error as { code?: unknown }).code };
    if (conflict) {
      request.log.warn(logged, 'database refused a value');
      return sendProblem(reply, problem(conflict.status, conflict.code, conflict.detail, lang, undefined, instance));
    }
    request.log.error(logged, 'unhandled error');
    return sendProblem(reply, problem(500, 'internal-error', { vi: 'Lỗi hệ thống. Dữ liệu của bạn không bị thay đổi.', en: 'Internal error. Nothing was changed.' }, lang, undefined, instance));
  });

  app.setNotFoundHandler((request, reply) => {
    const lang = pickLang(request.headers['accept-language']);
    return sendProblem(reply, problem(404, 'route-not-found', { vi: `Không có đường dẫn ${request.method} ${request.url.split('?')[0]}.`, en: `No route ${request.method} ${request.url.split('?')[0]}.` }, lang));
  });

  const routes = options.routes ?? allRoutes();
  const checkResponses = options.checkResponses ?? process.env.MOTCUA_CHECK_RESPONSES === 'true';
  for (const route of routes.filter((r) => !r.rawBody?.stream)) registerRoute(app, ctx, route, checkResponses);
  // Uploads are read from the request stream by their handler (services/uploads.ts receiveUpload):
  // hashed as they arrive, refused as soon as they pass the limit, and never a whole-body buffer
  // built by the parser before authentication and the quota are checked.
  await app.register(async (streaming) => {
    streaming.removeContentTypeParser(UPLOAD_CONTENT_TYPES);
    streaming.addContentTypeParser(UPLOAD_CONTENT_TYPES, (_request, payload, done) => done(null, payload));
    for (const route of routes.filter((r) => r.rawBody?.stream)) registerRoute(streaming, ctx, route, checkResponses);
  });
  await app.ready();
  return app;
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<{ user: SessionUser | null; viaCookie: boolean }> {
  const bearer = bearerToken(request);
  if (bearer) return { user: await resolveToken(ctx, bearer), viaCookie: false };
  const cookie = cookieToken(request);
  if (cookie) return { user: await resolveToken(ctx, cookie), viaCookie: true };
  return { user: null, viaCookie: false };
}

/** A cookie-authenticated write must come from our own origin (CSRF), on top of SameSite=Strict. */
function crossSite(ctx: AppContext, request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin) {
    try {
      // Behind a proxy the Host header is the proxy's business: compare with the configured origin.
      const publicOrigin = ctx.config.publicOrigin;
      return publicOrigin ? new URL(origin).origin !== publicOrigin : new URL(origin).host !== request.headers.host;
    } catch {
      return true;
    }
  }
  return request.headers['sec-fetch-site'] === 'cross-site';
}

const unauthenticated = () => new DomainError('unauthenticated', 401, { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' });
const wrongRole = () => new DomainError('forbidden', 403, { vi: 'Vai trò của bạn không được dùng chức năng này.', en: 'Your role may not use this function.' });

/** A JSON answer (not a file, a page or a reply already sent) of a success, checked against the route's contract. */
function breachOfContract(route: AnyRoute, reply: FastifyReply, result: unknown): string[] {
  if (!route.response || reply.statusCode >= 300) return [];
  if (result === undefined || typeof result === 'string' || Buffer.isBuffer(result) || result instanceof Uint8Array || result instanceof Readable) return [];
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && !type.includes('json')) return [];
  return contractProblems(route.response, result);
}

function registerRoute(app: FastifyInstance, ctx: AppContext, route: AnyRoute, checkResponses: boolean) {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.rawBody ? { bodyLimit: route.rawBody.contentTypes.includes(NDJSON) ? 200 * 1024 * 1024 : ctx.config.maxUploadBytes } : {}),
    handler: async (request, reply) => {
      const lang: Lang = pickLang(request.headers['accept-language']);
      const { user, viaCookie } = await authenticate(ctx, request);
      if (route.access !== 'public') {
        if (!user) throw unauthenticated();
        if (route.access !== 'user' && !route.access.includes(user.role)) throw wrongRole();
        if (viaCookie && UNSAFE.has(route.method) && crossSite(ctx, request)) {
          throw new DomainError('cross-site-request', 403, { vi: 'Yêu cầu từ trang khác bị từ chối.', en: 'Cross-site request refused.' });
        }
      }
      const rawString = route.rawBody?.contentTypes.includes(NDJSON) && typeof request.body === 'string';
      const rawStream = route.rawBody?.stream && request.body instanceof Readable;
      if (route.rawBody && request.body !== undefined && !(request.body instanceof Uint8Array) && !rawString && !rawStream) {
        throw new DomainError('unsupported-media-type', 415, { vi: 'Gửi tệp dưới dạng nhị phân (application/octet-stream, application/pdf, image/png, image/jpeg).', en: 'Send the file as raw bytes (application/octet-stream, application/pdf, image/png, image/jpeg).' });
      }
      if (!route.rawBody && (Buffer.isBuffer(request.body) || (typeof request.body === 'string' && request.headers['content-type']?.startsWith(NDJSON)))) {
        throw new DomainError('unsupported-media-type', 415, { vi: 'Thân yêu cầu phải là JSON.', en: 'The request body must be JSON.' });
      }
      refuseBadCharacters([['params', request.params], ['query', request.query], ['body', request.body]]);
      const params = route.params ? parsePart(route.params, request.params, 'params') : request.params;
      const query = route.query ? parsePart(route.query, request.query, 'query') : {};
      const body = route.body ? parsePart(route.body, request.body, 'body') : undefined;
      // The request's own context: the shared one plus the request's id, for the audit log.
      const requestCtx: AppContext = { ...ctx, requestId: request.id };
      // The request's id reaches code that is not handed the request (dossier actions, outbox messages).
      const result = await requestScope.run({ requestId: request.id }, () => route.handler({ params, query, body, user, ctx: requestCtx, lang, request, reply }));
      if (reply.sent) return reply;
      if (checkResponses) {
        const problems = breachOfContract(route, reply, result);
        if (problems.length > 0) {
          // Loud on purpose: a test sees a 500 with the mismatches, and they are printed too.
          console.error(`response contract broken by ${route.method} ${route.url}:\n  ${problems.slice(0, 20).join('\n  ')}`);
          const body = problem(500, 'response-contract-broken', { vi: 'Câu trả lời không khớp hợp đồng của nó.', en: `The answer does not match its contract: ${problems.slice(0, 5).join('; ')}` }, 'en', undefined, request.url.split('?')[0]);
          return reply.code(500).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
        }
      }
      return result;
    },
  });
}
