/**
 * Routes are declared as data: method, path, who may call, zod schemas for each part, handler. The
 * same table registers Fastify routes, generates the OpenAPI document and drives the permission tests.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../../kernel/roles.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../../modules/identity/auth.ts';
import type { Lang } from './problem.ts';
import type { ErrorStatus } from '../../kernel/errors.ts';

/** 'public': anyone; 'user': any logged-in user; a role list: only those roles. */
export type Access = 'public' | 'user' | readonly Role[];

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: SessionUser | null;
  ctx: AppContext;
  lang: Lang;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify syntax: /api/dossiers/:code */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Body is raw bytes (uploads): no JSON schema. */
  rawBody?: {
    contentTypes: string[];
    description: string;
    /** The handler gets the request stream itself (request.body is a Readable) and enforces the size limit while reading it. */
    stream?: boolean;
  };
  /** Success status and description for the OpenAPI document. */
  success?: { status: number; description: string; contentType?: string };
  /** OpenAPI operationId; by default derived from method and path (src/platform/http/openapi.ts). */
  operationId?: string;
  /** Error statuses this route answers beyond those derived from access, method and schemas (e.g. 429, 423). */
  problems?: readonly ErrorStatus[];
  handler: (input: RouteInput<P, Q, B>) => Promise<unknown>;
}

// Each route's types are checked where it is declared; the table itself holds them erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

export const defineRoute = <P, Q, B>(spec: RouteSpec<P, Q, B>): AnyRoute => spec;
