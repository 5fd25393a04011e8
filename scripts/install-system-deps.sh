#!/usr/bin/env bash
# Installs the system packages Reader needs on Linux, when they are missing: the
# libraries the installed PySide6's Qt links against (read off its libraries and platform
# plugins with ldd, so the list follows the Qt release instead of being kept by hand)
# and fonts, a CJK one included, so Korean, Chinese and Japanese pages do not show boxes.
#
# Usage: scripts/install-system-deps.sh [--gui] [--python PATH]
#   --gui      also what a desktop window needs (the xcb platform plugin), not only the
#              offscreen one the tests use
#   --python   the Python whose PySide6 to read (default: .venv/bin/python, else python3)
# Idempotent, and fast when nothing is missing (a few ldd calls, no network).
set -euo pipefail

gui=0
python=""
while [ $# -gt 0 ]; do
  case "$1" in
    --gui) gui=1 ;;
    --python) python="$2"; shift ;;
    *) echo "usage: $0 [--gui] [--python PATH]" >&2; exit 2 ;;
  esac
  shift
done

# --- Test tools (the export engineer's block; kept apart from the Qt part below, and
# before it because that part ends the script early when nothing is missing).
# epubcheck, the W3C EPUB checker, checks the EPUB export in tests/unit/test_export_epub.py:
# installed for the test run (without --gui, as the README's test command and .ci/run
# call this script) and whenever CI=true.  Idempotent; no network when it is there.
if [ "$(uname -s)" = "Linux" ] && { [ "$gui" -eq 0 ] || [ "${CI:-}" = "true" ]; }; then
  if ! command -v epubcheck >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    if command -v apt-get >/dev/null; then
      sudo_cmd=""
      [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq epubcheck >/dev/null
      echo "install-system-deps: installed epubcheck (for the tests)" >&2
    else
      echo "install-system-deps: epubcheck is missing; install it to check the EPUB export" >&2
    fi
  fi
fi
# --- end of the test tools

[ "$(uname -s)" = "Linux" ] || exit 0
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$python" ]; then
  if [ -x "$here/.venv/bin/python" ]; then python="$here/.venv/bin/python"; else python=python3; fi
fi
pyside=$("$python" -c 'import importlib.util as u; s = u.find_spec("PySide6"); print(s.submodule_search_locations[0] if s else "")' 2>/dev/null || true)
if [ -z "$pyside" ]; then
  echo "install-system-deps: PySide6 is not installed for $python; install Reader first (pip install -e .)" >&2
  exit 1
fi

# What Qt loads: its core libraries, the widgets module, the platform plugins used.
targets=("$pyside"/Qt/lib/libQt6Core.so* "$pyside"/Qt/lib/libQt6Gui.so* "$pyside"/Qt/lib/libQt6Widgets.so*
         "$pyside"/QtWidgets*.so "$pyside"/Qt/plugins/platforms/libqoffscreen.so)
[ "$gui" -eq 1 ] && targets+=("$pyside"/Qt/plugins/platforms/libqxcb.so)

missing_libs() {
  for t in "${targets[@]}"; do
    [ -e "$t" ] && ldd "$t" 2>/dev/null | awk '/=> not found/ {print $1}'
  done | sort -u
}

need_fonts() {
  command -v fc-list >/dev/null || { echo fontconfig; return; }
  [ -n "$(fc-list 2>/dev/null | head -n 1)" ] || echo fonts-dejavu-core
  [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || echo fonts-noto-cjk
}

mapfile -t libs < <(missing_libs)
mapfile -t fonts < <(need_fonts)
[ ${#libs[@]} -eq 0 ] && [ ${#fonts[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Reader's Qt needs these system libraries: ${libs[*]:-none}; fonts: ${fonts[*]:-ok}." >&2
  echo "Install them with your package manager (on Fedora: sudo dnf install qt6-qtbase-gui google-noto-sans-cjk-fonts), then run again." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-system-deps: missing ${libs[*]:-} ${fonts[*]:-}; installing with apt-get" >&2
$SUDO apt-get update -qq

# A library's Debian package, by Debian's naming rule (libfoo.so.1 -> libfoo1,
# libfoo-2.so.3 -> libfoo-2-3, libglib-2.0.so.0 -> libglib2.0-0), the 64-bit-time "t64"
# variants included; apt-file, when present, for anything the rule does not name.
package_of() {
  local so="$1" base ver candidates=() c name policy
  base=$(echo "${so%%.so*}" | tr '[:upper:]_' '[:lower:]-')
  ver=${so##*.so.}; ver=${ver%%.*}
  if [[ $base =~ [0-9]$ ]]; then candidates+=("$base-$ver"); else candidates+=("$base$ver"); fi
  candidates+=("${base/-/}-$ver" "${base}${ver}b")
  [[ $base == libg*-2.0 ]] && candidates+=(libglib2.0-0)
  for c in "${candidates[@]}"; do
    for name in "$c" "${c}t64"; do
      policy=$(apt-cache policy "$name" 2>/dev/null)  # not piped into grep -q: pipefail
      if [[ $policy == *"Candidate: "[0-9a-z]* ]]; then
        echo "$name"; return 0
      fi
    done
  done
  if command -v apt-file >/dev/null; then
    apt-file search -l "/$so" 2>/dev/null | head -n 1 && return 0
  fi
  echo "install-system-deps: no Debian package found for $so" >&2
  return 1
}

pkgs=("${fonts[@]}")
for lib in "${libs[@]}"; do
  pkgs+=("$(package_of "$lib")") || exit 1
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null

mapfile -t still < <(missing_libs)
if [ ${#still[@]} -gt 0 ]; then
  echo "install-system-deps: still missing after install: ${still[*]}" >&2
  exit 1
fi
echo "install-system-deps: installed ${pkgs[*]}" >&2
