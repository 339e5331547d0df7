# proxy/: the cwmp2uspd daemon. Nothing built yet.
