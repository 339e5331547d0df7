// test_interop.js - USP wire interoperability between libusp and usp-js.
//
// usp-js (npm, an independent USP implementation) ships the USP 1.4 Record
// and Msg schemas as protobufjs JSON. This test
//  1. has tests/usp/usp_interop_tool build Records with libusp and decodes
//     them with usp-js's schemas, checking the fields;
//  2. encodes Records (controller requests) with usp-js's schemas and has
//     the tool decode and check them with libusp, checking what it prints.
// Prints TAP. Missing node_modules or tool is a failure, never a skip.
//
// node_modules: $C2U_NODE_MODULES if set, else tests/integration/node_modules
// of abs_top_srcdir or of the nearest ancestor directory that has one. The
// ancestor walk is what makes `make distcheck` work: its srcdir is a
// read-only copy without node_modules inside the original tree's build
// directory, and the original tree's node_modules is found above it.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

let planned = 0;
let n = 0;
let failed = 0;
const lines = [];

function ok(cond, name, detail) {
    n++;
    if (cond) {
        lines.push(`ok ${n} - ${name}`);
    } else {
        failed++;
        lines.push(`not ok ${n} - ${name}`);
        if (detail !== undefined)
            lines.push('# ' + String(detail).split('\n').join('\n# '));
    }
}

function bail(why) {
    console.log('1..1');
    console.log(`not ok 1 - interop setup: ${String(why).split('\n')[0]}`);
    process.exit(1);
}

function findNodeModules() {
    const want = (dir) => path.join(dir, 'tests', 'integration', 'node_modules');
    if (process.env.C2U_NODE_MODULES)
        return process.env.C2U_NODE_MODULES;
    const starts = [process.env.abs_top_srcdir, process.env.abs_top_builddir].filter(Boolean);
    for (const start of starts) {
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
    return null;
}

if (!process.env.abs_top_builddir)
    bail('abs_top_builddir is not set (run through make check)');
const tool = path.join(process.env.abs_top_builddir, 'tests', 'usp', 'usp_interop_tool');
if (!fs.existsSync(tool))
    bail(`${tool} not built`);
const nm = findNodeModules();
if (!nm)
    bail('usp-js not installed: run `npm ci` in tests/integration (or set C2U_NODE_MODULES)');

let protobuf, Record, Msg;
try {
    protobuf = require(path.join(nm, 'protobufjs'));
    const recSpec = require(path.join(nm, 'usp-js', 'node', 'specs', 'usp-record-1-4.js')).default;
    const msgSpec = require(path.join(nm, 'usp-js', 'node', 'specs', 'usp-msg-1-4.js')).default;
    Record = protobuf.Root.fromJSON(recSpec).lookupType('usp_record.Record');
    Msg = protobuf.Root.fromJSON(msgSpec).lookupType('usp.Msg');
} catch (e) {
    bail(`cannot load usp-js schemas from ${nm}: ${e.message}`);
}

const AGENT = 'os::00D09E-SN42';
const CONTROLLER = 'self::usp-js';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c2u-interop-'));
const conv = { enums: String, longs: String, bytes: Buffer, defaults: true, oneofs: true };

function cleanup() {
    fs.rmSync(tmp, { recursive: true, force: true });
}

// ---- 0. our .proto files define exactly usp-js's 1.4 schema ---------------

// Field names, numbers, types, labels, oneofs and enums; comments and
// options aside. protobufjs parses our .proto text the way it built usp-js's.
function normSchema(j) {
    if (Array.isArray(j))
        return j.map(normSchema);
    if (j && typeof j === 'object') {
        const o = {};
        for (const k of Object.keys(j).sort())
            if (k !== 'comment' && k !== 'options' && k !== 'syntax')
                o[k] = normSchema(j[k]);
        return o;
    }
    return j;
}

function checkSchemas() {
    const specs = [['usp-record.proto', 'usp-record-1-4.js', 'usp_record'],
                   ['usp-msg.proto', 'usp-msg-1-4.js', 'usp']];
    for (const [proto, spec, pkg] of specs) {
        let mine, theirs;
        try {
            const file = path.join(process.env.abs_top_srcdir || '', 'usp', proto);
            mine = JSON.stringify(normSchema(protobuf.loadSync(file).toJSON().nested[pkg]));
            const js = require(path.join(nm, 'usp-js', 'node', 'specs', spec)).default;
            theirs = JSON.stringify(normSchema(protobuf.Root.fromJSON(js).toJSON().nested[pkg]));
        } catch (e) {
            ok(false, `usp/${proto} matches usp-js ${spec}`, e.message);
            continue;
        }
        let at = 0;
        while (at < mine.length && mine[at] === theirs[at])
            at++;
        ok(mine === theirs, `usp/${proto} matches usp-js ${spec}`,
           `first difference:\nours:   ${mine.slice(Math.max(0, at - 120), at + 80)}` +
           `\nusp-js: ${theirs.slice(Math.max(0, at - 120), at + 80)}`);
    }
}

// ---- 1. libusp builds, usp-js decodes -------------------------------------

function decodeRecord(name) {
    const buf = fs.readFileSync(path.join(tmp, name + '.bin'));
    const rec = Record.toObject(Record.decode(buf), conv);
    let msg = null;
    if (rec.noSessionContext)
        msg = Msg.toObject(Msg.decode(rec.noSessionContext.payload), conv);
    return { rec, msg };
}

function checkFromC() {
    try {
        execFileSync(tool, ['build', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
        ok(false, 'usp_interop_tool build', e.stderr ? e.stderr.toString() : e.message);
        return;
    }

    let r = decodeRecord('getresp');
    ok(r.rec.version === '1.4' && r.rec.toId === CONTROLLER && r.rec.fromId === AGENT &&
       r.rec.payloadSecurity === 'PLAINTEXT' && r.rec.recordType === 'noSessionContext',
       'GetResp record header', JSON.stringify(r.rec));
    let res = r.msg.body.response.getResp.reqPathResults;
    ok(r.msg.header.msgId === 'get-1' && r.msg.header.msgType === 'GET_RESP' &&
       res.length === 2 && res[0].requestedPath === 'Device.DeviceInfo.' &&
       res[0].resolvedPathResults[0].resultParams.Manufacturer === 'ACME' &&
       res[0].resolvedPathResults[0].resultParams.SerialNumber === 'SN42' &&
       res[1].errCode === 7026 && res[1].errMsg === 'Invalid path',
       'GetResp fields', JSON.stringify(r.msg));

    r = decodeRecord('setresp');
    const upd = r.msg.body.response.setResp.updatedObjResults;
    ok(r.msg.header.msgType === 'SET_RESP' && upd.length === 2 &&
       upd[0].operStatus.operSuccess.updatedInstResults[0].affectedPath === 'Device.WiFi.SSID.1.' &&
       upd[0].operStatus.operSuccess.updatedInstResults[0].updatedParams.SSID === 'home' &&
       upd[1].operStatus.operFailure.errCode === 7020,
       'SetResp fields', JSON.stringify(r.msg));

    r = decodeRecord('gsdmresp');
    const so = r.msg.body.response.getSupportedDmResp.reqObjResults[0].supportedObjs[0];
    ok(so.supportedObjPath === 'Device.IP.Interface.{i}.' && so.access === 'OBJ_ADD_DELETE' &&
       so.isMultiInstance === true && so.supportedParams[0].valueType === 'PARAM_BOOLEAN' &&
       so.supportedParams[0].access === 'PARAM_READ_WRITE' &&
       so.supportedCommands[0].commandType === 'CMD_SYNC' &&
       so.uniqueKeySets[0].keyNames[0] === 'Alias',
       'GetSupportedDMResp fields (1.4 value types, unique key sets)', JSON.stringify(so));

    r = decodeRecord('notify_boot');
    let nt = r.msg.body.request.notify;
    ok(r.msg.header.msgType === 'NOTIFY' && nt.subscriptionId === 'sub-boot' && nt.sendResp &&
       nt.notification === 'event' && nt.event.objPath === 'Device.' &&
       nt.event.eventName === 'Boot!' && nt.event.params.Cause === 'LocalReboot',
       'Notify Event (Boot!) fields', JSON.stringify(nt));

    r = decodeRecord('notify_onboard');
    nt = r.msg.body.request.notify;
    ok(nt.notification === 'onBoardReq' && nt.onBoardReq.oui === '00D09E' &&
       nt.onBoardReq.productClass === 'IGD' && nt.onBoardReq.serialNumber === 'SN42' &&
       nt.onBoardReq.agentSupportedProtocolVersions === '1.0,1.1,1.2,1.3,1.4',
       'Notify OnBoardRequest fields', JSON.stringify(nt));

    r = decodeRecord('notify_value_change');
    nt = r.msg.body.request.notify;
    ok(nt.notification === 'valueChange' && nt.valueChange.paramPath === 'Device.X.Y' &&
       nt.valueChange.paramValue === '42' && nt.sendResp === false,
       'Notify ValueChange fields', JSON.stringify(nt));

    r = decodeRecord('operateresp');
    const ops = r.msg.body.response.operateResp.operationResults;
    ok(ops.length === 2 && ops[0].operationResp === 'reqOutputArgs' &&
       ops[0].reqOutputArgs.outputArgs.Result === 'ok' &&
       ops[1].operationResp === 'reqObjPath' &&
       ops[1].reqObjPath === 'Device.LocalAgent.Request.1.',
       'OperateResp fields', JSON.stringify(ops));

    r = decodeRecord('error');
    const er = r.msg.body.error;
    ok(r.msg.header.msgType === 'ERROR' && r.msg.header.msgId === 'set-2' &&
       er.errCode === 7004 && er.errMsg === 'bad set' &&
       er.paramErrs[0].paramPath === 'Device.X.Y' && er.paramErrs[0].errCode === 7013,
       'Error fields', JSON.stringify(er));

    r = decodeRecord('mqtt_connect');
    ok(r.rec.recordType === 'mqttConnect' && r.rec.mqttConnect.version === 'V5' &&
       r.rec.mqttConnect.subscribedTopic === 'usp/agent/os::00D09E-SN42',
       'MQTTConnect record', JSON.stringify(r.rec));

    r = decodeRecord('req_get');
    ok(r.rec.toId === AGENT && r.msg.header.msgType === 'GET' &&
       r.msg.body.request.get.paramPaths.join() === 'Device.DeviceInfo.,Device.WiFi.SSID.*.' &&
       r.msg.body.request.get.maxDepth === 1, 'Get request fields', JSON.stringify(r.msg));

    r = decodeRecord('req_set');
    const us = r.msg.body.request.set;
    ok(us.allowPartial === true && us.updateObjs[0].objPath === 'Device.WiFi.SSID.1.' &&
       us.updateObjs[0].paramSettings[0].param === 'SSID' &&
       us.updateObjs[0].paramSettings[0].value === 'guest' &&
       us.updateObjs[0].paramSettings[0].required === true, 'Set request fields', JSON.stringify(us));

    r = decodeRecord('req_operate');
    const op = r.msg.body.request.operate;
    ok(op.command === 'Device.Reboot()' && op.commandKey === 'ck-1' && op.sendResp === true &&
       op.inputArgs.Cause === 'RemoteReboot', 'Operate request fields', JSON.stringify(op));

    r = decodeRecord('req_session_context');
    ok(r.rec.recordType === 'sessionContext' && r.rec.sessionContext.sessionId === '7' &&
       r.rec.sessionContext.payload.length === 1, 'SessionContext record', JSON.stringify(r.rec));

    r = decodeRecord('disconnect');
    ok(r.rec.recordType === 'disconnect' && r.rec.disconnect.reasonCode === 7105 &&
       r.rec.disconnect.reason === 'bye', 'Disconnect record', JSON.stringify(r.rec));
}

// ---- 2. usp-js encodes, libusp decodes ------------------------------------

function recordBytes(fields) {
    const obj = Object.assign({ version: '1.4', toId: AGENT, fromId: CONTROLLER,
                                payloadSecurity: 'PLAINTEXT' }, fields);
    const rec = Record.fromObject(obj);
    const err = Record.verify(rec);
    if (err)
        throw new Error('usp-js Record.verify: ' + err);
    return Record.encode(rec).finish();
}

function msgRecord(msg) {
    const m = Msg.fromObject(msg);
    const err = Msg.verify(m);
    if (err)
        throw new Error('usp-js Msg.verify: ' + err);
    const payload = Msg.encode(m).finish();
    return recordBytes({ noSessionContext: { payload } });
}

function request(id, type, key, body) {
    return { header: { msgId: id, msgType: type }, body: { request: { [key]: body } } };
}

function cDecode(name, bytes) {
    const file = path.join(tmp, 'js_' + name + '.bin');
    fs.writeFileSync(file, bytes);
    const out = execFileSync(tool, ['decode', file]).toString();
    return out.split('\n').filter((l) => l.length > 0);
}

function has(lines, want) {
    return want.every((w) => lines.includes(w));
}

function checkFromJs() {
    const cases = [
        ['get', msgRecord(request('js-get', 'GET', 'get',
                                  { paramPaths: ['Device.DeviceInfo.', 'Device.WiFi.SSID.*.SSID'],
                                    maxDepth: 3 })),
         ['action=msg', 'msg.id=js-get', 'msg.type=GET', 'get.max_depth=3',
          'get.path=Device.DeviceInfo.', 'get.path=Device.WiFi.SSID.*.SSID',
          'record.from_id=' + CONTROLLER, 'record.version=1.4']],
        ['set', msgRecord(request('js-set', 'SET', 'set',
                                  { allowPartial: true,
                                    updateObjs: [{ objPath: 'Device.WiFi.SSID.1.',
                                                   paramSettings: [{ param: 'SSID', value: 'guest',
                                                                     required: true }] }] })),
         ['action=msg', 'msg.type=SET', 'allow_partial=1', 'obj=Device.WiFi.SSID.1.',
          'param=SSID=guest (required)']],
        ['add', msgRecord(request('js-add', 'ADD', 'add',
                                  { createObjs: [{ objPath: 'Device.IP.Interface.',
                                                   paramSettings: [{ param: 'Alias', value: 'w2' }] }] })),
         ['action=msg', 'msg.type=ADD', 'allow_partial=0', 'obj=Device.IP.Interface.',
          'param=Alias=w2']],
        ['delete', msgRecord(request('js-del', 'DELETE', 'delete',
                                     { allowPartial: false, objPaths: ['Device.IP.Interface.3.'] })),
         ['action=msg', 'msg.type=DELETE', 'delete.path=Device.IP.Interface.3.']],
        ['operate', msgRecord(request('js-op', 'OPERATE', 'operate',
                                      { command: 'Device.Reboot()', commandKey: 'ck-1',
                                        sendResp: true, inputArgs: { Cause: 'RemoteReboot' } })),
         ['action=msg', 'msg.type=OPERATE', 'operate.command=Device.Reboot()',
          'operate.command_key=ck-1', 'operate.send_resp=1', 'operate.arg=Cause=RemoteReboot']],
        ['gsdm', msgRecord(request('js-gsdm', 'GET_SUPPORTED_DM', 'getSupportedDm',
                                   { objPaths: ['Device.'], firstLevelOnly: true, returnParams: true,
                                     returnUniqueKeySets: true })),
         ['action=msg', 'msg.type=GET_SUPPORTED_DM', 'gsdm.flags=10011', 'gsdm.path=Device.']],
        ['getinst', msgRecord(request('js-gi', 'GET_INSTANCES', 'getInstances',
                                      { objPaths: ['Device.Hosts.Host.'], firstLevelOnly: true })),
         ['action=msg', 'msg.type=GET_INSTANCES', 'getinst.first_level_only=1',
          'getinst.path=Device.Hosts.Host.']],
        ['gsp', msgRecord(request('js-gsp', 'GET_SUPPORTED_PROTO', 'getSupportedProtocol',
                                  { controllerSupportedProtocolVersions: '1.3,1.4' })),
         ['action=msg', 'msg.type=GET_SUPPORTED_PROTO', 'gsp.versions=1.3,1.4']],
        ['notify_resp', msgRecord({ header: { msgId: 'notify-1', msgType: 'NOTIFY_RESP' },
                                    body: { response: { notifyResp: { subscriptionId: 'sub-boot' } } } }),
         ['action=msg', 'msg.type=NOTIFY_RESP', 'notify_resp.subscription_id=sub-boot']],
        ['session_context', recordBytes({ sessionContext: { sessionId: 7, sequenceId: 1,
                                                            expectedId: 1, payload: [Buffer.from('x')] } }),
         ['action=error', 'err_code=7106', 'record.type=session_context']],
        ['not_ours', recordBytes({ toId: 'self::other', noSessionContext: { payload: Buffer.from('x') } }),
         ['action=drop']],
        ['mismatch', msgRecord(request('js-bad', 'SET', 'get', { paramPaths: ['Device.'] })),
         ['action=error', 'err_code=7004']],
        ['mqtt_connect', recordBytes({ mqttConnect: { version: 'V5', subscribedTopic: 'ctrl/topic' } }),
         ['action=connect', 'record.type=mqtt_connect']],
    ];
    for (const [name, bytes, want] of cases) {
        let out;
        try {
            out = cDecode(name, bytes);
        } catch (e) {
            ok(false, `libusp decodes usp-js ${name}`, e.message);
            continue;
        }
        ok(has(out, want), `libusp decodes usp-js ${name}`,
           'want: ' + JSON.stringify(want) + '\ngot: ' + JSON.stringify(out));
    }
}

try {
    checkSchemas();
    checkFromC();
    checkFromJs();
} catch (e) {
    ok(false, 'interop test ran to the end', e.stack);
} finally {
    cleanup();
}
planned = n;
console.log(`1..${planned}`);
for (const l of lines)
    console.log(l);
process.exit(failed ? 1 : 0);
