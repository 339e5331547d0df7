#!/usr/bin/env node
// demo.js - `./quickstart demo`: a private mosquitto, cwmp2uspd and 20
// simulated TR-069 CPEs (cwmp-sim, TR-181 model) on free loopback ports;
// sends a USP Get to one proxied agent with usp-js, prints the answer and
// how to send your own requests, then runs until Ctrl-C, which stops
// everything it started. Needs abs_top_builddir (the build) and
// abs_top_srcdir (this tree).
'use strict';

const path = require('path');
const h = require('./harness');
const demoGet = require('./demo-get');

async function main() {
    const devices = Number(process.env.DEMO_DEVICES || 20);
    const mqttPort = process.env.DEMO_MQTT_PORT ? Number(process.env.DEMO_MQTT_PORT) : undefined;
    console.log(`==> starting mosquitto, cwmp2uspd and ${devices} simulated CPEs`);
    const fleet = await h.startFleet({ devices, mqttPort });
    // the temporary directory (state, logs) goes when the demo ends
    process.on('exit', () => require('fs').rmSync(fleet.dir, { recursive: true, force: true }));
    console.log(`==> ${devices} CPEs informed; each is a USP agent on the broker ` +
        `127.0.0.1:${fleet.mqttPort}`);
    const agent = fleet.endpoints[0];
    const paths = ['Device.DeviceInfo.SoftwareVersion', 'Device.WiFi.SSID.*.SSID',
        'Device.DeviceInfo.MemoryStatus.'];
    console.log(`==> USP Get to ${agent}: ${paths.join(' ')}`);
    console.log('    (the first value comes from the Inform cache; the others need the CPE:');
    console.log('     connection request, then GetParameterValues in its session)\n');
    await demoGet.run({
        host: '127.0.0.1', port: fleet.mqttPort, agent, from: 'proto::cwmp2usp-controller',
        topic: 'usp/controller', paths, timeout: 150,
    });
    const me = path.relative(process.cwd(), path.join(__dirname, 'demo-get.js')) ||
        'demo-get.js';
    console.log(`
==> Send your own requests while this runs (another terminal, from ${process.cwd()}):
    node ${me} --port ${fleet.mqttPort} --agent ${fleet.endpoints[1]} Device.DeviceInfo.
    node ${me} --port ${fleet.mqttPort} --agent ${agent} 'Device.WiFi.SSID.[Enable==true].SSID'
    node ${me} --port ${fleet.mqttPort} --agent ${agent} --gsp

    Agents (Endpoint IDs): ${fleet.endpoints[0]} ... ${fleet.endpoints[devices - 1]}
    Broker: 127.0.0.1:${fleet.mqttPort} (MQTT 5); an agent listens on usp/agent/<EndpointID>,
    answers go to usp/controller; the controller must be proto::cwmp2usp-controller.
    ACS (for more CPEs): http://127.0.0.1:${fleet.acsPort}/ user cpe, password cpe.
    Logs (removed at the end): ${fleet.dir}/cwmp2uspd.log, cwmp-sim.log, mosquitto.log

==> Ctrl-C stops everything.`);
    await new Promise(() => {}); // until a signal (harness.js kills the children)
}

main().catch((e) => {
    console.error(`demo: ${e && e.message ? e.message : JSON.stringify(e)}`);
    h.killAll();
    process.exit(1);
});
