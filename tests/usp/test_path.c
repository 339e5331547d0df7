/*
 * test_path.c - USP path grammar: a table of valid and invalid paths, the
 * canonical printer, value comparison, and resolution against an
 * in-memory data model (wildcards, searches with every operator, unique
 * keys, reference following with '+', '#n+' and '#*+').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "usp/usp.h"

/* ------------------------------------------------------------------ */
/* Parse table                                                        */
/* ------------------------------------------------------------------ */

struct parse_case {
    const char *text;
    int code; /* 0 or the expected USP error */
    enum usp_path_kind kind;
    const char *canonical; /* NULL: same as text */
    const char *at;        /* error: the offset is where this substring starts */
    const char *msg;       /* error: a substring of the message */
};

#define OK(t, k)                                                                                   \
    {                                                                                              \
        t, 0, USP_PATH_##k, NULL, NULL, NULL                                                       \
    }
#define OKC(t, k, c)                                                                               \
    {                                                                                              \
        t, 0, USP_PATH_##k, c, NULL, NULL                                                          \
    }
#define BAD(t, at, msg)                                                                            \
    {                                                                                              \
        t, USP_ERR_INVALID_PATH_SYNTAX, USP_PATH_OBJECT, NULL, at, msg                             \
    }

static const struct parse_case parse_cases[] = {
    /* Addressing (TR-369 2.5, 2.5.2) */
    OK("Device.", OBJECT),
    OK("Device.WiFi.SSID.", OBJECT),
    OK("Device.WiFi.SSID.1.", INSTANCE),
    OK("Device.WiFi.SSID.1.SSID", PARAMETER),
    OK("Device.IP.Interface.1.Stats.", OBJECT),
    OK("Device.IP.Interface.1.Stats.BytesSent", PARAMETER),
    OK("Device.A.1.B.2.C.3.D", PARAMETER),
    OK("Device.X.4294967295.", INSTANCE),
    OK("Device.X_ACME-COM_Foo.Bar", PARAMETER),
    OK("_Hidden.x", PARAMETER),
    OK("Device.1.", INSTANCE),
    /* Wildcards (2.5.5) */
    OK("Device.WiFi.SSID.*.", INSTANCE),
    OK("Device.WiFi.SSID.*.SSID", PARAMETER),
    OK("Device.A.*.B.*.C", PARAMETER),
    OK("Device.IP.Interface.*.IPv4Address.1.IPAddress", PARAMETER),
    /* Unique keys (2.5.2.2) */
    OK("Device.WiFi.SSID.[Alias==\"x\"].", INSTANCE),
    OK("Device.WiFi.SSID.[Alias==\"x\"].SSID", PARAMETER),
    OK("Device.NAT.PortMapping.[RemoteHost==\"\"&&ExternalPort==0&&Protocol==\"TCP\"].", INSTANCE),
    OK("Device.IP.Interface.[Alias==\"WAN\"].Stats.BytesSent", PARAMETER),
    OK("Device.X.[A==\"x\"&&B==\"y\"&&C==\"z\"&&D==1].", INSTANCE),
    /* Search expressions (2.5.4), the spec's own examples */
    OK("Device.IP.Interface.[Type==\"Normal\"].Status", PARAMETER),
    OK("Device.IP.Interface.[Type==\"Normal\"].IPv4Address.[AddressingType==\"Static\"]."
       "IPAddress",
       PARAMETER),
    OK("Device.IP.Interface.[Type==\"Normal\"&&Stats.ErrorsSent>0].IPv4Address.*.IPAddress",
       PARAMETER),
    OK("Device.IP.Interface.[Name==\"eth0\"].IPv4Address.[Status==\"Enabled\"].IPAddress",
       PARAMETER),
    OK("Device.DSL.Line.[Enable==true].CurrentProfile", PARAMETER),
    OK("Device.DSL.Line.[Enable==1].CurrentProfile", PARAMETER),
    OK("Device.IP.Interface.*.IPv6Address.[ValidLifetime<2021-06-06T08:00:00Z].IPAddress",
       PARAMETER),
    OK("Device.USB.USBHosts.Host.*.Device.[DeviceClass==08].", INSTANCE),
    OK("Device.PCP.Client.*.Server.[Capabilities~=\"IPv6Firewall\"].", INSTANCE),
    OK("Device.PeriodicStatistics.SampleSet.[SampleSeconds~=5].", INSTANCE),
    OK("Device.X.[A!=1].", INSTANCE),
    OK("Device.X.[A<=-5].", INSTANCE),
    OK("Device.X.[A>=+3].", INSTANCE),
    OK("Device.X.[A<1.5].", INSTANCE),
    OK("Device.X.[A>0].", INSTANCE),
    OK("Device.X.[A==-0].", INSTANCE),
    OK("Device.X.[A==\"\"].", INSTANCE),
    OK("Device.X.[A.B.C==\"v\"].", INSTANCE),
    OK("Device.X.[T>=2021-06-06T08:00:00.123+02:00].", INSTANCE),
    OK("Device.X.[Name==\"a%22b%25c\"].", INSTANCE),
    OK("Device.X.[Name==\"a]b&&c||d\"].", INSTANCE),
    /* Whitespace around operators is tolerated (R-ARC.9a) */
    OKC("Device.IP.Interface.[Type == \"Normal\"].", INSTANCE,
        "Device.IP.Interface.[Type==\"Normal\"]."),
    OKC("Device.IP.Interface.[ Type==\"Normal\" ].", INSTANCE,
        "Device.IP.Interface.[Type==\"Normal\"]."),
    OKC("Device.IP.Interface.[Type==\"Normal\"  &&  Name!=\"lo\"].", INSTANCE,
        "Device.IP.Interface.[Type==\"Normal\"&&Name!=\"lo\"]."),
    OKC("Device.X.[Name==\"%41%62\"].", INSTANCE, "Device.X.[Name==\"Ab\"]."),
    OKC("Device.X.[Name==\"%7e\"].", INSTANCE, "Device.X.[Name==\"~\"]."),
    /* Reference following (2.6.1, 2.6.1.1) */
    OK("Device.NAT.PortMapping.1.Interface+.Name", PARAMETER),
    OK("Device.NAT.PortMapping.1.Interface+.", OBJECT),
    OK("Device.WiFi.SSID.1.LowerLayers#1+.Name", PARAMETER),
    OK("Device.WiFi.SSID.1.LowerLayers#2+.Stats.BytesSent", PARAMETER),
    OK("Device.WiFi.SSID.1.LowerLayers#*+.Name", PARAMETER),
    OK("Device.WiFi.SSID.1.LowerLayers+.", OBJECT),
    OK("Device.DNS.Relay.Forwarding.*.Interface+.Name", PARAMETER),
    OK("Device.X.1.Ref+.Sub.2.Name", PARAMETER),
    OK("Device.X.[Ref#2+.Name==\"v\"].", INSTANCE),
    OK("Device.X.[Ref#*+.Name==\"v\"].", INSTANCE),
    OK("Device.WiFi.AccessPoint.[SSIDReference+.SSID==\"MyHome\"].AssociatedDevice."
       "[OperatingStandard==\"ac\"].SignalStrength",
       PARAMETER),
    /* Commands and events (2.6.2, 2.6.3) */
    OK("Device.Reboot()", COMMAND),
    OK("Device.IP.Interface.[Name==\"eth0\"].Reset()", COMMAND),
    OK("Device.IP.Interface.*.Reset()", COMMAND),
    OK("Device.X.[A!=\"\"].Reset()", COMMAND),
    OK("Device.Boot!", EVENT),
    OK("Device.LocalAgent.Subscription.*.Foo!", EVENT),
    OK("Device.NAT.PortMapping.1.Interface+.Reset()", COMMAND),

    /* Malformed: every one is 7008 Invalid path syntax */
    BAD("", "", "empty path"),
    BAD(".", ".", "empty path segment"),
    BAD(".Device.", ".Device", "empty path segment"),
    BAD("Device..WiFi", ".WiFi", "empty path segment"),
    BAD("Device.WiFi..", "$.", "empty path segment"),
    BAD("Device", "Device", "is not a path"),
    BAD("1.Device.", "1.", "must follow a table name"),
    BAD("*.", "*", "must follow a table name"),
    BAD("Device.*.*.", "$*.", "must follow a table name"),
    BAD("Device.WiFi.SSID.1.2.", "2.", "must follow a table name"),
    BAD("Device.WiFi.SSID.0.", "0.", "cannot be 0"),
    BAD("Device.WiFi.SSID.01.", "01.", "cannot be 0 or start with 0"),
    BAD("Device.WiFi.SSID.4294967296.", "4294967296", "larger than 4294967295"),
    BAD("Device.WiFi.SSID.1", "", "must be followed by '.', found end of path"),
    BAD("Device.WiFi.SSID.*", "", "must be followed by '.'"),
    BAD("Device.IP.Interface.[Name==\"eth0\"]", "", "must be followed by '.'"),
    BAD("Device.X.*Y.", "Y.", "must be followed by '.', found 'Y'"),
    BAD("Device.9X.", "X.", "must be followed by '.'"),
    BAD("Device.X.[A==\"v\"]].", "].", "must be followed by '.', found ']'"),
    BAD("Device.X.[A==1 ]B.", "B.", "must be followed by '.'"),
    BAD("Device.WiFi.SSID.[].", "[", "empty search expression"),
    BAD("Device.WiFi.SSID.[ ].", "[", "empty search expression"),
    BAD("Device.WiFi.SSID.[Alias==\"x\"", "[", "unterminated search expression"),
    BAD("Device.WiFi.SSID.[Alias==\"x", "\"x", "unterminated string value"),
    BAD("Device.X.[A==1", "[", "unterminated search expression"),
    BAD("Device.X.[A", "[", "unterminated search expression"),
    BAD("Device.X.[A==", "[", "unterminated search expression"),
    BAD("Device.X.[", "[", "unterminated search expression"),
    BAD("Device.X.[A==1&&", "", "empty expression component after '&&'"),
    BAD("Device.WiFi.SSID.[Alias=\"x\"].", "=\"", "'=' is not an operator"),
    BAD("Device.WiFi.SSID.[Alias\"x\"].", "\"x", "expected an operator"),
    BAD("Device.X.[A~~1].", "~~", "expected an operator"),
    BAD("Device.X.[A=<1].", "=<", "'=' is not an operator"),
    BAD("Device.WiFi.SSID.[Alias==].", "].", "expected a value after '=='"),
    BAD("Device.X.[A===1].", "=1", "expected a value after '=='"),
    BAD("Device.WiFi.SSID.[==\"x\"].", "==", "expected a parameter name"),
    BAD("Device.X.[A.==1].", "==", "expected a parameter name"),
    BAD("Device.X.[*.A==1].", "*.A", "child table"),
    BAD("Device.X.[A.1.B==1].", "1.B", "child table"),
    BAD("Device.IP.Interface.[Type==\"Normal\"&&IPv4Address.*.AddressingType==\"Static\"]."
        "Status",
        "*.Addr", "child table"),
    BAD("Device.IP.Interface.{Type==\"Normal\"}.Status", "{", "'{' is not allowed"),
    BAD("Device.IP.Interface.{i}.Status", "{", "'{' is not allowed"),
    BAD("Device.IP.Interface.[Type==\"Normal\"||Name==\"x\"].", "||", "'||' is not supported"),
    BAD("Device.IP.Interface.[Type==\"Normal\"&&].", "].", "empty expression component"),
    BAD("Device.IP.Interface.[Type==\"Normal\" Name==\"x\"].", "Name==\"x", "expected '&&' or ']'"),
    BAD("Device.X.[A==1&B==2].", "&B", "expected '&&' or ']'"),
    BAD("Device.IP.Interface.[Name<\"eth0\"].", "\"eth0", "needs a number or dateTime"),
    BAD("Device.IP.Interface.[Enable>true].", "true", "needs a number or dateTime"),
    BAD("Device.X.[A>=2021-13-01T00:00:00Z].", "2021", "needs a number or dateTime"),
    BAD("Device.WiFi.SSID.[Alias==\"a%2\"].", "%2", "%XX escape"),
    BAD("Device.WiFi.SSID.[Alias==\"a%zz\"].", "%zz", "%XX escape"),
    BAD("Device.WiFi.SSID.[Alias==\"a%00\"].", "%00", "%00 is not allowed"),
    BAD("Device.NAT.PortMapping.1.Interface#.Name", "#", "'#' must be followed by a list item"),
    BAD("Device.NAT.PortMapping.1.Interface#1.Name", ".Name", "must be followed by '+'"),
    BAD("Device.NAT.PortMapping.1.Interface#0+.Name", "0+", "cannot be 0"),
    BAD("Device.NAT.PortMapping.1.Interface+Name", "Name", "must be followed by '.'"),
    BAD("Device.NAT.PortMapping.1.Interface+", "", "must be followed by '.', found end"),
    BAD("Device.NAT.PortMapping.1.Interface+.3.", "3.", "must follow a table name"),
    BAD("Device.X.[A+==1].", "==1", "must be followed by '.'"),
    BAD("Device.Reboot(", "(", "must end with '()'"),
    BAD("Device.Reboot(x)", "(", "must end with '()'"),
    BAD("Device.Reboot().", "$.", "after the end of the command path"),
    BAD("Device.X.[A==1].Foo()()", "$()", "after the end of the command path"),
    BAD("Device.Boot!.", "$.", "after the end of the event path"),
    BAD("Device.Boot!x", "x", "after the end of the event path"),
    BAD("Device.()", "()", "where a name was expected"),
    BAD("Device.X.-1.", "-1", "where a name was expected"),
    BAD("Device.WiFi SSID", " SSID", "after name 'WiFi'"),
    BAD("Device.\x01", "\x01", "0x01"),
    BAD("Device.X.a b", " b", "after name 'a'"),
};

/* Where c->at starts in the text: "" is the end, "$x" the last "x". */
static size_t expected_offset(const struct parse_case *c)
{
    const char *hit = NULL, *at = c->at;

    if (at[0] == '\0')
        return strlen(c->text);
    if (at[0] == '$') {
        at++;
        for (const char *p = strstr(c->text, at); p != NULL; p = strstr(p + 1, at))
            hit = p;
    } else {
        hit = strstr(c->text, at);
    }
    return hit ? (size_t)(hit - c->text) : (size_t)-1;
}

static void test_path_parse_table(void **state)
{
    size_t n = sizeof(parse_cases) / sizeof(parse_cases[0]);
    size_t valid = 0, invalid = 0;

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct parse_case *c = &parse_cases[i];
        struct usp_path *p = NULL;
        struct usp_path_error err;
        int rc = usp_path_parse(c->text, &p, &err);

        if (rc != c->code)
            fail_msg("'%s': rc %d, expected %d (%s)", c->text, rc, c->code, err.message);
        if (rc == 0) {
            char *s = usp_path_to_string(p);
            struct usp_path *again = NULL;
            char *s2;

            valid++;
            assert_non_null(s);
            if (p->kind != c->kind)
                fail_msg("'%s': kind %s, expected %s", c->text, usp_path_kind_name(p->kind),
                         usp_path_kind_name(c->kind));
            if (strcmp(s, c->canonical ? c->canonical : c->text) != 0)
                fail_msg("'%s': canonical '%s'", c->text, s);
            assert_int_equal(p->partial,
                             c->kind == USP_PATH_OBJECT || c->kind == USP_PATH_INSTANCE);
            /* the canonical form parses to itself */
            assert_int_equal(usp_path_parse(s, &again, &err), 0);
            s2 = usp_path_to_string(again);
            assert_string_equal(s, s2);
            free(s2);
            usp_path_free(again);
            free(s);
            usp_path_free(p);
        } else {
            invalid++;
            assert_null(p);
            assert_int_equal(err.code, c->code);
            if (err.offset != expected_offset(c))
                fail_msg("'%s': offset %zu, expected %zu (%s)", c->text, err.offset,
                         expected_offset(c), err.message);
            if (strstr(err.message, c->msg) == NULL)
                fail_msg("'%s': message '%s' lacks '%s'", c->text, err.message, c->msg);
            if (strstr(err.message, "at offset") == NULL)
                fail_msg("'%s': message '%s' lacks the offset", c->text, err.message);
        }
    }
    assert_true(n >= 100);
    assert_true(valid >= 50 && invalid >= 50);
}

static void test_path_too_long(void **state)
{
    char *text = malloc(USP_PATH_MAX_LEN + 16);
    struct usp_path *p = NULL;
    struct usp_path_error err;

    (void)state;
    assert_non_null(text);
    strcpy(text, "Device.");
    memset(text + 7, 'A', USP_PATH_MAX_LEN);
    text[USP_PATH_MAX_LEN + 7] = '\0';
    assert_int_equal(usp_path_parse(text, &p, &err), USP_ERR_INVALID_PATH_SYNTAX);
    assert_non_null(strstr(err.message, "longer than"));
    text[USP_PATH_MAX_LEN - 1] = '\0'; /* exactly the limit is fine */
    assert_int_equal(usp_path_parse(text, &p, &err), 0);
    usp_path_free(p);
    assert_int_equal(usp_path_parse(NULL, &p, &err), USP_ERR_INVALID_PATH_SYNTAX);
    free(text);
}

/* The AST holds what the text says. */
static void test_path_ast(void **state)
{
    struct usp_path *p = NULL;
    struct usp_path_error err;
    const struct usp_path_term *t;

    (void)state;
    assert_int_equal(
        usp_path_parse(
            "Device.IP.Interface.[Type==\"Normal\"&&Stats.ErrorsSent>0].IPv4Address.*.IPAddress",
            &p, &err),
        0);
    assert_int_equal(p->nsegs, 7);
    assert_int_equal(p->segs[3].type, USP_PATH_SEG_EXPR);
    assert_int_equal(p->segs[3].offset, 20);
    assert_int_equal(p->segs[3].nterms, 2);
    t = &p->segs[3].terms[1];
    assert_int_equal(t->nrel, 2);
    assert_string_equal(t->rel[0].name, "Stats");
    assert_string_equal(t->rel[1].name, "ErrorsSent");
    assert_int_equal(t->op, USP_PATH_OP_GT);
    assert_string_equal(t->value, "0");
    assert_false(t->quoted);
    assert_true(p->segs[3].terms[0].quoted);
    assert_int_equal(p->segs[5].type, USP_PATH_SEG_WILDCARD);
    assert_true(p->has_expr && p->has_wildcard && !p->has_ref);
    assert_false(usp_path_is_concrete(p));
    usp_path_free(p);

    assert_int_equal(usp_path_parse("Device.WiFi.SSID.1.LowerLayers#3+.Name", &p, &err), 0);
    assert_true(p->segs[4].ref.present && p->segs[4].ref.index == 3 && !p->segs[4].ref.all);
    assert_true(p->has_ref);
    usp_path_free(p);

    assert_int_equal(usp_path_parse("Device.X.[Ref#*+.Name==\"a%22b%25c\"].", &p, &err), 0);
    t = &p->segs[2].terms[0];
    assert_true(t->rel[0].ref.all);
    assert_string_equal(t->value, "a\"b%c");
    assert_true(p->has_ref);
    usp_path_free(p);

    assert_int_equal(usp_path_parse("Device.WiFi.SSID.12.SSID", &p, &err), 0);
    assert_int_equal(p->segs[3].instance, 12);
    assert_true(usp_path_is_concrete(p));
    usp_path_free(p);
}

static void test_path_parse_reference(void **state)
{
    static const struct {
        const char *text;
        int ok;
        const char *canonical;
    } cases[] = {
        {"Device.IP.Interface.1", 1, "Device.IP.Interface.1."},
        {"Device.IP.Interface.1.", 1, "Device.IP.Interface.1."},
        {"Device.IP.Interface", 1, "Device.IP.Interface."},
        {"Device.IP.Interface.[Name==\"eth1\"]", 1, "Device.IP.Interface.[Name==\"eth1\"]."},
        {"Device.IP.Interface.*", 0, NULL},
        {"Device.IP.Interface.[Name!=\"x\"]", 0, NULL},
        {"Device.X.1.Ref+.", 0, NULL},
        {"Device.Reboot()", 0, NULL},
        {"Device.Boot!", 0, NULL},
        {"", 0, NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct usp_path *p = NULL;
        struct usp_path_error err;
        int rc = usp_path_parse_reference(cases[i].text, &p, &err);

        if ((rc == 0) != cases[i].ok)
            fail_msg("reference '%s': rc %d (%s)", cases[i].text, rc, err.message);
        if (rc == 0) {
            char *s = usp_path_to_string(p);

            assert_string_equal(s, cases[i].canonical);
            assert_true(p->partial);
            free(s);
            usp_path_free(p);
        } else {
            assert_int_equal(rc, USP_ERR_INVALID_PATH_SYNTAX);
        }
    }
}

static void test_path_supported_and_schema(void **state)
{
    static const struct {
        const char *text;
        int ok;
        enum usp_path_kind kind;
    } sdm[] = {
        {"Device.WiFi.SSID.{i}.", 1, USP_PATH_INSTANCE},
        {"Device.WiFi.SSID.{i}.SSID", 1, USP_PATH_PARAMETER},
        {"Device.WiFi.SSID.", 1, USP_PATH_OBJECT},
        {"Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress", 1, USP_PATH_PARAMETER},
        {"Device.IP.Interface.{i}.Reset()", 1, USP_PATH_COMMAND},
        {"Device.WiFi.SSID.1.SSID", 1, USP_PATH_PARAMETER}, /* sdmpath allows posnum */
        {"Device.WiFi.SSID.*.SSID", 0, USP_PATH_OBJECT},
        {"Device.WiFi.SSID.[Alias==\"x\"].SSID", 0, USP_PATH_OBJECT},
        {"Device.WiFi.SSID.{j}.SSID", 0, USP_PATH_OBJECT},
        {"Device.WiFi.SSID.{i}", 0, USP_PATH_OBJECT},
        {"Device.{i}.", 1, USP_PATH_INSTANCE},
        {"{i}.Device.", 0, USP_PATH_OBJECT},
        {"Device.WiFi.SSID.{i}.LowerLayers+.Name", 0, USP_PATH_OBJECT},
    };
    static const struct {
        const char *text;
        const char *schema;
    } schema[] = {
        {"Device.WiFi.SSID.1.SSID", "Device.WiFi.SSID.{i}.SSID"},
        {"Device.WiFi.SSID.*.", "Device.WiFi.SSID.{i}."},
        {"Device.IP.Interface.[Type==\"Normal\"].IPv4Address.*.IPAddress",
         "Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress"},
        {"Device.IP.Interface.[Name==\"eth0\"].Reset()", "Device.IP.Interface.{i}.Reset()"},
        {"Device.WiFi.SSID.", "Device.WiFi.SSID."},
        {"Device.NAT.PortMapping.1.Interface+.Name", NULL},
    };
    struct usp_path *p = NULL;
    struct usp_path_error err;

    (void)state;
    for (size_t i = 0; i < sizeof(sdm) / sizeof(sdm[0]); i++) {
        int rc = usp_path_parse_supported(sdm[i].text, &p, &err);

        if ((rc == 0) != sdm[i].ok)
            fail_msg("supported '%s': rc %d (%s)", sdm[i].text, rc, err.message);
        if (rc == 0) {
            char *s = usp_path_to_string(p);

            assert_string_equal(s, sdm[i].text);
            assert_int_equal(p->kind, sdm[i].kind);
            free(s);
            usp_path_free(p);
        } else {
            assert_int_equal(rc, USP_ERR_INVALID_PATH_SYNTAX);
        }
    }
    /* '{i}' stays a Supported Data Model notation */
    assert_int_equal(usp_path_parse("Device.WiFi.SSID.{i}.SSID", &p, &err),
                     USP_ERR_INVALID_PATH_SYNTAX);
    for (size_t i = 0; i < sizeof(schema) / sizeof(schema[0]); i++) {
        char *s;

        assert_int_equal(usp_path_parse(schema[i].text, &p, &err), 0);
        s = usp_path_to_schema(p);
        if (schema[i].schema == NULL)
            assert_null(s);
        else
            assert_string_equal(s, schema[i].schema);
        free(s);
        usp_path_free(p);
    }
}

/* ------------------------------------------------------------------ */
/* Value comparison (TR-369 2.5.4)                                    */
/* ------------------------------------------------------------------ */

static void test_path_value_matches(void **state)
{
    static const struct {
        const char *value;
        enum usp_path_op op;
        const char *constant;
        int quoted;
        int match;
    } cases[] = {
        {"5", USP_PATH_OP_EQ, "5", 0, 1},
        {"5", USP_PATH_OP_EQ, "05", 0, 1},
        {"5", USP_PATH_OP_EQ, "+5", 0, 1},
        {"-0", USP_PATH_OP_EQ, "0", 0, 1},
        {"5", USP_PATH_OP_EQ, "5.0", 0, 1},
        {"5", USP_PATH_OP_NE, "6", 0, 1},
        {"5", USP_PATH_OP_EQ, "05", 1, 0}, /* quoted: string equality */
        {"10", USP_PATH_OP_GT, "9", 0, 1}, /* numeric, not lexical */
        {"10", USP_PATH_OP_LT, "9", 0, 0},
        {"-3", USP_PATH_OP_LT, "2", 0, 1},
        {"-3", USP_PATH_OP_LT, "-2", 0, 1},
        {"18446744073709551615", USP_PATH_OP_GT, "18446744073709551614", 0, 1},
        {"1.25", USP_PATH_OP_GE, "1.25", 0, 1},
        {"1.25", USP_PATH_OP_LE, "1.2", 0, 0},
        {"abc", USP_PATH_OP_LT, "5", 0, 0}, /* not a number: no match */
        {"", USP_PATH_OP_GT, "0", 0, 0},
        {"true", USP_PATH_OP_EQ, "1", 0, 1},
        {"1", USP_PATH_OP_EQ, "true", 0, 1},
        {"false", USP_PATH_OP_EQ, "0", 0, 1},
        {"false", USP_PATH_OP_NE, "true", 0, 1},
        {"true", USP_PATH_OP_EQ, "true", 1, 1},
        {"eth0", USP_PATH_OP_EQ, "eth0", 1, 1},
        {"eth0", USP_PATH_OP_EQ, "eth1", 1, 0},
        {"eth0", USP_PATH_OP_NE, "eth1", 1, 1},
        {"Eth0", USP_PATH_OP_EQ, "eth0", 1, 0},
        {"2021-06-06T08:00:00Z", USP_PATH_OP_EQ, "2021-06-06T10:00:00+02:00", 0, 1},
        {"2021-06-06T08:00:00Z", USP_PATH_OP_LT, "2021-06-06T08:00:00.5Z", 0, 1},
        {"2020-02-29T00:00:00Z", USP_PATH_OP_LT, "2021-06-06T08:00:00Z", 0, 1},
        {"2022-01-01T00:00:00Z", USP_PATH_OP_GE, "2021-06-06T08:00:00Z", 0, 1},
        {"0001-01-01T00:00:00Z", USP_PATH_OP_LT, "2021-06-06T08:00:00Z", 0, 0}, /* Unknown */
        {"0001-01-01T00:00:00Z", USP_PATH_OP_EQ, "0001-01-01T00:00:00Z", 0, 1},
        {"a,n,ac", USP_PATH_OP_CONTAINS, "n", 1, 1},
        {"a, n, ac", USP_PATH_OP_CONTAINS, "ac", 1, 1},
        {"a,n,ac", USP_PATH_OP_CONTAINS, "c", 1, 0},
        {"1,5,10", USP_PATH_OP_CONTAINS, "5", 0, 1},
        {"1,5,10", USP_PATH_OP_CONTAINS, "05", 0, 1},
        {"1,5,10", USP_PATH_OP_CONTAINS, "50", 0, 0},
        {"", USP_PATH_OP_CONTAINS, "", 1, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int m =
            usp_path_value_matches(cases[i].value, cases[i].op, cases[i].constant, cases[i].quoted);

        if (m != cases[i].match)
            fail_msg("case %zu: '%s' %s '%s' gave %d", i, cases[i].value,
                     usp_path_op_text(cases[i].op), cases[i].constant, m);
    }
}

/* ------------------------------------------------------------------ */
/* Resolution against an in-memory tree                               */
/* ------------------------------------------------------------------ */

struct table {
    const char *path;
    uint32_t inst[5];
    size_t n;
};

static const struct table tables[] = {
    {"Device.WiFi.SSID.", {1, 2, 3}, 3},
    {"Device.WiFi.Radio.", {1, 2}, 2},
    {"Device.WiFi.AccessPoint.", {1, 2}, 2},
    {"Device.WiFi.AccessPoint.1.AssociatedDevice.", {1, 2}, 2},
    {"Device.WiFi.AccessPoint.2.AssociatedDevice.", {1}, 1},
    {"Device.IP.Interface.", {1, 2, 3}, 3},
    {"Device.IP.Interface.1.IPv4Address.", {1, 2}, 2},
    {"Device.IP.Interface.2.IPv4Address.", {1}, 1},
    {"Device.IP.Interface.3.IPv4Address.", {0}, 0},
    {"Device.NAT.PortMapping.", {1, 2}, 2},
    {"Device.DNS.Relay.Forwarding.", {1, 2, 3, 4, 5}, 5},
};

static const char *const params[][2] = {
    {"Device.WiFi.SSID.1.SSID", "home"},
    {"Device.WiFi.SSID.1.Alias", "cpe-ssid-1"},
    {"Device.WiFi.SSID.1.Enable", "true"},
    {"Device.WiFi.SSID.1.LowerLayers", "Device.WiFi.Radio.1"},
    {"Device.WiFi.SSID.2.SSID", "guest"},
    {"Device.WiFi.SSID.2.Alias", "cpe-ssid-2"},
    {"Device.WiFi.SSID.2.Enable", "false"},
    {"Device.WiFi.SSID.2.LowerLayers", "Device.WiFi.Radio.1, Device.WiFi.Radio.2"},
    {"Device.WiFi.SSID.3.SSID", "say \"hi\" 100%"},
    {"Device.WiFi.SSID.3.Alias", "odd"},
    {"Device.WiFi.SSID.3.Enable", "1"},
    {"Device.WiFi.SSID.3.LowerLayers", ""},
    {"Device.WiFi.Radio.1.Name", "wl0"},
    {"Device.WiFi.Radio.1.OperatingStandards", "a,n,ac"},
    {"Device.WiFi.Radio.2.Name", "wl1"},
    {"Device.WiFi.Radio.2.OperatingStandards", "b,g,n"},
    {"Device.WiFi.AccessPoint.1.SSIDReference", "Device.WiFi.SSID.1"},
    {"Device.WiFi.AccessPoint.2.SSIDReference", "Device.WiFi.SSID.2."},
    {"Device.WiFi.AccessPoint.1.AssociatedDevice.1.OperatingStandard", "ac"},
    {"Device.WiFi.AccessPoint.1.AssociatedDevice.1.SignalStrength", "-40"},
    {"Device.WiFi.AccessPoint.1.AssociatedDevice.2.OperatingStandard", "n"},
    {"Device.WiFi.AccessPoint.1.AssociatedDevice.2.SignalStrength", "-70"},
    {"Device.WiFi.AccessPoint.2.AssociatedDevice.1.OperatingStandard", "ac"},
    {"Device.WiFi.AccessPoint.2.AssociatedDevice.1.SignalStrength", "-55"},
    {"Device.IP.Interface.1.Name", "eth0"},
    {"Device.IP.Interface.1.Type", "Normal"},
    {"Device.IP.Interface.1.Alias", "WAN"},
    {"Device.IP.Interface.1.Stats.ErrorsSent", "0"},
    {"Device.IP.Interface.1.X_Created", "2021-01-01T00:00:00Z"},
    {"Device.IP.Interface.2.Name", "eth1"},
    {"Device.IP.Interface.2.Type", "Normal"},
    {"Device.IP.Interface.2.Stats.ErrorsSent", "5"},
    {"Device.IP.Interface.2.X_Created", "2022-06-06T08:00:00+02:00"},
    {"Device.IP.Interface.3.Name", "lo"},
    {"Device.IP.Interface.3.Type", "Loopback"},
    {"Device.IP.Interface.3.Stats.ErrorsSent", "12"},
    {"Device.IP.Interface.3.X_Created", "0001-01-01T00:00:00Z"},
    {"Device.IP.Interface.1.IPv4Address.1.IPAddress", "192.168.1.1"},
    {"Device.IP.Interface.1.IPv4Address.1.AddressingType", "Static"},
    {"Device.IP.Interface.1.IPv4Address.2.IPAddress", "10.0.0.1"},
    {"Device.IP.Interface.1.IPv4Address.2.AddressingType", "DHCP"},
    {"Device.IP.Interface.2.IPv4Address.1.IPAddress", "172.16.0.1"},
    {"Device.IP.Interface.2.IPv4Address.1.AddressingType", "Static"},
    {"Device.NAT.PortMapping.1.Interface", "Device.IP.Interface.1"},
    {"Device.NAT.PortMapping.1.RemoteHost", ""},
    {"Device.NAT.PortMapping.1.ExternalPort", "80"},
    {"Device.NAT.PortMapping.1.Protocol", "TCP"},
    {"Device.NAT.PortMapping.2.Interface", "Device.IP.Interface.[Name==\"eth1\"]"},
    {"Device.NAT.PortMapping.2.RemoteHost", ""},
    {"Device.NAT.PortMapping.2.ExternalPort", "443"},
    {"Device.NAT.PortMapping.2.Protocol", "TCP"},
    {"Device.DNS.Relay.Forwarding.1.Interface", "Device.IP.Interface.2"},
    {"Device.DNS.Relay.Forwarding.2.Interface", ""},                      /* null */
    {"Device.DNS.Relay.Forwarding.3.Interface", "Device.IP.Interface.9"}, /* dangling */
    {"Device.DNS.Relay.Forwarding.4.Interface", "not a path!"},
    {"Device.DNS.Relay.Forwarding.5.Interface", "Device.Bogus.1"}, /* outside the model */
};

/* "Device.IP.Interface.2.Name" -> "Device.IP.Interface.{i}.Name" */
static void schema_of(const char *path, char *out, size_t size)
{
    size_t o = 0;

    for (const char *p = path; *p != '\0' && o + 4 < size;) {
        if ((p == path || p[-1] == '.') && *p >= '0' && *p <= '9') {
            memcpy(out + o, "{i}", 3);
            o += 3;
            while (*p >= '0' && *p <= '9')
                p++;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

struct tree {
    int calls;
    const char *fail_on; /* make get_value fail with 7003 on this path */
};

static int tree_list(void *ctx, const char *table, const uint32_t **inst, size_t *n)
{
    struct tree *t = ctx;

    t->calls++;
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        if (strcmp(tables[i].path, table) == 0) {
            *inst = tables[i].inst;
            *n = tables[i].n;
            return 0;
        }
    }
    return USP_ERR_INVALID_PATH;
}

static int tree_get(void *ctx, const char *param, const char **value)
{
    struct tree *t = ctx;
    char want[256], have[256];
    int known = 0;

    t->calls++;
    if (t->fail_on != NULL && strcmp(param, t->fail_on) == 0)
        return USP_ERR_INTERNAL_ERROR;
    schema_of(param, want, sizeof(want));
    for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
        if (strcmp(params[i][0], param) == 0) {
            *value = params[i][1];
            return 0;
        }
        schema_of(params[i][0], have, sizeof(have));
        known |= strcmp(want, have) == 0;
    }
    *value = NULL;
    return known ? 0 : USP_ERR_INVALID_PATH; /* in the model but not this instance */
}

static struct tree tree_ctx;
static const struct usp_path_source tree = {&tree_ctx, tree_list, tree_get, NULL};

/* Resolves text and compares with the expected paths joined by ' '. */
static void expect_resolve(const char *text, const char *expected)
{
    struct usp_path_list out = {0};
    struct usp_path_error err;
    char got[2048] = "";
    int rc = usp_path_resolve_text(text, &tree, &out, &err);

    if (rc != 0)
        fail_msg("'%s': rc %d: %s", text, rc, err.message);
    for (size_t i = 0; i < out.n; i++) {
        if (i > 0)
            strcat(got, " ");
        strcat(got, out.paths[i]);
    }
    if (strcmp(got, expected) != 0)
        fail_msg("'%s':\n  got      '%s'\n  expected '%s'", text, got, expected);
    usp_path_list_free(&out);
}

static void expect_resolve_error(const char *text, int code, const char *msg)
{
    struct usp_path_list out = {0};
    struct usp_path_error err;
    int rc = usp_path_resolve_text(text, &tree, &out, &err);

    if (rc != code)
        fail_msg("'%s': rc %d, expected %d (%s)", text, rc, code, err.message);
    assert_int_equal(err.code, code);
    assert_int_equal(out.n, 0);
    if (strstr(err.message, msg) == NULL)
        fail_msg("'%s': message '%s' lacks '%s'", text, err.message, msg);
    usp_path_list_free(&out);
}

static void test_resolve_addressing(void **state)
{
    (void)state;
    expect_resolve("Device.WiFi.SSID.2.SSID", "Device.WiFi.SSID.2.SSID");
    expect_resolve("Device.WiFi.SSID.2.", "Device.WiFi.SSID.2.");
    expect_resolve("Device.WiFi.SSID.", "Device.WiFi.SSID.");
    expect_resolve("Device.WiFi.SSID.9.SSID", ""); /* no such instance */
    expect_resolve("Device.IP.Interface.1.Stats.ErrorsSent",
                   "Device.IP.Interface.1.Stats.ErrorsSent");
    expect_resolve("Device.Reboot()", "Device.Reboot()");
    expect_resolve("Device.IP.Interface.[Name==\"eth0\"].Reset()", "Device.IP.Interface.1.Reset()");
    expect_resolve("Device.WiFi.SSID.*.Changed!",
                   "Device.WiFi.SSID.1.Changed! Device.WiFi.SSID.2.Changed! "
                   "Device.WiFi.SSID.3.Changed!");
}

static void test_resolve_wildcards(void **state)
{
    (void)state;
    expect_resolve("Device.WiFi.SSID.*.SSID",
                   "Device.WiFi.SSID.1.SSID Device.WiFi.SSID.2.SSID Device.WiFi.SSID.3.SSID");
    expect_resolve("Device.WiFi.SSID.*.", "Device.WiFi.SSID.1. Device.WiFi.SSID.2. "
                                          "Device.WiFi.SSID.3.");
    expect_resolve("Device.IP.Interface.*.IPv4Address.*.IPAddress",
                   "Device.IP.Interface.1.IPv4Address.1.IPAddress "
                   "Device.IP.Interface.1.IPv4Address.2.IPAddress "
                   "Device.IP.Interface.2.IPv4Address.1.IPAddress");
    expect_resolve("Device.IP.Interface.3.IPv4Address.*.", ""); /* empty table */
}

static void test_resolve_unique_keys(void **state)
{
    (void)state;
    expect_resolve("Device.WiFi.SSID.[Alias==\"cpe-ssid-2\"].", "Device.WiFi.SSID.2.");
    expect_resolve("Device.WiFi.SSID.[Alias==\"cpe-ssid-2\"].SSID", "Device.WiFi.SSID.2.SSID");
    expect_resolve("Device.WiFi.SSID.[Alias==\"nope\"].SSID", "");
    expect_resolve("Device.WiFi.SSID.[SSID==\"say %22hi%22 100%25\"].Alias",
                   "Device.WiFi.SSID.3.Alias");
    expect_resolve("Device.NAT.PortMapping.[RemoteHost==\"\"&&ExternalPort==443&&Protocol==\"TCP\"]"
                   ".",
                   "Device.NAT.PortMapping.2.");
    expect_resolve("Device.NAT.PortMapping.[RemoteHost==\"\"&&ExternalPort==22&&Protocol==\"TCP\"]"
                   ".",
                   "");
    /* Interface 2 and 3 lack Alias: the term is false there, not an error */
    expect_resolve("Device.IP.Interface.[Alias==\"WAN\"].Name", "Device.IP.Interface.1.Name");
}

static void test_resolve_search_operators(void **state)
{
    (void)state;
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent==5].", "Device.IP.Interface.2.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent==05].", "Device.IP.Interface.2.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent!=5].",
                   "Device.IP.Interface.1. Device.IP.Interface.3.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent<5].", "Device.IP.Interface.1.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent<=5].",
                   "Device.IP.Interface.1. Device.IP.Interface.2.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent>5].", "Device.IP.Interface.3.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent>=5].",
                   "Device.IP.Interface.2. Device.IP.Interface.3.");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent>100].", "");
    expect_resolve("Device.IP.Interface.[Stats.ErrorsSent > 4 && Stats.ErrorsSent < 6].",
                   "Device.IP.Interface.2.");
    expect_resolve("Device.WiFi.Radio.[OperatingStandards~=\"n\"].Name",
                   "Device.WiFi.Radio.1.Name Device.WiFi.Radio.2.Name");
    expect_resolve("Device.WiFi.Radio.[OperatingStandards~=\"ac\"].Name",
                   "Device.WiFi.Radio.1.Name");
    expect_resolve("Device.WiFi.Radio.[OperatingStandards~=\"c\"].Name", "");
    expect_resolve("Device.WiFi.SSID.[Enable==true].", "Device.WiFi.SSID.1. Device.WiFi.SSID.3.");
    expect_resolve("Device.WiFi.SSID.[Enable==0].", "Device.WiFi.SSID.2.");
    expect_resolve("Device.WiFi.SSID.[Enable!=true].", "Device.WiFi.SSID.2.");
    expect_resolve("Device.IP.Interface.[X_Created<2022-01-01T00:00:00Z].",
                   "Device.IP.Interface.1."); /* 3 is the Unknown Time */
    expect_resolve("Device.IP.Interface.[X_Created>=2022-06-06T06:00:00Z].",
                   "Device.IP.Interface.2.");
    expect_resolve("Device.IP.Interface.[X_Created==0001-01-01T00:00:00Z].",
                   "Device.IP.Interface.3.");
    expect_resolve("Device.IP.Interface.[Type==\"Normal\"&&Stats.ErrorsSent>0].IPv4Address.*."
                   "IPAddress",
                   "Device.IP.Interface.2.IPv4Address.1.IPAddress");
    expect_resolve("Device.IP.Interface.[Type==\"Normal\"].IPv4Address.[AddressingType==\"Static\"]"
                   ".IPAddress",
                   "Device.IP.Interface.1.IPv4Address.1.IPAddress "
                   "Device.IP.Interface.2.IPv4Address.1.IPAddress");
    expect_resolve("Device.IP.Interface.[Type==\"Tunnel\"].IPv4Address.*.IPAddress", "");
}

static void test_resolve_references(void **state)
{
    (void)state;
    expect_resolve("Device.NAT.PortMapping.1.Interface+.Name", "Device.IP.Interface.1.Name");
    /* the reference value uses unique key addressing (R-ARC.11) */
    expect_resolve("Device.NAT.PortMapping.2.Interface+.Name", "Device.IP.Interface.2.Name");
    expect_resolve("Device.NAT.PortMapping.*.Interface+.Name",
                   "Device.IP.Interface.1.Name Device.IP.Interface.2.Name");
    expect_resolve("Device.NAT.PortMapping.1.Interface+.", "Device.IP.Interface.1.");
    expect_resolve("Device.NAT.PortMapping.1.Interface+.IPv4Address.*.IPAddress",
                   "Device.IP.Interface.1.IPv4Address.1.IPAddress "
                   "Device.IP.Interface.1.IPv4Address.2.IPAddress");
    expect_resolve("Device.NAT.PortMapping.1.Interface+.Reset()", "Device.IP.Interface.1.Reset()");
    /* lists of references (2.6.1.1) */
    expect_resolve("Device.WiFi.SSID.2.LowerLayers+.Name", "Device.WiFi.Radio.1.Name");
    expect_resolve("Device.WiFi.SSID.2.LowerLayers#1+.Name", "Device.WiFi.Radio.1.Name");
    expect_resolve("Device.WiFi.SSID.2.LowerLayers#2+.Name", "Device.WiFi.Radio.2.Name");
    expect_resolve("Device.WiFi.SSID.2.LowerLayers#3+.Name", "");
    expect_resolve("Device.WiFi.SSID.2.LowerLayers#*+.Name",
                   "Device.WiFi.Radio.1.Name Device.WiFi.Radio.2.Name");
    /* SSID 1 and 2 both refer to Radio 1: reported once */
    expect_resolve("Device.WiFi.SSID.*.LowerLayers#*+.Name",
                   "Device.WiFi.Radio.1.Name Device.WiFi.Radio.2.Name");
    /* empty, dangling and malformed references lead nowhere */
    expect_resolve("Device.WiFi.SSID.3.LowerLayers#*+.Name", "");
    expect_resolve("Device.DNS.Relay.Forwarding.*.Interface+.Name", "Device.IP.Interface.2.Name");
    /* reference following inside a search expression (2.6.1.2) */
    expect_resolve("Device.WiFi.AccessPoint.[SSIDReference+.SSID==\"guest\"].AssociatedDevice."
                   "[OperatingStandard==\"ac\"].SignalStrength",
                   "Device.WiFi.AccessPoint.2.AssociatedDevice.1.SignalStrength");
    expect_resolve("Device.WiFi.AccessPoint.[SSIDReference+.SSID!=\"guest\"].AssociatedDevice.*."
                   "SignalStrength",
                   "Device.WiFi.AccessPoint.1.AssociatedDevice.1.SignalStrength "
                   "Device.WiFi.AccessPoint.1.AssociatedDevice.2.SignalStrength");
    expect_resolve("Device.WiFi.SSID.[LowerLayers#*+.Name==\"wl1\"].", "Device.WiFi.SSID.2.");
    expect_resolve("Device.WiFi.SSID.[LowerLayers#2+.OperatingStandards~=\"g\"].SSID",
                   "Device.WiFi.SSID.2.SSID");
    expect_resolve("Device.NAT.PortMapping.[Interface+.Name==\"eth1\"].ExternalPort",
                   "Device.NAT.PortMapping.2.ExternalPort");
}

static void test_resolve_errors(void **state)
{
    (void)state;
    /* the source says the table is not in its Supported Data Model */
    expect_resolve_error("Device.Foo.*.X", USP_ERR_INVALID_PATH, "Device.Foo.");
    expect_resolve_error("Device.WiFi.SSID.[Bogus==1].", USP_ERR_INVALID_PATH,
                         "Device.WiFi.SSID.1.Bogus");
    expect_resolve_error("Device.WiFi.SSID.[Alias==\"x\"", USP_ERR_INVALID_PATH_SYNTAX,
                         "unterminated search expression");
    tree_ctx.fail_on = "Device.IP.Interface.2.Type";
    expect_resolve_error("Device.IP.Interface.[Type==\"Normal\"].", USP_ERR_INTERNAL_ERROR,
                         "Device.IP.Interface.2.Type");
    /* a failing source while following a key-based reference is an error */
    tree_ctx.fail_on = "Device.IP.Interface.2.Name";
    expect_resolve_error("Device.NAT.PortMapping.2.Interface+.Name", USP_ERR_INTERNAL_ERROR,
                         "following reference 'Device.IP.Interface.[Name==\"eth1\"]'");
    tree_ctx.fail_on = NULL;
}

/* The check callback vets results: keep, drop, or fail. */
static int check_cb(void *ctx, const char *path, enum usp_path_kind kind)
{
    (void)ctx;
    if (kind != USP_PATH_PARAMETER)
        return 0;
    if (strstr(path, ".Secret") != NULL)
        return USP_ERR_PERMISSION_DENIED;
    return strstr(path, "SSID.2.") != NULL ? USP_PATH_DROP : 0;
}

static void test_resolve_supported_placeholder(void **state)
{
    struct usp_path *p = NULL;
    struct usp_path_list out = {0};
    struct usp_path_error err;

    (void)state;
    assert_int_equal(usp_path_parse_supported("Device.IP.Interface.{i}.IPv4Address.{i}.", &p, &err),
                     0);
    assert_int_equal(usp_path_resolve(p, &tree, &out, &err), 0);
    assert_int_equal(out.n, 3);
    assert_string_equal(out.paths[2], "Device.IP.Interface.2.IPv4Address.1.");
    usp_path_list_free(&out);
    usp_path_free(p);
}

static void test_resolve_check_and_append(void **state)
{
    struct usp_path_source src = tree;
    struct usp_path_list out = {0};
    struct usp_path_error err;

    (void)state;
    src.check = check_cb;
    assert_int_equal(usp_path_resolve_text("Device.WiFi.SSID.*.SSID", &src, &out, &err), 0);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.paths[0], "Device.WiFi.SSID.1.SSID");
    assert_string_equal(out.paths[1], "Device.WiFi.SSID.3.SSID");
    /* results append; a failing call leaves the earlier ones alone */
    assert_int_equal(usp_path_resolve_text("Device.WiFi.SSID.*.Secret", &src, &out, &err),
                     USP_ERR_PERMISSION_DENIED);
    assert_non_null(strstr(err.message, "Device.WiFi.SSID.1.Secret"));
    assert_int_equal(out.n, 2);
    assert_int_equal(usp_path_resolve_text("Device.WiFi.SSID.1.", &src, &out, &err), 0);
    assert_int_equal(out.n, 3);
    usp_path_list_free(&out);
    assert_null(out.paths);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_parse_table),
        cmocka_unit_test(test_path_too_long),
        cmocka_unit_test(test_path_ast),
        cmocka_unit_test(test_path_parse_reference),
        cmocka_unit_test(test_path_supported_and_schema),
        cmocka_unit_test(test_path_value_matches),
        cmocka_unit_test(test_resolve_addressing),
        cmocka_unit_test(test_resolve_wildcards),
        cmocka_unit_test(test_resolve_unique_keys),
        cmocka_unit_test(test_resolve_search_operators),
        cmocka_unit_test(test_resolve_references),
        cmocka_unit_test(test_resolve_errors),
        cmocka_unit_test(test_resolve_supported_placeholder),
        cmocka_unit_test(test_resolve_check_and_append),
    };

    return cmocka_run_group_tests_name("usp_path", tests, NULL, NULL);
}
