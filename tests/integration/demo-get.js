#!/usr/bin/env node
// demo-get.js - a small USP controller (usp-js over MQTT): sends a Get (or
// GetSupportedProtocol) to one proxied agent and prints the answer
// readably. Used by `./quickstart demo`, and by hand:
//
//   node tests/integration/demo-get.js --port 1883 --agent os::00D09E-SIM000000 \
//        Device.DeviceInfo. 'Device.WiFi.SSID.*.SSID'
//
// Options: --host H [127.0.0.1], --port P [1883], --agent ENDPOINT_ID,
// --from ENDPOINT_ID [proto::cwmp2usp-controller], --topic T (the
// controller's reply topic) [usp/controller], --max-depth N, --gsp
// (GetSupportedProtocol instead of Get), --timeout S [150].
'use strict';

const h = require('./harness');

function parseArgs(argv) {
    const o = {
        host: '127.0.0.1', port: 1883, agent: null, from: 'proto::cwmp2usp-controller',
        topic: 'usp/controller', maxDepth: 0, gsp: false, timeout: 150, paths: [],
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length)
                throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--host') o.host = next();
        else if (a === '--port') o.port = Number(next());
        else if (a === '--agent') o.agent = next();
        else if (a === '--from') o.from = next();
        else if (a === '--topic') o.topic = next();
        else if (a === '--max-depth') o.maxDepth = Number(next());
        else if (a === '--timeout') o.timeout = Number(next());
        else if (a === '--gsp') o.gsp = true;
        else if (a === '-h' || a === '--help') o.help = true;
        else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
        else o.paths.push(a);
    }
    return o;
}

// Prints a raw GetResp: per requested path, each object and its values.
function printGetResp(raw, out = console.log) {
    const results = raw.body.response.getResp.reqPathResults || [];
    for (const r of results) {
        if (r.errCode) {
            out(`${r.requestedPath}: error ${r.errCode}: ${r.errMsg}`);
            continue;
        }
        const rps = r.resolvedPathResults || [];
        out(`${r.requestedPath}  (${rps.length} object${rps.length === 1 ? '' : 's'})`);
        for (const rp of rps) {
            out(`  ${rp.resolvedPath}`);
            const params = rp.resultParams || {};
            const names = Object.keys(params).sort();
            const w = Math.min(40, Math.max(0, ...names.map((x) => x.length)));
            for (const k of names)
                out(`    ${k.padEnd(w)}  ${JSON.stringify(params[k])}`);
        }
    }
}

// Sends the request and prints; resolves true on success.
async function run(o, out = console.log) {
    const connect = h.uspConnect();
    const usp = await h.within(connect({
        host: o.host, port: o.port, protocol: 'mqtt', toId: o.agent, fromId: o.from,
        publishEndpoint: `usp/agent/${o.agent}`, subscribeEndpoint: o.topic,
        connectTimeout: 20000,
    }, { onError: () => {} }), 30000, `connecting to the broker ${o.host}:${o.port}`);
    let good = true;
    try {
        if (o.gsp) {
            const v = await h.within(usp.supportedProto('1.4'), o.timeout * 1000,
                'GetSupportedProtocol');
            out(`${o.agent} supports USP ${v.join(', ')}`);
        } else {
            const opts = { raw: true };
            if (o.maxDepth)
                opts.max_depth = o.maxDepth;
            const raw = await h.within(usp.get(o.paths.length === 1 ? o.paths[0] : o.paths, opts)
                .catch((e) => ({ error: e })), o.timeout * 1000, 'Get');
            if (raw.error) {
                good = false;
                const e = raw.error;
                out(`error: ${e.errCode || e.code || ''} ${e.errMsg || e.message ||
                    JSON.stringify(e)}${e.requestedPath ? ' (' + e.requestedPath + ')' : ''}`);
            } else {
                printGetResp(raw, out);
            }
        }
    } finally {
        await usp.disconnect().catch(() => {});
    }
    return good;
}

if (require.main === module) {
    let o;
    try {
        o = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`demo-get: ${e.message}`);
        process.exit(2);
    }
    if (o.help || !o.agent || (!o.gsp && o.paths.length === 0)) {
        console.error('usage: demo-get.js [--host H] [--port P] --agent ENDPOINT_ID ' +
            '[--max-depth N] PATH... | --gsp');
        process.exit(o.help ? 0 : 2);
    }
    run(o).then((good) => process.exit(good ? 0 : 1), (e) => {
        console.error(`demo-get: ${e && e.message ? e.message : JSON.stringify(e)}`);
        process.exit(1);
    });
}

module.exports = { run, printGetResp, parseArgs };
