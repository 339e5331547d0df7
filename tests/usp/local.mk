# tests/usp/: unit tests and fuzz targets of usp/.
