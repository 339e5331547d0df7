// test_instances.js - end to end: a CPE that reuses instance numbers
// (cwmp-sim --quirk reuse-instances: AddObject hands out the lowest free
// number) behind the real cwmp2uspd, driven by a usp-js controller.
// Device 0 reuses numbers, device 1 does not. On device 0: Add (CWMP 2),
// Delete, Add again: the CPE returns 2 again, the proxy learns
// reuses_instances and the AddResp names a new number (3); a third Add
// gets CWMP 3, which USP already uses, so it becomes USP 4. Get, Set and
// Delete of USP 3 and 4 reach the right CWMP instances (cache_max_age =
// 0: every Get reads the CPE). The flag shows in `cwmp2uspctl device`,
// is logged once, and device 1 is unaffected. Prints TAP.
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

const PLAN = 14;
const T = 60000;
const PM = 'Device.NAT.PortMapping.';
const CTL = path.join(h.builddir(), 'proxy', 'cwmp2uspctl');

const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

function learned(fleet, eid) {
    const r = spawnSync(CTL, ['-c', fleet.confFile, 'device', eid],
        { encoding: 'utf8', timeout: 60000 });
    try {
        return JSON.parse(r.stdout).learned || [];
    } catch (e) {
        return { stdout: r.stdout, stderr: r.stderr };
    }
}

// { 'Device.NAT.PortMapping.1.': 'description', ... } read from the CPE
async function descriptions(c) {
    const r = await h.within(settle(c.get(PM + '*.Description', { raw: true })), T, 'Get');
    if (!r.v)
        throw new Error('Get of the port mappings failed: ' + JSON.stringify(r.e));
    const out = {};
    for (const x of r.v.body.response.getResp.reqPathResults)
        for (const rp of x.resolvedPathResults || [])
            out[rp.resolvedPath] = (rp.resultParams || {}).Description;
    return out;
}

async function add(c, description) {
    const r = await h.within(settle(c.add(PM, { Description: description, allowPartial: false },
        { raw: true })), T, 'Add');
    const res = r.v && r.v.body.response.addResp.createdObjResults[0];
    const s = res && res.operStatus.operSuccess;
    return (s && s.instantiatedPath) || JSON.stringify(r);
}

async function main() {
    const fleet = await h.startFleet({
        devices: 2,
        simArgs: ['--quirk', 'reuse-instances:0'],
        conf: { usp: 'cache_max_age = 0' },
    });
    const log = fleet.logFile;
    const [eid0, eid1] = fleet.endpoints;
    const [s0] = fleet.serials;
    const c0 = await h.controller(fleet, eid0);
    const c1 = await h.controller(fleet, eid1);

    // 1. Add, Delete, Add again: the CPE reuses 2, USP sees 3
    const a = await add(c0, 'it-a');
    ok(a === PM + '2.', 'first Add: Device.NAT.PortMapping.2.', a);
    let r = await h.within(settle(c0.del(a, false)), T, 'Delete');
    ok(r.v && JSON.stringify(r.v) === JSON.stringify([a]), 'Delete of it', r);
    const b = await add(c0, 'it-b');
    ok(b === PM + '3.', 'Add again: the CPE reused 2, the AddResp names a new number (3)', b);
    await h.waitLog(log, new RegExp(`device \\S+${s0}: reuses instance numbers`), 1, T);
    ok(h.countMatches(log, /reuses instance numbers \(AddObject Device\.NAT\.PortMapping\. returned 2/) === 1,
        'learned from the AddObject and logged once');
    const l0 = learned(fleet, eid0);
    ok(Array.isArray(l0) && l0.includes('reuses_instances'),
        'reuses_instances in cwmp2uspctl device', l0);

    // 2. the CPE hands out 3 next: USP 3 is taken, so USP 4
    const c = await add(c0, 'it-c');
    ok(c === PM + '4.', 'a third Add (CWMP 3, taken on the USP side): USP 4', c);
    let d = await descriptions(c0);
    ok(d[PM + '3.'] === 'it-b' && d[PM + '4.'] === 'it-c' && !(PM + '2.' in d) &&
        Object.keys(d).length === 3,
    'Get reads USP 3 from CWMP 2 and USP 4 from CWMP 3', d);

    // 3. Set and Delete of USP 3 reach CWMP 2, not CWMP 3
    r = await h.within(settle(c0.set(PM + '3.Description', 'it-b2', { raw: true })), T, 'Set');
    const upd = r.v && r.v.body.response.setResp.updatedObjResults[0].operStatus.operSuccess;
    ok(upd && upd.updatedInstResults[0].affectedPath === PM + '3.', 'Set of USP 3: SetResp', r);
    d = await descriptions(c0);
    ok(d[PM + '3.'] === 'it-b2' && d[PM + '4.'] === 'it-c', 'the Set changed the right instance', d);
    r = await h.within(settle(c0.del(PM + '3.', false)), T, 'Delete 3');
    d = await descriptions(c0);
    ok(r.v && JSON.stringify(r.v) === JSON.stringify([PM + '3.']) && !(PM + '3.' in d) &&
        d[PM + '4.'] === 'it-c' && Object.keys(d).length === 2,
    'Delete of USP 3 deleted CWMP 2; USP 4 (CWMP 3) stays', { r, d });

    // 4. CWMP 2 comes back once more: a number USP never used
    const e = await add(c0, 'it-e');
    d = await descriptions(c0);
    ok(e === PM + '5.' && d[PM + '5.'] === 'it-e' && d[PM + '4.'] === 'it-c',
        'CWMP 2 again: USP 5, with its own values', { e, d });

    // 5. a CPE that does not reuse numbers is left alone
    const a1 = await add(c1, 'n-a');
    r = await h.within(settle(c1.del(a1, false)), T, 'Delete dev 1');
    const b1 = await add(c1, 'n-b');
    ok(a1 === PM + '2.' && b1 === PM + '3.', 'normal CPE: 2, deleted, then 3', [a1, b1]);
    const d1 = await descriptions(c1);
    ok(d1[PM + '3.'] === 'n-b' && Object.keys(d1).length === 2, 'normal CPE: Get as usual', d1);
    const l1 = learned(fleet, eid1);
    ok(Array.isArray(l1) && !l1.includes('reuses_instances'), 'normal CPE: nothing learned', l1);

    await c0.disconnect();
    await c1.disconnect();
}

main().then(async () => {
    await h.killAndWait();
    flush(PLAN);
    process.exit(n === PLAN && lines.every((l) => !l.startsWith('not ok')) ? 0 : 1);
}, async (err) => {
    await h.killAndWait();
    ok(false, 'the test ran to the end', `${err.stack || err}\nlogs in ${h.lastDir || ''}`);
    flush(Math.max(PLAN, n));
    process.exit(1);
});
