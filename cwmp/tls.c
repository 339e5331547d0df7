/*
 * tls.c - HTTPS for the session engine (TR-069 3.4.4 and 3.5): the OpenSSL
 * server context with certificate, key, CA file, optional client
 * certificate verification, and session resumption (server-side session
 * cache and tickets), since a full handshake per CWMP session costs more
 * than the whole session.
 */
#include "cwmp/server_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

static void ssl_error(char *err, size_t errlen, const char *what, const char *file)
{
    char buf[200] = "";
    unsigned long e = ERR_get_error();

    if (e != 0)
        ERR_error_string_n(e, buf, sizeof(buf));
    snprintf(err, errlen, "%s %s: %s", what, file ? file : "", buf);
    ERR_clear_error();
}

SSL_CTX *cwmp_tls_server_ctx(const struct cwmp_server_config *cfg, char *err, size_t errlen)
{
    static const unsigned char sid_ctx[] = "cwmp2usp-acs";
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    int mode = SSL_VERIFY_NONE;

    if (ctx == NULL) {
        ssl_error(err, errlen, "cannot create TLS context", NULL);
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(ctx, cfg->tls_cert) != 1) {
        ssl_error(err, errlen, "cannot load certificate", cfg->tls_cert);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, cfg->tls_key ? cfg->tls_key : cfg->tls_cert,
                                    SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        ssl_error(err, errlen, "cannot load private key", cfg->tls_key);
        goto fail;
    }
    if (cfg->tls_ca != NULL && SSL_CTX_load_verify_locations(ctx, cfg->tls_ca, NULL) != 1) {
        ssl_error(err, errlen, "cannot load CA file", cfg->tls_ca);
        goto fail;
    }
    if (cfg->tls_verify != CWMP_TLS_VERIFY_NONE) {
        if (cfg->tls_ca == NULL) {
            snprintf(err, errlen, "client certificate verification needs a CA file");
            goto fail;
        }
        mode = SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE;
        if (cfg->tls_verify == CWMP_TLS_VERIFY_REQUIRED)
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cfg->tls_ca);
        if (names != NULL)
            SSL_CTX_set_client_CA_list(ctx, names);
    }
    SSL_CTX_set_verify(ctx, mode, NULL);
    /* resumption: both the server cache (session ids) and tickets */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(ctx, 20000);
    SSL_CTX_set_timeout(ctx, 3600);
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1);
    SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}

char *cwmp_tls_peer_subject(SSL *ssl)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    BIO *bio;
    char *out = NULL;
    long n;
    char *p;

    if (cert == NULL)
        return NULL;
    if (SSL_get_verify_result(ssl) != X509_V_OK) {
        X509_free(cert);
        return NULL;
    }
    bio = BIO_new(BIO_s_mem());
    if (bio != NULL &&
        X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0) {
        n = BIO_get_mem_data(bio, &p);
        if (n >= 0 && (out = malloc((size_t)n + 1)) != NULL) {
            memcpy(out, p, (size_t)n);
            out[n] = '\0';
        }
    }
    BIO_free(bio);
    X509_free(cert);
    return out;
}
