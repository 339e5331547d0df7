// test_outbox.js - a response that cannot be published because the broker
// went away is kept in the outbox and published when the broker is back.
// A slow CPE (cwmp-sim --latency-ms) gives time to stop mosquitto while
// the Get is being served; the daemon must log that the GetResp went to
// the outbox, and, after mosquitto is started again on the same port,
// that the outbox entry was sent. Prints TAP.
'use strict';

const path = require('path');
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

const PLAN = 3;
const T = 90000;

async function main() {
    const fleet = await h.startFleet({
        devices: 1, simArgs: ['--latency-ms', '2000'],
        conf: { mqtt: 'connect_retry_time = 1\nconnect_retry_max_interval = 2' },
    });
    const log = fleet.logFile;
    const c0 = await h.controller(fleet, fleet.endpoints[0]);

    c0.get('Device.DeviceInfo.', { raw: true }).catch(() => {});
    await h.waitLog(log, /SIM000000: queued GET/, 1, T);
    const code = await h.stop(fleet.mq, 'SIGTERM', 20000);
    ok(code === 0, 'mosquitto stopped while the CPE is being served', code);

    await h.waitLog(log, /GET_RESP \S+ from os::00D09E-SIM000000 kept in the outbox/, 1, T);
    ok(true, 'the GetResp that could not be published is kept in the outbox');

    fleet.mq = h.start('mosquitto', fleet.mq.spawnargs[0],
        ['-c', path.join(fleet.dir, 'mosquitto.conf')], fleet.mq.logFile);
    await h.waitLog(log, /outbox: #\d+ from os::00D09E-SIM000000 sent to usp\/controller/, 1, T);
    ok(true, 'after the broker is back the outbox entry is published');
    await c0.disconnect().catch(() => {});
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
