// Debian's nginx, started on 127.0.0.1 with a configuration of our own (never the system's) and stopped by its PID:
// deploy/nginx.conf for the production set-up, or a plain file server for the benchmark's physical limit.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./site";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const NGINX_PATH = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export interface RunningNginx {
  url: string;
  pid: number;
  /** The error log, for a failing test's message. */
  errors: () => string;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with its site-specific addresses (the lines it marks so) pointed at this machine; a test with one
 * site gives its port twice. Throws when a
 * line is no longer there, so the tests never quietly run a configuration other than the one we ship.
 */
export function deployConfig(options: { listenPort: number; nextPorts: [number, number]; cacheDir: string }): string {
  let config = fs.readFileSync(path.join(ROOT, "deploy/nginx.conf"), "utf8");
  const replacements: [RegExp, string][] = [
    [/server 127\.0\.0\.1:3000 /, `server 127.0.0.1:${options.nextPorts[0]} `],
    [/server 127\.0\.0\.1:3001 /, `server 127.0.0.1:${options.nextPorts[1]} `],
    [/proxy_cache_path \/var\/cache\/nginx\/clinic /, `proxy_cache_path ${options.cacheDir} `],
    [/listen 80;/, `listen 127.0.0.1:${options.listenPort};`],
    [/\/srv\/clinic\//g, `${ROOT}/`],
  ];
  for (const [line, replacement] of replacements) {
    if (!line.test(config)) throw new Error(`deploy/nginx.conf no longer has the line ${line}`);
    config = config.replace(line, replacement);
  }
  return config;
}

/** A plain file server for one directory: the fastest nginx can serve the prerendered pages. */
export function fileServerConfig(options: { listenPort: number; root: string }): string {
  return `server {
    listen 127.0.0.1:${options.listenPort};
    root ${options.root};
    location / { try_files $uri $uri.html =404; }
}
`;
}

/**
 * Starts nginx in the foreground with `site` (http-level directives, given the port and a temporary folder of its
 * own) inside the settings Debian's nginx.conf gives every site, so the file server and the deploy configuration are
 * measured on equal terms. `listenPort` when the site behind it must know its public address first.
 */
export async function startNginx(
  site: (listenPort: number, dir: string) => string,
  listenPort?: number,
): Promise<RunningNginx> {
  if (!fs.existsSync(NGINX_PATH)) {
    throw new Error(`nginx not found at ${NGINX_PATH}: install Debian's nginx (apt-get install nginx)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-nginx-"));
  const port = listenPort ?? (await freePort());
  const config = `
# Workers keep root's identity only when the test runs as root, so they can read the checkout and the temp folder.
${process.getuid?.() === 0 ? "user root;" : ""}
daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${site(port, dir)}
}
`;
  const configFile = path.join(dir, "nginx.conf");
  fs.writeFileSync(configFile, config);
  const check = spawnSync(NGINX_PATH, ["-t", "-q", "-p", dir, "-e", path.join(dir, "error.log"), "-c", configFile], {
    encoding: "utf8",
  });
  if (check.status !== 0) throw new Error(`nginx refused the configuration:\n${check.stderr}\n${config}`);

  const child: ChildProcess = spawn(NGINX_PATH, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", configFile], {
    stdio: "ignore",
  });
  const errors = () => (fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : "");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${errors()}`);
    try {
      await fetch(url, { method: "HEAD" });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`nginx did not answer within 10 s:\n${errors()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    url,
    pid: child.pid!,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        // SIGQUIT: the master finishes open requests, stops its workers, then exits.
        child.kill("SIGQUIT");
      }),
  };
}
