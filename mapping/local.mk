# mapping/: libmapping, USP <-> CWMP translation.

noinst_LIBRARIES += mapping/libmapping.a
mapping_libmapping_a_CFLAGS = $(AM_CFLAGS)
mapping_libmapping_a_SOURCES = \
	mapping/mapping.h \
	mapping/fault.c

# USP Get over GetParameterValues.
mapping_libmapping_a_SOURCES += mapping/get.c

# USP Add and Delete responses from AddObject / DeleteObject outcomes.
mapping_libmapping_a_SOURCES += mapping/add.c mapping/delete.c

# USP GetInstances and GetSupportedDM over GetParameterValues / GetParameterNames.
mapping_libmapping_a_SOURCES += mapping/instances.c mapping/supported.c

# What a program that links libmapping needs (after USP_LIBS and CWMP_LIBS).
MAPPING_LIBS = mapping/libmapping.a
