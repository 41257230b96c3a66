// Preload (NODE_OPTIONS="--require <this file>") that appends one JSON line to $ARTICLE_READS_LOG for every read of
// a file in content/articles/, from whichever process reads it: NODE_OPTIONS reaches the workers next build forks.
// { pid, op: "start", argv } when a process starts; { pid, op, file, site } for a read, where `site` says the site's
// compiled server code (.next/server) made it: lib/articles.ts renders a file each time it reads one.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { syncBuiltinESMExports } = require("node:module");

const log = process.env.ARTICLE_READS_LOG;
const articlesFolder = `${path.sep}content${path.sep}articles${path.sep}`;
const siteCode = `${path.sep}.next${path.sep}server${path.sep}`;
const { appendFileSync } = fs;

function append(entry) {
  appendFileSync(log, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
}

// readFileSync may open the file through fs.openSync itself; a read is logged once, by the outermost call.
let depth = 0;

function record(op, target) {
  if (depth > 1) return;
  if (typeof target !== "string" && !(target instanceof URL) && !Buffer.isBuffer(target)) return;
  const file = path.resolve(target instanceof URL ? target.pathname : String(target));
  if (!file.includes(articlesFolder)) return;
  append({ op, file, site: (new Error().stack ?? "").includes(siteCode) });
}

function wrap(owner, name, op) {
  const original = owner[name];
  owner[name] = function (target, ...rest) {
    depth++;
    try {
      record(op, target);
      return original.call(this, target, ...rest);
    } finally {
      depth--;
    }
  };
}

if (log) {
  for (const name of ["readFileSync", "readFile", "openSync", "open", "createReadStream"]) wrap(fs, name, name);
  for (const name of ["readFile", "open"]) wrap(fs.promises, name, `promises.${name}`);
  // So that ES modules importing these functions by name from "node:fs" get the wrapped ones too.
  syncBuiltinESMExports();
  append({ op: "start", argv: process.argv.slice(1).join(" ") });
}
