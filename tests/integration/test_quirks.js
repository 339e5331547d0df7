// test_quirks.js - end to end: uneven CPEs (cwmp-sim quirks and injected
// faults) behind the real cwmp2uspd, driven by a usp-js controller.
// Covers: GetRPCMethods asked once in the bootstrap session; a CPE
// answering 9000 to it still works; a CPE that cannot GetParameterValues
// a partial path (--quirk no-partial-gpv) answers Gets of object paths,
// wildcards and searches like a normal one (through GetParameterNames),
// the flag shows in `cwmp2uspctl device` and is logged once, later
// fetches skip the partial GetParameterValues, a partial path that does
// not exist still gives 7026; a Reboot faulting 9000 gives a cmd_failure
// and the next Reboot is answered without a session; a CPE whose sessions
// always break (--drop-rate 1) gets an Error, not a hang. Prints TAP.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./harness');

let n = 0;
const lines = [];

function ok(cond, name, detail) {
    n++;
    lines.push(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
    if (!cond && detail !== undefined)
        lines.push('# ' + String(typeof detail === 'string' ? detail : JSON.stringify(detail))
            .split('\n').join('\n# '));
}

function flush(plan) {
    console.log(`1..${plan}`);
    for (const l of lines)
        console.log(l);
}

const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

const CTL = path.join(h.builddir(), 'proxy', 'cwmp2uspctl');

function learned(fleet, eid) {
    const r = spawnSync(CTL, ['-c', fleet.confFile, 'device', eid],
        { encoding: 'utf8', timeout: 60000 });
    try {
        return JSON.parse(r.stdout).learned || [];
    } catch (e) {
        return { stdout: r.stdout, stderr: r.stderr };
    }
}

// { resolvedPath: { param: value } } of one requested path of a GetResp
function resolved(raw, requested) {
    const rp = raw.body.response.getResp.reqPathResults.find((x) => x.requestedPath === requested);
    const out = {};
    for (const x of (rp && rp.resolvedPathResults) || [])
        out[x.resolvedPath] = x.resultParams || {};
    return out;
}

// The same tree for two devices: same objects, same parameter names, and
// every value that differs is one that names the serial number.
function sameTree(a, b, serialA, serialB) {
    const pa = Object.keys(a).sort();
    const pb = Object.keys(b).sort();
    if (pa.length === 0 || pa.join() !== pb.join())
        return `objects differ: ${pa} / ${pb}`;
    for (const p of pa) {
        const ka = Object.keys(a[p]).sort();
        const kb = Object.keys(b[p]).sort();
        if (ka.join() !== kb.join())
            return `parameters of ${p} differ: ${ka} / ${kb}`;
        for (const k of ka)
            if (a[p][k] !== b[p][k] && a[p][k].split(serialA).join(serialB) !== b[p][k])
                return `${p}${k}: ${a[p][k]} / ${b[p][k]}`;
    }
    return null;
}

const PLAN = 20;

async function main() {
    // Device 0: normal (but every Reboot faults 9000), 1: no-partial-gpv,
    // 2: no-getrpcmethods.
    const fleet = await h.startFleet({
        devices: 3,
        simArgs: ['--quirk', 'no-partial-gpv:1', '--quirk', 'no-getrpcmethods:2',
            '--fault', 'Reboot:9000'],
        conf: { acs: 'cpe_wait_timeout = 300\nsession_timeout = 3' },
    });
    const log = fleet.logFile;
    const [eid0, eid1, eid2] = fleet.endpoints;
    const [s0, s1, s2] = fleet.serials;
    const T = 90000;

    // 1. GetRPCMethods, once, in the bootstrap session
    await h.waitLog(log, new RegExp(`${s0}: GetRPCMethods lists \\d+ methods`), 1, T);
    await h.waitLog(log, new RegExp(`${s2}: GetRPCMethods unsupported`), 1, T);
    let l0 = learned(fleet, eid0);
    ok(Array.isArray(l0) && l0.includes('rpc_methods_asked') && !l0.includes('no_factory_reset') &&
        !l0.includes('no_getrpcmethods') && h.countMatches(log, new RegExp(`${s0}: sent GetRPCMethods`)) === 1,
    'GetRPCMethods asked once; a CPE listing every RPC learns nothing else', l0);
    const l2 = learned(fleet, eid2);
    ok(Array.isArray(l2) && l2.includes('no_getrpcmethods'),
        'fault 9000 to GetRPCMethods: no_getrpcmethods in cwmp2uspctl device', l2);

    // 2. a CPE without GetRPCMethods still works
    const c2 = await h.controller(fleet, eid2);
    let r = await h.within(settle(c2.get('Device.DeviceInfo.', { raw: true })), T, 'Get dev 2');
    let t2 = r.v && resolved(r.v, 'Device.DeviceInfo.');
    ok(t2 && t2['Device.DeviceInfo.'] && t2['Device.DeviceInfo.'].SerialNumber === s2,
        'no-getrpcmethods CPE: Get of an object path works', r);

    // 3. partial paths on a CPE that cannot GetParameterValues them
    const c0 = await h.controller(fleet, eid0);
    const c1 = await h.controller(fleet, eid1);
    const paths = ['Device.DeviceInfo.', 'Device.WiFi.SSID.*.SSID', 'Device.WiFi.SSID.[Enable==true].Name'];
    const r0 = await h.within(settle(c0.get(paths, { raw: true })), T, 'Get dev 0');
    const r1 = await h.within(settle(c1.get(paths, { raw: true })), T, 'Get dev 1');
    for (const p of paths) {
        const why = r0.v && r1.v ? sameTree(resolved(r0.v, p), resolved(r1.v, p), s0, s1)
            : JSON.stringify([r0, r1]);
        ok(why === null, `no-partial-gpv CPE answers ${p} like a normal one`, why);
    }
    ok(r1.v && resolved(r1.v, 'Device.DeviceInfo.')['Device.DeviceInfo.'].SerialNumber === s1,
        'no-partial-gpv CPE: its own values', r1.v && resolved(r1.v, 'Device.DeviceInfo.'));
    ok(h.countMatches(log, new RegExp(`${s1}: sent GetParameterNames`)) >= 1 &&
        h.countMatches(log, new RegExp(`${s0}: sent GetParameterNames`)) === 0,
    'the fallback (GetParameterNames) is used for the quirky CPE only');
    const l1 = learned(fleet, eid1);
    ok(Array.isArray(l1) && l1.includes('partial_gpv_broken') &&
        !(Array.isArray(l0 = learned(fleet, eid0)) && l0.includes('partial_gpv_broken')),
    'partial_gpv_broken in cwmp2uspctl device (and not for the normal CPE)', [l1, l0]);
    const learnRe = new RegExp(`device \\S+${s1}: partial-path GetParameterValues unsupported, using GetParameterNames`);
    ok(h.countMatches(log, learnRe) === 1, 'learned once, logged once at notice level');

    // 4. later fetches go straight to GetParameterNames
    const faults = h.countMatches(log, new RegExp(`${s1}: Fault 9005`));
    const gpn = h.countMatches(log, new RegExp(`${s1}: sent GetParameterNames`));
    r = await h.within(settle(c1.get('Device.ManagementServer.', { raw: true })), T, 'Get MS');
    const ms = r.v && resolved(r.v, 'Device.ManagementServer.')['Device.ManagementServer.'];
    ok(ms && ms.ConnectionRequestURL !== undefined &&
        h.countMatches(log, new RegExp(`${s1}: Fault 9005`)) === faults &&
        h.countMatches(log, new RegExp(`${s1}: sent GetParameterNames`)) === gpn + 1,
    'the next partial path: GetParameterNames first, no failing GetParameterValues', r);

    // 5. a partial path that does not exist is still 7026
    let e = await h.within(c1.get('Device.NoSuchObject.', { raw: true }).then(() => null, (x) => x),
        T, 'Get unknown object');
    ok(e && e.errCode === 7026, 'no-partial-gpv CPE: unknown object path gives 7026', e);

    // 6. Reboot faulting 9000: cmd_failure, then answered without a session
    r = await h.within(settle(c0._operate('Device.Reboot()', 'REBOOT@q1', true)), T, 'Reboot 1');
    ok(JSON.stringify(r).includes('7022') && h.countMatches(log, new RegExp(`${s0}: sent Reboot`)) === 1,
        'Reboot answered with fault 9000: cmd_failure 7022', r);
    l0 = learned(fleet, eid0);
    ok(Array.isArray(l0) && l0.includes('no_reboot_rpc'), 'no_reboot_rpc learned', l0);
    const crs = h.countMatches(log, new RegExp(`${s0}: Inform \\(6 CONNECTION REQUEST\\)`));
    r = await h.within(settle(c0._operate('Device.Reboot()', 'REBOOT@q2', true)), T, 'Reboot 2');
    ok(JSON.stringify(r).includes('7022') && JSON.stringify(r).includes('no_reboot_rpc') &&
        h.countMatches(log, new RegExp(`${s0}: sent Reboot`)) === 1 &&
        h.countMatches(log, new RegExp(`${s0}: Inform \\(6 CONNECTION REQUEST\\)`)) === crs,
    'the next Reboot: cmd_failure at once, no session', r);

    // 7. sessions that always break: an Error after a few, not a hang
    const dropCr = await h.freePort();
    h.start('cwmp-sim-drop', path.join(h.builddir(), 'sim', 'cwmp-sim'), [
        '--acs', `http://127.0.0.1:${fleet.acsPort}/`, '--devices', '1', '--serial-prefix', 'DRP',
        '--model', path.join(h.srcdir(), 'sim', 'models', 'tr181-gateway.model'),
        '--username', 'cpe', '--password', 'cpe',
        '--cr-port', String(dropCr), '--cr-username', 'cr-user', '--cr-password', 'cr-pass',
        '--no-periodic', '--stats-interval', '0', '--drop-rate', '1', '--retry-scale', '20',
    ], path.join(fleet.dir, 'cwmp-sim-drop.log'));
    await h.waitLog(log, /agent os::00D09E-DRP000000 subscribed/, 1, T);
    const cd = await h.controller(fleet, 'os::00D09E-DRP000000');
    e = await h.within(cd.get('Device.DeviceInfo.', { raw: true }).then(() => null, (x) => x),
        T, 'Get on a CPE whose sessions break');
    ok(e && JSON.stringify(e).includes('7000') && JSON.stringify(e).includes('broke 3 sessions'),
        'broken sessions: Error 7000 after 3, before cpe_wait_timeout', e);
    ok(h.countMatches(log, /DRP000000: #\d+: broken session 3 of 3/) === 1,
        'each broken session was counted against the entry');
    const ld = learned(fleet, 'os::00D09E-DRP000000');
    ok(Array.isArray(ld) && !ld.includes('partial_gpv_broken') && !ld.includes('no_getrpcmethods'),
        'sessions broken before any RPC teach nothing about RPCs', ld);

    // 8. a CPE that reboots without answering RebootResponse: the broken
    // session's Reboot is recognised from the next Inform (M Reboot) and
    // answered, not sent a second time
    const abCr = await h.freePort();
    h.start('cwmp-sim-abrupt', path.join(h.builddir(), 'sim', 'cwmp-sim'), [
        '--acs', `http://127.0.0.1:${fleet.acsPort}/`, '--devices', '1', '--serial-prefix', 'ABR',
        '--model', path.join(h.srcdir(), 'sim', 'models', 'tr181-gateway.model'),
        '--username', 'cpe', '--password', 'cpe',
        '--cr-port', String(abCr), '--cr-username', 'cr-user', '--cr-password', 'cr-pass',
        '--no-periodic', '--stats-interval', '0', '--quirk', 'abrupt-reboot',
        '--reboot-delay', '1', '--retry-scale', '0.1',
    ], path.join(fleet.dir, 'cwmp-sim-abrupt.log'));
    await h.waitLog(log, /agent os::00D09E-ABR000000 subscribed/, 1, T);
    const ca = await h.controller(fleet, 'os::00D09E-ABR000000');
    r = await h.within(settle(ca._operate('Device.Reboot()', 'REBOOT@ab', true)), T,
        'Reboot on an abrupt-reboot CPE');
    ok(r && !r.e && !JSON.stringify(r).includes('cmdFailure') &&
        h.countMatches(log, /ABR000000: Reboot \S+ was carried out although its session broke/) === 1,
    'a Reboot whose session broke is answered from the M Reboot Inform', r);
    ok(h.countMatches(log, /ABR000000: sent Reboot/) === 1,
        'the CPE was asked to reboot once, not again after the broken session',
        h.countMatches(log, /ABR000000: sent Reboot/));

    await c0.disconnect();
    await c1.disconnect();
    await c2.disconnect();
    await cd.disconnect();
    await ca.disconnect();
}

main().then(async () => {
    await h.killAndWait();
    flush(PLAN);
    process.exit(0);
}, async (err) => {
    await h.killAndWait();
    ok(false, 'the test ran to the end', `${err.stack || err}\nlogs in ${h.lastDir || ''}`);
    flush(Math.max(PLAN, n));
    process.exit(1);
});
