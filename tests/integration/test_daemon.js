// test_daemon.js - end to end: what an operator expects of the cwmp2uspd
// process itself, with a private mosquitto (which assigns ClientIds: the
// configuration gives none) and a cwmp-sim CPE. Checks pid_file (written
// at start, removed at a clean exit), acs.path (the CPE informs on it,
// other paths get 404), SIGHUP (reloaded keys logged, changed keys that
// need a restart named, a controller added to the file is accepted), and
// the MQTT 5 Assigned Client Identifier (stored, and sent again after a
// restart: the broker sees the same ClientId). Prints TAP.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
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

function flush(plan) {
    console.log(`1..${plan}`);
    for (const l of lines)
        console.log(l);
}

// POSTs an empty body to the ACS at target; resolves with the HTTP status.
function post(port, target) {
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: '127.0.0.1', port, path: target, method: 'POST',
            headers: { 'Content-Length': 0 },
        }, (res) => {
            res.resume();
            resolve(res.statusCode);
        });
        req.setTimeout(20000, () => req.destroy(new Error(`no answer to POST ${target}`)));
        req.on('error', reject);
        req.end();
    });
}

const read = (file) => {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch (e) {
        return '';
    }
};

const PLAN = 16;

async function main() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2u-it-'));
    const pidFile = path.join(dir, 'cwmp2uspd.pid');
    const fleet = await h.startFleet({
        dir, devices: 1, acsPath: '/cwmp',
        conf: { daemon: `pid_file = ${pidFile}`, acs: 'path = /cwmp' },
    });
    const log = fleet.logFile;
    const mqLog = fleet.mq.logFile;
    const T = 60000;

    // 1. pid_file
    ok(read(pidFile) === `${fleet.daemon.pid}\n`, 'pid_file holds the daemon\'s pid',
        read(pidFile));

    // 2. acs.path: the CPE informed on /cwmp (startFleet waited for it)
    ok(h.countMatches(log, /new device, USP agent os::00D09E-SIM000000/) === 1,
        'acs.path = /cwmp: the CPE configured with .../cwmp informs');
    const s1 = await post(fleet.acsPort, '/');
    const s2 = await post(fleet.acsPort, '/other?x=1');
    ok(s1 === 404 && s2 === 404, 'acs.path: POST to / and /other get 404', [s1, s2]);
    ok(h.countMatches(log, /"\/other\?x=1" is not the ACS path \/cwmp/) === 1,
        'acs.path: the refused path is logged');
    const s3 = await post(fleet.acsPort, '/cwmp');
    ok(s3 === 400, 'acs.path: an empty POST on /cwmp reaches the session engine (400, no session)',
        s3);

    // 3. a Get that needs the CPE: connection request, session on /cwmp
    const eid = fleet.endpoints[0];
    const c1 = await h.controller(fleet, eid);
    const r = await h.within(c1.get('Device.DeviceInfo.'), T, 'Get Device.DeviceInfo.');
    ok(r && JSON.stringify(r).includes(h.modelValues(fleet.serials[0])[
        'Device.DeviceInfo.SoftwareVersion']), 'a Get served in a session on /cwmp', r);

    // 4. the broker assigned a ClientId; the daemon stored it
    const assigned = /mqtt: broker assigned ClientId "([^"]+)": stored/.exec(read(log));
    const id = assigned && assigned[1];
    ok(id && read(mqLog).includes(` as ${id} `),
        'MQTT 5: the broker assigned a ClientId and the daemon stored it', id);

    // 5. SIGHUP: cache_max_age and a second controller reloaded; keepalive
    // changed too, which needs a restart: named in the log
    const c2 = await h.controller(fleet, eid, 'proto::second');
    c2.supportedProto('1.3').catch(() => {});
    await h.waitLog(log, /dropped a record from proto::second .*not a configured controller/, 1,
        T);
    ok(true, 'before SIGHUP: a controller missing from the file is refused');
    fs.appendFileSync(fleet.confFile, [
        '[usp]', 'cache_max_age = 7', '[mqtt]', 'keepalive = 30',
        '[controller first]', 'endpoint_id = proto::cwmp2usp-controller', 'topic = usp/controller',
        '[controller second]', 'endpoint_id = proto::second', 'topic = usp/controller', '',
    ].join('\n'));
    fleet.daemon.kill('SIGHUP');
    await h.waitLog(log, /SIGHUP: reloaded/, 1, T, fleet.daemon);
    const hup = /SIGHUP: reloaded .*/.exec(read(log))[0];
    ok(/log_level debug/.test(hup) && /cache_max_age 7 s/.test(hup) &&
        /2 controllers/.test(hup), 'SIGHUP: the reloaded values are logged', hup);
    ok(/not reloadable without restart, changed in the file: mqtt\.keepalive$/.test(hup),
        'SIGHUP: a changed key that needs a restart is named', hup);
    const v = await h.within(c2.supportedProto('1.3'), T, 'GetSupportedProtocol from second');
    ok(Array.isArray(v) && v.includes('1.3'),
        'after SIGHUP: the controller added to the file is answered', v);
    await c1.disconnect();
    await c2.disconnect();

    // 6. SIGTERM: clean exit, pid_file removed
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0 && !fs.existsSync(pidFile), 'SIGTERM: exit 0 and the pid_file is removed',
        code);

    // 7. a restart connects with the stored ClientId
    await h.restartDaemon(fleet);
    ok(read(pidFile) === `${fleet.daemon.pid}\n`, 'restart: pid_file holds the new pid',
        read(pidFile));
    ok(id && h.countMatches(log, new RegExp(`ClientId "${id}" \\(assigned by the broker`)) === 1,
        'restart: the daemon uses the stored ClientId', id);
    ok(id && h.countMatches(mqLog, new RegExp(` as ${id} `)) === 2 &&
        h.countMatches(log, /mqtt: broker assigned ClientId/) === 1,
    'restart: the broker sees the same ClientId again and assigns no new one',
    read(mqLog).split('\n').filter((l) => / as /.test(l)));

    // 8. a second daemon refused by the admin socket leaves the pid_file alone
    const second = h.start('cwmp2uspd-2', path.join(h.builddir(), 'proxy', 'cwmp2uspd'),
        ['-c', fleet.confFile], path.join(dir, 'second.log'));
    const code2 = await h.within(new Promise((res) => (second.exitCode !== null
        ? res(second.exitCode) : second.once('exit', (c) => res(c)))), 30000,
    'the second daemon to exit');
    ok(code2 === 1 && read(pidFile) === `${fleet.daemon.pid}\n`,
        'a second daemon is refused and the pid_file still names the first', code2);
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
        fs.rmSync(fleet.dir, { recursive: true, force: true });
    process.exit(failed || n !== PLAN ? 1 : 0);
}, (e) => {
    ok(false, `setup or run: ${e && e.message ? e.message : JSON.stringify(e)}`);
    if (h.lastDir)
        lines.push(`# logs in ${h.lastDir}`);
    flush(Math.max(PLAN, n));
    h.killAndWait().then(() => process.exit(1));
});
