#!/usr/bin/env bash
# Installs the system libraries Qt (PySide6) loads, when they are missing.
# Desktops have them already; minimal Linux machines and containers may not.
# Usage: scripts/install-system-deps.sh [--gui] [--tests]   (--gui: also what a real X11 window
# needs; --tests, or CI=true: also the test tools, see the end)
set -euo pipefail

need_libs=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0)
need_pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--gui" ]; then
  need_libs+=(libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1)
  need_pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0)
fi

[ "$(uname -s)" = "Linux" ] || exit 0
missing=()
for lib in "${need_libs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
if [ ${#missing[@]} -gt 0 ]; then  # (not an exit: the test tools below still run)
echo "Qt needs these system libraries: ${missing[*]}" >&2
if ! command -v apt-get >/dev/null; then
  echo "Install them with your package manager, then run again." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}"
fi

# --- Test tools: epubcheck (the W3C EPUB checker) checks the EPUB export in
# tests/unit/test_export_epub.py.  For the test run only (CI=true, or --tests);
# idempotent, and quick when it is there already.  Debian/Ubuntu package: epubcheck.
if [ "${CI:-}" = "true" ] || [[ " $* " == *" --tests "* ]]; then
  if ! command -v epubcheck >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    if command -v apt-get >/dev/null; then
      SUDO=""
      [ "$(id -u)" -eq 0 ] || SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq epubcheck
    else
      echo "epubcheck is missing: install it to check the EPUB export in the tests" >&2
    fi
  fi
fi
