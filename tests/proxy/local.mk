# tests/proxy/: unit tests and fuzz targets of proxy/.
