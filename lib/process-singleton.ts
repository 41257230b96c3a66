// Next.js bundles the instrumentation hook, the pages and actions, and the route handlers apart, so a module-level
// value exists once per bundle, several times in one server process. What must exist once per process (the database
// connection, the SMTP pool, the delivery pass in progress) is kept on globalThis under a name of its own.
export function processSingleton<T>(name: string, create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`drdivyasharma-clinic.${name}`);
  return (holder[key] ??= create());
}
