#!/usr/bin/env bash
# npm test: unit tests (Vitest), then end-to-end tests (Playwright with Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
		echo "Chromium is missing; installing Debian's chromium (and a CJK font for screenshots)…"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
	else
		echo "End-to-end tests need Chromium at $CHROMIUM. Install it with:" >&2
		echo "  sudo apt-get install -y chromium fonts-wqy-microhei" >&2
		echo "(or set CHROMIUM_PATH to a Chromium binary)" >&2
		exit 1
	fi
fi

npx tsc --noEmit
npm run --silent build
npx vitest run
npx playwright test
