# tests/integration/: end-to-end tests with real mosquitto, the daemon,
# cwmp-sim and the usp-js controller library (node).

# Get and GetSupportedProtocol end to end (usp-js -> mosquitto -> cwmp2uspd
# -> cwmp-sim); harness.js is shared with the demo (demo-get.js).
TESTS += tests/integration/test_get.js
EXTRA_DIST += tests/integration/harness.js tests/integration/test_get.js \
	tests/integration/demo.js tests/integration/demo-get.js

# Set and Operate end to end (cache_max_age = 0: every check reads the CPE).
TESTS += tests/integration/test_set_operate.js
EXTRA_DIST += tests/integration/test_set_operate.js

# Add and Delete end to end (default cache policy: invalidation checked).
TESTS += tests/integration/test_add_delete.js
EXTRA_DIST += tests/integration/test_add_delete.js

# Nothing accepted is lost: SIGKILL with a queued request, restart.
TESTS += tests/integration/test_restart.js
EXTRA_DIST += tests/integration/test_restart.js

# A response the broker cannot take waits in the outbox.
TESTS += tests/integration/test_outbox.js
EXTRA_DIST += tests/integration/test_outbox.js

# cwmp2uspctl over the admin socket: devices, device, stats, not running,
# decode (task pxctl).
TESTS += tests/integration/test_ctl.js
EXTRA_DIST += tests/integration/test_ctl.js

# The daemon process: pid_file, acs.path (404 elsewhere), SIGHUP reload,
# the MQTT 5 Assigned Client Identifier kept across a restart (task pxrobust).
TESTS += tests/integration/test_daemon.js
EXTRA_DIST += tests/integration/test_daemon.js

# Uneven CPEs: quirks, faults 9000, broken sessions (task pxquirks).
TESTS += tests/integration/test_quirks.js
EXTRA_DIST += tests/integration/test_quirks.js

# Subscriptions and notifications end to end: OnBoardRequest, ValueChange
# (attributes and polling), Periodic!, Boot!, ObjectCreation/Deletion,
# retries until NotifyResp (task pxnotify).
TESTS += tests/integration/test_notify.js
EXTRA_DIST += tests/integration/test_notify.js

# Asynchronous commands end to end: IPPing() and FirmwareImage.{i}.Download()
# with Request objects and OperationComplete, across a restart (task pxasync).
TESTS += tests/integration/test_operate_async.js
EXTRA_DIST += tests/integration/test_operate_async.js

# A CPE that reuses instance numbers (cwmp-sim --quirk reuse-instances):
# detection, fresh USP numbers, Get/Set/Delete through the map (task
# pxinstmap).
TESTS += tests/integration/test_instances.js
EXTRA_DIST += tests/integration/test_instances.js

# GetInstances and GetSupportedDM end to end (task pxgsdm).
TESTS += tests/integration/test_discovery.js
EXTRA_DIST += tests/integration/test_discovery.js

# Where replies go (MQTT 5 Response Topic, 3.1.1 /reply-to=, else the
# controller's topic), Get max_depth, Records for an unknown Endpoint ID
# (task pxreply).
TESTS += tests/integration/test_reply.js
EXTRA_DIST += tests/integration/test_reply.js
