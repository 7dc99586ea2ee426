/* test-events.c: AWS-shaped event payloads and the API Gateway / ALB mappings */
#include <string.h>

#include "lf-error.h"
#include "lf-events.h"

#define MB G_GINT64_CONSTANT (1048576)

/* ---- helpers ---- */

/* A copy of the first match of a JSONPath expression, or NULL. */
static JsonNode *
at (JsonNode   *root,
    const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonPath) jp = json_path_new ();
  g_autoptr(JsonNode) matches = NULL;
  JsonArray *array;

  g_assert_true (json_path_compile (jp, path, &error));
  g_assert_no_error (error);
  matches = json_path_match (jp, root);
  array = json_node_get_array (matches);
  if (json_array_get_length (array) == 0)
    return NULL;
  return json_node_copy (json_array_get_element (array, 0));
}

static char *
str_at (JsonNode   *root,
        const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint64
int_at (JsonNode   *root,
        const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_int (node);
}

static gboolean
bool_at (JsonNode   *root,
         const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  g_assert_nonnull (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

static char *
json_at (JsonNode   *root,
         const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);

  return node != NULL ? json_to_string (node, FALSE) : NULL;
}

static gboolean
has_member (JsonNode   *root,
            const char *name)
{
  return json_object_has_member (json_node_get_object (root), name);
}

static void
assert_str_at (JsonNode   *root,
               const char *path,
               const char *expected)
{
  g_autofree char *value = str_at (root, path);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_json_at (JsonNode   *root,
                const char *path,
                const char *expected)
{
  g_autofree char *value = json_at (root, path);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_present (JsonNode   *root,
                const char *path,
                gboolean    present)
{
  g_autoptr(JsonNode) node = at (root, path);

  g_assert_true ((node != NULL) == present);
}

static void
assert_prefix_at (JsonNode   *root,
                  const char *path,
                  const char *prefix)
{
  g_autofree char *value = str_at (root, path);

  g_assert_nonnull (value);
  g_assert_true (g_str_has_prefix (value, prefix));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
sample (const char *source,
        const char *key,
        const char *value)
{
  g_autoptr(GHashTable) overrides = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonNode *event;

  if (key != NULL)
    g_hash_table_insert (overrides, (char *) key, (char *) value);
  event = lf_event_sample (source, overrides, &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
assert_body (const LfHttpResponse *resp,
             const char           *expected)
{
  g_autoptr(GBytes) bytes = lf_http_response_get_body_bytes (resp);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, strlen (expected));
}

/* Scenario 23/24: GET /?myKey=val1&myKey=val2 with cookies name1=value1, name2=value2. */
static LfHttpRequest *
scenario_23_request (void)
{
  LfHttpRequest *req = lf_http_request_new ("GET", "/?myKey=val1&myKey=val2");

  lf_http_request_add_header (req, "cookie", "name1=value1");
  lf_http_request_add_header (req, "cookie", "name2=value2");
  return req;
}

/* ---- ALB [ALB-1…4], scenarios 23–25 ---- */

static void
test_alb_multi_value_off (void)
{
  g_autoptr(LfHttpRequest) req = scenario_23_request ();
  g_autoptr(JsonNode) ev = lf_event_alb (req, FALSE, NULL, "req-1", LF_EVENTS_EPOCH_MS);

  assert_json_at (ev, "$.queryStringParameters", "{\"myKey\":\"val2\"}");
  assert_str_at (ev, "$.headers.cookie", "name2=value2");
  g_assert_false (has_member (ev, "multiValueHeaders"));
  g_assert_false (has_member (ev, "multiValueQueryStringParameters"));
  assert_str_at (ev, "$.httpMethod", "GET");
  assert_str_at (ev, "$.path", "/");
  assert_prefix_at (ev, "$.requestContext.elb.targetGroupArn", "arn:aws:elasticloadbalancing:");
  assert_prefix_at (ev, "$.headers['x-amzn-trace-id']", "Root=1-");
  assert_str_at (ev, "$.headers['x-forwarded-proto']", "https");
  assert_str_at (ev, "$.headers['x-forwarded-port']", "443");
  assert_present (ev, "$.headers['x-forwarded-for']", TRUE);
  g_assert_false (bool_at (ev, "$.isBase64Encoded"));
}

static void
test_alb_multi_value_on (void)
{
  g_autoptr(LfHttpRequest) req = scenario_23_request ();
  g_autoptr(JsonNode) ev = lf_event_alb (req, TRUE, "arn:aws:elasticloadbalancing:x", "r",
                                         LF_EVENTS_EPOCH_MS);

  assert_json_at (ev, "$.multiValueQueryStringParameters", "{\"myKey\":[\"val1\",\"val2\"]}");
  assert_json_at (ev, "$.multiValueHeaders.cookie", "[\"name1=value1\",\"name2=value2\"]");
  g_assert_false (has_member (ev, "headers"));
  g_assert_false (has_member (ev, "queryStringParameters"));
  assert_str_at (ev, "$.requestContext.elb.targetGroupArn", "arn:aws:elasticloadbalancing:x");
}

static void
test_alb_set_cookie (void)
{
  g_autoptr(JsonNode) result = parse ("{\"statusCode\":200,\"statusDescription\":\"200 OK\","
                                      "\"multiValueHeaders\":{\"Set-cookie\":[\"a=1\",\"b=2\"],"
                                      "\"Connection\":[\"close\"]},\"body\":\"hi\","
                                      "\"isBase64Encoded\":false}");
  g_autoptr(LfHttpResponse) resp = lf_http_alb_response (TRUE, LF_FN_OK, result, 0);
  LfHttpPair *first, *second;

  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpuint (lf_http_response_count_header (resp, "Set-Cookie"), ==, 2);
  g_assert_cmpuint (lf_http_response_count_header (resp, "Connection"), ==, 0);
  first = g_ptr_array_index (resp->headers, 0);
  second = g_ptr_array_index (resp->headers, 1);
  g_assert_cmpstr (first->value, ==, "a=1");
  g_assert_cmpstr (second->value, ==, "b=2");
  assert_body (resp, "hi");
}

static void
test_alb_response_forms (void)
{
  g_autoptr(JsonNode) single = parse ("{\"statusCode\":404,\"headers\":{\"X-A\":\"1\"},"
                                      "\"body\":\"aGVsbG8=\",\"isBase64Encoded\":true}");
  g_autoptr(LfHttpResponse) resp = lf_http_alb_response (FALSE, LF_FN_OK, single, 0);
  g_autoptr(LfHttpResponse) resp_multi = lf_http_alb_response (TRUE, LF_FN_OK, single, 0);

  g_assert_cmpint (resp->status, ==, 404);
  g_assert_cmpstr (lf_http_response_get_header (resp, "x-a"), ==, "1");
  g_assert_true (resp->body_is_base64);
  assert_body (resp, "hello");
  /* multi-value enabled: the response must use multiValueHeaders [ALB-3] */
  g_assert_null (lf_http_response_get_header (resp_multi, "X-A"));
}

static void
test_alb_limits (void)
{
  g_autoptr(LfHttpRequest) req = lf_http_request_new ("POST", "/upload");
  g_autoptr(JsonNode) ok = parse ("{\"statusCode\":200,\"body\":\"ok\"}");
  g_autoptr(LfHttpResponse) big = lf_http_alb_response (FALSE, LF_FN_OK, ok, MB * 12 / 10);
  g_autoptr(LfHttpResponse) fits = lf_http_alb_response (FALSE, LF_FN_OK, ok, MB);

  lf_http_request_set_body (req, "x", "text/plain");
  req->body_bytes = MB * 3 / 2;
  g_assert_cmpint (lf_http_alb_request_check (req), ==, 413);
  req->body_bytes = MB;
  g_assert_cmpint (lf_http_alb_request_check (req), ==, 0);
  g_assert_cmpint (big->status, ==, 502);
  g_assert_cmpint (fits->status, ==, 200);
}

static void
test_alb_large_serialized (void)
{
  g_autofree char *body = g_strnfill (MB * 12 / 10, 'a');
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(JsonNode) result = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(LfHttpResponse) resp = NULL;

  json_object_set_int_member (obj, "statusCode", 200);
  json_object_set_string_member (obj, "body", body);
  json_node_set_object (result, obj);
  resp = lf_http_alb_response (FALSE, LF_FN_OK, result, 0);
  g_assert_cmpint (resp->status, ==, 502);
}

static void
test_alb_errors (void)
{
  static const LfFnOutcome failed[] = { LF_FN_ERROR, LF_FN_TIMEOUT, LF_FN_THROTTLED };
  g_autoptr(JsonNode) malformed = parse ("{\"body\":{\"a\":1}}");
  g_autoptr(JsonNode) bad_body = parse ("{\"statusCode\":200,\"body\":{\"a\":1}}");
  g_autoptr(LfHttpResponse) m1 = lf_http_alb_response (FALSE, LF_FN_OK, malformed, 0);
  g_autoptr(LfHttpResponse) m2 = lf_http_alb_response (FALSE, LF_FN_OK, bad_body, 0);
  g_autoptr(LfHttpResponse) none = lf_http_alb_no_targets_response ();

  for (guint i = 0; i < G_N_ELEMENTS (failed); i++)
    {
      g_autoptr(LfHttpResponse) resp = lf_http_alb_response (FALSE, failed[i], NULL, 0);

      g_assert_cmpint (resp->status, ==, 502);
    }
  g_assert_cmpint (m1->status, ==, 502);
  g_assert_cmpint (m2->status, ==, 502);
  g_assert_cmpint (none->status, ==, 503);
}

static void
test_alb_binary_body (void)
{
  g_autoptr(LfHttpRequest) png = lf_http_request_new ("POST", "/upload");
  g_autoptr(LfHttpRequest) text = lf_http_request_new ("POST", "/upload");
  g_autoptr(LfHttpRequest) json = lf_http_request_new ("POST", "/upload");
  g_autoptr(JsonNode) ev_png = NULL, ev_text = NULL, ev_json = NULL;

  lf_http_request_set_body (png, "PNGDATA", "image/png");
  lf_http_request_set_body (text, "hello", "text/plain");
  lf_http_request_set_body (json, "{}", "application/json; charset=utf-8");
  ev_png = lf_event_alb (png, FALSE, NULL, NULL, LF_EVENTS_EPOCH_MS);
  ev_text = lf_event_alb (text, FALSE, NULL, NULL, LF_EVENTS_EPOCH_MS);
  ev_json = lf_event_alb (json, FALSE, NULL, NULL, LF_EVENTS_EPOCH_MS);
  g_assert_true (bool_at (ev_png, "$.isBase64Encoded"));
  assert_str_at (ev_png, "$.body", "UE5HREFUQQ==");
  assert_str_at (ev_png, "$.headers['content-type']", "image/png");
  g_assert_false (bool_at (ev_text, "$.isBase64Encoded"));
  assert_str_at (ev_text, "$.body", "hello");
  g_assert_false (bool_at (ev_json, "$.isBase64Encoded"));
}

static void
test_alb_query_not_decoded (void)
{
  g_autoptr(LfHttpRequest) req = lf_http_request_new ("GET", "/search?q=a%20b");
  g_autoptr(JsonNode) ev = lf_event_alb (req, FALSE, NULL, NULL, LF_EVENTS_EPOCH_MS);

  assert_str_at (ev, "$.queryStringParameters.q", "a%20b");
}

/* ---- API Gateway [APIGW-1…5], scenarios 19–22 ---- */

static void
assert_internal_error (const LfHttpResponse *resp,
                       int                   status)
{
  g_assert_cmpint (resp->status, ==, status);
  g_assert_cmpstr (resp->body, ==, "{\"message\": \"Internal server error\"}");
}

static void
test_apigw_rest_error (void)
{
  g_autoptr(LfHttpResponse) error = lf_http_apigw_response (FALSE, LF_FN_ERROR, NULL);
  g_autoptr(LfHttpResponse) timeout = lf_http_apigw_response (FALSE, LF_FN_TIMEOUT, NULL);

  assert_internal_error (error, 502);
  assert_internal_error (timeout, 502);
}

static void
test_apigw_rest_malformed (void)
{
  static const char * const malformed[] = {
    "{\"body\":{\"a\":1}}", "{\"statusCode\":\"200\"}", "{\"statusCode\":200,\"body\":1}",
    "{\"statusCode\":200,\"headers\":[1]}", "\"text\"", "null",
  };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(JsonNode) result = parse (malformed[i]);
      g_autoptr(LfHttpResponse) resp = lf_http_apigw_response (FALSE, LF_FN_OK, result);

      assert_internal_error (resp, 502);
    }
}

static void
test_apigw_rest_throttle (void)
{
  g_autoptr(LfHttpResponse) throttled = lf_http_apigw_response (FALSE, LF_FN_THROTTLED, NULL);
  g_autoptr(LfHttpResponse) denied = lf_http_apigw_response (FALSE, LF_FN_DENIED, NULL);

  assert_internal_error (throttled, 500);
  assert_internal_error (denied, 500);
}

static void
test_apigw_rest_ok (void)
{
  g_autoptr(JsonNode) result = parse ("{\"statusCode\":404,\"headers\":{\"X-A\":\"1\","
                                      "\"Set-Cookie\":\"a=1\"},\"multiValueHeaders\":"
                                      "{\"Set-Cookie\":[\"a=1\",\"b=2\"]},\"body\":\"nf\"}");
  g_autoptr(LfHttpResponse) resp = lf_http_apigw_response (FALSE, LF_FN_OK, result);

  g_assert_cmpint (resp->status, ==, 404);
  g_assert_cmpstr (resp->body, ==, "nf");
  g_assert_cmpstr (lf_http_response_get_header (resp, "x-a"), ==, "1");
  g_assert_cmpuint (lf_http_response_count_header (resp, "set-cookie"), ==, 2);
}

static void
test_apigw_http_implicit (void)
{
  g_autoptr(JsonNode) result = parse ("{\"hello\": \"world\"}");
  g_autoptr(LfHttpResponse) resp = lf_http_apigw_response (TRUE, LF_FN_OK, result);

  g_assert_cmpint (resp->status, ==, 200);
  g_assert_cmpstr (lf_http_response_get_header (resp, "content-type"), ==, "application/json");
  g_assert_cmpstr (resp->body, ==, "{\"hello\":\"world\"}");
  g_assert_false (resp->body_is_base64);
}

static void
test_apigw_http_explicit (void)
{
  g_autoptr(JsonNode) result = parse ("{\"statusCode\":201,\"headers\":{\"x-a\":\"1,2\"},"
                                      "\"cookies\":[\"a=1\",\"b=2\"],\"body\":\"made\"}");
  g_autoptr(JsonNode) malformed = parse ("{\"statusCode\":200,\"body\":{\"a\":1}}");
  g_autoptr(LfHttpResponse) resp = lf_http_apigw_response (TRUE, LF_FN_OK, result);
  g_autoptr(LfHttpResponse) bad = lf_http_apigw_response (TRUE, LF_FN_OK, malformed);
  g_autoptr(LfHttpResponse) error = lf_http_apigw_response (TRUE, LF_FN_ERROR, NULL);

  g_assert_cmpint (resp->status, ==, 201);
  g_assert_cmpstr (lf_http_response_get_header (resp, "x-a"), ==, "1,2");
  g_assert_cmpuint (lf_http_response_count_header (resp, "set-cookie"), ==, 2);
  g_assert_cmpstr (resp->body, ==, "made");
  assert_internal_error (bad, 502);
  assert_internal_error (error, 502);
}

static void
test_apigw_timeout (void)
{
  g_autoptr(LfHttpResponse) resp = lf_http_gateway_timeout_response ();

  g_assert_cmpint (resp->status, ==, 504);
  g_assert_cmpstr (resp->body, ==, "{\"message\": \"Endpoint request timed out\"}");
}

static void
test_apigw_rest_event (void)
{
  g_autoptr(LfHttpRequest) bare = lf_http_request_new ("GET", "/");
  g_autoptr(LfHttpRequest) req = lf_http_request_new ("POST", "/items/7?k=v1&k=v2&s=a%20b");
  g_autoptr(JsonNode) ev_bare = lf_event_apigw_rest (bare, "rid", LF_EVENTS_EPOCH_MS);
  g_autoptr(JsonNode) ev = NULL;

  lf_http_request_add_header (req, "X-Dup", "a");
  lf_http_request_add_header (req, "X-Dup", "b");
  lf_http_request_set_body (req, "{\"a\":1}", "application/json");
  ev = lf_event_apigw_rest (req, "rid", LF_EVENTS_EPOCH_MS + 1500);
  assert_json_at (ev_bare, "$.queryStringParameters", "null");
  assert_json_at (ev_bare, "$.multiValueQueryStringParameters", "null");
  assert_json_at (ev_bare, "$.body", "null");
  assert_str_at (ev, "$.headers['X-Dup']", "b");
  assert_json_at (ev, "$.multiValueHeaders['X-Dup']", "[\"a\",\"b\"]");
  assert_json_at (ev, "$.multiValueQueryStringParameters.k", "[\"v1\",\"v2\"]");
  assert_str_at (ev, "$.queryStringParameters.s", "a b");
  assert_str_at (ev, "$.httpMethod", "POST");
  assert_str_at (ev, "$.resource", "/{proxy+}");
  assert_str_at (ev, "$.pathParameters.proxy", "items/7");
  assert_str_at (ev, "$.body", "{\"a\":1}");
  assert_str_at (ev, "$.requestContext.requestId", "rid");
  g_assert_cmpint (int_at (ev, "$.requestContext.requestTimeEpoch"), ==,
                   LF_EVENTS_EPOCH_MS + 1500);
}

static void
test_apigw_http_event (void)
{
  g_autoptr(LfHttpRequest) req = lf_http_request_new ("GET", "/p?k=v1&k=v2");
  g_autoptr(JsonNode) ev = NULL;

  lf_http_request_add_header (req, "X-Dup", "a");
  lf_http_request_add_header (req, "x-dup", "b");
  lf_http_request_add_header (req, "Cookie", "c1=1; c2=2");
  lf_http_request_add_header (req, "User-Agent", "test-agent");
  ev = lf_event_apigw_http (req, "rid", LF_EVENTS_EPOCH_MS);
  assert_str_at (ev, "$.version", "2.0");
  assert_str_at (ev, "$.routeKey", "$default");
  assert_str_at (ev, "$.rawPath", "/p");
  assert_str_at (ev, "$.rawQueryString", "k=v1&k=v2");
  assert_str_at (ev, "$.headers['x-dup']", "a,b");
  assert_str_at (ev, "$.headers['user-agent']", "test-agent");
  assert_present (ev, "$.headers['User-Agent']", FALSE);
  assert_present (ev, "$.headers.cookie", FALSE);
  assert_str_at (ev, "$.queryStringParameters.k", "v1,v2");
  assert_json_at (ev, "$.cookies", "[\"c1=1\",\"c2=2\"]");
  assert_str_at (ev, "$.requestContext.http.method", "GET");
  assert_str_at (ev, "$.requestContext.http.path", "/p");
  assert_str_at (ev, "$.requestContext.http.userAgent", "test-agent");
  g_assert_false (has_member (ev, "multiValueHeaders"));
  g_assert_false (has_member (ev, "multiValueQueryStringParameters"));
}

/* ---- S3, SNS, SQS, Kinesis, DynamoDB ---- */

static void
test_s3_event (void)
{
  g_autoptr(JsonNode) ev = sample ("s3", "key", "my file.txt");
  g_autoptr(JsonNode) versioned = lf_event_s3 ("b", "k", 5, "e", "v1", "0A",
                                               "s3:ObjectCreated:Put", LF_EVENTS_EPOCH_MS,
                                               NULL);
  g_autoptr(JsonNode) deleted = lf_event_s3 ("b", "k", -1, NULL, NULL, "0B",
                                             "ObjectRemoved:Delete", LF_EVENTS_EPOCH_MS, NULL);
  g_autofree char *encoded = lf_s3_key_encode ("a/b c+d=é.txt");

  assert_str_at (ev, "$.Records[0].s3.object.key", "my+file.txt");
  assert_str_at (ev, "$.Records[0].eventName", "ObjectCreated:Put");
  assert_str_at (ev, "$.Records[0].eventSource", "aws:s3");
  assert_str_at (ev, "$.Records[0].eventTime", "2026-01-01T00:00:00.000Z");
  assert_present (ev, "$.Records[0].s3.object.versionId", FALSE);
  assert_str_at (versioned, "$.Records[0].eventName", "ObjectCreated:Put");
  assert_str_at (versioned, "$.Records[0].s3.object.versionId", "v1");
  g_assert_cmpint (int_at (versioned, "$.Records[0].s3.object.size"), ==, 5);
  assert_present (deleted, "$.Records[0].s3.object.size", FALSE);
  g_assert_cmpstr (encoded, ==, "a/b+c%2Bd%3D%C3%A9.txt");
}

static void
test_s3_sequencer (void)
{
  g_autofree char *s9 = lf_s3_sequencer (9);
  g_autofree char *s10 = lf_s3_sequencer (10);
  g_autofree char *s255 = lf_s3_sequencer (255);

  g_assert_cmpint (lf_s3_sequencer_compare (s9, s10), <, 0);
  g_assert_cmpint (lf_s3_sequencer_compare (s255, s10), >, 0);
  g_assert_cmpstr (s255 + strlen (s255) - 2, ==, "FF");
  g_assert_cmpint (lf_s3_sequencer_compare ("0A", "0A00"), ==, 0);
  g_assert_cmpint (lf_s3_sequencer_compare ("0A", "0A01"), <, 0);
  g_assert_cmpint (lf_s3_sequencer_compare ("0B", "0A01"), >, 0);
  g_assert_cmpint (lf_s3_sequencer_compare ("0055AED6DCD90281E5",
                                            "0055AED6DCD90281E500"), ==, 0);
}

static void
assert_capitalised (JsonNode   *root,
                    const char *path)
{
  g_autoptr(JsonNode) node = at (root, path);
  g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));

  g_assert_nonnull (names);
  for (GList *l = names; l != NULL; l = l->next)
    g_assert_true (g_ascii_isupper (((const char *) l->data)[0]));
}

static void
test_sns_event (void)
{
  g_autoptr(JsonNode) ev = sample ("sns", "message", "hi");

  assert_capitalised (ev, "$.Records[0]");
  assert_capitalised (ev, "$.Records[0].Sns");
  assert_str_at (ev, "$.Records[0].EventSource", "aws:sns");
  assert_str_at (ev, "$.Records[0].Sns.Type", "Notification");
  assert_str_at (ev, "$.Records[0].Sns.Message", "hi");
  assert_present (ev, "$.Records[0].Sns.SigningCertUrl", TRUE);
}

static void
test_sqs_record (void)
{
  g_autoptr(JsonNode) ev = sample ("sqs", "body", "hello");

  assert_str_at (ev, "$.Records[0].attributes.ApproximateReceiveCount", "1");
  assert_str_at (ev, "$.Records[0].attributes.SentTimestamp", "1767225600000");
  assert_str_at (ev, "$.Records[0].md5OfBody", "5d41402abc4b2a76b9719d911017c592");
  assert_str_at (ev, "$.Records[0].eventSource", "aws:sqs");
  assert_str_at (ev, "$.Records[0].body", "hello");
  assert_present (ev, "$.Records[0].attributes.MessageGroupId", FALSE);
  assert_present (ev, "$.Records[0].attributes.SequenceNumber", FALSE);
}

static void
test_sqs_fifo_record (void)
{
  g_autoptr(JsonNode) ev = sample ("sqs-fifo", "group", "orders-7");
  LfSqsRecordInfo info = {
    .message_id = "m1", .body = "b", .queue_arn = "arn:aws:sqs:eu-west-1:1:q.fifo",
    .receive_count = 3, .sent_ms = 5, .first_receive_ms = 6,
    .group_id = "g", .deduplication_id = "d", .sequence_number = "42",
  };
  g_autoptr(JsonNode) rec = lf_event_sqs_record (&info);

  assert_str_at (ev, "$.Records[0].attributes.MessageGroupId", "orders-7");
  assert_present (ev, "$.Records[0].attributes.MessageDeduplicationId", TRUE);
  assert_present (ev, "$.Records[0].attributes.SequenceNumber", TRUE);
  assert_str_at (rec, "$.attributes.ApproximateReceiveCount", "3");
  assert_str_at (rec, "$.attributes.SequenceNumber", "42");
  assert_str_at (rec, "$.attributes.MessageGroupId", "g");
  assert_str_at (rec, "$.attributes.MessageDeduplicationId", "d");
  assert_str_at (rec, "$.awsRegion", "eu-west-1");
}

static void
test_kinesis_record (void)
{
  LfKinesisRecordInfo info = {
    .stream_arn = "arn:aws:kinesis:us-east-1:1:stream/s", .shard_id = "shardId-000000000006",
    .sequence_number = "4959", .partition_key = "pk-7", .data = "hello", .data_len = -1,
    .arrival_ms = LF_EVENTS_EPOCH_MS + 987,
  };
  g_autoptr(JsonNode) rec = lf_event_kinesis_record (&info);
  g_autoptr(JsonNode) ev = sample ("kinesis", "partition_key", "pk-9");

  assert_str_at (rec, "$.kinesis.data", "aGVsbG8=");
  assert_str_at (rec, "$.eventID", "shardId-000000000006:4959");
  assert_str_at (rec, "$.kinesis.partitionKey", "pk-7");
  assert_str_at (rec, "$.eventName", "aws:kinesis:record");
  assert_json_at (rec, "$.kinesis.approximateArrivalTimestamp", "1767225600.987");
  assert_str_at (ev, "$.Records[0].kinesis.partitionKey", "pk-9");
}

static void
test_dynamodb_record (void)
{
  g_autoptr(JsonNode) ev = sample ("dynamodb", NULL, NULL);
  g_autoptr(JsonNode) removed = sample ("dynamodb", "event_name", "REMOVE");
  g_autoptr(JsonNode) keys_only = sample ("dynamodb", "stream_view_type", "KEYS_ONLY");

  assert_json_at (ev, "$.Records[0].dynamodb.Keys", "{\"Id\":{\"N\":\"101\"}}");
  assert_json_at (ev, "$.Records[0].dynamodb.NewImage",
                  "{\"Id\":{\"N\":\"101\"},\"Message\":{\"S\":\"New item!\"}}");
  g_assert_cmpint (int_at (ev, "$.Records[0].dynamodb.SizeBytes"), ==, 26);
  assert_str_at (ev, "$.Records[0].dynamodb.StreamViewType", "NEW_AND_OLD_IMAGES");
  assert_str_at (ev, "$.Records[0].eventSource", "aws:dynamodb");
  assert_str_at (ev, "$.Records[0].eventName", "INSERT");
  assert_present (ev, "$.Records[0].dynamodb.OldImage", FALSE);
  assert_present (removed, "$.Records[0].dynamodb.NewImage", FALSE);
  assert_present (removed, "$.Records[0].dynamodb.OldImage", TRUE);
  assert_present (keys_only, "$.Records[0].dynamodb.NewImage", FALSE);
}

static void
test_dynamodb_values (void)
{
  g_autoptr(JsonNode) plain = parse ("{\"s\":\"x\",\"n\":1.5,\"b\":true,\"z\":null,"
                                     "\"l\":[1,\"a\"],\"m\":{\"k\":2}}");
  g_autoptr(JsonNode) item = lf_event_dynamodb_item (plain);
  g_autofree char *text = json_to_string (item, FALSE);

  g_assert_cmpstr (text, ==, "{\"s\":{\"S\":\"x\"},\"n\":{\"N\":\"1.5\"},\"b\":{\"BOOL\":true},"
                             "\"z\":{\"NULL\":true},\"l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"}]},"
                             "\"m\":{\"M\":{\"k\":{\"N\":\"2\"}}}}");
}

static void
test_eventbridge_event (void)
{
  g_autoptr(JsonNode) ev = sample ("eventbridge", "detail_type", "Thing Happened");

  assert_str_at (ev, "$['detail-type']", "Thing Happened");
  assert_str_at (ev, "$.version", "0");
  assert_str_at (ev, "$.time", "2026-01-01T00:00:00Z");
  assert_present (ev, "$.detail.orderId", TRUE);
}

/* ---- invocation records, destinations, error payloads ---- */

static void
test_record_retries_exhausted (void)
{
  g_autoptr(JsonNode) payload = parse ("{\"x\":1}");
  g_autoptr(JsonNode) error = lf_event_function_error_payload ("ValueError", "boom");
  g_autoptr(JsonNode) rec = lf_event_invocation_record (
    "rid-1", "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", "RetriesExhausted", 3,
    payload, TRUE, "Unhandled", error, LF_EVENTS_EPOCH_MS + 180000);

  assert_str_at (rec, "$.version", "1.0");
  assert_str_at (rec, "$.timestamp", "2026-01-01T00:03:00.000Z");
  assert_str_at (rec, "$.requestContext.requestId", "rid-1");
  assert_str_at (rec, "$.requestContext.condition", "RetriesExhausted");
  g_assert_cmpint (int_at (rec, "$.requestContext.approximateInvokeCount"), ==, 3);
  assert_json_at (rec, "$.requestPayload", "{\"x\":1}");
  g_assert_cmpint (int_at (rec, "$.responseContext.statusCode"), ==, 200);
  assert_str_at (rec, "$.responseContext.executedVersion", "$LATEST");
  assert_str_at (rec, "$.responseContext.functionError", "Unhandled");
  assert_str_at (rec, "$.responsePayload.errorMessage", "boom");
  assert_str_at (rec, "$.responsePayload.errorType", "ValueError");
  assert_json_at (rec, "$.responsePayload.stackTrace", "[]");
}

static void
test_record_zero_reserved (void)
{
  g_autoptr(JsonNode) payload = parse ("{\"x\":1}");
  g_autoptr(JsonNode) rec = lf_event_invocation_record (
    "rid-2", "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
    "ZeroReservedConcurrency", 0, payload, TRUE, "Unhandled", payload, LF_EVENTS_EPOCH_MS);

  g_assert_cmpint (int_at (rec, "$.requestContext.approximateInvokeCount"), ==, 0);
  assert_json_at (rec, "$.requestPayload", "{\"x\":1}");
  g_assert_false (has_member (rec, "responseContext"));
  g_assert_false (has_member (rec, "responsePayload"));
}

static void
test_record_success_eventbridge (void)
{
  g_autoptr(JsonNode) payload = parse ("{\"x\":1}");
  g_autoptr(JsonNode) result = parse ("{\"ok\":true}");
  g_autoptr(JsonNode) rec = lf_event_invocation_record (
    "rid-3", "arn:aws:lambda:eu-west-1:123456789012:function:f:7", "Success", 2, payload,
    TRUE, NULL, result, LF_EVENTS_EPOCH_MS + 60000);
  g_autoptr(JsonNode) ev = lf_event_destination_eventbridge (rec, TRUE);
  g_autoptr(JsonNode) failure = lf_event_destination_eventbridge (rec, FALSE);
  g_autofree char *record_text = json_to_string (rec, FALSE);

  assert_present (rec, "$.responseContext.functionError", FALSE);
  assert_str_at (rec, "$.responseContext.executedVersion", "7");
  assert_str_at (ev, "$.source", "lambda");
  assert_str_at (ev, "$['detail-type']", "Lambda Function Invocation Result - Success");
  assert_str_at (failure, "$['detail-type']", "Lambda Function Invocation Result - Failure");
  assert_str_at (ev, "$.region", "eu-west-1");
  assert_str_at (ev, "$.time", "2026-01-01T00:01:00Z");
  assert_json_at (ev, "$.detail", record_text);
  assert_str_at (ev, "$.detail.requestContext.condition", "Success");
}

static void
test_stream_failure_record (void)
{
  LfStreamBatchInfo batch = {
    .stream_arn = "arn:aws:kinesis:us-east-1:1:stream/s", .shard_id = "shardId-000000000000",
    .start_sequence_number = "100", .end_sequence_number = "100",
    .first_arrival_ms = LF_EVENTS_EPOCH_MS, .last_arrival_ms = LF_EVENTS_EPOCH_MS,
    .batch_size = 1,
  };
  g_autoptr(JsonNode) rec = lf_event_stream_failure_record (
    "rid", "arn:aws:lambda:us-east-1:1:function:f", "RetryAttemptsExhausted", 3, TRUE,
    "Unhandled", &batch, LF_EVENTS_EPOCH_MS);
  g_autoptr(JsonNode) ddb = NULL;

  g_assert_cmpint (int_at (rec, "$.requestContext.approximateInvokeCount"), ==, 3);
  assert_str_at (rec, "$.requestContext.condition", "RetryAttemptsExhausted");
  assert_str_at (rec, "$.responseContext.functionError", "Unhandled");
  g_assert_cmpint (int_at (rec, "$.KinesisBatchInfo.batchSize"), ==, 1);
  assert_str_at (rec, "$.KinesisBatchInfo.startSequenceNumber", "100");
  assert_str_at (rec, "$.KinesisBatchInfo.endSequenceNumber", "100");
  assert_str_at (rec, "$.KinesisBatchInfo.shardId", "shardId-000000000000");
  g_assert_false (has_member (rec, "requestPayload"));
  g_assert_false (has_member (rec, "Records"));
  batch.dynamodb = TRUE;
  ddb = lf_event_stream_failure_record ("rid", "arn:aws:lambda:us-east-1:1:function:f",
                                        "RecordAgeExceeded", 1, FALSE, NULL, &batch, 0);
  g_assert_true (has_member (ddb, "DDBStreamBatchInfo"));
  g_assert_false (has_member (ddb, "KinesisBatchInfo"));
  g_assert_false (has_member (ddb, "responseContext"));
}

static void
test_timeout_payload (void)
{
  g_autoptr(JsonNode) p900 = lf_event_timeout_payload ("rid", G_GINT64_CONSTANT (900000000));
  g_autoptr(JsonNode) p3 = lf_event_timeout_payload ("abc", 3000000);

  assert_str_at (p900, "$.errorType", "Sandbox.Timedout");
  assert_str_at (p900, "$.errorMessage",
                 "RequestId: rid Error: Task timed out after 900.00 seconds");
  assert_str_at (p3, "$.errorMessage", "RequestId: abc Error: Task timed out after 3.00 seconds");
}

/* ---- samples, time, request parsing ---- */

static void
test_sample_every_source (void)
{
  const char * const *sources = lf_event_sources ();

  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 11);
  for (guint i = 0; sources[i] != NULL; i++)
    {
      g_autoptr(JsonNode) a = sample (sources[i], NULL, NULL);
      g_autoptr(JsonNode) b = sample (sources[i], NULL, NULL);
      g_autofree char *ta = json_to_string (a, FALSE);
      g_autofree char *tb = json_to_string (b, FALSE);

      g_assert_true (JSON_NODE_HOLDS_OBJECT (a));
      g_assert_cmpstr (ta, ==, tb);
      g_assert_nonnull (lf_event_sample_keys (sources[i]));
    }
}

static void
test_sample_errors (void)
{
  g_autoptr(GHashTable) overrides = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) none = lf_event_sample ("kafka", NULL, &error);

  g_assert_null (none);
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "alb-multi-value"));
  g_clear_error (&error);
  g_hash_table_insert (overrides, "bogus", "1");
  g_assert_null (lf_event_sample ("s3", overrides, &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_nonnull (strstr (error->message, "bucket"));
  g_clear_error (&error);
  g_hash_table_remove_all (overrides);
  g_hash_table_insert (overrides, "size", "big");
  g_assert_null (lf_event_sample ("s3", overrides, &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
}

static void
test_time_format (void)
{
  g_autofree char *iso = lf_events_format_time (LF_EVENTS_EPOCH_MS);
  g_autofree char *iso_ms = lf_events_format_time (lf_events_time_ms (1500000));
  g_autofree char *clf = lf_events_format_clf_time (LF_EVENTS_EPOCH_MS + 86400000);

  g_assert_cmpstr (iso, ==, "2026-01-01T00:00:00.000Z");
  g_assert_cmpstr (iso_ms, ==, "2026-01-01T00:00:01.500Z");
  g_assert_cmpstr (clf, ==, "02/Jan/2026:00:00:00 +0000");
}

static void
test_request_from_json (void)
{
  g_autoptr(JsonNode) good = parse ("{\"method\": \"GET\", \"path\": \"/\", \"query\": "
                                    "[[\"k\",\"v1\"],[\"k\",\"v2\"]], \"headers\": "
                                    "[[\"cookie\",\"a=1\"]], \"body\": \"\", "
                                    "\"content_type\": \"text/plain\"}");
  g_autoptr(JsonNode) bad_pair = parse ("{\"query\": [[\"k\"]]}");
  g_autoptr(JsonNode) unknown = parse ("{\"verb\": \"GET\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(LfHttpRequest) req = lf_http_request_from_json (json_node_get_object (good),
                                                            &error);

  g_assert_no_error (error);
  g_assert_cmpstr (req->method, ==, "GET");
  g_assert_cmpuint (req->query->len, ==, 2);
  g_assert_cmpstr (((LfHttpPair *) g_ptr_array_index (req->query, 1))->value, ==, "v2");
  g_assert_cmpuint (req->headers->len, ==, 1);
  g_assert_cmpstr (req->content_type, ==, "text/plain");
  g_assert_null (lf_http_request_from_json (json_node_get_object (bad_pair), &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "request.query[0]"));
  g_clear_error (&error);
  g_assert_null (lf_http_request_from_json (json_node_get_object (unknown), &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/events/alb/multi-value-off/ALB-2", test_alb_multi_value_off);
  g_test_add_func ("/events/alb/multi-value-on/ALB-2", test_alb_multi_value_on);
  g_test_add_func ("/events/alb/set-cookie/ALB-3", test_alb_set_cookie);
  g_test_add_func ("/events/alb/response-forms/ALB-3", test_alb_response_forms);
  g_test_add_func ("/events/alb/limits/ALB-4", test_alb_limits);
  g_test_add_func ("/events/alb/large-response/ALB-4", test_alb_large_serialized);
  g_test_add_func ("/events/alb/errors/ALB-4", test_alb_errors);
  g_test_add_func ("/events/alb/binary-body/ALB-1", test_alb_binary_body);
  g_test_add_func ("/events/alb/query-not-decoded/ALB-2", test_alb_query_not_decoded);
  g_test_add_func ("/events/apigw/rest-error/APIGW-3", test_apigw_rest_error);
  g_test_add_func ("/events/apigw/rest-malformed/APIGW-2", test_apigw_rest_malformed);
  g_test_add_func ("/events/apigw/rest-throttle/APIGW-3", test_apigw_rest_throttle);
  g_test_add_func ("/events/apigw/rest-ok/APIGW-2", test_apigw_rest_ok);
  g_test_add_func ("/events/apigw/http-implicit/APIGW-5", test_apigw_http_implicit);
  g_test_add_func ("/events/apigw/http-explicit/APIGW-5", test_apigw_http_explicit);
  g_test_add_func ("/events/apigw/timeout/APIGW-4", test_apigw_timeout);
  g_test_add_func ("/events/apigw/rest-event/APIGW-1", test_apigw_rest_event);
  g_test_add_func ("/events/apigw/http-event/APIGW-5", test_apigw_http_event);
  g_test_add_func ("/events/s3/event/S3-1", test_s3_event);
  g_test_add_func ("/events/s3/sequencer/S3-3", test_s3_sequencer);
  g_test_add_func ("/events/sns/keys/SNS-1", test_sns_event);
  g_test_add_func ("/events/sqs/record/SQS-1", test_sqs_record);
  g_test_add_func ("/events/sqs/fifo/FIFO-6", test_sqs_fifo_record);
  g_test_add_func ("/events/kinesis/record/KIN-1", test_kinesis_record);
  g_test_add_func ("/events/dynamodb/record/DDB-2", test_dynamodb_record);
  g_test_add_func ("/events/dynamodb/values/DDB-2", test_dynamodb_values);
  g_test_add_func ("/events/eventbridge/event/EB-1", test_eventbridge_event);
  g_test_add_func ("/events/record/retries-exhausted/ASYNC-11", test_record_retries_exhausted);
  g_test_add_func ("/events/record/zero-reserved/ASYNC-9", test_record_zero_reserved);
  g_test_add_func ("/events/record/success-eventbridge/ASYNC-12",
                   test_record_success_eventbridge);
  g_test_add_func ("/events/record/stream-failure/KIN-7", test_stream_failure_record);
  g_test_add_func ("/events/payload/timeout/SYNC-4", test_timeout_payload);
  g_test_add_func ("/events/sample/every-source", test_sample_every_source);
  g_test_add_func ("/events/sample/errors", test_sample_errors);
  g_test_add_func ("/events/time/format", test_time_format);
  g_test_add_func ("/events/request/from-json", test_request_from_json);

  return g_test_run ();
}
