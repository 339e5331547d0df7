/*
 * mqtt_topic.c - MQTT topic names of the USP MQTT MTP: agent topics from a
 * template, and the MQTT 3.1.1 "/reply-to=" suffix (TR-369 R-MQTT.24/25).
 *
 * These functions read input from the broker, so they take lengths, never
 * read past them, and report a result that does not fit instead of
 * truncating it.
 */
#include "usp/mqtt.h"

#include <string.h>

/* Appends n bytes to out[*pos], keeping room for the NUL. */
static int put(char *out, size_t size, size_t *pos, const char *s, size_t n)
{
    if (n >= size - *pos)
        return -1;
    memcpy(out + *pos, s, n);
    *pos += n;
    return 0;
}

static const char *escape_of(char c)
{
    switch (c) {
    case '/':
        return "%2F";
    case '+':
        return "%2B";
    case '#':
        return "%23";
    default:
        return NULL;
    }
}

int usp_mqtt_topic_expand(const char *tmpl, const char *endpoint_id, char *out, size_t size)
{
    const char *at = strstr(tmpl, USP_MQTT_TEMPLATE_ID);
    size_t pos = 0;

    if (!at || !endpoint_id || !*endpoint_id || size == 0)
        return -1;
    if (strpbrk(tmpl, "+#"))
        return -1; /* a template is a topic name, never a filter */
    if (put(out, size, &pos, tmpl, (size_t)(at - tmpl)) < 0)
        return -1;
    for (const char *p = endpoint_id; *p; p++) {
        const char *esc = escape_of(*p);
        if (put(out, size, &pos, esc ? esc : p, esc ? 3 : 1) < 0)
            return -1;
    }
    at += strlen(USP_MQTT_TEMPLATE_ID);
    if (put(out, size, &pos, at, strlen(at)) < 0)
        return -1;
    out[pos] = '\0';
    return (int)pos;
}

/* The last occurrence of needle (n bytes) in hay (len bytes), or NULL. */
static const char *last_match(const char *hay, size_t len, const char *needle, size_t n)
{
    if (len < n)
        return NULL;
    for (size_t i = len - n + 1; i-- > 0;) {
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    }
    return NULL;
}

int usp_mqtt_topic_split_reply_to(const char *topic, size_t len, size_t *base_len, char *reply,
                                  size_t size)
{
    const size_t n = strlen(USP_MQTT_REPLY_TO);
    const char *at = last_match(topic, len, USP_MQTT_REPLY_TO, n);
    const char *p, *end = topic + len;
    size_t pos = 0;

    *base_len = len;
    if (!at)
        return 0;
    *base_len = (size_t)(at - topic);
    p = at + n;
    if (p == end || size == 0)
        return -1;
    while (p < end) {
        /* R-MQTT.25: every %2F becomes '/'; nothing else is decoded. */
        if (end - p >= 3 && p[0] == '%' && p[1] == '2' && (p[2] == 'F' || p[2] == 'f')) {
            if (put(reply, size, &pos, "/", 1) < 0)
                return -1;
            p += 3;
        } else {
            if (put(reply, size, &pos, p, 1) < 0)
                return -1;
            p++;
        }
    }
    reply[pos] = '\0';
    return 1;
}

int usp_mqtt_topic_add_reply_to(const char *topic, const char *reply_to, char *out, size_t size)
{
    size_t pos = 0;

    if (size == 0)
        return -1;
    if (put(out, size, &pos, topic, strlen(topic)) < 0 ||
        put(out, size, &pos, USP_MQTT_REPLY_TO, strlen(USP_MQTT_REPLY_TO)) < 0)
        return -1;
    for (const char *p = reply_to; *p; p++) {
        if (put(out, size, &pos, *p == '/' ? "%2F" : p, *p == '/' ? 3 : 1) < 0)
            return -1;
    }
    out[pos] = '\0';
    return (int)pos;
}
