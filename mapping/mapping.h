/*
 * mapping.h - public interface of libmapping: translation between USP
 * (TR-369) and CWMP (TR-069). It depends on the types of cwmp/ and usp/
 * only, and on nothing of proxy/.
 */
#ifndef MAPPING_MAPPING_H
#define MAPPING_MAPPING_H

/* ---------------------------------------------------------------------
 * CWMP fault -> USP error (the table is in mapping/fault.c and
 * docs/ARCHITECTURE.md, "CWMP faults and USP errors").
 * ------------------------------------------------------------------- */

/* What the USP request was doing when the CPE answered with a fault. */
enum map_context {
    MAP_CTX_GET,     /* Get, GetInstances, GetSupportedDM: GPV, GPN */
    MAP_CTX_SET,     /* Set: SPV, and SPA for subscriptions */
    MAP_CTX_ADD,     /* Add: AddObject (+ SPV) */
    MAP_CTX_DELETE,  /* Delete: DeleteObject */
    MAP_CTX_OPERATE, /* Operate: Reboot, FactoryReset, Download, ... */
};

/*
 * The USP error code for a CWMP fault code met in context. Never 0:
 * unknown and vendor faults give 7000 (General failure).
 */
int map_fault_to_usp(int cwmp_fault, enum map_context context);

/* Iteration over the table, for documentation checks. */
struct map_fault_row {
    int cwmp_fault;
    int usp_get, usp_set, usp_add, usp_delete, usp_operate;
};
int map_fault_row_at(unsigned i, struct map_fault_row *row);

#endif /* MAPPING_MAPPING_H */
