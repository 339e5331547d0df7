/*
 * digest_priv.h - Digest helpers shared by auth.c and digest.c, not part
 * of the public interface.
 */
#ifndef CWMP_DIGEST_PRIV_H
#define CWMP_DIGEST_PRIV_H

#include <stddef.h>

/* Hex hash of parts joined with ':'; hex holds 65 bytes. 0 or -1. */
int cwmp_digest_join(const char *algorithm, const char *const *parts, size_t n, char *hex);

/* The RFC 7616 3.4.1 response (qop NULL/"" = RFC 2069 form). 0 or -1. */
int cwmp_digest_response(const char *algorithm, const char *user, const char *realm,
                         const char *password, const char *method, const char *uri,
                         const char *nonce, const char *nc, const char *cnonce, const char *qop,
                         char *hex);

/* HMAC with digest "SHA1" or "SHA256" through EVP (EVP_Q_mac on
 * OpenSSL 3). out holds 64 bytes; *out_len gets the MAC size. 0 or -1. */
int cwmp_hmac(const char *digest, const void *key, size_t key_len, const void *data, size_t len,
              unsigned char *out, size_t *out_len);

#endif /* CWMP_DIGEST_PRIV_H */
