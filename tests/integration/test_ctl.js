// test_ctl.js - end to end: cwmp2uspctl over the admin socket of the real
// cwmp2uspd, with a private mosquitto and cwmp-sim CPEs. Checks `devices`
// (JSON, paging, --table), `device` by Endpoint ID and by key (identity,
// connection request URL without the password, last Inform, a queued USP
// request of a CPE that does not come back), `stats`, raw protocol errors
// on the socket (unknown command, overlong line), a second daemon refused
// while one answers, the clear error when the daemon is not running and the
// socket file removed at exit, and `decode soap` on a CWMP fixture.
// Prints TAP.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawnSync } = require('child_process');
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

const CTL = path.join(h.builddir(), 'proxy', 'cwmp2uspctl');

// Runs cwmp2uspctl; returns {status, stdout, stderr, json (when parseable)}.
function ctl(args) {
    const r = spawnSync(CTL, args, { encoding: 'utf8', timeout: 60000 });
    let json = null;
    try {
        json = JSON.parse(r.stdout);
    } catch (e) {
        // not JSON (table, error)
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

// Sends raw bytes on the admin socket; resolves with everything read until
// the daemon closes or ms pass ({text, closed}).
function raw(sock, data, ms = 3000) {
    return new Promise((resolve) => {
        const c = net.createConnection(sock);
        let text = '';
        let done = false;
        const finish = (closed) => {
            if (done)
                return;
            done = true;
            clearTimeout(t);
            c.destroy();
            resolve({ text, closed });
        };
        const t = setTimeout(() => finish(false), ms);
        c.on('data', (b) => {
            text += b.toString('utf8');
        });
        c.on('end', () => finish(true));
        c.on('close', () => finish(true));
        c.on('error', () => finish(true));
        c.on('connect', () => c.write(data));
    });
}

const PLAN = 25;

async function main() {
    const t0 = Math.floor(Date.now() / 1000);
    // Device 2 never comes back after its first session: a request to it
    // stays queued (cpe_wait_timeout far beyond the test).
    const fleet = await h.startFleet({
        devices: 3, simArgs: ['--dead', '2'], conf: { acs: 'cpe_wait_timeout = 600' },
    });
    const conf = ['-c', fleet.confFile];
    const sock = path.join(fleet.dir, 'state', 'admin.sock');

    // 1. the socket: where the configuration says, mode 0600
    const st = fs.statSync(sock);
    ok(st.isSocket() && (st.mode & 0o777) === 0o600, 'the admin socket is <state_dir>/admin.sock, mode 0600',
        (st.mode & 0o777).toString(8));

    // 2. devices: every device that informed, with its Endpoint ID
    let r = ctl([...conf, 'devices']);
    const devs = r.json && r.json.devices;
    ok(r.status === 0 && r.json.ok === true && r.json.total === 3 && devs.length === 3 &&
        r.json.next_offset === null, 'devices: 3 devices, one page', r);
    const eids = (devs || []).map((d) => d.endpoint_id).sort();
    ok(JSON.stringify(eids) === JSON.stringify([...fleet.endpoints].sort()),
        'devices: the Endpoint IDs of the CPEs that informed', eids);
    const now = Math.floor(Date.now() / 1000);
    ok(devs && devs.every((d) => d.last_inform >= t0 && d.last_inform <= now &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(d.last_inform_utc) &&
        typeof d.online === 'boolean' && d.key.includes('SIM')),
    'devices: key, last Inform time (unix and UTC) of this run, online flag', devs);
    const keys = (devs || []).map((d) => d.key);
    ok(JSON.stringify(keys) === JSON.stringify([...keys].sort()), 'devices: in key order', keys);

    // 3. paging
    r = ctl([...conf, 'devices', '1', '1']);
    ok(r.status === 0 && r.json.devices.length === 1 && r.json.devices[0].key === keys[1] &&
        r.json.offset === 1 && r.json.limit === 1 && r.json.next_offset === 2,
    'devices 1 1: the second device and the next offset', r.json);
    r = ctl([...conf, 'devices', '3']);
    ok(r.status === 0 && r.json.devices.length === 0 && r.json.total === 3,
        'devices past the end: an empty page', r.json);

    // 4. --table
    r = ctl([...conf, '--table', 'devices']);
    const rows = r.stdout.split('\n').filter((l) => /SIM\d{6}/.test(l));
    ok(r.status === 0 && /^KEY\s+ENDPOINT ID/.test(r.stdout) && rows.length === 3 &&
        fleet.endpoints.every((e) => rows.some((l) => l.includes(e))),
    'devices --table: a header and one row per device', r.stdout);

    // 5. device by Endpoint ID
    const eid0 = fleet.endpoints[0];
    r = ctl([...conf, 'device', eid0]);
    const d0 = r.json;
    ok(r.status === 0 && d0.ok && d0.endpoint_id === eid0 && d0.serial_number === fleet.serials[0] &&
        d0.oui === '00D09E' && d0.product_class.length > 0 && d0.manufacturer.length > 0,
    'device ENDPOINT_ID: identity of the CPE', d0);
    ok(d0 && d0.connection_request_url.includes(`:${fleet.crPort}/`) &&
        !r.stdout.includes('cr-pass') && !('connection_request_password' in d0),
    'device: connection request URL of the CPE, never the password', d0);
    ok(d0 && d0.last_inform >= t0 && Array.isArray(d0.last_inform_events) &&
        d0.last_inform_events.some((e) => /BOOT/.test(e)) && /^1\.\d$/.test(d0.cwmp_version),
    'device: last Inform time and events, CWMP version', d0);
    ok(d0 && d0.cached_parameters > 0 && Array.isArray(d0.learned) &&
        Array.isArray(d0.subscriptions) && d0.subscriptions.length === 0,
    'device: cached parameter count, learned flags, subscriptions (none)', d0);

    // 6. device by key gives the same device
    r = ctl([...conf, 'device', d0.key]);
    ok(r.status === 0 && r.json.endpoint_id === eid0 && r.json.key === d0.key,
        'device KEY: the same device', r.json);

    // 7. a request to the dead CPE stays queued: visible in device and stats
    const eid2 = fleet.endpoints[2];
    const c2 = await h.controller(fleet, eid2);
    c2.get('Device.DeviceInfo.').catch(() => {});
    let d2 = null;
    for (let i = 0; i < 300; i++) {
        d2 = ctl([...conf, 'device', eid2]).json;
        if (d2 && d2.queue_length === 1)
            break;
        await h.sleep(100);
    }
    const q = d2 && d2.queue && d2.queue[0];
    ok(q && d2.queue_length === 1 && q.msg_id.length > 0 &&
        q.controller === 'proto::cwmp2usp-controller' && q.accepted >= t0 &&
        q.deadline === q.accepted + 600 && d2.online === false,
    'device: the queued request (msg id, controller, accepted, deadline)', d2);

    // 8. stats
    r = ctl([...conf, 'stats']);
    const s = r.json;
    ok(r.status === 0 && s.ok && s.devices === 3 && s.queue_length === 1 &&
        s.outbox_length >= 0 && s.store_commits > 0 && s.sessions >= 0,
    'stats: devices, queue length, outbox, sessions, store commits', s);

    // 9. errors from the daemon
    r = ctl([...conf, 'device', 'os::00D09E-NOSUCH']);
    ok(r.status === 1 && /no device/.test(r.stderr), 'device of an unknown id: exit 1 and why',
        r);
    r = ctl([...conf, 'frobnicate']);
    ok(r.status === 2 && /unknown command/.test(r.stderr), 'unknown command: usage error', r);

    // 10. raw protocol: one JSON line per request, errors as JSON
    let x = await raw(sock, 'bogus\nstats\n');
    const replies = x.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    ok(replies.length === 2 && replies[0].ok === false && /unknown command/.test(replies[0].error) &&
        replies[1].ok === true && replies[1].devices === 3,
    'socket: an unknown command gets an error reply and the connection goes on', x);
    x = await raw(sock, 'device ' + 'A'.repeat(5000) + '\n');
    ok(x.closed && /"ok":false/.test(x.text) && /longer than 4096/.test(x.text),
        'socket: an overlong line gets an error reply and the connection is closed', x);

    // 11. a second daemon on the same state is refused while one answers
    const second = h.start('cwmp2uspd-2', path.join(h.builddir(), 'proxy', 'cwmp2uspd'),
        ['-c', fleet.confFile], path.join(fleet.dir, 'second.log'));
    const code2 = await h.within(new Promise((res) => (second.exitCode !== null
        ? res(second.exitCode) : second.once('exit', (c) => res(c)))), 30000,
    'the second daemon to exit');
    ok(code2 === 1 && /another cwmp2uspd answers/.test(
        fs.readFileSync(path.join(fleet.dir, 'second.log'), 'utf8')),
    'a second daemon refuses to start while the first answers on the socket', code2);
    r = ctl([...conf, 'stats']);
    ok(r.status === 0 && r.json.devices === 3, 'the first daemon still answers', r);

    // 12. decode soap: the decoders of cwmp2usp-decode
    const fixture = path.join(h.srcdir(), 'tests', 'cwmp', 'fixtures', 'inform_tr181_cwmp12.xml');
    r = ctl(['decode', 'soap', fixture]);
    const dec = spawnSync(path.join(h.builddir(), 'proxy', 'cwmp2usp-decode'), ['soap', fixture],
        { encoding: 'utf8' });
    ok(r.status === 0 && r.json && r.json.type === 'Inform' && r.stdout === dec.stdout,
        'decode soap FILE: the Inform as JSON, same as cwmp2usp-decode', r);

    // 13. not running
    await c2.disconnect();
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0 && !fs.existsSync(sock), 'SIGTERM: the daemon exits and removes its socket',
        code);
    r = ctl([...conf, 'stats']);
    ok(r.status === 1 && /cwmp2uspd is not running/.test(r.stderr) && r.stdout === '',
        'daemon not running: exit 1 and a clear message', r);
    r = ctl(['-s', path.join(fleet.dir, 'nowhere.sock'), 'devices']);
    ok(r.status === 1 && /not running.*nowhere\.sock/.test(r.stderr),
        '-s SOCKET: the message names the socket', r);
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
