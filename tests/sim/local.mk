# tests/sim/: unit tests of sim/ (cwmp-sim).
