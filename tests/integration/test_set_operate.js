// test_set_operate.js - end to end: usp-js Set and Operate through a
// private mosquitto and the real cwmp2uspd to cwmp-sim CPEs (TR-181
// model). The daemon runs with cache_max_age = 0, so every Get after a
// Set reads the CPE again: the checks see what the CPE really holds.
// Covers: Set of one parameter, Set through a wildcard (allow_partial
// false), a read-only parameter (7021 + 7013), an unknown parameter with
// allow_partial false (Error with param_errs 7010), an unknown object
// (7016), Operate Device.Reboot() (OperateResp, then the CPE reboots and
// informs), Operate Device.FactoryReset() with send_resp false (no
// answer, the CPE is reset), an unsupported command (Error 7026).
// Prints TAP.
'use strict';

const h = require('./harness');

let n = 0;
let failed = 0;
const lines = [];

function ok(cond, name, detail) {
    n++;
    lines.push(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
    if (!cond) {
        failed++;
        if (detail !== undefined)
            lines.push('# ' + String(typeof detail === 'string' ? detail : JSON.stringify(detail))
                .split('\n').join('\n# '));
    }
}

const PLAN = 13;
const T = 60000;

function getValue(raw, requested, object, param) {
    const r = raw.body.response.getResp.reqPathResults.find((x) => x.requestedPath === requested);
    const rp = r && (r.resolvedPathResults || []).find((x) => x.resolvedPath === object);
    return rp && rp.resultParams ? rp.resultParams[param] : undefined;
}

const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

async function main() {
    const fleet = await h.startFleet({ devices: 2, conf: { usp: 'cache_max_age = 0' } });
    const log = fleet.logFile;
    const c0 = await h.controller(fleet, fleet.endpoints[0]);

    // 1. Set one parameter; the CPE holds the new value
    let r = await h.within(settle(c0.set('Device.WiFi.SSID.1.SSID', 'Changed-1', { raw: true })),
        T, 'Set');
    const res = r.v && r.v.body.response.setResp.updatedObjResults[0];
    ok(res && res.operStatus.operSuccess &&
        res.operStatus.operSuccess.updatedInstResults[0].affectedPath === 'Device.WiFi.SSID.1.' &&
        res.operStatus.operSuccess.updatedInstResults[0].updatedParams.SSID === 'Changed-1',
        'Set: SetResp success with the updated parameter', r);
    r = await h.within(settle(c0.get('Device.WiFi.SSID.1.SSID', { raw: true })), T, 'Get');
    ok(r.v && getValue(r.v, 'Device.WiFi.SSID.1.SSID', 'Device.WiFi.SSID.1.', 'SSID') ===
        'Changed-1', 'Set: the CPE holds the new value', r);

    // 2. a wildcard Set, allow_partial false: one atomic SetParameterValues
    r = await h.within(settle(c0.set('Device.WiFi.SSID.*.',
        { Enable: 'false', allowPartial: false }, { raw: true })), T, 'Set *');
    const insts = r.v && r.v.body.response.setResp.updatedObjResults[0].operStatus.operSuccess
        .updatedInstResults.map((x) => x.affectedPath).sort();
    ok(insts && insts.join(' ') === 'Device.WiFi.SSID.1. Device.WiFi.SSID.2.',
        'Set with a wildcard: every instance updated', r);
    r = await h.within(settle(c0.get('Device.WiFi.SSID.*.Enable', { raw: true })), T, 'Get');
    ok(r.v && getValue(r.v, 'Device.WiFi.SSID.*.Enable', 'Device.WiFi.SSID.1.', 'Enable') ===
        'false' &&
        getValue(r.v, 'Device.WiFi.SSID.*.Enable', 'Device.WiFi.SSID.2.', 'Enable') === 'false',
    'Set with a wildcard: the CPE holds the values', r);

    // 3. errors
    r = await h.within(settle(c0.set('Device.DeviceInfo.Manufacturer', 'x', { raw: true })), T,
        'Set read-only');
    ok(r.e && r.e.errCode === 7021 && JSON.stringify(r.e).includes('7013'),
        'read-only parameter (fault 9008): 7021 with a 7013 parameter error', r);
    r = await h.within(settle(c0.set('Device.WiFi.SSID.1.',
        { SSID: 'x', NoSuchParam: '3', allowPartial: false }, { raw: true })), T, 'Set unknown');
    ok(r.e && r.e.paramErrs && r.e.paramErrs.some((p) => p.errCode === 7010 &&
        p.paramPath === 'Device.WiFi.SSID.1.NoSuchParam'),
    'unknown parameter, allow_partial false: Error with a 7010 param_err', r);
    r = await h.within(settle(c0.get('Device.WiFi.SSID.1.SSID', { raw: true })), T, 'Get');
    ok(r.v && getValue(r.v, 'Device.WiFi.SSID.1.SSID', 'Device.WiFi.SSID.1.', 'SSID') ===
        'Changed-1', 'a failed Set with allow_partial false changed nothing', r);
    r = await h.within(settle(c0.set('Device.WiFi.SSID.9.SSID', 'x', { raw: true })), T,
        'Set unknown object');
    ok(r.e && r.e.errCode === 7016, 'unknown object instance: 7016', r);

    // 4. Operate
    r = await h.within(settle(c0._operate('Device.Foo()', 'OPERATE@it1', true)), T, 'Operate');
    ok(r.e && r.e.errCode === 7026, 'unsupported command: Error 7026', r);
    const boots = h.countMatches(log, /SIM000000: Inform \((1 BOOT|M Reboot)/);
    r = await h.within(settle(c0._operate('Device.Reboot()', 'OPERATE@it2', true)), T, 'Reboot');
    ok(r.v !== undefined && !r.e, 'Operate Device.Reboot(): OperateResp', r);
    await h.waitLog(log, /SIM000000: sent Reboot/, 1, T);
    await h.waitLog(log, /SIM000000: Inform \((1 BOOT|M Reboot)/, boots + 1, T);
    ok(true, 'Operate Device.Reboot(): the CPE rebooted and informed again');

    const c1 = await h.controller(fleet, fleet.endpoints[1]);
    const quiet = h.countMatches(log, /done \(no response requested\)/);
    c1._operate('Device.FactoryReset()', 'OPERATE@it3', false).catch(() => {});
    await h.waitLog(log, /SIM000001: sent FactoryReset/, 1, T);
    await h.waitLog(log, /done \(no response requested\)/, quiet + 1, T);
    ok(h.countMatches(log, /sent OPERATE_RESP OPERATE@it3/) === 0,
        'Operate with send_resp false: FactoryReset sent, no OperateResp');

    await c0.disconnect();
    await c1.disconnect();
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0, 'SIGTERM: clean exit', code);
    return fleet;
}

main().then(async (fleet) => {
    console.log(`1..${PLAN}`);
    lines.forEach((l) => console.log(l));
    if (n !== PLAN)
        console.log(`# planned ${PLAN} checks, ran ${n}`);
    await h.killAndWait();
    if (failed)
        console.log(`# logs in ${fleet.dir}`);
    else
        require('fs').rmSync(fleet.dir, { recursive: true, force: true });
    process.exit(failed || n !== PLAN ? 1 : 0);
}, async (e) => {
    ok(false, `setup or run: ${e && e.message ? e.message : JSON.stringify(e)}`);
    if (h.lastDir)
        lines.push(`# logs in ${h.lastDir}`);
    console.log(`1..${Math.max(PLAN, n)}`);
    lines.forEach((l) => console.log(l));
    await h.killAndWait();
    process.exit(1);
});
