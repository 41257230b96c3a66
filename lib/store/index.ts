// The server's one request store, opened on first use from DATABASE_PATH.
import { getConfig } from "../config";
import type { RequestStore } from "./request-store";
import { openSqliteStore } from "./sqlite-store";

let store: RequestStore | undefined;

export function getRequestStore(): RequestStore {
  store ??= openSqliteStore(getConfig().databasePath);
  return store;
}
