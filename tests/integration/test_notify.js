// test_notify.js - end to end: subscriptions and notifications through a
// private mosquitto and the real cwmp2uspd to cwmp-sim CPEs (TR-181
// model). Device 0 answers the attribute RPCs, device 1 does not
// (--quirk no-attributes: it is polled). The CPEs inform every 3 s and
// change Device.DeviceInfo.Description every 2 s; the daemon re-sends a
// Notify with send_resp every second (notify_retry_min 1, multiplier 1000).
// A raw MQTT client on the controllers' topic decodes every Record the
// agents send (usp-js does not surface an OnBoardRequest), usp-js is the
// controller that sends requests and NotifyResp.
// Covers: OnBoardRequest at first contact, re-sent until NotifyResp;
// Add of a subscription (AddResp keys, Get back, 7012/7010 errors);
// ValueChange through SetParameterAttributes; Delete stops it; polling of
// a CPE without attributes; Device.LocalAgent.Periodic!; ObjectCreation
// and ObjectDeletion through Add/Delete; Set of a subscription; Boot! after
// Operate Device.Reboot() to a Persistent subscription only (the other is
// removed); cwmp2uspctl device lists the subscriptions. Prints TAP.
'use strict';

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

const PLAN = 24;
const T = 60000;
const SUBS = 'Device.LocalAgent.Subscription.';
const PM = 'Device.NAT.PortMapping.';
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
    const notes = [];
    const client = mqtt.connect(`mqtt://127.0.0.1:${fleet.mqttPort}`, { protocolVersion: 5 });
    client.on('message', (topic, data) => {
        try {
            const rec = Record.toObject(Record.decode(data), conv);
            if (!rec.noSessionContext)
                return;
            const msg = Msg.toObject(Msg.decode(rec.noSessionContext.payload), conv);
            const nt = msg.body && msg.body.request && msg.body.request.notify;
            if (nt)
                notes.push({ from: rec.fromId, msgId: msg.header.msgId, ...nt });
        } catch (e) {
            // not a USP Record: ignore
        }
    });
    return new Promise((resolve, reject) => {
        client.on('connect', () => client.subscribe('usp/controller', (err) =>
            (err ? reject(err) : resolve({ notes, client }))));
        client.on('error', reject);
    });
}

async function waitFor(notes, pred, what, ms = T) {
    const end = Date.now() + ms;
    for (;;) {
        const hit = notes.find(pred);
        if (hit)
            return hit;
        if (Date.now() > end)
            throw new Error(`timed out waiting for ${what}`);
        await h.sleep(100);
    }
}

const count = (notes, pred) => notes.filter(pred).length;

function objects(raw) {
    const out = {};
    for (const r of raw.body.response.getResp.reqPathResults)
        for (const rp of r.resolvedPathResults || [])
            out[rp.resolvedPath] = rp.resultParams || {};
    return out;
}

async function addSub(c, values) {
    const r = await h.within(settle(c.add(SUBS, { allowPartial: false, ...values },
        { raw: true })), T, 'Add subscription');
    const res = r.v && r.v.body.response.addResp.createdObjResults[0];
    return { r, ok: res && res.operStatus.operSuccess };
}

async function main() {
    const fleet = await h.startFleet({
        devices: 2, periodic: true,
        simArgs: ['--inform-interval', '3', '--jitter', '0', '--change-interval', '2',
            '--change-param', 'Device.DeviceInfo.Description', '--quirk', 'no-attributes:1'],
        conf: { usp: 'notify_retry_min = 1\nnotify_retry_multiplier = 1000' },
    });
    const log = fleet.logFile;
    const [eid0, eid1] = fleet.endpoints;
    const { notes, client } = await listener(fleet);
    const c0 = await h.controller(fleet, eid0);
    const c1 = await h.controller(fleet, eid1);

    // 1. OnBoardRequest at first contact, re-sent until the NotifyResp
    const onboard = (from) => (x) => x.from === from && x.onBoardReq;
    const ob = await waitFor(notes, onboard(eid0), 'an OnBoardRequest of device 0');
    ok(ob.sendResp === true && ob.onBoardReq.oui === '00D09E' &&
        ob.onBoardReq.productClass === 'SimGateway' && ob.onBoardReq.serialNumber === 'SIM000000' &&
        /1\.4/.test(ob.onBoardReq.agentSupportedProtocolVersions),
    'OnBoardRequest at first contact: oui, product class, serial, versions, send_resp', ob);
    await waitFor(notes, (x) => x.msgId === ob.msgId && x !== ob, 'a re-sent OnBoardRequest');
    ok(true, 'the OnBoardRequest is re-sent while no NotifyResp came');
    c0._notifyResp('', ob.msgId).catch(() => {});
    await h.waitLog(log, new RegExp(`Notify ${ob.msgId} acknowledged`), 1, T);
    // (device 1's stays unanswered until the restart below)
    const ob1 = await waitFor(notes, onboard(eid1), 'an OnBoardRequest of device 1');
    const after = count(notes, (x) => x.msgId === ob.msgId);
    await h.sleep(3000);
    ok(count(notes, (x) => x.msgId === ob.msgId) === after,
        'after the NotifyResp the OnBoardRequest is not sent again');

    // 2. Add a ValueChange subscription, Get it back, bad values
    let a = await addSub(c0, { Enable: 'true', ID: 'vc-1', NotifType: 'ValueChange',
        ReferenceList: 'Device.DeviceInfo.Description' });
    const vcPath = a.ok && a.ok.instantiatedPath;
    ok(vcPath === SUBS + '1.' && a.ok.uniqueKeys.ID === 'vc-1' &&
        a.ok.uniqueKeys.Recipient === 'Device.LocalAgent.Controller.1',
    'Add subscription: AddResp with instance 1 and its keys', a.r);
    let r = await h.within(settle(c0.get(SUBS, { raw: true })), T, 'Get subscriptions');
    let o = r.v && objects(r.v)[vcPath];
    ok(o && o.ID === 'vc-1' && o.NotifType === 'ValueChange' && o.Enable === 'true' &&
        o.ReferenceList === 'Device.DeviceInfo.Description' && o.Persistent === 'false' &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(o.CreationDate),
    'Get shows the subscription with its values and TR-181 defaults', r);
    a = await addSub(c0, { Enable: 'true', NotifType: 'Bogus' });
    ok(a.r.e && (a.r.e.errCode === 7012 ||
        (a.r.e.paramErrs || []).some((p) => p.errCode === 7012)),
    'Add with a bad NotifType: Error 7012', a.r);
    a = await addSub(c0, { NotifType: 'Event', Colour: 'blue' });
    ok(a.r.e && (a.r.e.errCode === 7010 ||
        (a.r.e.paramErrs || []).some((p) => p.errCode === 7010)),
    'Add with an unknown parameter: Error 7010', a.r);
    a = await addSub(c0, { ID: 'vc-1', NotifType: 'Event' });
    ok(a.r.e && a.r.e.errCode === 7025, 'Add with an ID in use: Error 7025', a.r);

    // 3. ValueChange through SetParameterAttributes
    await h.waitLog(log, /SIM000000\S*: attributes: 1 active/, 1, T);
    const vc = await waitFor(notes, (x) => x.from === eid0 && x.subscriptionId === 'vc-1' &&
        x.valueChange, 'a ValueChange of device 0');
    ok(vc.valueChange.paramPath === 'Device.DeviceInfo.Description' &&
        /^sim-change-\d+$/.test(vc.valueChange.paramValue) && vc.sendResp === false,
    'ValueChange: the changed parameter and its value', vc);

    // 4. Set a subscription's parameter
    r = await h.within(settle(c0.set(vcPath + 'NotifRetry', 'true', { raw: true })), T, 'Set');
    ok(r.v && !r.e, 'Set NotifRetry of the subscription', r);
    r = await h.within(settle(c0.set(vcPath + 'CreationDate', '2020-01-01T00:00:00Z',
        { raw: true })), T, 'Set read-only');
    const perrs = r.e ? [].concat(r.e.paramErrs || [],
        ...(r.e.updatedInstFailures || []).map((f) => f.paramErrs || [])) : [];
    ok(r.e && perrs.some((p) => p.errCode === 7013 && /CreationDate/.test(p.param ||
        p.paramPath)), 'Set of CreationDate: a 7013 (not writable) param_err', r);

    // 5. Delete stops the notifications
    r = await h.within(settle(c0.del(vcPath, false)), T, 'Delete subscription');
    ok(r.v && [].concat(r.v).join() === vcPath, 'Delete of the subscription', r);
    await h.waitLog(log, /SIM000000\S*: attributes: 0 active, 1 off/, 1, T);
    const before = count(notes, (x) => x.subscriptionId === 'vc-1');
    await h.sleep(5000);
    ok(count(notes, (x) => x.subscriptionId === 'vc-1') === before,
        'after the Delete no ValueChange is sent (the attribute is off)');

    // 6. polling a CPE without attribute RPCs
    a = await addSub(c1, { Enable: 'true', ID: 'vc-poll', NotifType: 'ValueChange',
        ReferenceList: 'Device.DeviceInfo.' });
    ok(a.ok, 'Add subscription on device 1', a.r);
    await h.waitLog(log, /SIM000001\S*: the CPE has no SetParameterAttributes/, 1, T);
    const pv = await waitFor(notes, (x) => x.from === eid1 && x.subscriptionId === 'vc-poll' &&
        x.valueChange && x.valueChange.paramPath === 'Device.DeviceInfo.Description',
    'a polled ValueChange of device 1');
    ok(/^sim-change-\d+$/.test(pv.valueChange.paramValue),
        'a --quirk no-attributes CPE still gets ValueChange by polling', pv);

    // 7. Device.LocalAgent.Periodic!
    a = await addSub(c0, { Enable: 'true', ID: 'per', NotifType: 'Event',
        ReferenceList: 'Device.LocalAgent.Periodic!' });
    const per = await waitFor(notes, (x) => x.subscriptionId === 'per' && x.event,
        'a Periodic! event');
    ok(per.from === eid0 && per.event.objPath === 'Device.LocalAgent.' &&
        per.event.eventName === 'Periodic!', '2 PERIODIC: Device.LocalAgent.Periodic!', per);

    // 8. ObjectCreation / ObjectDeletion through Add and Delete
    await addSub(c0, { Enable: 'true', ID: 'oc', NotifType: 'ObjectCreation', ReferenceList: PM });
    await addSub(c0, { Enable: 'true', ID: 'od', NotifType: 'ObjectDeletion', ReferenceList: PM });
    r = await h.within(settle(c0.add(PM, { Alias: 'it-notify', Description: 'n' },
        { raw: true })), T, 'Add port mapping');
    const pm = r.v && r.v.body.response.addResp.createdObjResults[0].operStatus.operSuccess
        .instantiatedPath;
    const oc = await waitFor(notes, (x) => x.subscriptionId === 'oc' && x.objCreation,
        'an ObjectCreation');
    ok(pm && oc.objCreation.objPath === pm && oc.objCreation.uniqueKeys.Alias === 'it-notify',
        'ObjectCreation of the added instance with its Alias', { pm, oc });
    await h.within(c0.del(pm, false), T, 'Delete port mapping');
    const od = await waitFor(notes, (x) => x.subscriptionId === 'od' && x.objDeletion,
        'an ObjectDeletion');
    ok(od.objDeletion.objPath === pm, 'ObjectDeletion of the deleted instance', od);

    // 9. cwmp2uspctl device lists them
    const ctl = spawnSync(path.join(h.builddir(), 'proxy', 'cwmp2uspctl'),
        ['-c', fleet.confFile, 'device', eid0], { encoding: 'utf8', timeout: T });
    let dev = null;
    try {
        dev = JSON.parse(ctl.stdout);
    } catch (e) {
        // reported below
    }
    const ids = dev && (dev.subscriptions || []).map((s) => s.ID).sort().join();
    ok(ids === 'oc,od,per', 'cwmp2uspctl device lists the subscriptions', ctl.stdout);

    // 10. a Set through the proxy is a ValueChange too (TR-369)
    await addSub(c0, { Enable: 'true', ID: 'vc-set', NotifType: 'ValueChange',
        ReferenceList: 'Device.WiFi.SSID.*.SSID' });
    r = await h.within(settle(c0.set('Device.WiFi.SSID.1.SSID', 'it-notify-ssid',
        { raw: true })), T, 'Set SSID');
    const vs = await waitFor(notes, (x) => x.subscriptionId === 'vc-set' && x.valueChange,
        'a ValueChange after a Set');
    ok(vs.valueChange.paramPath === 'Device.WiFi.SSID.1.SSID' &&
        vs.valueChange.paramValue === 'it-notify-ssid',
    'a Set through the proxy gives a ValueChange (wildcard reference)', vs);

    // 11. Boot! after Operate Device.Reboot(): the Persistent one only
    await addSub(c0, { Enable: 'true', ID: 'boot-p', NotifType: 'Event', Persistent: 'true',
        ReferenceList: 'Device.Boot!' });
    await addSub(c0, { Enable: 'true', ID: 'boot-np', NotifType: 'Event',
        ReferenceList: 'Device.Boot!' });
    r = await h.within(settle(c0._operate('Device.Reboot()', 'OPERATE@nt', true, {}, 'ck-nt')),
        T, 'Reboot');
    const boot = await waitFor(notes, (x) => x.subscriptionId === 'boot-p' && x.event,
        'a Boot! event');
    const bp = boot.event.params || {};
    ok(boot.event.eventName === 'Boot!' && boot.event.objPath === 'Device.' &&
        bp.Cause === 'RemoteReboot' && bp.CommandKey === 'ck-nt' &&
        /SoftwareVersion/.test(bp.ParameterMap || ''),
    'Boot! with Cause RemoteReboot and the CommandKey', boot);
    r = await h.within(settle(c0.get(SUBS, { raw: true })), T, 'Get subscriptions');
    const left = r.v ? Object.values(objects(r.v)).map((x) => x.ID).sort().join() : '';
    ok(left === 'boot-p' && count(notes, (x) => x.subscriptionId === 'boot-np') === 0,
        'the non-Persistent subscriptions were removed by the reboot, without notifying', left);

    // 12. a Notify awaiting its NotifyResp survives a daemon restart
    await h.stop(fleet.daemon, 'SIGKILL');
    const sent = count(notes, (x) => x.msgId === ob1.msgId);
    await h.restartDaemon(fleet);
    const end = Date.now() + T;
    while (count(notes, (x) => x.msgId === ob1.msgId) === sent && Date.now() < end)
        await h.sleep(100);
    ok(count(notes, (x) => x.msgId === ob1.msgId) > sent,
        'after a SIGKILL and a restart the unanswered OnBoardRequest is sent again');
    c1._notifyResp('', ob1.msgId).catch(() => {});
    await h.waitLog(log, new RegExp(`Notify ${ob1.msgId} acknowledged`), 1, T);
    ok(true, 'and its NotifyResp after the restart is taken');

    client.end(true);
    await c0.disconnect();
    await c1.disconnect();
}

(async () => {
    let err = null;
    try {
        await main();
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
    }
    for (let i = n; i < PLAN; i++)
        console.log(`not ok ${i + 1} - not reached`);
    process.exit(err || failed || n !== PLAN ? 1 : 0);
})();
