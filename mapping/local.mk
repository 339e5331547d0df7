# mapping/: libmapping, USP <-> CWMP translation. Nothing built yet.
