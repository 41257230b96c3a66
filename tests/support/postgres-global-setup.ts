// Vitest globalSetup: one PostgreSQL server for the whole run, stopped after it. Test files take its admin URL with
// `inject("postgresUrl")` and make a database of their own with `createDatabaseAt` from ./postgres.
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The superuser's URL of the run's PostgreSQL server. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
