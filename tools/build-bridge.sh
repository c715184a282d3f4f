#!/usr/bin/env bash
# Builds the bridge Lambda: one minified CommonJS file for the Node.js 22 runtime, plus the
# validated fleet configuration next to it as JSON, zipped when `zip` is available.
# The AWS SDK v3 is left out (--external): the Lambda Node.js runtime provides it, and the
# bridge only loads it on demand (stackName lookups, API key in SSM).
#   bash tools/build-bridge.sh                      # bundles examples/fleet-config.yaml
#   FLEET_CONFIG=ops/fleet.yaml bash tools/build-bridge.sh
# Handler: index.handler. Output: dist/bridge/{index.js,fleet-config.json}, dist/bridge.zip
# (BRIDGE_OUT_DIR=DIR: DIR and DIR.zip instead; the CDK app in deploy/ builds through here).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BRIDGE_OUT_DIR:-dist/bridge}"
config="${FLEET_CONFIG:-examples/fleet-config.yaml}"
rm -rf "$out" "$out.zip"
mkdir -p "$out"

# Validate the configuration now: a bad file should fail the build, not the first event.
node -r @swc-node/register -e '
  const { loadFleetConfig } = require("./starters/fleet-config/load-fleet-config");
  const c = loadFleetConfig(process.argv[1]);
  require("node:fs").writeFileSync(process.argv[2], JSON.stringify(c, null, 2) + "\n");
  console.error(`fleet config ${process.argv[1]}: ${c.fleets.length} fleets, ${c.ecsPlans.length} ECS plans`);
' "$config" "$out/fleet-config.json"

npx esbuild starters/bridge/handler.ts \
  --bundle --minify --sourcemap=external \
  --platform=node --target=node22 --format=cjs \
  --legal-comments=none --log-level=warning \
  --external:@aws-sdk/* \
  --outfile="$out/index.js"

bytes=$(wc -c <"$out/index.js")
echo "bridge bundle: $out/index.js $((bytes / 1024)) KiB (handler index.handler)"
if command -v zip >/dev/null 2>&1; then
  (cd "$out" && zip -q -9 "../$(basename "$out").zip" index.js fleet-config.json)
  echo "bridge zip: $out.zip $(( $(wc -c <"$out.zip") / 1024 )) KiB"
else
  echo "zip not installed: zip dist/bridge/index.js and fleet-config.json yourself"
fi
