/** OpenAPI 3.1 generated from the route table: the same zod schemas that validate requests. */
import { z } from 'zod';
import { Problem } from '../contracts/common.ts';
import { ActionBodies } from '../contracts/dossiers.ts';
import type { AnyRoute } from './route.ts';

const toSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

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

export function buildOpenApi(routes: AnyRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const problemRef = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    const success = r.success ?? { status: 200, description: 'OK' };
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [success.status]: { description: success.description, content: { [success.contentType ?? 'application/json']: {} } },
        default: { description: 'Error (RFC 9457)', content: problemRef },
      },
    };
    if (r.access !== 'public') op.security = [{ bearer: [] }, { cookie: [] }];
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
        content: { 'application/json': { schema: { oneOf: Object.keys(ActionBodies).map((a) => ({ $ref: `#/components/schemas/Action_${a}` })) } } },
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
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'motcua_session' },
      },
      schemas: {
        Problem: toSchema(Problem),
        ...Object.fromEntries(Object.entries(ActionBodies).map(([a, s]) => [`Action_${a}`, toSchema(s as z.ZodType)])),
      },
    },
  };
}
