#!/usr/bin/env bash
# Fetches the rrweb player from the npm registry (versions pinned by package-lock.json) and puts
# its self-contained UMD bundle and CSS where the service finds them on its class path:
#   OUT/classes/player/rrweb-player.js, rrweb-player.css, LICENSE.rrweb-player
# Run by Maven (generate-resources) with OUT = the module's target directory. Skips npm when the
# lock file has not changed since the last run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build.sh TARGET_DIR}
work="$out/player-npm"
assets="$out/classes/player"
command -v npm >/dev/null || { echo "build.sh: npm is needed to build the player (Debian: apt-get install npm)" >&2; exit 1; }
mkdir -p "$work" "$assets"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/rrweb-player" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
dist="$work/node_modules/rrweb-player/dist"
cp "$dist/rrweb-player.umd.min.cjs" "$assets/rrweb-player.js"
cp "$dist/style.min.css" "$assets/rrweb-player.css"
cp "$work/node_modules/rrweb-player/LICENSE" "$assets/LICENSE.rrweb-player" 2>/dev/null \
  || echo "rrweb-player (npm): MIT licence, copyright the rrweb authors" > "$assets/LICENSE.rrweb-player"
