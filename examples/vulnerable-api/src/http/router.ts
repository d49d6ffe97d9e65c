import type { RouteDef } from './route.types.js';

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Path templates to regexes; `{name}` matches one segment. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly RouteDef[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) =>
          segment.replace(/\{([^}]+)\}|[^{}]+/g, (part, name?: string) => {
            if (name) {
              names.push(name);
              return '([^/]+)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          }),
        )
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /** HEAD is served by the GET route, as HTTP allows. */
  match(method: string, path: string): RouteMatch | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== wanted) continue;
      const found = pattern.exec(path);
      if (found) {
        const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
        return { route, params };
      }
    }
    return undefined;
  }

  /** Methods served on a path (for 405 and the Allow header). */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const { route, pattern } of this.compiled) if (pattern.test(path)) methods.add(route.method);
    if (methods.has('GET')) methods.add('HEAD');
    if (methods.size > 0) methods.add('OPTIONS');
    return [...methods];
  }
}
