import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./run-command.js";

const FIXTURES = join(import.meta.dirname, "..", "consumer");

/** What the consumer's smoke script printed on its last line. */
export interface SmokeReport {
  ok: true;
  seen: Record<string, Record<string, unknown>>;
  versions: Record<string, string>;
}

/**
 * A project outside the repository that uses the published packages the way any other project
 * would: its own package.json and an .npmrc that routes the @tradekit scope to the registry named
 * by TRADEKIT_REGISTRY (expanded by npm at run time, so no address is written down) with the token
 * from TRADEKIT_REGISTRY_TOKEN; every other package comes from npm's ordinary registry.
 */
export class Consumer {
  constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Writes package.json, .npmrc, the smoke script and the typed consumer into `dir`. */
  static create(dir: string, registryUrl: string, env: NodeJS.ProcessEnv): Consumer {
    const host = new URL(registryUrl);
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "tradekit-consumer", private: true, type: "module" }, null, 2)}\n`,
    );
    // npm expands the placeholders when it reads the file.
    const npmrc = [
      `@tradekit:registry=\${TRADEKIT_REGISTRY}`,
      `//${host.host}${host.pathname}:_authToken=\${TRADEKIT_REGISTRY_TOKEN}`,
    ];
    writeFileSync(join(dir, ".npmrc"), `${npmrc.join("\n")}\n`);
    for (const file of ["smoke.mjs", "typed.ts", "tsconfig.json"]) copyFileSync(join(FIXTURES, file), join(dir, file));
    return new Consumer(dir, env);
  }

  /** `npm install` of the given specs (name@range), saved to package.json. */
  async install(specs: readonly string[]): Promise<void> {
    await this.#npm(["install", "--no-audit", "--no-fund", "--loglevel=error", "--fetch-timeout=60000", ...specs], 240_000);
  }

  /** The version of `name` npm put in node_modules. */
  installedVersion(name: string): string {
    return (JSON.parse(readFileSync(join(this.dir, "node_modules", name, "package.json"), "utf8")) as { version: string })
      .version;
  }

  /** Every version of `name` anywhere in the installed tree (`npm ls`, which also fails on an invalid tree). */
  async versionsInTree(name: string): Promise<string[]> {
    const { stdout } = await this.#npm(["ls", "--all", "--json", name], 60_000);
    const found = new Set<string>();
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> | undefined): void => {
      for (const [depName, dep] of Object.entries(deps ?? {})) {
        if (depName === name && dep.version) found.add(dep.version);
        walk(dep.dependencies as Record<string, { version?: string; dependencies?: object }> | undefined);
      }
    };
    walk((JSON.parse(stdout) as { dependencies?: Record<string, { version?: string; dependencies?: object }> }).dependencies);
    return [...found].sort();
  }

  /** Runs the smoke script with `env` added and returns what it reported. */
  async smoke(env: Record<string, string>): Promise<SmokeReport> {
    const { stdout } = await runCommand(process.execPath, ["smoke.mjs"], {
      cwd: this.dir,
      env: { ...this.env, ...env },
      timeoutMs: 120_000,
    });
    const last = stdout.trim().split("\n").at(-1) ?? "";
    return JSON.parse(last) as SmokeReport;
  }

  /** Type-checks typed.ts against the installed packages' published types. */
  async typecheck(): Promise<void> {
    await runCommand(process.execPath, [join(this.dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {
      cwd: this.dir,
      env: this.env,
      timeoutMs: 120_000,
    });
  }

  #npm(args: string[], timeoutMs: number) {
    return runCommand("npm", args, { cwd: this.dir, env: this.env, timeoutMs });
  }
}
