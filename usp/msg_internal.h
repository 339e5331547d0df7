/*
 * msg_internal.h - what the usp/msg*.c files share: the usp_msg struct and
 * helpers that grow protobuf-c structs.
 *
 * Ownership model: every built struct, string and array is malloc'ed, just
 * as protobuf-c's unpack allocates them with the default allocator, so a
 * built message and a decoded one are both freed by
 * protobuf_c_message_free_unpacked(). Not part of the public API.
 */
#ifndef USP_MSG_INTERNAL_H
#define USP_MSG_INTERNAL_H

#include <stddef.h>

#include "usp/msg.h"
#include "usp/usp-msg.pb-c.h"

struct usp_msg {
    Usp__Msg *pb;
};

/* A new, initialised protobuf-c message of descriptor d, or NULL. */
void *pbm_new(const ProtobufCMessageDescriptor *d);

/* Frees a built or decoded protobuf-c message and all it holds (NULL ok). */
void pbm_free(void *m);

/* A malloc'ed copy of s ("" for NULL), or NULL when memory runs out. */
char *pbm_strdup(const char *s);

/* Appends item to the repeated field (*arr, *n). 0, or -1 (item untouched). */
int pbm_push(void *arr, size_t *n, void *item);

/* Appends a copy of s to a repeated string field. */
int pbm_push_str(char ***arr, size_t *n, const char *s);

/*
 * Appends a map<string,string> entry of descriptor entry_desc (key, value
 * copied) to the repeated field (*arr, *n).
 */
int pbm_map_add(void *arr, size_t *n, const ProtobufCMessageDescriptor *entry_desc, const char *key,
                const char *value);

/*
 * Reads entry i of a map field: 0, or -1 when out of range (arr may then
 * be NULL). key and value may be NULL; on -1 they are set to "".
 */
int pbm_map_get(void *const *arr, size_t n, size_t i, const char **key, const char **value);

/* Entry i of a repeated string field ("" for a NULL entry), or NULL when out of range. */
const char *pbm_str_at(char *const *arr, size_t n, size_t i);

/* Stores v through out-parameter p unless p is NULL. */
#define PBM_OUT(p, v)                                                                              \
    do {                                                                                           \
        if (p)                                                                                     \
            *(p) = (v);                                                                            \
    } while (0)

/* Fills *out (if not NULL) for a result with no OperationStatus read yet. */
void pbm_oper_result_init(struct usp_oper_result *out, const char *requested_path);

/* Sets oneof member field_number of parent to value (a message pointer). */
void pbm_set_oneof(void *parent, unsigned field_number, void *value);

/* The last element of a repeated message field, or NULL when empty. */
#define PBM_LAST(arr, n) ((n) ? (arr)[(n)-1] : NULL)

/* Fills d (if not NULL) with code and a printf-formatted text. */
void usp_diagf(struct usp_diag *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "" for NULL: decoded strings are never NULL, but be safe. */
#define PBM_S(s) ((s) ? (s) : "")

/*
 * Makes a message of the given type with an empty inner body (the Get, the
 * GetResp, the Error ...), which is returned in *inner. NULL on no memory.
 */
struct usp_msg *usp_msg_make(const char *msg_id, enum usp_msg_type type, void **inner);

/* The inner body struct if m is of the given type, else NULL. */
void *usp_msg_inner(const struct usp_msg *m, enum usp_msg_type type);

#endif
