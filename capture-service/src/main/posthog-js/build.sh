#!/usr/bin/env bash
# Fetches posthog-js from the npm registry (version pinned by package-lock.json) and puts its
# browser scripts where capture serves them from its class path (PostHogScriptsResource):
#   OUT/classes/posthog-js/<name>.js, OUT/classes/posthog-js/VERSION, LICENSE.posthog-js
# posthog-js loads its recorder and other extensions from api_host /static/; serving them here
# keeps recording pages free of any CDN. Run by Maven (generate-resources) with OUT = the
# module's target directory. Skips npm when the lock file has not changed since the last run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build.sh TARGET_DIR}
work="$out/posthog-js-npm"
assets="$out/classes/posthog-js"
command -v npm >/dev/null || { echo "build.sh: npm is needed to build capture (Debian: apt-get install npm)" >&2; exit 1; }
mkdir -p "$work" "$assets"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/posthog-js" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts)
fi
package="$work/node_modules/posthog-js"
cp "$package"/dist/*.js "$assets/"
node -p "require('$package/package.json').version" > "$assets/VERSION"
cp "$package/LICENSE" "$assets/LICENSE.posthog-js" 2>/dev/null \
  || echo "posthog-js (npm): MIT licence, copyright PostHog Inc." > "$assets/LICENSE.posthog-js"
