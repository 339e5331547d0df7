// test_get.js - end to end: a usp-js controller over a private mosquitto
// sends Get and GetSupportedProtocol to CWMP CPEs (cwmp-sim, TR-181 model)
// proxied by the real cwmp2uspd, and checks the answers against the model
// file. Covers: a value cached from the Inform, a partial path fetched
// with a connection request + GetParameterValues, the cache answering the
// same path again, wildcard and search paths, per-path errors (7008,
// 7026), GetInstances (answered, no longer Error 7001), and a CPE
// that never comes (Error after cpe_wait_timeout). Prints TAP.
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

function flush(plan) {
    console.log(`1..${plan}`);
    for (const l of lines)
        console.log(l);
}

// reqPathResults of a raw GetResp as { requestedPath: [{path, params}] }
function results(raw) {
    const r = raw.body.response.getResp.reqPathResults;
    const out = {};
    for (const rp of r)
        out[rp.requestedPath] = (rp.resolvedPathResults || []).map((x) => ({
            path: x.resolvedPath, params: x.resultParams || {},
        }));
    return out;
}

const PLAN = 20;

async function main() {
    // Device 2 never comes back after its first session: its requests
    // must end with an Error after cpe_wait_timeout (15 s here).
    const fleet = await h.startFleet({
        devices: 3, simArgs: ['--dead', '2'], conf: { acs: 'cpe_wait_timeout = 15' },
    });
    const log = fleet.logFile;
    const [eid0, eid1, eid2] = fleet.endpoints;
    const serial0 = fleet.serials[0];
    const model0 = h.modelValues(serial0);
    const T = 60000;

    const c0 = await h.controller(fleet, eid0);

    // 1. GetSupportedProtocol, answered by the proxy
    const versions = await h.within(c0.supportedProto('1.3'), T, 'GetSupportedProtocol');
    ok(Array.isArray(versions) && versions.includes('1.3') && versions.includes('1.0'),
        'GetSupportedProtocol lists the USP versions', versions);

    // 2. a full parameter path, cached from the Inform
    const crBefore = h.countMatches(log, /Inform \(6 CONNECTION REQUEST\)/);
    let raw = await h.within(c0.get('Device.DeviceInfo.SoftwareVersion', { raw: true }), T, 'Get');
    let res = results(raw)['Device.DeviceInfo.SoftwareVersion'];
    ok(res && res.length === 1 && res[0].path === 'Device.DeviceInfo.' &&
        res[0].params.SoftwareVersion === model0['Device.DeviceInfo.SoftwareVersion'],
        'Get of a parameter: the model value, grouped under its object', res);
    ok(h.countMatches(log, /Inform \(6 CONNECTION REQUEST\)/) === crBefore,
        'a parameter the Inform brought is answered from the cache (no connection request)');

    // 2b. Device.LocalAgent. is synthesized by the proxy (no CPE involved)
    raw = await h.within(c0.get('Device.LocalAgent.', { raw: true }), T, 'Get LocalAgent');
    res = results(raw)['Device.LocalAgent.'];
    const la = res && res.find((x) => x.path === 'Device.LocalAgent.');
    const ctl = res && res.find((x) => x.path === 'Device.LocalAgent.Controller.1.');
    ok(la && la.params.EndpointID === eid0 && la.params.SupportedProtocols === 'MQTT' &&
        ctl && ctl.params.EndpointID === 'proto::cwmp2usp-controller' &&
        h.countMatches(log, /Inform \(6 CONNECTION REQUEST\)/) === crBefore,
    'Device.LocalAgent. is answered by the proxy: EndpointID, SupportedProtocols, Controller',
    res);

    // 3. a partial object path: connection request + GetParameterValues
    raw = await h.within(c0.get('Device.DeviceInfo.', { raw: true }), T, 'Get of an object');
    res = results(raw)['Device.DeviceInfo.'];
    const top = res && res.find((x) => x.path === 'Device.DeviceInfo.');
    ok(top && top.params.Manufacturer === model0['Device.DeviceInfo.Manufacturer'] &&
        top.params.ModelName === model0['Device.DeviceInfo.ModelName'] &&
        top.params.SerialNumber === serial0,
        'Get of an object path: parameters relative to the object, model values', top);
    ok(res && res.some((x) => x.path === 'Device.DeviceInfo.FirmwareImage.1.' &&
        x.params.Name !== undefined),
        'Get of an object path: sub-objects are resolved paths of their own',
        res && res.map((x) => x.path));
    ok(h.countMatches(log, /SIM000000: Inform \(6 CONNECTION REQUEST\)/) >= 1 &&
        h.countMatches(log, /SIM000000: sent GetParameterValues/) >= 1,
        'the object path needed the CPE: connection request, then GetParameterValues');

    // 4. the same path again within cache_max_age: from the cache
    const gpvBefore = h.countMatches(log, /SIM000000: sent GetParameterValues/);
    raw = await h.within(c0.get('Device.DeviceInfo.', { raw: true }), T, 'second Get');
    res = results(raw)['Device.DeviceInfo.'];
    ok(res && res.find((x) => x.path === 'Device.DeviceInfo.').params.ModelName ===
        model0['Device.DeviceInfo.ModelName'] &&
        h.countMatches(log, /SIM000000: sent GetParameterValues/) === gpvBefore,
        'a subtree fetched completely is answered from the cache while fresh');

    // 5. wildcard and search expressions, resolved by the proxy
    raw = await h.within(c0.get(['Device.WiFi.SSID.*.SSID',
        'Device.WiFi.SSID.[SSID=="HomeNet-5G-' + serial0 + '"].Name'], { raw: true }), T,
    'Get with a wildcard');
    const all = results(raw);
    res = all['Device.WiFi.SSID.*.SSID'];
    ok(res && res.length === 2 &&
        res.find((x) => x.path === 'Device.WiFi.SSID.1.').params.SSID ===
        model0['Device.WiFi.SSID.1.SSID'] &&
        res.find((x) => x.path === 'Device.WiFi.SSID.2.').params.SSID ===
        model0['Device.WiFi.SSID.2.SSID'],
        'wildcard: one resolved path per instance with the model values', res);
    res = all['Device.WiFi.SSID.[SSID=="HomeNet-5G-' + serial0 + '"].Name'];
    ok(res && res.length === 1 && res[0].path === 'Device.WiFi.SSID.2.' &&
        res[0].params.Name === model0['Device.WiFi.SSID.2.Name'],
        'search expression: only the matching instance', res);

    // 6. per-path errors
    let err = await h.within(c0.get('Device..Bad', { raw: true }).then(() => null, (e) => e), T,
        'Get of a bad path');
    ok(err && err.errCode === 7008, 'malformed path: err_code 7008 in the GetResp', err);
    err = await h.within(c0.get('Device.NoSuchObject.', { raw: true }).then(() => null, (e) => e),
        T, 'Get of an unknown object');
    ok(err && err.errCode === 7026, 'unknown object (CWMP fault 9005): err_code 7026', err);

    // 7. another agent answers with its own device's values
    const c1 = await h.controller(fleet, eid1);
    raw = await h.within(c1.get('Device.DeviceInfo.SerialNumber', { raw: true }), T, 'Get agent 1');
    res = results(raw)['Device.DeviceInfo.SerialNumber'];
    ok(res && res[0] && res[0].params.SerialNumber === fleet.serials[1],
        'a second agent answers for its own CPE', res);

    // 8. GetInstances is answered too (test_discovery.js covers it in depth)
    const gi = await h.within(c0.instances('Device.NAT.PortMapping.').then((r) => r, (e) => e), T,
        'GetInstances');
    ok(Array.isArray(gi) && gi[0] && !gi[0].errCode && (gi[0].currInsts || []).some(
        (x) => x.instantiatedObjPath === 'Device.NAT.PortMapping.1.'),
    'GetInstances of a table: its instances (no Error 7001)', gi);

    // 8b. an empty table exists: no error, nothing resolved (TR-369 "Get")
    raw = await h.within(c0.get('Device.LocalAgent.Subscription.', { raw: true }), T,
        'Get of an empty table');
    const empty = raw.body.response.getResp.reqPathResults[0];
    ok(empty && !empty.errCode && (empty.resolvedPathResults || []).length === 0,
        'an empty table (no subscriptions): no error, no resolved paths', empty);

    // 9. a CPE that never comes: Error after cpe_wait_timeout
    const c2 = await h.controller(fleet, eid2);
    err = await h.within(c2.get('Device.DeviceInfo.', { raw: true }).then(() => null, (e) => e), T,
        'Get to a dead CPE');
    ok(err && JSON.stringify(err).includes('did not connect'),
        'a CPE that does not come: USP Error saying so', err);

    // 10. a Record from an Endpoint ID that is not a configured controller
    // is dropped and logged, never answered
    const intruder = await h.controller(fleet, eid0, 'proto::not-a-controller');
    intruder.get('Device.DeviceInfo.SoftwareVersion').catch(() => {});
    await h.waitLog(log, /dropped a record from proto::not-a-controller to os::00D09E-SIM000000: not a configured controller/, 1, T);
    await intruder.disconnect();
    ok(h.countMatches(log, /-> os::00D09E-SIM000000: GET \S+/) ===
        h.countMatches(log, /proto::cwmp2usp-controller -> os::00D09E-SIM000000: GET \S+/),
    'a record from an unknown controller is dropped and logged, not handled');

    // 11. clean shutdown on SIGTERM
    await c0.disconnect();
    await c1.disconnect();
    await c2.disconnect();
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0, 'SIGTERM: the daemon exits with status 0', code);
    ok(h.countMatches(log, /notice: stopped/) === 1, 'SIGTERM: the daemon says it stopped');
    ok(h.countMatches(log, /dropped a record on/) === 0,
        'no record of the configured controller was dropped');
    return fleet;
}

main().then(async (fleet) => {
    flush(PLAN);
    if (n !== PLAN)
        console.log(`# planned ${PLAN} checks, ran ${n}`);
    await h.killAndWait();
    if (failed)
        console.log(`# logs in ${fleet.dir}`);
    else
        require('fs').rmSync(fleet.dir, { recursive: true, force: true });
    process.exit(failed || n !== PLAN ? 1 : 0);
}, (e) => {
    ok(false, `setup or run: ${e && e.message ? e.message : JSON.stringify(e)}`);
    if (h.lastDir)
        lines.push(`# logs in ${h.lastDir}`);
    flush(Math.max(PLAN, n));
    h.killAndWait().then(() => process.exit(1));
});
