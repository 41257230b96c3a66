import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Unit, component and integration suites. The end-to-end suite has its own config (tests/e2e/vitest.config.mts)
// because it needs the production build.
export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", environment: "node", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "component", environment: "jsdom", include: ["tests/component/**/*.test.tsx"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          // One PostgreSQL server for the run, so that the store's tests hold on both engines.
          globalSetup: ["tests/support/postgres-global-setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
