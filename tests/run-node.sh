#!/bin/sh
# run-node.sh SCRIPT - runs a node.js test (TAP). Without node it fails with
# one clear TAP failure instead of a shell's "not found".
if [ -z "${NODE:-}" ] || [ "$NODE" = no ]; then
    echo "1..1"
    echo "not ok 1 - $1: node.js not found (install nodejs: ./quickstart deps)"
    exit 1
fi
exec "$NODE" "$@"
