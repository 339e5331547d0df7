// test_add_delete.js - end to end: usp-js Add and Delete through a
// private mosquitto and the real cwmp2uspd to a cwmp-sim CPE (TR-181
// model). The daemon keeps its default cache policy, so the Gets after
// an Add or a Delete also check that the cache was invalidated.
// Covers: Add of a Device.NAT.PortMapping. with settings (AddResp
// instantiated_path and unique key Alias; a Get sees the values), a bad
// required value with allow_partial false (Error; the instance was
// deleted again), a bad non-required value (created, param_errs), Add on
// a non-table and on a read-only table (errors), Delete of one instance,
// of a search path, of a missing instance (success, nothing affected),
// allow_partial true with one bad path, Add through a search path and
// Delete through a wildcard, and Add/Delete under
// Device.LocalAgent. (errors, the CPE is not asked). Prints TAP.
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

const PLAN = 23;
const T = 60000;
const PM = 'Device.NAT.PortMapping.';

const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

// { 'Device.NAT.PortMapping.1.': {Description: ...}, ... } of a raw GetResp
function objects(raw) {
    const out = {};
    for (const r of raw.body.response.getResp.reqPathResults)
        for (const rp of r.resolvedPathResults || [])
            out[rp.resolvedPath] = rp.resultParams || {};
    return out;
}

async function mappings(c) {
    const r = await h.within(settle(c.get(PM + '*.Description', { raw: true })), T, 'Get');
    if (!r.v)
        throw new Error('Get of the port mappings failed: ' + JSON.stringify(r.e));
    return objects(r.v);
}

function withDescription(objs, d) {
    return Object.keys(objs).filter((k) => objs[k].Description === d).sort();
}

function created(r, i = 0) {
    const res = r.v && r.v.body.response.addResp.createdObjResults[i];
    return res && res.operStatus.operSuccess;
}

async function main() {
    const fleet = await h.startFleet({ devices: 1 });
    const log = fleet.logFile;
    const c = await h.controller(fleet, fleet.endpoints[0]);

    // 1. Add with settings
    let r = await h.within(settle(c.add(PM, {
        Alias: 'it-pm-1', Description: 'it-add-1', ExternalPort: '9000', InternalPort: '80',
        allowPartial: false,
    }, { raw: true })), T, 'Add');
    const s1 = created(r);
    const inst1 = s1 && s1.instantiatedPath;
    ok(inst1 && /^Device\.NAT\.PortMapping\.\d+\.$/.test(inst1) &&
        r.v.body.response.addResp.createdObjResults[0].requestedPath === PM,
    'Add: AddResp with the instantiated path', r);
    ok(s1 && s1.uniqueKeys && s1.uniqueKeys.Alias === 'it-pm-1' &&
        (s1.paramErrs || []).length === 0, 'Add: unique key Alias, no param_errs', s1);
    r = await h.within(settle(c.get(inst1 || PM + '0.', { raw: true })), T, 'Get');
    let o = r.v && objects(r.v)[inst1];
    ok(o && o.Description === 'it-add-1' && o.ExternalPort === '9000' && o.InternalPort === '80',
        'Add: a Get shows the new instance with its values', r);

    // 2. a bad required value, allow_partial false: Error, nothing kept
    r = await h.within(settle(c.add(PM, {
        Description: 'it-bad', ExternalPort: '70000', allowPartial: false,
    }, { raw: true })), T, 'Add bad');
    ok(r.e && r.e.errCode === 7021 && (r.e.paramErrs || []).some((p) =>
        /ExternalPort$/.test(p.paramPath) && p.errCode === 7012),
    'Add, bad required value: Error 7021 with a 7012 param_err', r);
    await h.waitLog(log, /deleted Device\.NAT\.PortMapping\.\d+\. again/, 1, T);
    ok(withDescription(await mappings(c), 'it-bad').length === 0,
        'Add, bad required value: the created instance was deleted again');

    // 3. a bad non-required value: created, param_errs
    r = await h.within(settle(c.add(PM, {
        Description: 'it-nr', ExternalPort: { value: '70000', required: false },
        allowPartial: true,
    }, { raw: true })), T, 'Add non-required');
    // usp-js rejects an AddResp success that has param_errs with the error
    const pe = r.e && (r.e.paramErrs ? r.e.paramErrs[0] : r.e);
    ok(pe && pe.param === 'ExternalPort' && pe.errCode === 7012,
        'Add, bad non-required value: AddResp with a 7012 param_err', r);
    const nr = withDescription(await mappings(c), 'it-nr');
    const inst3 = nr[0];
    ok(nr.length === 1, 'Add, bad non-required value: the instance was created', nr);

    // 4. not a table, a read-only table
    r = await h.within(settle(c.add('Device.DeviceInfo.', { allowPartial: false }, { raw: true })),
        T, 'Add non-table');
    ok(r.e && r.e.errCode >= 7000 && r.e.errCode !== 7001, 'Add on a non-table: Error', r);
    r = await h.within(settle(c.add('Device.NAT.InterfaceSetting.', { allowPartial: false },
        { raw: true })), T, 'Add read-only table');
    ok(r.e && r.e.errCode >= 7000 && r.e.errCode !== 7001, 'Add on a read-only table: Error', r);
    r = await h.within(settle(c.add(PM + '1.', { allowPartial: false }, { raw: true })), T,
        'Add on an instance');
    ok(r.e && r.e.errCode === 7018, 'Add on an instance: Error 7018 (not a table)', r);

    // 5. Delete one instance
    r = await h.within(settle(c.del(inst1, false)), T, 'Delete');
    ok(r.v && JSON.stringify(r.v) === JSON.stringify([inst1]), 'Delete: affected path', r);
    ok(!(inst1 in (await mappings(c))), 'Delete: a Get no longer shows the instance');

    // 6. Delete by search path
    await h.within(c.add(PM, { Description: 'it-bulk' }), T, 'Add');
    await h.within(c.add(PM, { Description: 'it-bulk' }), T, 'Add');
    const bulk = withDescription(await mappings(c), 'it-bulk');
    r = await h.within(settle(c.del(PM + '[Description=="it-bulk"].', false)), T, 'Delete search');
    ok(bulk.length === 2 && r.v && [].concat(r.v).sort().join() === bulk.join(),
        'Delete with a search path: both matches affected', { bulk, r });
    ok(withDescription(await mappings(c), 'it-bulk').length === 0,
        'Delete with a search path: a Get shows none left');

    // 7. a missing instance: success, nothing affected (TP-469 1.32)
    r = await h.within(settle(c.del(PM + '999.', false)), T, 'Delete missing');
    ok(r.v && [].concat(r.v).length === 0, 'Delete of a missing instance: success, none affected',
        r);

    // 8. allow_partial true with one bad path (the raw DeleteResp through
    // a message hook: usp-js's del returns only the affected paths)
    let raw = null;
    const clear = c.on(/^DELETE@/, (msg, full) => { raw = full; });
    r = await h.within(settle(c.del([inst3, 'Device.DeviceInfo.'], true)), T, 'Delete partial');
    if (typeof clear === 'function')
        clear();
    // (usp-js rejects a DeleteResp holding an oper_failure)
    const dres = raw && raw.body && raw.body.response &&
        raw.body.response.deleteResp.deletedObjResults;
    ok(dres && dres[0].requestedPath === inst3 && dres[0].operStatus.operSuccess &&
        dres[0].operStatus.operSuccess.affectedPaths.join() === inst3 &&
        !(inst3 in (await mappings(c))),
    'Delete, allow_partial true, one bad path: the good one deleted', { r, raw });
    ok(dres && dres.length === 2 && dres[1].requestedPath === 'Device.DeviceInfo.' &&
        dres[1].operStatus.operFailure && dres[1].operStatus.operFailure.errCode === 7018,
    'Delete, allow_partial true: the bad path has oper_failure 7018', raw);

    // 9. Add through a search path: one object per matched table; Delete
    // through a wildcard + search
    const IF = 'Device.IP.Interface.';
    r = await h.within(settle(c.add(IF + '[Enable==true].IPv4Address.',
        { Alias: 'it-wild', allowPartial: true }, { raw: true })), T, 'Add search');
    const wild = r.v && r.v.body.response.addResp.createdObjResults
        .map((x) => x.operStatus.operSuccess && x.operStatus.operSuccess.instantiatedPath);
    const tables = new Set((wild || []).map((p) => p && p.replace(/\d+\.$/, '')));
    ok(wild && wild.length === 3 && tables.size === 3 &&
        wild.every((p) => /^Device\.IP\.Interface\.\d+\.IPv4Address\.\d+\.$/.test(p)),
    'Add with a search path: one instance per matched interface', r);
    r = await h.within(settle(c.del(IF + '*.IPv4Address.[Alias=="it-wild"].', false)), T,
        'Delete wildcard');
    ok(r.v && wild && [].concat(r.v).sort().join() === wild.sort().join(),
        'Delete with a wildcard and a search: every match affected', r);

    // 10. Device.LocalAgent.: synthesized, refused without the CPE
    const queued = h.countMatches(log, /: queued /);
    r = await h.within(settle(c.add('Device.LocalAgent.Controller.', { allowPartial: false },
        { raw: true })), T, 'Add LocalAgent');
    ok(r.e && r.e.errCode === 7019, 'Add under Device.LocalAgent.: Error 7019', r);
    r = await h.within(settle(c.del('Device.LocalAgent.Controller.1.', false)), T,
        'Delete LocalAgent');
    ok(r.e && r.e.errCode === 7024, 'Delete under Device.LocalAgent.: Error 7024', r);
    ok(h.countMatches(log, /: queued /) === queued,
        'Add/Delete under Device.LocalAgent.: answered without queuing work for the CPE');

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
