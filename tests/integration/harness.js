// harness.js - shared by the integration tests and the demo: finds
// node_modules (usp-js) and the built programs, picks free loopback ports,
// starts a private mosquitto, cwmp2uspd and cwmp-sim in a temporary
// directory, waits for log lines, connects usp-js controllers, and kills
// everything it started on exit (also on failure or a signal).
'use strict';

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

// node_modules: $C2U_NODE_MODULES, else tests/integration/node_modules of
// abs_top_srcdir, this file's tree, or the nearest ancestor that has one
// (make distcheck builds from a copy without node_modules).
function findNodeModules() {
    const want = (dir) => path.join(dir, 'tests', 'integration', 'node_modules');
    if (process.env.C2U_NODE_MODULES)
        return process.env.C2U_NODE_MODULES;
    if (fs.existsSync(path.join(__dirname, 'node_modules', 'usp-js')))
        return path.join(__dirname, 'node_modules');
    const starts = [process.env.abs_top_srcdir, process.env.abs_top_builddir, __dirname];
    for (const start of starts.filter(Boolean)) {
        let dir = path.resolve(start);
        for (;;) {
            if (fs.existsSync(path.join(want(dir), 'usp-js')))
                return want(dir);
            const up = path.dirname(dir);
            if (up === dir)
                break;
            dir = up;
        }
    }
    throw new Error('tests/integration/node_modules with usp-js not found (run npm ci there)');
}

function uspConnect() {
    return require(path.join(findNodeModules(), 'usp-js')).default;
}

// A free TCP port on 127.0.0.1 (bind port 0, read it, close).
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const port = srv.address().port;
            srv.close(() => resolve(port));
        });
    });
}

const children = [];

function killAll() {
    for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) {
            try {
                c.kill('SIGTERM');
            } catch (e) {
                // already gone
            }
        }
    }
}

// Kills the children and waits for them (so none is left a zombie),
// at most ms; then SIGKILL for the stubborn ones.
function killAndWait(ms = 5000) {
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
    const done = Promise.all(alive.map((c) => new Promise((r) => c.once('exit', r))));
    killAll();
    let t;
    const cap = new Promise((r) => {
        t = setTimeout(() => {
            for (const c of alive)
                if (c.exitCode === null && c.signalCode === null)
                    c.kill('SIGKILL');
            r();
        }, ms);
    });
    return Promise.race([done, cap]).finally(() => clearTimeout(t));
}

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
        killAndWait().then(() => process.exit(130));
    });
}

// Starts a program with stdout+stderr into logFile; returns the child.
function start(name, prog, args, logFile) {
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(prog, args, { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    child.logFile = logFile;
    child.progName = name;
    child.on('error', (e) => {
        fs.appendFileSync(logFile, `${name}: cannot start ${prog}: ${e.message}\n`);
    });
    children.push(child);
    return child;
}

// Stops one child with sig and waits for it (at most ms, then SIGKILL).
function stop(child, sig = 'SIGTERM', ms = 10000) {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null)
            return resolve(child.exitCode);
        const t = setTimeout(() => child.kill('SIGKILL'), ms);
        child.once('exit', (code, signal) => {
            clearTimeout(t);
            resolve(code === null ? signal : code);
        });
        child.kill(sig);
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function countMatches(file, re) {
    let text = '';
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        return 0;
    }
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    return (text.match(g) || []).length;
}

// Waits until file holds at least n matches of re (polling), or throws
// after ms. Returns the count.
async function waitLog(file, re, n = 1, ms = 60000, child = null) {
    const end = Date.now() + ms;
    for (;;) {
        const c = countMatches(file, re);
        if (c >= n)
            return c;
        if (child && (child.exitCode !== null || child.signalCode !== null))
            throw new Error(`${child.progName} exited while waiting for ${re} in ${file}`);
        if (Date.now() > end)
            throw new Error(`timed out waiting for ${n} x ${re} in ${file}`);
        await sleep(100);
    }
}

// Rejects after ms with a clear message (generous: not a timing assertion).
function within(promise, ms, what) {
    let t;
    const timeout = new Promise((_, reject) => {
        t = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(t));
}

function builddir() {
    return process.env.abs_top_builddir || path.resolve(__dirname, '..', '..');
}

function srcdir() {
    return process.env.abs_top_srcdir || path.resolve(__dirname, '..', '..');
}

// Starts mosquitto, cwmp2uspd and cwmp-sim. opts: devices, simArgs (extra
// cwmp-sim options), conf (extra lines per section: {acs: '...'}), dir,
// acsPath (the path in the CPEs' ACS URL, '/' by default), periodic (keep
// the CPEs' periodic informs).
async function startFleet(opts = {}) {
    const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'c2u-it-'));
    module.exports.lastDir = dir; // for "logs in" messages when a test fails
    const mqttPort = opts.mqttPort || (await freePort());
    const acsPort = await freePort();
    const crPort = await freePort();
    const devices = opts.devices || 3;
    const extra = opts.conf || {};
    const mosquitto = process.env.MOSQUITTO && process.env.MOSQUITTO !== 'no'
        ? process.env.MOSQUITTO : 'mosquitto';

    fs.writeFileSync(path.join(dir, 'mosquitto.conf'),
        `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    const mq = start('mosquitto', mosquitto, ['-c', path.join(dir, 'mosquitto.conf')],
        path.join(dir, 'mosquitto.log'));
    await waitLog(mq.logFile, /running|Opening ipv4 listen socket/, 1, 20000, mq);

    const conf = [
        '[daemon]', `state_dir = ${path.join(dir, 'state')}`, 'log_level = debug',
        extra.daemon || '',
        '[acs]', `listen = 127.0.0.1:${acsPort}`, 'username = cpe', 'password = cpe',
        'connection_request_username = cr-user', 'connection_request_password = cr-pass',
        extra.acs || '',
        '[usp]', extra.usp || '',
        '[mqtt]', `port = ${mqttPort}`, extra.mqtt || '',
    ].join('\n') + '\n';
    const confFile = path.join(dir, 'cwmp2uspd.conf');
    fs.writeFileSync(confFile, conf);
    const daemon = start('cwmp2uspd', path.join(builddir(), 'proxy', 'cwmp2uspd'), ['-c', confFile],
        path.join(dir, 'cwmp2uspd.log'));
    await waitLog(daemon.logFile, /mqtt: connected/, 1, 30000, daemon);

    const sim = start('cwmp-sim', path.join(builddir(), 'sim', 'cwmp-sim'), [
        '--acs', `http://127.0.0.1:${acsPort}${opts.acsPath || '/'}`, '--devices', String(devices),
        '--model', path.join(srcdir(), 'sim', 'models', 'tr181-gateway.model'),
        '--username', 'cpe', '--password', 'cpe',
        '--cr-port', String(crPort), '--cr-username', 'cr-user', '--cr-password', 'cr-pass',
        ...(opts.periodic ? [] : ['--no-periodic']), '--stats-interval', '0',
        ...(opts.simArgs || []),
    ], path.join(dir, 'cwmp-sim.log'));
    await waitLog(daemon.logFile, /new device, USP agent/, devices, 60000, daemon);
    // every agent's topic subscribed (MQTTConnect sent)
    await waitLog(daemon.logFile, /agent os::\S+ subscribed/, devices, 30000, daemon);

    const oui = '00D09E';
    const serials = [];
    for (let i = 0; i < devices; i++)
        serials.push('SIM' + String(i).padStart(6, '0'));
    return {
        dir, mqttPort, acsPort, crPort, mq, daemon, sim, confFile,
        serials, endpoints: serials.map((s) => `os::${oui}-${s}`),
        logFile: daemon.logFile,
    };
}

// Starts the fleet's daemon again (same configuration, state and log),
// e.g. after a SIGKILL; waits until it is connected to the broker.
async function restartDaemon(fleet) {
    const before = countMatches(fleet.logFile, /mqtt: connected/);
    fleet.daemon = start('cwmp2uspd', path.join(builddir(), 'proxy', 'cwmp2uspd'),
        ['-c', fleet.confFile], fleet.logFile);
    await waitLog(fleet.logFile, /mqtt: connected/, before + 1, 30000, fleet.daemon);
    return fleet.daemon;
}

// A usp-js controller talking to one agent through the fleet's broker.
async function controller(fleet, endpointId, fromId = 'proto::cwmp2usp-controller') {
    const connect = uspConnect();
    return within(connect({
        host: '127.0.0.1', port: fleet.mqttPort, protocol: 'mqtt',
        toId: endpointId, fromId,
        publishEndpoint: `usp/agent/${endpointId}`,
        subscribeEndpoint: 'usp/controller',
        connectTimeout: 20000,
    }, { onError: () => {} }), 30000, `connecting a controller to ${endpointId}`);
}

// The values of a model file for one device: { 'Device.X.Y': 'value' }.
function modelValues(serial, oui = '00D09E', productClass = 'SimGateway') {
    const file = path.join(srcdir(), 'sim', 'models', 'tr181-gateway.model');
    const out = {};
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const m = /^(Device\.[^\s{}]*[^.\s])\s+\S+\s+\S+\s*(.*)$/.exec(line);
        if (!m || m[1].includes('{i}'))
            continue;
        let v = m[2].trim();
        if (v.startsWith('"')) {
            const end = v.indexOf('"', 1);
            v = v.slice(1, end);
        } else {
            v = v.split(/\s+/)[0] || '';
        }
        v = v.replace(/\$\{serial\}/g, serial).replace(/\$\{oui\}/g, oui)
            .replace(/\$\{product_class\}/g, productClass);
        out[m[1]] = v;
    }
    return out;
}

module.exports = {
    findNodeModules, uspConnect, freePort, start, stop, killAll, killAndWait, sleep, waitLog,
    countMatches, within, startFleet, restartDaemon, controller, modelValues, builddir, srcdir,
};
