// test_discovery.js - end to end: a usp-js controller over a private
// mosquitto sends GetInstances and GetSupportedDM to a CWMP CPE (cwmp-sim,
// TR-181 model) proxied by the real cwmp2uspd, and checks the answers
// against the model file: instances of a table, of nested tables with
// first_level_only true and false, an unknown path (7026), the proxy's own
// Device.LocalAgent. tables; the supported model of Device. with commands,
// events and parameter types, of Device.LocalAgent. (no CPE session), an
// unsupported object (7026), and a second GetSupportedDM answered from the
// cached GetParameterNames list. Prints TAP.
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
                .split('\n').join('\n# ').slice(0, 4000));
    }
}

const PLAN = 20;
const CR = /Inform \(6 CONNECTION REQUEST\)/;

// GetInstances results: [{ requestedPath, errCode, currInsts: [{ path, keys }] }]
function insts(res) {
    return (res || []).map((r) => ({
        requestedPath: r.requestedPath,
        errCode: r.errCode || 0,
        currInsts: (r.currInsts || []).map((c) => ({
            path: c.instantiatedObjPath, keys: c.uniqueKeys || {},
        })),
    }));
}

// GetSupportedDM: the reqObjResults as usp-js decodes them
function objs(r) {
    return (r && r.supportedObjs) || [];
}
function obj(r, p) {
    return objs(r).find((o) => o.supportedObjPath === p);
}

// Paths of the model's instances of a table (from its parameter names).
function modelInstances(values, table, firstLevel) {
    const out = new Set();
    for (const name of Object.keys(values)) {
        if (!name.startsWith(table))
            continue;
        const segs = name.slice(table.length).split('.');
        let p = table;
        let numbers = 0;
        for (let i = 0; i < segs.length - 1; i++) {
            p += segs[i] + '.';
            if (/^[1-9][0-9]*$/.test(segs[i])) {
                numbers++;
                if (firstLevel && numbers > 1)
                    break;
                out.add(p);
            }
        }
    }
    return [...out].sort();
}

async function main() {
    const fleet = await h.startFleet({ devices: 1 });
    const log = fleet.logFile;
    const serial = fleet.serials[0];
    const model = h.modelValues(serial);
    const T = 60000;
    const c = await h.controller(fleet, fleet.endpoints[0]);

    // 1. a table's instances, with Alias as the unique key
    let r = insts(await h.within(c.instances('Device.NAT.PortMapping.', { firstLevelOnly: true }),
        T, 'GetInstances PortMapping'));
    const pm = modelInstances(model, 'Device.NAT.PortMapping.', true);
    ok(r.length === 1 && r[0].errCode === 0 &&
        JSON.stringify(r[0].currInsts.map((x) => x.path).sort()) === JSON.stringify(pm) &&
        pm.length > 0, 'GetInstances of a table: the model\'s instances', { r, pm });
    ok(r[0] && r[0].currInsts.every((x) => 'Alias' in x.keys),
        'each instance carries its Alias as unique key', r);

    // 2. nested tables, first_level_only true and false
    r = insts(await h.within(c.instances('Device.IP.Interface.', { firstLevelOnly: true }), T,
        'GetInstances IP.Interface first level'));
    const ifFirst = modelInstances(model, 'Device.IP.Interface.', true);
    const got1 = r[0] ? r[0].currInsts.map((x) => x.path).sort() : [];
    ok(JSON.stringify(got1) === JSON.stringify(ifFirst) && got1.every((p) => !p.includes('IPv4')),
        'first_level_only true: only the table\'s own instances', { got1, ifFirst });
    const crBefore = h.countMatches(log, CR);
    r = insts(await h.within(c.instances('Device.IP.Interface.', { firstLevelOnly: false }), T,
        'GetInstances IP.Interface all'));
    const ifAll = modelInstances(model, 'Device.IP.Interface.', false);
    const gotAll = r[0] ? r[0].currInsts.map((x) => x.path).sort() : [];
    ok(JSON.stringify(gotAll) === JSON.stringify(ifAll) &&
        gotAll.includes('Device.IP.Interface.1.IPv4Address.1.'),
        'first_level_only false: nested instances too', { gotAll, ifAll });
    ok(h.countMatches(log, CR) === crBefore,
        'the same table again is answered from the cache (no connection request)');

    // 3. wildcard path over nested tables
    r = insts(await h.within(c.instances('Device.IP.Interface.*.IPv4Address.',
        { firstLevelOnly: true }), T, 'GetInstances wildcard'));
    ok(r[0] && r[0].errCode === 0 && r[0].currInsts.length > 0 &&
        r[0].currInsts.every((x) => /^Device\.IP\.Interface\.\d+\.IPv4Address\.\d+\.$/.test(x.path)),
        'a wildcard path lists the nested tables\' instances', r);

    // 4. an unknown path: 7026 for that path
    let e = null;
    r = await h.within(c.instances('Device.NoSuchObject.').then((x) => insts(x),
        (x) => { e = x; return null; }), T, 'GetInstances unknown');
    ok((r && r[0] && r[0].errCode === 7026) || (e && JSON.stringify(e).includes('7026')),
        'GetInstances of an unknown object: 7026', r || e);

    // 5. the proxy's own tables (TP-469 1.66, 1.68)
    r = insts(await h.within(c.instances(['Device.LocalAgent.Controller.',
        'Device.LocalAgent.MTP.'], { firstLevelOnly: true }), T, 'GetInstances LocalAgent'));
    ok(r.length === 2 && r[0].currInsts.length === 1 &&
        r[0].currInsts[0].path === 'Device.LocalAgent.Controller.1.' &&
        r[0].currInsts[0].keys.EndpointID !== undefined && r[1].currInsts.length === 1,
        'Device.LocalAgent. tables: Controller (keys Alias, EndpointID) and MTP', r);

    // 6. GetSupportedDM of Device. with everything
    const crGsdm = h.countMatches(log, CR);
    const all = { firstLevelOnly: false, returnCommands: true, returnEvents: true,
        returnParams: true };
    let d = await h.within(c.supportedDM('Device.', all), T, 'GetSupportedDM Device.');
    let res = Array.isArray(d) ? d[0] : d;
    const dev = obj(res, 'Device.');
    const cmds = dev ? (dev.supportedCommands || []).map((x) => x.commandName) : [];
    const evs = dev ? (dev.supportedEvents || []).map((x) => x.eventName) : [];
    ok(res && !res.errCode && cmds.includes('Reboot()') && cmds.includes('FactoryReset()') &&
        evs.includes('Boot!'), 'Device.: Reboot(), FactoryReset() and Boot!', { cmds, evs });
    const boot = dev && (dev.supportedEvents || []).find((x) => x.eventName === 'Boot!');
    ok(boot && JSON.stringify(boot.argNames) ===
        JSON.stringify(['CommandKey', 'Cause', 'FirmwareUpdated', 'ParameterMap']),
    'Boot! has its arguments', boot);
    const pmo = obj(res, 'Device.NAT.PortMapping.{i}.');
    const pmParams = pmo ? (pmo.supportedParams || []) : [];
    const modelPm = Object.keys(model).filter((k) => k.startsWith('Device.NAT.PortMapping.1.'))
        .map((k) => k.slice('Device.NAT.PortMapping.1.'.length));
    ok(pmo && pmo.isMultiInstance && pmo.access === 'OBJ_ADD_DELETE' &&
        modelPm.every((p) => pmParams.some((x) => x.paramName === p &&
            x.access === 'PARAM_READ_WRITE' || x.paramName === p && p === 'Status')),
    'PortMapping.{i}.: multi-instance, add/delete, the model\'s parameters', { pmo, modelPm });
    const diag = obj(res, 'Device.IP.Diagnostics.');
    const ping = diag && (diag.supportedCommands || []).find((x) => x.commandName === 'IPPing()');
    ok(ping && ping.commandType === 'CMD_ASYNC' && (ping.inputArgNames || []).includes('Host') &&
        (ping.outputArgNames || []).includes('Status'),
    'IPPing() is asynchronous with its arguments', ping);
    const fw = obj(res, 'Device.DeviceInfo.FirmwareImage.{i}.');
    ok(fw && (fw.supportedCommands || []).some((x) => x.commandName === 'Download()'),
        'FirmwareImage.{i}.Download() is offered', fw);
    const di = obj(res, 'Device.DeviceInfo.');
    const sv = di && (di.supportedParams || []).find((x) => x.paramName === 'SoftwareVersion');
    ok(sv && sv.valueType === 'PARAM_STRING' && sv.access === 'PARAM_READ_ONLY',
        'a parameter the cache knows has its type (SoftwareVersion: string, read-only)', sv);
    ok(obj(res, 'Device.LocalAgent.Subscription.{i}.') && !obj(res, 'Device.NAT.PortMapping.'),
        'the proxy\'s Device.LocalAgent. is merged; no {i}-less table objects', objs(res).length);
    ok(h.countMatches(log, CR) === crGsdm + 1,
        'one session (GetParameterNames) for the CPE\'s supported model');

    // 7. again, narrower: from the cached GetParameterNames list
    d = await h.within(c.supportedDM('Device.DeviceInfo.', { returnParams: true }), T,
        'GetSupportedDM DeviceInfo');
    res = Array.isArray(d) ? d[0] : d;
    ok(obj(res, 'Device.DeviceInfo.') && h.countMatches(log, CR) === crGsdm + 1,
        'a second GetSupportedDM is answered from the cached list (no session)', res);

    // 8. Device.LocalAgent., first level only (TP-469 1.73)
    d = await h.within(c.supportedDM('Device.LocalAgent.', { firstLevelOnly: true,
        returnCommands: true, returnEvents: true, returnParams: true }), T, 'GetSupportedDM LA');
    res = Array.isArray(d) ? d[0] : d;
    const la = obj(res, 'Device.LocalAgent.');
    const kids = objs(res).filter((o) => o.supportedObjPath !== 'Device.LocalAgent.');
    ok(la && (la.supportedEvents || []).some((x) => x.eventName === 'Periodic!') &&
        kids.length === 4 && kids.every((o) => !(o.supportedParams || []).length),
    'Device.LocalAgent.: its own details, four children without', { la, kids });

    // 9. unsupported object (TP-469 1.77)
    e = null;
    d = await h.within(c.supportedDM('Device.LocalAgent.UnsupportedObject.', all).then((x) => x,
        (x) => { e = x; return null; }), T, 'GetSupportedDM unsupported');
    res = d && (Array.isArray(d) ? d[0] : d);
    ok((res && res.errCode === 7026) || (e && JSON.stringify(e).includes('7026')),
        'GetSupportedDM of an unsupported object: 7026', res || e);

    await c.disconnect();
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
