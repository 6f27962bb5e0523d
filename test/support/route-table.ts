/**
 * The route table of a running Nest app, read from the controllers' own metadata
 * (path, method, @RequireRoles), so a test can walk every route the app serves.
 */
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ROLES_METADATA, type ApiRole } from '@tsunagu/platform';

export interface RouteEntry {
  readonly method: string;
  /** `/a/:id/b` */
  readonly path: string;
  /** null: public (no @RequireRoles) */
  readonly roles: readonly ApiRole[] | null;
  readonly controller: string;
}

const join = (...parts: Array<string | string[] | undefined>): string =>
  `/${parts.flatMap((p) => (Array.isArray(p) ? p.slice(0, 1) : p ? [p] : [])).map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

export function routeTable(app: INestApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!cls || seen.has(cls)) continue;
      seen.add(cls);
      const base = Reflect.getMetadata(PATH_METADATA, cls) as string | string[] | undefined;
      const classRoles = Reflect.getMetadata(ROLES_METADATA, cls) as ApiRole[] | undefined;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const roles = (Reflect.getMetadata(ROLES_METADATA, handler) as ApiRole[] | undefined) ?? classRoles ?? null;
        routes.push({ method: RequestMethod[method], path: join(base, path), roles, controller: cls.name });
      }
    }
  }
  return routes;
}

/** A concrete URL for a route: each `:param` filled with a value no record has. */
export function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (/id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : `no-such-${name}`));
}
