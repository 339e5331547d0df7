/*
 * fault.c - CWMP fault codes (TR-069 A.5.1) onto USP error codes (TR-369).
 *
 * TR-369 gives no such table; this one follows the meaning of each code,
 * and the context decides where one CWMP fault means different things to
 * a controller (an unknown name is a bad path in a Get, but a missing
 * instance in a Delete). Keep docs/ARCHITECTURE.md in step: a test checks.
 */
#include "mapping/mapping.h"

#include "cwmp/cwmp.h"
#include "usp/error.h"

#include <stddef.h>

/* Columns: Get, Set, Add, Delete, Operate. */
static const struct map_fault_row rows[] = {
    {CWMP_FAULT_METHOD_NOT_SUPPORTED, 7000, 7000, 7017, 7024, 7022},
    {CWMP_FAULT_REQUEST_DENIED, 7002, 7002, 7002, 7002, 7002},
    {CWMP_FAULT_INTERNAL_ERROR, 7003, 7003, 7003, 7003, 7003},
    {CWMP_FAULT_INVALID_ARGUMENTS, 7004, 7004, 7004, 7004, 7027},
    {CWMP_FAULT_RESOURCES_EXCEEDED, 7005, 7005, 7005, 7005, 7005},
    {CWMP_FAULT_INVALID_PARAMETER_NAME, 7026, 7010, 7026, 7016, 7026},
    {CWMP_FAULT_INVALID_PARAMETER_TYPE, 7011, 7011, 7011, 7004, 7027},
    {CWMP_FAULT_INVALID_PARAMETER_VALUE, 7012, 7012, 7012, 7004, 7027},
    {CWMP_FAULT_NON_WRITABLE_PARAMETER, 7013, 7013, 7019, 7024, 7022},
    {CWMP_FAULT_NOTIFICATION_REQUEST_REJECTED, 7002, 7002, 7002, 7002, 7002},
    {CWMP_FAULT_DOWNLOAD_FAILURE, 7022, 7022, 7022, 7022, 7022},
    {CWMP_FAULT_UPLOAD_FAILURE, 7022, 7022, 7022, 7022, 7022},
    {CWMP_FAULT_FILE_TRANSFER_AUTH_FAILURE, 7022, 7022, 7022, 7022, 7022},
    {CWMP_FAULT_UNSUPPORTED_TRANSFER_PROTOCOL, 7027, 7027, 7027, 7027, 7027},
    {CWMP_FAULT_INVALID_UUID_FORMAT, 7027, 7027, 7027, 7027, 7027},
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static int pick(const struct map_fault_row *r, enum map_context context)
{
    switch (context) {
    case MAP_CTX_GET:
        return r->usp_get;
    case MAP_CTX_SET:
        return r->usp_set;
    case MAP_CTX_ADD:
        return r->usp_add;
    case MAP_CTX_DELETE:
        return r->usp_delete;
    case MAP_CTX_OPERATE:
        return r->usp_operate;
    }
    return USP_ERR_GENERAL_FAILURE;
}

int map_fault_to_usp(int cwmp_fault, enum map_context context)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (rows[i].cwmp_fault == cwmp_fault)
            return pick(&rows[i], context);
    /* The remaining file transfer and software module faults (9014-9032)
     * only arise from operations: the command failed. */
    if (cwmp_fault >= 9010 && cwmp_fault <= 9032)
        return USP_ERR_COMMAND_FAILURE;
    return USP_ERR_GENERAL_FAILURE;
}

int map_fault_row_at(unsigned i, struct map_fault_row *row)
{
    if (i >= N_ROWS)
        return -1;
    *row = rows[i];
    return 0;
}
