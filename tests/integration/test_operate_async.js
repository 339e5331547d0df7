// test_operate_async.js - end to end: asynchronous USP commands through a
// private mosquitto and the real cwmp2uspd to a cwmp-sim CPE (TR-181
// model). A raw MQTT client on the controllers' topic decodes every
// Notify; usp-js sends the requests; a tiny HTTP server of this test
// serves the firmware files (one of them answered only when the test says
// so, to keep a Download pending across a daemon restart).
// Covers: an OperationComplete subscription; Operate
// Device.IP.Diagnostics.IPPing() -> OperateResp with req_obj_path ->
// OperationComplete with Status, SuccessCount and the command_key -> the
// Request object is gone; a host that does not resolve (Status
// Error_CannotResolveHostName); bad input arguments (7027 cmd_failure);
// Device.DeviceInfo.FirmwareImage.1.Download() -> OperationComplete and
// the CPE runs the new image; a 404 URL -> OperationComplete cmd_failure
// (7022, fault 9016); a pending Download: Get shows its Request object, it
// survives a SIGKILL and restart of the daemon, and completes afterwards.
// Prints TAP.
'use strict';

const http = require('http');
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

const PLAN = 16;
const T = 60000;
const SUBS = 'Device.LocalAgent.Subscription.';
const REQ = 'Device.LocalAgent.Request.';
const LA = 'Device.LocalAgent.';
const PING = 'Device.IP.Diagnostics.IPPing()';
const DL = 'Device.DeviceInfo.FirmwareImage.1.Download()';
const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));

// ---- a raw listener on the controllers' topic ------------------------------

function listener(fleet) {
    const nm = h.findNodeModules();
    const protobuf = require(path.join(nm, 'protobufjs'));
    const mqtt = require(path.join(nm, 'mqtt'));
    const recSpec = require(path.join(nm, 'usp-js', 'node', 'specs', 'usp-record-1-4.js')).default;
    const msgSpec = require(path.join(nm, 'usp-js', 'node', 'specs', 'usp-msg-1-4.js')).default;
    const Record = protobuf.Root.fromJSON(recSpec).lookupType('usp_record.Record');
    const Msg = protobuf.Root.fromJSON(msgSpec).lookupType('usp.Msg');
    const conv = { enums: String, longs: String, defaults: true, oneofs: true };
    const msgs = [];
    const client = mqtt.connect(`mqtt://127.0.0.1:${fleet.mqttPort}`, { protocolVersion: 5 });
    client.on('message', (topic, data) => {
        try {
            const rec = Record.toObject(Record.decode(data), conv);
            if (!rec.noSessionContext)
                return;
            msgs.push(Msg.toObject(Msg.decode(rec.noSessionContext.payload), conv));
        } catch (e) {
            // not a USP Record: ignore
        }
    });
    return new Promise((resolve, reject) => {
        client.on('connect', () => client.subscribe('usp/controller', (err) =>
            (err ? reject(err) : resolve({ msgs, client }))));
        client.on('error', reject);
    });
}

async function waitFor(list, pred, what, ms = T) {
    const end = Date.now() + ms;
    for (;;) {
        const hit = list.find(pred);
        if (hit)
            return hit;
        if (Date.now() > end)
            throw new Error(`timed out waiting for ${what}`);
        await h.sleep(100);
    }
}

// The OperationComplete with this command_key.
function operComplete(msgs, key) {
    return waitFor(msgs, (m) => {
        const nt = m.body && m.body.request && m.body.request.notify;
        return nt && nt.operComplete && nt.operComplete.commandKey === key;
    }, `an OperationComplete of ${key}`).then((m) => m.body.request.notify);
}

// The OperateResp of msg_id (as the agent sent it).
function operateResp(msgs, msgId) {
    return waitFor(msgs, (m) => m.header.msgId === msgId && m.body && m.body.response &&
        m.body.response.operateResp, `the OperateResp ${msgId}`)
        .then((m) => m.body.response.operateResp.operationResults[0]);
}

function objects(raw) {
    const out = {};
    for (const r of raw.body.response.getResp.reqPathResults)
        for (const rp of r.resolvedPathResults || [])
            out[rp.resolvedPath] = rp.resultParams || {};
    return out;
}

// ---- the file server ---------------------------------------------------------

function fileServer() {
    const held = [];
    const srv = http.createServer((req, res) => {
        if (req.url.startsWith('/fw-'))
            return res.end('firmware image\n');
        if (req.url.startsWith('/slow/')) {
            held.push(res); // answered by release()
            return undefined;
        }
        res.statusCode = 404;
        return res.end('no such file\n');
    });
    return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
        srv, held, url: (p) => `http://127.0.0.1:${srv.address().port}${p}`,
        release: () => held.splice(0).forEach((r) => r.end('firmware image\n')),
    })));
}

async function main() {
    const fs0 = await fileServer();
    const fleet = await h.startFleet({ devices: 1, conf: { usp: 'cache_max_age = 0', acs: 'path = /' } });
    const log = fleet.logFile;
    const [eid] = fleet.endpoints;
    const { msgs, client } = await listener(fleet);
    let c = await h.controller(fleet, eid);

    try {
        // 1. the subscription (Persistent: a firmware Download reboots the CPE)
        let r = await h.within(settle(c.add(SUBS, { allowPartial: false, Enable: 'true',
            ID: 'oc-1', NotifType: 'OperationComplete', Persistent: 'true',
            ReferenceList: `${PING},Device.DeviceInfo.FirmwareImage.*.Download()` },
        { raw: true })), T, 'Add subscription');
        ok(r.v && r.v.body.response.addResp.createdObjResults[0].operStatus.operSuccess,
            'Add an OperationComplete subscription', r);

        // 2. IPPing(): OperateResp with a Request object, then OperationComplete
        c._operate(PING, 'OP@ping-1', true, { Host: '127.0.0.1', NumberOfRepetitions: '2' },
            'ping-1').catch(() => {});
        let res = await operateResp(msgs, 'OP@ping-1');
        const reqPath = res.reqObjPath;
        ok(res.executedCommand === PING && /^Device\.LocalAgent\.Request\.\d+$/.test(reqPath),
            'IPPing(): OperateResp with req_obj_path Device.LocalAgent.Request.N', res);
        await h.waitLog(log, /SIM000000: sent SetParameterValues/, 1, T);
        let nt = await operComplete(msgs, 'ping-1');
        let oc = nt.operComplete;
        const out = oc.reqOutputArgs && oc.reqOutputArgs.outputArgs;
        ok(nt.subscriptionId === 'oc-1' && oc.objPath === 'Device.IP.Diagnostics.' &&
            oc.commandName === 'IPPing()' && out && out.Status === 'Complete' &&
            out.SuccessCount === '2' && out.FailureCount === '0' &&
            /^\d+$/.test(out.AverageResponseTimeDetailed),
        'IPPing(): OperationComplete with Status Complete, SuccessCount 2, the command_key', nt);
        // (Device.LocalAgent.: a Get of the empty Request table itself gives 7026)
        r = await h.within(settle(c.get(LA, { raw: true })), T, 'Get LocalAgent');
        let objs = r.v ? objects(r.v) : null;
        ok(objs && !objs[reqPath + '.'] && objs['Device.LocalAgent.'] &&
            objs['Device.LocalAgent.'].RequestNumberOfEntries === '0',
        'after the OperationComplete the Request object is gone (R-OPR.0)', r);

        // 3. a host that does not resolve: the command completes, Status says so
        c._operate(PING, 'OP@ping-2', true, { Host: 'nowhere.invalid' }, 'ping-2')
            .catch(() => {});
        nt = await operComplete(msgs, 'ping-2');
        oc = nt.operComplete;
        ok(oc.reqOutputArgs && oc.reqOutputArgs.outputArgs.Status ===
            'Error_CannotResolveHostName', 'IPPing() of a .invalid host: Status ' +
            'Error_CannotResolveHostName', nt);

        // 4. bad input arguments: cmd_failure 7027, nothing sent to the CPE
        c._operate(PING, 'OP@ping-3', true, { Host: 'x', Colour: 'blue' }, 'ping-3')
            .catch(() => {});
        res = await operateResp(msgs, 'OP@ping-3');
        ok(res.cmdFailure && res.cmdFailure.errCode === 7027 && /Colour/.test(res.cmdFailure.errMsg),
            'IPPing() with an unknown argument: cmd_failure 7027', res);
        c._operate(PING, 'OP@ping-4', true, { NumberOfRepetitions: '0' }, 'ping-4')
            .catch(() => {});
        res = await operateResp(msgs, 'OP@ping-4');
        ok(res.cmdFailure && res.cmdFailure.errCode === 7027,
            'IPPing() with NumberOfRepetitions 0 and no Host: cmd_failure 7027', res);

        // 5. Download(): the CPE fetches the image, reboots into it, TransferComplete
        c._operate(DL, 'OP@dl-1', true, { URL: fs0.url('/fw-9.9.9.img'), AutoActivate: 'true' },
            'dl-1').catch(() => {});
        res = await operateResp(msgs, 'OP@dl-1');
        ok(/^Device\.LocalAgent\.Request\.\d+$/.test(res.reqObjPath),
            'Download(): OperateResp with req_obj_path', res);
        nt = await operComplete(msgs, 'dl-1');
        oc = nt.operComplete;
        ok(oc.objPath === 'Device.DeviceInfo.FirmwareImage.1.' && oc.commandName ===
            'Download()' && oc.reqOutputArgs && !oc.cmdFailure,
        'Download(): OperationComplete success after TransferComplete', nt);
        r = await h.within(settle(c.get('Device.DeviceInfo.SoftwareVersion', { raw: true })), T,
            'Get SoftwareVersion');
        ok(r.v && objects(r.v)['Device.DeviceInfo.'].SoftwareVersion === 'fw-9.9.9',
            'the CPE runs the downloaded image', r);

        // 6. a 404: OperationComplete with a cmd_failure
        c._operate(DL, 'OP@dl-2', true, { URL: fs0.url('/missing.img') }, 'dl-2')
            .catch(() => {});
        nt = await operComplete(msgs, 'dl-2');
        oc = nt.operComplete;
        ok(oc.cmdFailure && oc.cmdFailure.errCode === 7022 && /9016/.test(oc.cmdFailure.errMsg),
            'Download() of a missing file: OperationComplete cmd_failure 7022 (fault 9016)', nt);

        // 7. a pending Download: its Request object, across a daemon restart
        c._operate(DL, 'OP@dl-3', true, { URL: fs0.url('/slow/fw-10.0.img') }, 'dl-3')
            .catch(() => {});
        res = await operateResp(msgs, 'OP@dl-3');
        const slowReq = res.reqObjPath;
        await waitFor(fs0.held, () => true, 'the CPE fetching the slow file');
        r = await h.within(settle(c.get(REQ, { raw: true })), T, 'Get Requests');
        objs = r.v ? objects(r.v) : {};
        const ro = objs[slowReq + '.'];
        ok(ro && ro.Command === DL && ro.CommandKey === 'dl-3' && ro.Status === 'Active' &&
            ro.Originator === 'proto::cwmp2usp-controller',
        'while the Download is pending, Get shows its Request object', r);
        await h.stop(fleet.daemon, 'SIGKILL');
        await c.disconnect();
        await h.restartDaemon(fleet);
        c = await h.controller(fleet, eid);
        r = await h.within(settle(c.get(REQ, { raw: true })), T, 'Get Requests');
        objs = r.v ? objects(r.v) : {};
        ok(objs[slowReq + '.'] && objs[slowReq + '.'].CommandKey === 'dl-3',
            'the pending operation and its Request object survive a SIGKILL and restart', r);
        fs0.release();
        nt = await operComplete(msgs, 'dl-3');
        ok(nt.operComplete.reqOutputArgs && !nt.operComplete.cmdFailure,
            'after the restart the Download completes: OperationComplete success', nt);
        r = await h.within(settle(c.get(LA, { raw: true })), T, 'Get LocalAgent');
        objs = r.v ? objects(r.v) : {};
        ok(r.v && !objs[slowReq + '.'] && objs['Device.LocalAgent.'].RequestNumberOfEntries ===
            '0', 'and its Request object is gone', r);
    } finally {
        client.end(true);
        await c.disconnect().catch(() => {});
        fs0.release();
        fs0.srv.close();
    }
    const code = await h.stop(fleet.daemon, 'SIGTERM', 20000);
    ok(code === 0, 'SIGTERM: clean exit', code);
    return fleet;
}

(async () => {
    let err = null;
    let fleet = null;
    try {
        fleet = await main();
    } catch (e) {
        err = e;
    }
    await h.killAndWait();
    console.log(`1..${PLAN}`);
    for (const l of lines)
        console.log(l);
    if (err) {
        console.log(`# error: ${err && err.stack ? err.stack : err}`);
        console.log(`# logs in ${h.lastDir || '?'}`);
    } else if (failed) {
        console.log(`# logs in ${h.lastDir || '?'}`);
    } else if (fleet) {
        require('fs').rmSync(fleet.dir, { recursive: true, force: true });
    }
    for (let i = n; i < PLAN; i++)
        console.log(`not ok ${i + 1} - not reached`);
    process.exit(err || failed || n !== PLAN ? 1 : 0);
})();
