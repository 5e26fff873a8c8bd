import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** One package of the workspace as its package.json says. */
export interface WorkspacePackage {
  name: string;
  version: string;
  private: boolean;
  /** Relative to the repository root, e.g. `packages/domain`. */
  dir: string;
  dependencies: Record<string, string>;
}

const GROUPS = ["apps", "packages", "tooling"];

/** Every package under apps/, packages/ and tooling/ of the repository at `root`. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of GROUPS) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const file = join(groupDir, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, "utf8")) as Partial<WorkspacePackage> & { name: string; version: string };
      found.push({
        name: json.name,
        version: json.version,
        private: json.private === true,
        dir: `${group}/${entry.name}`,
        dependencies: json.dependencies ?? {},
      });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The exact version the workspace catalog pins for `name`. */
export function catalogVersion(root: string, name: string): string {
  const workspace = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { catalog?: Record<string, string> };
  const version = workspace.catalog?.[name];
  if (!version) throw new Error(`pnpm-workspace.yaml has no catalog entry for ${name}`);
  return version;
}
