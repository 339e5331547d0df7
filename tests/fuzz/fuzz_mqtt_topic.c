/*
 * fuzz_mqtt_topic.c - libFuzzer target for the topic names of the USP MQTT
 * MTP: the "/reply-to=" split of received 3.1.1 topics (outside input),
 * its inverse, and agent topic expansion.
 *
 * Input: first byte picks the reply buffer size, the rest is a topic.
 * Invariant: a topic split into (base, reply) and joined again splits into
 * the same base and reply.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "usp/usp.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char reply[512], again[512], joined[2048], expanded[2048];
    size_t base_len, base2;
    size_t reply_size;
    char *topic;
    int r;

    if (size < 1)
        return 0;
    reply_size = data[0] % (sizeof reply + 1);
    data++;
    size--;
    topic = malloc(size + 1);
    if (!topic)
        return 0;
    memcpy(topic, data, size);
    topic[size] = '\0';

    r = usp_mqtt_topic_split_reply_to(topic, size, &base_len, reply_size ? reply : NULL,
                                      reply_size);
    if (base_len > size)
        __builtin_trap();
    if (r == 1 && memchr(data, '\0', size) == NULL) {
        topic[base_len] = '\0';
        if (usp_mqtt_topic_add_reply_to(topic, reply, joined, sizeof joined) >= 0) {
            if (usp_mqtt_topic_split_reply_to(joined, strlen(joined), &base2, again,
                                              sizeof again) != 1 ||
                base2 != base_len || strcmp(again, reply) != 0)
                __builtin_trap();
        }
    }
    /* The same bytes as an Endpoint ID: the topic never gains a wildcard. */
    memcpy(topic, data, size);
    topic[size] = '\0';
    if (usp_mqtt_topic_expand("usp/agent/{endpoint_id}", topic, expanded, sizeof expanded) >= 0 &&
        strpbrk(expanded, "+#"))
        __builtin_trap();
    free(topic);
    return 0;
}
