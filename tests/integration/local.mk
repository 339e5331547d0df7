# tests/integration/: end-to-end tests with real mosquitto, the daemon,
# cwmp-sim and the usp-js controller library (node).
