#!/usr/bin/env bash
# npm test: unit tests (Vitest), then end-to-end tests (Playwright with Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium-headless-shell (the same Chromium build, in the lighter "old headless" mode
# Playwright itself uses for headless runs) takes about half the CPU of the full browser: the
# end-to-end suite ran in 8 minutes instead of 16 on our 2-core machine. The full browser
# (/usr/bin/chromium) works too. CHROMIUM_PATH overrides both.
SHELL_BIN=/usr/bin/chromium-headless-shell
FULL_BIN=/usr/bin/chromium
if [ -z "${CHROMIUM_PATH:-}" ]; then
	if [ ! -x "$SHELL_BIN" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
		echo "Installing Debian's chromium-headless-shell (and a CJK font for screenshots) for the end-to-end tests…"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell fonts-wqy-microhei >/dev/null || true
	fi
	if [ -x "$SHELL_BIN" ]; then
		export CHROMIUM_PATH="$SHELL_BIN"
	elif [ -x "$FULL_BIN" ]; then
		export CHROMIUM_PATH="$FULL_BIN"
		echo "Using $FULL_BIN; 'sudo apt-get install -y chromium-headless-shell' would make the end-to-end tests about twice as fast."
	else
		echo "End-to-end tests need Debian's Chromium. Install it with:" >&2
		echo "  sudo apt-get install -y chromium-headless-shell fonts-wqy-microhei" >&2
		echo "(or the full browser, 'chromium'; or set CHROMIUM_PATH to a Chromium binary)" >&2
		exit 1
	fi
elif [ ! -x "$CHROMIUM_PATH" ]; then
	echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable." >&2
	exit 1
fi

npx tsc --noEmit
npm run --silent build
npx vitest run
npx playwright test
