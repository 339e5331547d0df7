#!/bin/sh
# test_decode_usp.sh - cwmp2usp-decode usp: real encoded Records (the seed
# corpus of fuzz_usp_record, written by usp_interop_tool) print as the
# right JSON; bad input exits non-zero with a clear message. Prints TAP.
#
# JSON is checked with node when $NODE is set, otherwise with grep.

top_src=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${abs_top_builddir:-.}
DECODE="$top_build/proxy/cwmp2usp-decode"
REC="$top_src/tests/fuzz/corpus/fuzz_usp_record"
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
have_node() { [ -n "$NODE" ] && [ "$NODE" != no ] && command -v "$NODE" >/dev/null 2>&1; }

# json_check FILE JS-EXPRESSION GREP-PATTERN...
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

# check NAME FILE EXPR PATTERN...: decode FILE and check its JSON
check() {
    name=$1; file=$2; shift 2
    if "$DECODE" usp "$REC/$file" >"$TMP/$file.json" 2>"$TMP/err" &&
        json_check "$TMP/$file.json" "$@"; then
        ok "$name"
    else
        not_ok "$name"
        sed 's/^/# /' "$TMP/err" "$TMP/$file.json" 2>/dev/null | head -40
    fi
}

echo "1..7"

check "GetResp record and message" getresp \
    "j.record.version === '1.4' && j.record.from_id === 'os::00D09E-SN42' &&
     j.msg.header.msg_type === 'GET_RESP' && j.msg_check === 'ok' &&
     j.msg.body.response.get_resp.req_path_results[0].resolved_path_results[0].result_params.Manufacturer === 'ACME' &&
     j.msg.body.response.get_resp.req_path_results[1].err_code === 7026" \
    '"msg_type":"GET_RESP"' '"Manufacturer":"ACME"' '"err_code":7026'

check "Notify Boot! event" notify_boot \
    "j.msg.body.request.notify.event.event_name === 'Boot!' &&
     j.msg.body.request.notify.event.params.Cause === 'LocalReboot' &&
     j.msg.body.request.notify.send_resp === true" \
    '"event_name":"Boot!"' '"Cause":"LocalReboot"'

check "Set request with parameter settings" req_set \
    "j.msg.body.request.set.update_objs[0].param_settings[0].value === 'guest' &&
     j.msg.body.request.set.allow_partial === true" \
    '"value":"guest"' '"allow_partial":true'

check "MQTTConnect record" mqtt_connect \
    "j.record.mqtt_connect.version === 'V5' && j.msg === undefined" \
    '"version":"V5"'

check "SessionContext record with uint64 ids" req_session_context \
    "j.record.session_context.session_id === 7 && j.record.session_context.payload[0] === '78'" \
    '"session_id":7'

check "a malformed Msg is shown with the reason libusp rejects it" bad_type_mismatch \
    "j.msg.header.msg_type === 'SET' && /^7004: /.test(j.msg_check)" \
    '"msg_check":"7004: '

printf 'not a record' >"$TMP/junk"
if "$DECODE" usp "$TMP/junk" >"$TMP/out" 2>"$TMP/err"; then
    not_ok "junk input fails"
elif grep -q "is not a USP Record" "$TMP/err" && grep -q "$TMP/junk" "$TMP/err" && [ ! -s "$TMP/out" ]; then
    ok "junk input fails with a message naming the file"
else
    not_ok "junk input fails with a message naming the file"
    sed 's/^/# /' "$TMP/err"
fi

exit $failed
