// What pnpm, turbo and vitest set for their own children, which must not reach the commands of the
// release flow: npm_config_* would carry the outer pnpm's settings into the inner one, TURBO_* the
// outer run into the inner turbo, NODE_ENV=test the test runner's mode, TRADEKIT_REGISTRY* a
// developer's real registry. npm's own registry, cache and user config stay: they may name the
// mirror this machine installs third-party packages from.
const KEEP = /^npm_config_(registry|cache|userconfig)$/i;
const DROP = /^(npm_|pnpm_config_|pnpm_script_|turbo_|vitest|__vitest|tradekit_registry|node_env$|node_options$|init_cwd$)/i;

/**
 * The environment for a command of the release flow: this process's without the variables above,
 * with git reading no user or system config (no hooks, no signing) and committing under a fixed
 * identity, plus `extra`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || (DROP.test(key) && !KEEP.test(key))) continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "release test",
    GIT_AUTHOR_EMAIL: "release-test@localhost",
    GIT_COMMITTER_NAME: "release test",
    GIT_COMMITTER_EMAIL: "release-test@localhost",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    ...extra,
  };
}
