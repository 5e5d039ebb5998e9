#!/usr/bin/env bash
# Installs the packed tarballs into a fresh project on a machine with no libhdf5, no compiler and none of
# the libraries the prebuilt bundles, then runs consumer.mjs with them. Run as root under `unshare -m`
# (prebuilt-sandbox.test.ts does): the bind mounts below exist only in this private mount namespace.
#   sandbox.sh <work dir> <core.tgz> <hdf5-node.tgz> <model.h5> <model.json> <hdf5-js.tgz>
set -euo pipefail
work=$1 core=$2 addon=$3 model=$4 truth=$5 js=$6
here=$(cd "$(dirname "$0")" && pwd)

mount --make-rprivate /
empty=$(mktemp -d)
lib=/usr/lib/x86_64-linux-gnu
hidden=()
# libhdf5-dev and its runtime: headers, the hdf5/ tree, pkg-config files, every libhdf5 file (a regular
# file is covered by /dev/null, which no loader accepts); libsz/libaec and zlib, which the prebuilt
# bundles; libcurl and libcrypto, which it drops.
for dir in /usr/include/hdf5 "$lib/hdf5"; do
  if [ -d "$dir" ]; then mount --bind "$empty" "$dir"; hidden+=("$dir"); fi
done
for file in "$lib"/libhdf5* "$lib"/pkgconfig/hdf5* "$lib"/libsz.* "$lib"/libaec.* "$lib"/libz.* "$lib"/libcurl* \
  "$lib"/libcrypto.*; do
  if [ -f "$file" ] && [ ! -L "$file" ]; then mount --bind /dev/null "$file"; hidden+=("$file"); fi
done
# No compiler: gcc, g++, cc, c++ and make all fail.
for tool in gcc g++ cc c++ make; do
  path=$(command -v "$tool" || true)
  if [ -n "$path" ]; then mount --bind /bin/false "$(readlink -f "$path")"; hidden+=("$path"); fi
done
if pkg-config --exists hdf5-serial 2>/dev/null || pkg-config --exists hdf5 2>/dev/null; then
  echo "libhdf5 is still visible to pkg-config" >&2; exit 1
fi
if g++ --version >/dev/null 2>&1; then echo "g++ still works" >&2; exit 1; fi

mkdir -p "$work/app"
cd "$work/app"
# allowScripts: npm 11 lets dependency install scripts run only when the project lists them.
cat > package.json <<'JSON'
{ "name": "prebuilt-consumer", "version": "1.0.0", "private": true, "type": "module",
  "allowScripts": { "@icepickle/hdf5-node": true } }
JSON
cp "$here/consumer.mjs" "$model" "$truth" .
# --foreground-scripts: the install script's one line goes to install.log (npm hides it otherwise).
npm install --no-audit --no-fund --prefer-offline --foreground-scripts "$core" "$js" "$addon" > install.log 2>&1 || { cat install.log >&2; exit 1; }
# Neither the prebuilt (refused on purpose) nor a source build (no libhdf5): the script's one line, exit 0.
ICEPICKLE_HDF5_NODE_FROM_SOURCE=1 node node_modules/@icepickle/hdf5-node/scripts/install.mjs > fallback.log 2>&1
# LD_BIND_NOW: every symbol of every bundled library resolves at load, with libcurl and libcrypto hidden.
LD_BIND_NOW=1 node consumer.mjs "$(basename "$model")" "$(basename "$truth")" "$(printf '%s\n' "${hidden[@]}" | wc -l)"
