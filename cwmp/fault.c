/*
 * fault.c - CWMP fault codes and their TR-069 names (TR-069 A.5.1).
 */
#include "cwmp/cwmp.h"

#include <stddef.h>

struct fault_name {
    int code;
    const char *text;
};

static const struct fault_name fault_names[] = {
    {8000, "Method not supported"},
    {8001, "Request denied (no reason specified)"},
    {8002, "Internal error"},
    {8003, "Invalid arguments"},
    {8004, "Resources exceeded"},
    {8005, "Retry request"},
    {9000, "Method not supported"},
    {9001, "Request denied (no reason specified)"},
    {9002, "Internal error"},
    {9003, "Invalid arguments"},
    {9004, "Resources exceeded"},
    {9005, "Invalid parameter name"},
    {9006, "Invalid parameter type"},
    {9007, "Invalid parameter value"},
    {9008, "Attempt to set a non-writable parameter"},
    {9009, "Notification request rejected"},
    {9010, "File transfer failure"},
    {9011, "Upload failure"},
    {9012, "File transfer server authentication failure"},
    {9013, "Unsupported protocol for file transfer"},
    {9014, "File transfer failure: unable to join multicast group"},
    {9015, "File transfer failure: unable to contact file server"},
    {9016, "File transfer failure: unable to access file"},
    {9017, "File transfer failure: unable to complete download"},
    {9018, "File transfer failure: file corrupted or otherwise unusable"},
    {9019, "File transfer failure: file authentication failure"},
    {9020, "File transfer failure: unable to complete download within specified time windows"},
    {9021, "Cancelation of file transfer not permitted in current transfer state"},
    {9022, "Invalid UUID format"},
    {9023, "Unknown Execution Environment"},
    {9024, "Disabled Execution Environment"},
    {9025, "Deployment Unit to Execution Environment mismatch"},
    {9026, "Duplicate Deployment Unit"},
    {9027, "System resources exceeded"},
    {9028, "Unknown Deployment Unit"},
    {9029, "Invalid Deployment Unit state"},
    {9030, "Invalid Deployment Unit update: downgrade not permitted"},
    {9031, "Invalid Deployment Unit update: version not specified"},
    {9032, "Invalid Deployment Unit update: version already exists"},
};

static int is_vendor_code(int code)
{
    return (code >= 8800 && code <= 8899) || (code >= 9800 && code <= 9899);
}

const char *cwmp_fault_string(int code)
{
    for (size_t i = 0; i < sizeof(fault_names) / sizeof(fault_names[0]); i++) {
        if (fault_names[i].code == code)
            return fault_names[i].text;
    }
    if (is_vendor_code(code))
        return "Vendor defined fault";
    return NULL;
}

int cwmp_fault_is_valid(int code)
{
    return cwmp_fault_string(code) != NULL;
}
