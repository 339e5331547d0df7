# tests/mapping/: unit tests and fuzz targets of mapping/.
