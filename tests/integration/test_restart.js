// test_restart.js - nothing accepted is lost: a Get is queued for a CPE
// that does not answer connection requests (cwmp-sim --refuse-cr), the
// daemon is killed with SIGKILL, started again on the same state, and the
// request is still answered, exactly once, with the Error that says the
// CPE did not connect (cpe_wait_timeout). Also: the agents are back on
// MQTT after the restart without a new Inform. Prints TAP.
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

const PLAN = 6;
const T = 90000;

async function main() {
    const fleet = await h.startFleet({
        devices: 2, simArgs: ['--refuse-cr', '0'], conf: { acs: 'cpe_wait_timeout = 20' },
    });
    const log = fleet.logFile;
    const c0 = await h.controller(fleet, fleet.endpoints[0]);

    // queued: the CPE refuses the connection request
    const answer = c0.get('Device.DeviceInfo.', { raw: true }).then((v) => ({ v }), (e) => ({ e }));
    await h.waitLog(log, /SIM000000: queued GET (\S+) as #/, 1, T);
    const msgId = /SIM000000: queued GET (\S+) as #/.exec(require('fs').readFileSync(log, 'utf8'))[1];
    await h.waitLog(log, /SIM000000: connection request failed/, 1, T);

    const killed = await h.stop(fleet.daemon, 'SIGKILL', 20000);
    ok(killed === 'SIGKILL', 'the daemon was killed with SIGKILL', killed);

    await h.restartDaemon(fleet);
    ok(h.countMatches(log, /SIM000000: has queued requests from before the restart/) === 1,
        'after the restart the queued request is found and its CPE woken');
    await h.waitLog(log, /agent os::\S+ subscribed/, 4, T, fleet.daemon);
    ok(true, 'after the restart every known agent is on MQTT again');

    const r = await h.within(answer, T, 'the queued Get');
    ok(r.e && JSON.stringify(r.e).includes('did not connect'),
        'the request accepted before the crash is answered: the CPE did not connect', r);
    ok(h.countMatches(log, new RegExp(`sent (ERROR|GET_RESP) ${msgId.replace(/[@$]/g, '\\$&')}`))
        === 1, 'answered exactly once');

    // the other device still works through the restarted daemon (cached)
    const c1 = await h.controller(fleet, fleet.endpoints[1]);
    const g = await h.within(c1.get('Device.DeviceInfo.SoftwareVersion', { raw: true })
        .then((v) => ({ v }), (e) => ({ e })), T, 'Get after restart');
    ok(g.v && g.v.body.response.getResp.reqPathResults[0].resolvedPathResults[0]
        .resultParams.SoftwareVersion === h.modelValues(fleet.serials[1])[
        'Device.DeviceInfo.SoftwareVersion'], 'the restarted daemon answers from its cache', g);
    await c0.disconnect();
    await c1.disconnect();
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
