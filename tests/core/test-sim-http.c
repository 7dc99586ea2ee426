/* API Gateway and ALB as callers: semantics.md scenarios 19–22 and 25 [APIGW-*, ALB-*] */
#include "lf-test-util.h"

static LfTestRun *
run_http (const char *front_type, const char *front_props, const char *fn_props,
          const char *workload_extra, const char *faults, gboolean wired)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"front\", \"type\": \"%s\", \"props\": {%s}},"
    "             {\"id\": \"api\", \"type\": \"lambda_function\", \"props\": {%s}}],"
    " \"edges\": [%s],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"front\", \"count\": 1 %s}],"
    " \"faults\": [%s]}",
    front_type, front_props, fn_props,
    wired ? "{\"id\": \"int\", \"type\": \"integration\", \"from\": \"front\", \"to\": \"api\"}" : "",
    workload_extra, faults);
  return lf_test_run (json, -1);
}

static gint64
status_of (LfTestRun *run)
{
  g_assert_cmpuint (lf_test_count (run, "http", "front"), ==, 1);
  return json_object_get_int_member (lf_test_nth (run, "http", "front", 0), "status");
}

#define ERROR_FAULT "{\"id\": \"f\", \"target\": \"api\", \"kind\": \"error\"}"
#define BAD_FAULT "{\"id\": \"f\", \"target\": \"api\", \"kind\": \"bad_response\"}"

/* Scenario 19: REST, the function throws ⇒ 502 after exactly one invocation [APIGW-3] */
static void
test_apigw_error (void)
{
  g_autoptr(LfTestRun) run = run_http ("api_gateway", "", "", "", ERROR_FAULT, TRUE);

  g_assert_cmpint (status_of (run), ==, 502);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "api"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
}

/* Scenario 20: a malformed response: REST 502; HTTP API takes JSON without statusCode as 200 */
static void
test_apigw_malformed (void)
{
  g_autoptr(LfTestRun) rest = run_http ("api_gateway", "", "", "", BAD_FAULT, TRUE);
  g_autoptr(LfTestRun) http = run_http ("api_gateway", "\"api_type\": \"http\"", "", "", BAD_FAULT, TRUE);
  g_autoptr(LfTestRun) ok = run_http ("api_gateway", "", "", "", "", TRUE);

  g_assert_cmpint (status_of (rest), ==, 502);
  g_assert_cmpint (status_of (http), ==, 200);
  g_assert_cmpint (status_of (ok), ==, 200);
}

/* Scenario 21: reserved concurrency 0 ⇒ 500, not run, not retried [APIGW-3] */
static void
test_apigw_throttled (void)
{
  g_autoptr(LfTestRun) run = run_http ("api_gateway", "", "\"reserved_concurrency\": 0", "", "", TRUE);

  g_assert_cmpint (status_of (run), ==, 500);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "throttle", "api"), ==, 1);
}

/* Scenario 22: 29 s integration timeout, 40 s function: 504 at ≈29 s, the run ends at 40 s */
static void
test_apigw_integration_timeout (void)
{
  g_autoptr(LfTestRun) run = run_http ("api_gateway", "", "\"timeout\": \"60s\", \"duration\": \"40s\", \"cold_start\": \"0s\"",
                                       "", "", TRUE);
  g_autoptr(LfTestRun) http = run_http ("api_gateway", "\"api_type\": \"http\", \"integration_timeout\": \"30s\"",
                                        "\"timeout\": \"60s\", \"duration\": \"40s\", \"cold_start\": \"0s\"", "", "", TRUE);

  g_assert_cmpint (status_of (run), ==, 504);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "http", "front", 0)), 29.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.end", "api", 0)), 40.0, 0.001);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.end", "api", 0), "status"), ==, "ok");
  lf_assert_near (lf_test_time_s (lf_test_nth (http, "http", "front", 0)), 30.0, 0.001);
}

/* Scenario 25: ALB — error, timeout, 1.2 MB response ⇒ 502; 1.5 MB request ⇒ 413 unrun [ALB-4] */
static void
test_alb_errors (void)
{
  g_autoptr(LfTestRun) error = run_http ("alb", "", "", "", ERROR_FAULT, TRUE);
  g_autoptr(LfTestRun) timeout = run_http ("alb", "", "\"timeout\": \"1s\", \"duration\": \"2s\"", "", "", TRUE);
  g_autoptr(LfTestRun) large = run_http ("alb", "", "", "",
                                         "{\"id\": \"f\", \"target\": \"api\", \"kind\": \"large_response\", \"bytes\": 1258291}", TRUE);
  g_autoptr(LfTestRun) upload = run_http ("alb", "", "", ", \"payload_bytes\": 1572864", "", TRUE);
  g_autoptr(LfTestRun) ok = run_http ("alb", "", "", ", \"payload_bytes\": 1048576", "", TRUE);
  g_autoptr(LfTestRun) throttled = run_http ("alb", "", "\"reserved_concurrency\": 0", "", "", TRUE);
  g_autoptr(LfTestRun) unwired = run_http ("alb", "", "", "", "", FALSE);

  g_assert_cmpint (status_of (error), ==, 502);
  g_assert_cmpint (status_of (timeout), ==, 502);
  lf_assert_near (lf_test_time_s (lf_test_nth (timeout, "http", "front", 0)), 1.25, 0.001);
  g_assert_cmpint (status_of (large), ==, 502);
  g_assert_cmpint (status_of (upload), ==, 413);
  g_assert_cmpuint (lf_test_count (upload, "invoke.start", NULL), ==, 0);
  g_assert_cmpint (status_of (ok), ==, 200);
  g_assert_cmpint (status_of (throttled), ==, 502);
  g_assert_cmpint (status_of (unwired), ==, 503);
  g_assert_cmpint (lf_test_report_int (error, "nodes", "front", "5xx"), ==, 1);
}

/* What the caller got decides the fate; API Gateway refuses > 6 MB with 500 [LIM-2] */
static void
test_http_fates (void)
{
  g_autoptr(LfTestRun) late = run_http ("api_gateway", "", "\"timeout\": \"60s\", \"duration\": \"40s\"", "", "", TRUE);
  g_autoptr(LfTestRun) bad = run_http ("api_gateway", "", "", "", BAD_FAULT, TRUE);
  g_autoptr(LfTestRun) huge = run_http ("api_gateway", "", "", ", \"payload_bytes\": 6291457", "", TRUE);

  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (late, "discard", "front", 0), "reason"), ==, "Rejected");
  g_assert_cmpint (lf_test_report_int (late, "messages", NULL, "succeeded"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (bad, "discard", "front", 0), "reason"), ==, "Rejected");
  g_assert_cmpint (status_of (huge), ==, 500);
  g_assert_cmpuint (lf_test_count (huge, "invoke.start", NULL), ==, 0);
}

/* ALB-4: the request a workload item describes decides what the ALB refuses before any
 * invocation: a WebSocket upgrade gets 400, a body over 1 MB (body_bytes) 413; exactly
 * 1 MB is forwarded */
static void
test_alb_request_refusals (void)
{
  g_autoptr(LfTestRun) ws = run_http ("alb", "", "",
                                      ", \"request\": {\"path\": \"/chat\", \"headers\": [[\"Upgrade\", \"WebSocket\"]]}",
                                      "", TRUE);
  g_autoptr(LfTestRun) big = run_http ("alb", "", "",
                                       ", \"request\": {\"method\": \"POST\", \"body_bytes\": 1048577}", "", TRUE);
  g_autoptr(LfTestRun) edge = run_http ("alb", "", "",
                                        ", \"request\": {\"method\": \"POST\", \"body_bytes\": 1048576}", "", TRUE);
  g_autoptr(LfTestRun) rest = run_http ("api_gateway", "", "",
                                        ", \"request\": {\"path\": \"/chat\", \"headers\": [[\"Upgrade\", \"websocket\"]]}",
                                        "", TRUE);

  g_assert_cmpint (status_of (ws), ==, 400);
  g_assert_cmpuint (lf_test_count (ws, "invoke.start", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (ws, "discard", "front", 0), "reason"), ==, "Rejected");
  g_assert_cmpint (status_of (big), ==, 413);
  g_assert_cmpuint (lf_test_count (big, "invoke.start", NULL), ==, 0);
  g_assert_cmpint (status_of (edge), ==, 200);
  g_assert_cmpuint (lf_test_count (edge, "invoke.start", "api"), ==, 1);
  /* API Gateway proxies the upgrade header like any other */
  g_assert_cmpint (status_of (rest), ==, 200);
}

/* LIM-2, APIGW-3: a request body over 6 MB (body_bytes) is refused by Lambda: the
 * client gets 500 and nothing runs; 6 MB exactly is invoked */
static void
test_apigw_request_body_limit (void)
{
  g_autoptr(LfTestRun) big = run_http ("api_gateway", "", "",
                                       ", \"request\": {\"method\": \"POST\", \"body_bytes\": 6291457}", "", TRUE);
  g_autoptr(LfTestRun) edge = run_http ("api_gateway", "\"api_type\": \"http\"", "",
                                        ", \"request\": {\"method\": \"POST\", \"body_bytes\": 6291456}", "", TRUE);

  g_assert_cmpint (status_of (big), ==, 500);
  g_assert_cmpuint (lf_test_count (big, "invoke.start", NULL), ==, 0);
  g_assert_cmpint (status_of (edge), ==, 200);
  g_assert_cmpuint (lf_test_count (edge, "invoke.start", "api"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http/apigw-error/APIGW-3", test_apigw_error);
  g_test_add_func ("/http/apigw-malformed/APIGW-2/APIGW-3/APIGW-5", test_apigw_malformed);
  g_test_add_func ("/http/apigw-throttled/APIGW-3", test_apigw_throttled);
  g_test_add_func ("/http/apigw-integration-timeout/APIGW-4", test_apigw_integration_timeout);
  g_test_add_func ("/http/alb-errors/ALB-4", test_alb_errors);
  g_test_add_func ("/http/fates/APIGW-3/LIM-2", test_http_fates);
  g_test_add_func ("/http/alb-request-refusals/ALB-4", test_alb_request_refusals);
  g_test_add_func ("/http/apigw-request-body-limit/LIM-2/APIGW-3", test_apigw_request_body_limit);
  return g_test_run ();
}
