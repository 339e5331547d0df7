// test_reply.js - end to end: where the proxied agents' replies go, Get
// with max_depth, and Records for an Endpoint ID the proxy does not serve.
// A raw MQTT client (the `mqtt` package usp-js uses, Records encoded with
// protobufjs and the schemas usp-js ships) listens on '#' and records the
// topic and properties of every Record; it also publishes the requests
// usp-js cannot make (usp-js never sets an MQTT 5 Response Topic).
// Fleet 1, daemon on MQTT 5: a request with a Response Topic is answered
// there and not on the controller's configured topic (TR-369 R-MQTT.26),
// also when the answer needs the CPE (queued) and for an Error; without
// one the answer goes to the configured topic (usp-js on MQTT 5); the
// answers carry the agent's topic as Response Topic and Content Type
// usp.msg (R-MQTT.23, R-MQTT.27); Get of Device.DeviceInfo. with max_depth
// 1 and 2 against 0 (R-GET.5); a Record whose to_id is no agent of the
// proxy is dropped and logged, never answered.
// Fleet 2, daemon on MQTT 3.1.1: usp-js publishing to
// "<agent topic>/reply-to=<topic with %2F>" is answered on that topic,
// itself suffixed with the agent's reply-to (R-MQTT.24, R-MQTT.25);
// without the suffix on the configured topic. Prints TAP.
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

function flush(plan) {
    console.log(`1..${plan}`);
    for (const l of lines)
        console.log(l);
}

const PLAN = 21;
const T = 60000;
const CONTROLLER = 'proto::cwmp2usp-controller';
const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

// ---- Records in JS (usp-js's USP 1.4 schemas) --------------------------------

let Record;
let Msg;
const conv = { enums: String, longs: String, defaults: true, oneofs: true };

function loadSchemas() {
    const nm = h.findNodeModules();
    const protobuf = require(path.join(nm, 'protobufjs'));
    const spec = (f) => require(path.join(nm, 'usp-js', 'node', 'specs', f)).default;
    Record = protobuf.Root.fromJSON(spec('usp-record-1-4.js')).lookupType('usp_record.Record');
    Msg = protobuf.Root.fromJSON(spec('usp-msg-1-4.js')).lookupType('usp.Msg');
}

function encodeRequest(toId, msgId, type, key, body) {
    const msg = Msg.fromObject({
        header: { msgId, msgType: type }, body: { request: { [key]: body } },
    });
    const err = Msg.verify(msg);
    if (err)
        throw new Error('Msg.verify: ' + err);
    const rec = Record.fromObject({
        version: '1.4', toId, fromId: CONTROLLER, payloadSecurity: 'PLAINTEXT',
        noSessionContext: { payload: Msg.encode(msg).finish() },
    });
    return Record.encode(rec).finish();
}

// Every Record seen on the broker: { topic, props, fromId, toId, msgId, type, msg }.
function decodeSeen(topic, data, packet) {
    try {
        const rec = Record.toObject(Record.decode(data), conv);
        const e = { topic, props: (packet && packet.properties) || {}, fromId: rec.fromId,
            toId: rec.toId, msgId: null, type: null, msg: null };
        if (rec.noSessionContext) {
            e.msg = Msg.toObject(Msg.decode(rec.noSessionContext.payload), conv);
            e.msgId = e.msg.header.msgId;
            e.type = e.msg.header.msgType;
        } else if (rec.mqttConnect) {
            e.type = 'MQTT_CONNECT';
        }
        return e;
    } catch (err) {
        return null; // not a USP Record
    }
}

// A raw client on the fleet's broker, subscribed to '#'. version 5 or 4.
function observer(fleet, version) {
    const mqtt = require(path.join(h.findNodeModules(), 'mqtt'));
    const seen = [];
    const client = mqtt.connect(`mqtt://127.0.0.1:${fleet.mqttPort}`,
        { protocolVersion: version, reconnectPeriod: 0 });
    client.on('message', (topic, data, packet) => {
        const e = decodeSeen(topic, data, packet);
        if (e)
            seen.push(e);
    });
    return new Promise((resolve, reject) => {
        client.on('connect', () => client.subscribe('#', { qos: 1 }, (err) =>
            (err ? reject(err) : resolve({ client, seen }))));
        client.on('error', reject);
    });
}

function publish(client, topic, bytes, props) {
    const opts = { qos: 1 };
    if (props)
        opts.properties = props;
    return new Promise((resolve, reject) =>
        client.publish(topic, Buffer.from(bytes), opts, (err) => (err ? reject(err) : resolve())));
}

async function waitFor(seen, pred, what, ms = T) {
    const end = Date.now() + ms;
    for (;;) {
        const hit = seen.find(pred);
        if (hit)
            return hit;
        if (Date.now() > end)
            throw new Error(`timed out waiting for ${what}`);
        await h.sleep(50);
    }
}

// Answers from the agent to msgId (any topic).
const answers = (seen, agent, msgId) =>
    seen.filter((e) => e.fromId === agent && e.msgId === msgId);

let barrierNo = 0;

// The daemon publishes its answers in order on one connection: once the
// answer to a later GetSupportedProtocol has arrived, every answer to an
// earlier request has arrived too.
async function barrier(obs, agent, topic) {
    const id = `barrier-${++barrierNo}`;
    await publish(obs.client, topic, encodeRequest(agent, id, 'GET_SUPPORTED_PROTO',
        'getSupportedProtocol', { controllerSupportedProtocolVersions: '1.4' }),
    obs.v5 ? { contentType: 'usp.msg' } : null);
    await waitFor(obs.seen, (e) => e.fromId === agent && e.msgId === id, `the answer to ${id}`);
}

function objects(msg) {
    const out = {};
    for (const r of msg.body.response.getResp.reqPathResults)
        for (const rp of r.resolvedPathResults || [])
            out[rp.resolvedPath] = rp.resultParams || {};
    return out;
}

// ---- fleet 1: MQTT 5 ----------------------------------------------------------

async function mqtt5() {
    const fleet = await h.startFleet({ devices: 1 });
    const log = fleet.logFile;
    const eid = fleet.endpoints[0];
    const own = `usp/agent/${eid}`;
    const model = h.modelValues(fleet.serials[0]);
    const obs = await observer(fleet, 5);
    obs.v5 = true;

    // 1. answered by the proxy at once: on the Response Topic only
    await publish(obs.client, own, encodeRequest(eid, 'rt-gsp', 'GET_SUPPORTED_PROTO',
        'getSupportedProtocol', { controllerSupportedProtocolVersions: '1.4' }),
    { responseTopic: 'ctl/rt/gsp', contentType: 'usp.msg' });
    const a1 = await waitFor(obs.seen, (e) => e.fromId === eid && e.msgId === 'rt-gsp',
        'the GetSupportedProtocolResp');
    await barrier(obs, eid, own);
    let got = answers(obs.seen, eid, 'rt-gsp');
    ok(got.length === 1 && got[0].topic === 'ctl/rt/gsp' &&
        got[0].type === 'GET_SUPPORTED_PROTO_RESP',
    'MQTT 5 Response Topic: the answer goes there, not to usp/controller',
    got.map((e) => [e.topic, e.type]));
    ok(a1.props.responseTopic === own && a1.props.contentType === 'usp.msg',
        'the answer carries the agent topic as Response Topic, Content Type usp.msg', a1.props);

    // 2. a Get that needs the CPE (queued, answered from a later session)
    const gpvBefore = h.countMatches(log, /SIM000000: sent GetParameterValues/);
    await publish(obs.client, own, encodeRequest(eid, 'rt-get', 'GET', 'get',
        { paramPaths: ['Device.WiFi.Radio.'] }),
    { responseTopic: 'ctl/rt/get', contentType: 'application/vnd.bbf.usp.msg' });
    const a2 = await waitFor(obs.seen, (e) => e.fromId === eid && e.msgId === 'rt-get',
        'the queued GetResp');
    await barrier(obs, eid, own);
    got = answers(obs.seen, eid, 'rt-get');
    const radio = a2.type === 'GET_RESP' ? objects(a2.msg)['Device.WiFi.Radio.1.'] : null;
    ok(got.length === 1 && got[0].topic === 'ctl/rt/get' && radio &&
        radio.Channel === model['Device.WiFi.Radio.1.Channel'] &&
        h.countMatches(log, /SIM000000: sent GetParameterValues/) > gpvBefore,
    'a Get answered after a CPE session still goes to its Response Topic',
    got.map((e) => [e.topic, e.type]));

    // 3. an Error (a request type the proxied agent does not support)
    await publish(obs.client, own, encodeRequest(eid, 'rt-err', 'NOTIFY', 'notify',
        { subscriptionId: 'x', sendResp: false, event: { objPath: 'Device.', eventName: 'Boot!' } }),
    { responseTopic: 'ctl/rt/err' });
    await waitFor(obs.seen, (e) => e.fromId === eid && e.msgId === 'rt-err', 'the Error');
    await barrier(obs, eid, own);
    got = answers(obs.seen, eid, 'rt-err');
    ok(got.length === 1 && got[0].topic === 'ctl/rt/err' && got[0].type === 'ERROR' &&
        got[0].msg.body.error.errCode === 7001,
    'an Error (7001) goes to the Response Topic as well',
    got.map((e) => [e.topic, e.type, e.msg && e.msg.body]));

    // 4. MQTT 5 without a Response Topic: the configured controller topic
    await publish(obs.client, own, encodeRequest(eid, 'nort-gsp', 'GET_SUPPORTED_PROTO',
        'getSupportedProtocol', { controllerSupportedProtocolVersions: '1.4' }),
    { contentType: 'usp.msg' });
    await waitFor(obs.seen, (e) => e.fromId === eid && e.msgId === 'nort-gsp', 'the answer');
    await barrier(obs, eid, own);
    got = answers(obs.seen, eid, 'nort-gsp');
    ok(got.length === 1 && got[0].topic === 'usp/controller',
        'MQTT 5 without a Response Topic: the answer goes to usp/controller',
        got.map((e) => [e.topic, e.type]));

    // 5. usp-js on MQTT 5 (it sets no Response Topic)
    const connect = h.uspConnect();
    const js = await h.within(connect({
        host: '127.0.0.1', port: fleet.mqttPort, protocol: 'mqtt', protocolVersion: 5,
        toId: eid, fromId: CONTROLLER, publishEndpoint: own, subscribeEndpoint: 'usp/controller',
        connectTimeout: 20000,
    }, { onError: () => {} }), 30000, 'connecting usp-js (MQTT 5)');
    const raw0 = await h.within(js.get('Device.DeviceInfo.', { raw: true }), T, 'Get depth 0');
    await barrier(obs, eid, own);
    got = answers(obs.seen, eid, raw0.header.msgId);
    const req = obs.seen.find((e) => e.fromId === CONTROLLER && e.msgId === raw0.header.msgId);
    ok(got.length === 1 && got[0].topic === 'usp/controller' && req &&
        req.props.responseTopic === undefined,
    'usp-js on MQTT 5 (no Response Topic): answered on usp/controller',
    got.map((e) => [e.topic, e.type]));

    // 6. max_depth (TR-369 R-GET.5): 1 = the object's own parameters,
    // 2 = also those of its direct sub-objects; 0 = everything
    const all = objects(raw0);
    const depthOf = (p) => 1 + (p.slice('Device.DeviceInfo.'.length).match(/\./g) || []).length;
    const expect = (d) => Object.keys(all).filter((p) => depthOf(p) <= d).sort();
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const keysOf = (o, p) => Object.keys(o[p] || {}).sort();
    ok(all['Device.DeviceInfo.'] &&
        all['Device.DeviceInfo.'].Manufacturer === model['Device.DeviceInfo.Manufacturer'] &&
        all['Device.DeviceInfo.MemoryStatus.'] && all['Device.DeviceInfo.FirmwareImage.1.'],
    'max_depth 0: the object, its sub-objects and their instances', Object.keys(all));
    const raw1 = await h.within(js.get('Device.DeviceInfo.', { raw: true, max_depth: 1 }), T,
        'Get depth 1');
    const d1 = objects(raw1);
    ok(same(Object.keys(d1).sort(), ['Device.DeviceInfo.']) &&
        same(keysOf(d1, 'Device.DeviceInfo.'), keysOf(all, 'Device.DeviceInfo.')) &&
        d1['Device.DeviceInfo.'].ModelName === model['Device.DeviceInfo.ModelName'],
    'max_depth 1: only Device.DeviceInfo. with all its own parameters',
    { got: Object.keys(d1), keys: keysOf(d1, 'Device.DeviceInfo.') });
    const raw2 = await h.within(js.get('Device.DeviceInfo.', { raw: true, max_depth: 2 }), T,
        'Get depth 2');
    const d2 = objects(raw2);
    ok(same(Object.keys(d2).sort(), expect(2)) && expect(2).length > 1 &&
        expect(2).length < Object.keys(all).length &&
        expect(2).every((p) => same(keysOf(d2, p), keysOf(all, p))),
    'max_depth 2: the object and its direct sub-objects, not the instances below a table',
    { got: Object.keys(d2), want: expect(2) });
    await js.disconnect();

    // 7. a Record to an Endpoint ID that is not one of the proxy's agents,
    // on an agent's topic: dropped and logged, never answered
    const ghost = 'os::00D09E-NOSUCH0';
    await publish(obs.client, own, encodeRequest(ghost, 'ghost-gsp', 'GET_SUPPORTED_PROTO',
        'getSupportedProtocol', { controllerSupportedProtocolVersions: '1.4' }),
    { responseTopic: 'ctl/rt/ghost', contentType: 'usp.msg' });
    await h.waitLog(log, /dropped a record on os::00D09E-SIM000000: Record to_id 'os::00D09E-NOSUCH0' is not ours/, 1, T);
    await barrier(obs, eid, own);
    ok(obs.seen.filter((e) => e.msgId === 'ghost-gsp' && e.fromId !== CONTROLLER).length === 0 &&
        obs.seen.filter((e) => e.topic === 'ctl/rt/ghost').length === 0 &&
        h.countMatches(log, /-> os::00D09E-NOSUCH0/) === 0,
    'a Record for an unknown Endpoint ID is dropped and logged, never answered');

    // 7b. a 3.1.1 controller (topic with /reply-to=) and this MQTT 5 daemon:
    // the agent's subscription topic/# receives it, the answer goes to the
    // reply-to topic
    const replyTo5 = 'ctl311on5/r';
    const js311 = await jsController(fleet, eid,
        `${own}/reply-to=${replyTo5.split('/').join('%2F')}`, `${replyTo5}/#`);
    const v5 = await h.within(settle(js311.supportedProto('1.4')), T,
        'GetSupportedProtocol (3.1.1 controller, MQTT 5 daemon)');
    ok(Array.isArray(v5.v) && v5.v.includes('1.4'),
        'a 3.1.1 controller with /reply-to= is answered by the MQTT 5 daemon on its reply-to topic',
        v5);
    await js311.disconnect();

    obs.client.end(true);
    await h.stop(fleet.sim);
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0, 'the MQTT 5 daemon exits with status 0 on SIGTERM', code);
    await h.stop(fleet.mq);
    return fleet;
}

// ---- fleet 2: MQTT 3.1.1 --------------------------------------------------------

async function jsController(fleet, eid, publishEndpoint, subscribeEndpoint) {
    const connect = h.uspConnect();
    return h.within(connect({
        host: '127.0.0.1', port: fleet.mqttPort, protocol: 'mqtt', protocolVersion: 4,
        toId: eid, fromId: CONTROLLER, publishEndpoint, subscribeEndpoint, connectTimeout: 20000,
    }, { onError: () => {} }), 30000, `connecting usp-js (3.1.1) on ${publishEndpoint}`);
}

async function mqtt311() {
    const fleet = await h.startFleet({ devices: 1, conf: { mqtt: 'version = 3.1.1' } });
    const log = fleet.logFile;
    const eid = fleet.endpoints[0];
    const own = `usp/agent/${eid}`;
    const suffix = `/reply-to=${own.split('/').join('%2F')}`;
    const model = h.modelValues(fleet.serials[0]);
    const obs = await observer(fleet, 4);

    ok(h.countMatches(log, /connecting to \S+ \(MQTT 3\.1\.1/) >= 1 &&
        h.countMatches(log, /agent os::\S+ subscribed/) >= 1,
    'the daemon runs on MQTT 3.1.1 and subscribed its agent');

    // 8. usp-js with a /reply-to= suffix: answered on that topic
    const replyTo = 'ctl311/r1/x';
    const js = await jsController(fleet, eid,
        `${own}/reply-to=${replyTo.split('/').join('%2F')}`, `${replyTo}/#`);
    const v = await h.within(settle(js.supportedProto('1.4')), T, 'GetSupportedProtocol');
    ok(Array.isArray(v.v) && v.v.includes('1.4'),
        '3.1.1 with /reply-to=: usp-js gets the answer on its reply-to topic', v);
    const gpvBefore = h.countMatches(log, /SIM000000: sent GetParameterValues/);
    const raw = await h.within(settle(js.get('Device.WiFi.Radio.', { raw: true })), T,
        'Get (3.1.1)');
    const radio = raw.v ? objects(raw.v)['Device.WiFi.Radio.1.'] : null;
    ok(radio && radio.Channel === model['Device.WiFi.Radio.1.Channel'] &&
        h.countMatches(log, /SIM000000: sent GetParameterValues/) > gpvBefore,
    '3.1.1: a Get answered after a CPE session reaches the reply-to topic', raw.e || radio);
    await barrier(obs, eid, own);
    let got = raw.v ? answers(obs.seen, eid, raw.v.header.msgId) : [];
    ok(got.length === 1 && got[0].topic === replyTo + suffix,
        '3.1.1: published on "<reply-to>/reply-to=<agent topic with %2F>" only (R-MQTT.24/25)',
        got.map((e) => e.topic));
    const req = raw.v && obs.seen.find((e) => e.fromId === CONTROLLER &&
        e.msgId === raw.v.header.msgId);
    ok(req && req.topic === `${own}/reply-to=ctl311%2Fr1%2Fx`,
        'the request really carried the 3.1.1 reply-to suffix', req && req.topic);
    await js.disconnect();

    // 9. 3.1.1 without a reply-to: the configured controller topic
    const js2 = await jsController(fleet, eid, own, 'usp/controller/#');
    const raw2 = await h.within(settle(js2.get('Device.DeviceInfo.SerialNumber', { raw: true })),
        T, 'Get (3.1.1, no reply-to)');
    await barrier(obs, eid, own);
    got = raw2.v ? answers(obs.seen, eid, raw2.v.header.msgId) : [];
    ok(raw2.v && objects(raw2.v)['Device.DeviceInfo.'].SerialNumber === fleet.serials[0] &&
        got.length === 1 && got[0].topic === 'usp/controller' + suffix,
    '3.1.1 without /reply-to=: answered on usp/controller (with the agent\'s reply-to suffix)',
    { e: raw2.e, topics: got.map((e) => e.topic) });
    await js2.disconnect();

    // 10. nothing was sent to a topic nobody asked for
    const stray = obs.seen.filter((e) => e.fromId === eid && e.type !== 'MQTT_CONNECT' &&
        !e.topic.startsWith('usp/controller/reply-to=') && !e.topic.startsWith(replyTo + '/'));
    ok(stray.length === 0, '3.1.1: every agent Record went to usp/controller or the reply-to topic',
        stray.map((e) => [e.topic, e.type]));
    ok(h.countMatches(log, /ignored a bad reply-to suffix/) === 0 &&
        h.countMatches(log, /dropped a record/) === 0,
    '3.1.1: no reply-to suffix was refused, no record dropped');

    obs.client.end(true);
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0, 'the 3.1.1 daemon exits with status 0 on SIGTERM', code);
    return fleet;
}

const dirs = []; // fleet directories, kept when a check fails

async function main() {
    loadSchemas();
    const f1 = await mqtt5();
    dirs.push(f1.dir);
    const f2 = await mqtt311();
    dirs.push(f2.dir);
    return dirs;
}

main().then(async (dirs) => {
    flush(PLAN);
    if (n !== PLAN)
        console.log(`# planned ${PLAN} checks, ran ${n}`);
    await h.killAndWait();
    if (failed || n !== PLAN)
        console.log(`# logs in ${dirs.join(' ')}`);
    else
        for (const d of dirs)
            require('fs').rmSync(d, { recursive: true, force: true });
    process.exit(failed || n !== PLAN ? 1 : 0);
}, (e) => {
    ok(false, `setup or run: ${e && e.message ? e.message : JSON.stringify(e)}`);
    if (h.lastDir && !dirs.includes(h.lastDir))
        dirs.push(h.lastDir);
    if (dirs.length)
        lines.push(`# logs in ${dirs.join(' ')}`);
    flush(Math.max(PLAN, n));
    h.killAndWait().then(() => process.exit(1));
});
