/*
 * usp.h - public interface of libusp, the agent side of USP (TR-369).
 *
 * Sections of the library have their own headers, all included from
 * here, so a caller includes only this file.
 */
#ifndef USP_USP_H
#define USP_USP_H

#include "usp/error.h"
#include "usp/path.h"
#include "usp/mqtt.h"
#include "usp/msg.h"
#include "usp/record.h"

#endif
