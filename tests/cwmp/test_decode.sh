#!/bin/sh
# test_decode.sh - cwmp2usp-decode soap: fixtures print as the right JSON,
# bad input exits non-zero with a clear message. Prints TAP.
#
# JSON is checked with node when $NODE is set (configure found it),
# otherwise with grep on the pretty-printed output.

top_src=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${abs_top_builddir:-.}
DECODE="$top_build/proxy/cwmp2usp-decode"
FIX="$top_src/tests/cwmp/fixtures"
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
have_node() { [ -n "$NODE" ] && [ "$NODE" != no ] && command -v "$NODE" >/dev/null 2>&1; }

# json_check FILE JS-EXPRESSION GREP-PATTERN...: with node the expression
# (over j, the parsed JSON) must be true; without, every pattern must match.
json_check() {
    file=$1; expr=$2; shift 2
    if have_node; then
        "$NODE" -e "const j = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
                    process.exit(($expr) ? 0 : 1);" "$file"
        return $?
    fi
    for pat in "$@"; do
        grep -q -- "$pat" "$file" || return 1
    done
    return 0
}

echo "1..9"

# 1: a TR-181 Inform, field by field
if "$DECODE" soap "$FIX/inform_tr181_cwmp12.xml" >"$TMP/inform.json" 2>"$TMP/err" &&
    json_check "$TMP/inform.json" \
        "j.type === 'Inform' && j.cwmp_version === '1.2' && j.header.ID === 'cpe-5f3a1c' &&
         j.body.DeviceId.OUI === 'A0B549' && j.body.Event.length === 2 &&
         j.body.Event[1].EventCode === '4 VALUE CHANGE' && j.body.RetryCount === 2 &&
         j.body.ParameterList.length === 24 &&
         j.body.ParameterList[4].Type === 'xsd:unsignedInt' &&
         j.body.ParameterList[4].Value === '864012' &&
         j.body.ParameterList[20].Value === 'Home & Garden <5G>'" \
        '"type": "Inform"' '"ID": "cpe-5f3a1c"' '"OUI": "A0B549"' '"Type": "xsd:unsignedInt"' \
        '"Value": "Home & Garden <5G>"'; then
    ok "Inform decodes to JSON with header, DeviceId, events and typed parameters"
else
    not_ok "Inform decodes to JSON with header, DeviceId, events and typed parameters"
fi

# 2: a Fault with SetParameterValuesFault entries
if "$DECODE" soap "$FIX/fault_spv.xml" >"$TMP/fault.json" 2>"$TMP/err" &&
    json_check "$TMP/fault.json" \
        "j.type === 'Fault' && j.body.faultcode === 'Client' && j.body.FaultCode === 9003 &&
         j.body.SetParameterValuesFault.length === 2 &&
         j.body.SetParameterValuesFault[1].FaultCode === 9008" \
        '"type": "Fault"' '"FaultCode": 9003' '"FaultCode": 9008' '"ParameterName": "Device.WiFi.SSID.1.SSID"'; then
    ok "Fault with SetParameterValuesFault list decodes"
else
    not_ok "Fault with SetParameterValuesFault list decodes"
fi

# 3: ChangeDUState operations keep their variant
if "$DECODE" soap "$FIX/change_du_state.xml" >"$TMP/cds.json" 2>"$TMP/err" &&
    json_check "$TMP/cds.json" \
        "j.body.Operations.length === 3 && j.body.Operations[0].Type === 'InstallOpStruct' &&
         j.body.Operations[1].Type === 'UpdateOpStruct' && j.body.Operations[1].Version === '1.0' &&
         j.body.Operations[2].Type === 'UninstallOpStruct' && j.body.CommandKey === 'du-batch-12'" \
        '"Type": "InstallOpStruct"' '"Type": "UpdateOpStruct"' '"Type": "UninstallOpStruct"'; then
    ok "ChangeDUState operations decode with their variant"
else
    not_ok "ChangeDUState operations decode with their variant"
fi

# 4: every good fixture decodes to JSON naming its type
bad=""
count=0
for f in "$FIX"/*.xml; do
    case $(basename "$f") in bad_*) continue ;; esac
    count=$((count + 1))
    if ! "$DECODE" soap "$f" >"$TMP/one.json" 2>"$TMP/err" ||
        ! json_check "$TMP/one.json" "typeof j.type === 'string' && typeof j.body === 'object'" '"type": "'; then
        bad="$bad $(basename "$f")"
    fi
done
if [ -z "$bad" ] && [ "$count" -gt 40 ]; then
    ok "all $count good fixtures decode"
else
    not_ok "good fixtures decode (failed:$bad; count $count)"
fi

# 5: stdin works
if "$DECODE" soap - <"$FIX/reboot.xml" >"$TMP/reboot.json" 2>"$TMP/err" &&
    json_check "$TMP/reboot.json" "j.type === 'Reboot' && j.body.CommandKey === 'reboot-7781'" \
        '"CommandKey": "reboot-7781"'; then
    ok "reads stdin for -"
else
    not_ok "reads stdin for -"
fi

# 6: an XXE document is refused with a clear message
if "$DECODE" soap "$FIX/bad_xxe.xml" >"$TMP/out" 2>"$TMP/err"; then
    not_ok "XXE document refused (exit 0)"
elif grep -q "bad_xxe.xml: not a valid CWMP message: DOCTYPE not allowed" "$TMP/err" && [ ! -s "$TMP/out" ]; then
    ok "XXE document refused with a clear message"
else
    not_ok "XXE document refused with a clear message: $(cat "$TMP/err")"
fi

# 7: garbage and a missing file give non-zero and say why
"$DECODE" soap "$FIX/bad_garbage.bin" >/dev/null 2>"$TMP/err1"
rc1=$?
"$DECODE" soap "$TMP/does-not-exist.xml" >/dev/null 2>"$TMP/err2"
rc2=$?
if [ $rc1 -ne 0 ] && grep -q "XML error at line 1" "$TMP/err1" &&
    [ $rc2 -ne 0 ] && grep -q "does-not-exist.xml: No such file" "$TMP/err2"; then
    ok "garbage and missing file exit non-zero with a message"
else
    not_ok "garbage and missing file exit non-zero with a message ($rc1 $rc2)"
fi

# 8: usage names both subcommands
"$DECODE" >/dev/null 2>"$TMP/usage"
rc=$?
if [ $rc -eq 2 ] && grep -q "cwmp2usp-decode soap FILE" "$TMP/usage" &&
    grep -q "cwmp2usp-decode usp FILE" "$TMP/usage"; then
    ok "usage names the soap and usp subcommands"
else
    not_ok "usage names the soap and usp subcommands (rc $rc)"
fi

# 9: an unknown subcommand is refused
if "$DECODE" xml "$FIX/reboot.xml" >/dev/null 2>"$TMP/err"; then
    not_ok "unknown subcommand refused"
elif grep -q "unknown subcommand 'xml'" "$TMP/err"; then
    ok "unknown subcommand refused"
else
    not_ok "unknown subcommand refused with a message"
fi

exit $failed
