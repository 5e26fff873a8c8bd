import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** One published version as the registry serves it. */
export interface PublishedVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dist: { tarball: string };
}

/** A package document: every version and the dist-tags. */
export interface PackageDocument {
  "dist-tags": Record<string, string>;
  versions: Record<string, PublishedVersion>;
}

/** Reads the registry as a consumer would, with the token it was given. */
export class RegistryClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** The package document, or null when the registry does not have the package (404). */
  async document(name: string): Promise<PackageDocument | null> {
    const response = await fetch(`${this.url}${name.replace("/", "%2f")}`, { headers: this.#headers() });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET ${name} from ${this.url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as PackageDocument;
  }

  /** The paths inside a version's tarball (without the leading `package/`). */
  async tarballFiles(version: PublishedVersion, scratchDir: string): Promise<string[]> {
    const response = await fetch(version.dist.tarball, { headers: this.#headers() });
    if (!response.ok) throw new Error(`GET ${version.dist.tarball}: ${response.status}`);
    const file = join(scratchDir, `${version.name.replace("/", "-")}-${version.version}.tgz`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    return execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ""));
  }

  #headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, accept: "application/json" };
  }
}
