# sim/: cwmp-sim, the TR-069 CPE fleet simulator. Nothing built yet.
