/* lf-events.h: AWS-shaped Lambda event payloads, and the HTTP request/response mappings of
 * API Gateway and ALB [S3-1, SNS-1, SQS-1, FIFO-6, KIN-1, DDB-2, APIGW-1…5, ALB-1…4,
 * ASYNC-11, ASYNC-12, KIN-7, SYNC-4].
 *
 * Everything here is a pure function of its arguments: no wall clock, no random numbers.
 * Times are milliseconds since the Unix epoch; simulated time 0 is LF_EVENTS_EPOCH_MS. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Simulated time 0 is 2026-01-01T00:00:00.000Z. */
#define LF_EVENTS_EPOCH_MS      G_GINT64_CONSTANT (1767225600000)
#define LF_EVENTS_ACCOUNT_ID    "123456789012"
#define LF_EVENTS_REGION        "us-east-1"

/* ---- time and identifiers ---- */

gint64       lf_events_time_ms             (gint64 sim_time_us);  /* EPOCH_MS + t / 1000 */
char        *lf_events_format_time         (gint64 time_ms);  /* 2026-01-01T00:00:00.000Z */
char        *lf_events_format_time_seconds (gint64 time_ms);  /* 2026-01-01T00:00:00Z */
char        *lf_events_format_clf_time     (gint64 time_ms);  /* 01/Jan/2026:00:00:00 +0000 */
/* A UUID-shaped id derived from seed (SHA-1), the same for the same seed. */
char        *lf_event_uuid                 (const char *seed);

/* ---- the CLI's `event SOURCE` samples ---- */

const char * const *lf_event_sources       (void);
/* The keys that `overrides` may hold for source, NULL-terminated; NULL if source is unknown. */
const char * const *lf_event_sample_keys   (const char *source);
JsonNode    *lf_event_sample               (const char  *source,
                                            GHashTable  *overrides,
                                            GError     **error);

/* ---- S3 [S3-1, S3-3] ---- */

char        *lf_s3_key_encode              (const char *key);  /* "my file.txt" → "my+file.txt" */
char        *lf_s3_sequencer               (guint64 n);        /* uppercase hex, grows with n */
int          lf_s3_sequencer_compare       (const char *a, const char *b);
/* {"Records":[…]}. event_name without "s3:" (a prefix is stripped); size < 0 omits size and
 * eTag (deletes); version_id and sequencer may be NULL; region NULL = LF_EVENTS_REGION. */
JsonNode    *lf_event_s3                   (const char *bucket,
                                            const char *key,
                                            gint64      size,
                                            const char *etag,
                                            const char *version_id,
                                            const char *sequencer,
                                            const char *event_name,
                                            gint64      time_ms,
                                            const char *region);

/* ---- SNS and EventBridge [SNS-1, EB-1] ---- */

/* {"Records":[…]}; subject may be NULL (null in the event). */
JsonNode    *lf_event_sns                  (const char *topic_arn,
                                            const char *message_id,
                                            const char *subject,
                                            const char *message,
                                            gint64      time_ms);
/* detail NULL = {}; region NULL = LF_EVENTS_REGION; id NULL = derived from the rest. */
JsonNode    *lf_event_eventbridge          (const char *id,
                                            const char *source,
                                            const char *detail_type,
                                            JsonNode   *detail,
                                            const char *region,
                                            gint64      time_ms);

/* ---- queue and stream records (one record; wrap a batch with lf_event_records) ---- */

typedef struct {
  const char *message_id;
  const char *body;
  const char *queue_arn;
  int         receive_count;        /* ApproximateReceiveCount, from 1 */
  gint64      sent_ms;
  gint64      first_receive_ms;
  /* FIFO only (NULL for standard queues) [FIFO-6] */
  const char *group_id;
  const char *deduplication_id;
  const char *sequence_number;
} LfSqsRecordInfo;

typedef struct {
  const char *stream_arn;
  const char *shard_id;             /* "shardId-000000000000" */
  const char *sequence_number;
  const char *partition_key;
  const char *data;                 /* raw bytes, base64-encoded into the event */
  gssize      data_len;             /* -1: NUL-terminated */
  gint64      arrival_ms;
} LfKinesisRecordInfo;

typedef struct {
  const char *stream_arn;           /* …:table/T/stream/<label> */
  const char *event_id;
  const char *event_name;           /* INSERT, MODIFY or REMOVE */
  const char *sequence_number;
  const char *stream_view_type;     /* NULL = NEW_AND_OLD_IMAGES */
  JsonNode   *keys;                 /* plain JSON objects, converted to attribute values */
  JsonNode   *new_image;            /* may be NULL */
  JsonNode   *old_image;            /* may be NULL */
  gint64      time_ms;
} LfDynamodbRecordInfo;

JsonNode    *lf_event_sqs_record           (const LfSqsRecordInfo *info);
JsonNode    *lf_event_kinesis_record       (const LfKinesisRecordInfo *info);
JsonNode    *lf_event_dynamodb_record      (const LfDynamodbRecordInfo *info);
/* Plain JSON → DynamoDB AttributeValue ({"S":…}, {"N":"…"}, {"BOOL":…}, {"NULL":true},
 * {"L":[…]}, {"M":{…}}); an object maps every member. */
JsonNode    *lf_event_dynamodb_value       (JsonNode *plain);
JsonNode    *lf_event_dynamodb_item        (JsonNode *plain_object);
/* {"Records":[copies of records…]} */
JsonNode    *lf_event_records              (JsonNode * const *records, guint n_records);

/* ---- HTTP requests [APIGW-1, APIGW-5, ALB-1, ALB-2] ---- */

typedef struct {
  char *name;
  char *value;
} LfHttpPair;

typedef struct {
  char      *method;
  char      *path;                  /* without the query */
  GPtrArray *query;                 /* LfHttpPair*, raw (as in the URL), in order */
  GPtrArray *headers;               /* LfHttpPair*, as the client sent them, in order */
  char      *body;                  /* NULL: no body */
  char      *content_type;          /* NULL: none (or the content-type header) */
  gint64     body_bytes;            /* size to account for; 0 = strlen (body) */
} LfHttpRequest;

LfHttpPair  *lf_http_pair_new              (const char *name, const char *value);
void         lf_http_pair_free             (LfHttpPair *pair);

/* path may carry "?k=v&…", which is split into query pairs. */
LfHttpRequest *lf_http_request_new         (const char *method, const char *path);
void         lf_http_request_free          (LfHttpRequest *req);
void         lf_http_request_add_query     (LfHttpRequest *req, const char *name, const char *value);
void         lf_http_request_parse_query   (LfHttpRequest *req, const char *raw_query);
void         lf_http_request_add_header    (LfHttpRequest *req, const char *name, const char *value);
void         lf_http_request_set_body      (LfHttpRequest *req, const char *body,
                                            const char *content_type);
gint64       lf_http_request_body_size     (const LfHttpRequest *req);
/* {"method","path","query":[[k,v]…],"headers":[[k,v]…],"body","content_type","body_bytes"} */
LfHttpRequest *lf_http_request_from_json   (JsonObject *obj, GError **error);

/* request_id NULL = derived; events get X-Amzn-Trace-Id and X-Forwarded-* when absent. */
JsonNode    *lf_event_apigw_rest           (const LfHttpRequest *req,
                                            const char          *request_id,
                                            gint64               time_ms);
JsonNode    *lf_event_apigw_http           (const LfHttpRequest *req,
                                            const char          *request_id,
                                            gint64               time_ms);
/* target_group_arn NULL = a sample ARN; request_id seeds the trace id. */
JsonNode    *lf_event_alb                  (const LfHttpRequest *req,
                                            gboolean             multi_value,
                                            const char          *target_group_arn,
                                            const char          *request_id,
                                            gint64               time_ms);

/* ---- HTTP responses [APIGW-2, APIGW-3, APIGW-4, APIGW-5, ALB-3, ALB-4] ---- */

typedef enum {
  LF_FN_OK,
  LF_FN_ERROR,          /* the function ran and returned an error */
  LF_FN_TIMEOUT,        /* the function ran into its timeout */
  LF_FN_THROTTLED,      /* Lambda refused the invoke (429) */
  LF_FN_DENIED,         /* Lambda refused the invoke (permission) */
} LfFnOutcome;

typedef struct {
  int        status;
  GPtrArray *headers;               /* LfHttpPair*, repeated names allowed */
  char      *body;                  /* as the function returned it (base64 if below) */
  gboolean   body_is_base64;        /* the client gets the decoded bytes */
} LfHttpResponse;

LfHttpResponse *lf_http_response_new       (int status);
void         lf_http_response_free         (LfHttpResponse *resp);
void         lf_http_response_add_header   (LfHttpResponse *resp, const char *name,
                                            const char *value);
/* The first value of a header (case-insensitive), or NULL; and how many there are. */
const char  *lf_http_response_get_header   (const LfHttpResponse *resp, const char *name);
guint        lf_http_response_count_header (const LfHttpResponse *resp, const char *name);
/* The bytes the client receives (base64 decoded when body_is_base64). */
GBytes      *lf_http_response_get_body_bytes (const LfHttpResponse *resp);

/* http_api FALSE = REST (payload 1.0), TRUE = HTTP API (payload 2.0). fn_result may be NULL. */
LfHttpResponse *lf_http_apigw_response     (gboolean     http_api,
                                            LfFnOutcome  outcome,
                                            JsonNode    *fn_result);
/* 504 {"message": "Endpoint request timed out"} [APIGW-4] */
LfHttpResponse *lf_http_gateway_timeout_response (void);

/* response_bytes > 0 overrides the serialized size of fn_result for the 1 MB check. */
LfHttpResponse *lf_http_alb_response       (gboolean     multi_value,
                                            LfFnOutcome  outcome,
                                            JsonNode    *fn_result,
                                            gint64       response_bytes);
/* 0 when the ALB forwards the request; 413 for a body over 1 MB, 400 for a WebSocket upgrade. */
int          lf_http_alb_request_check     (const LfHttpRequest *req);
/* The ALB's own answer for 400, 413, 502, 503 (no registered targets) or 504. */
LfHttpResponse *lf_http_alb_error_response (int status);
LfHttpResponse *lf_http_alb_no_targets_response (void);

/* ---- invocation records and error payloads [ASYNC-9, ASYNC-11, ASYNC-12, KIN-7, SYNC-4] ---- */

/* No responseContext/responsePayload when condition is ZeroReservedConcurrency or
 * !has_response; no functionError when function_error is NULL. Payloads are copied. */
JsonNode    *lf_event_invocation_record    (const char *request_id,
                                            const char *function_arn,
                                            const char *condition,
                                            int         approximate_invoke_count,
                                            JsonNode   *request_payload,
                                            gboolean    has_response,
                                            const char *function_error,
                                            JsonNode   *response_payload,
                                            gint64      time_ms);
/* source "lambda", detail-type "Lambda Function Invocation Result - Success|Failure". */
JsonNode    *lf_event_destination_eventbridge (JsonNode *record, gboolean success);

typedef struct {
  gboolean    dynamodb;             /* DDBStreamBatchInfo instead of KinesisBatchInfo */
  const char *stream_arn;
  const char *shard_id;
  const char *start_sequence_number;
  const char *end_sequence_number;
  gint64      first_arrival_ms;
  gint64      last_arrival_ms;
  int         batch_size;
} LfStreamBatchInfo;

/* The stream on-failure record, without the records themselves [KIN-7, DDB-3]. */
JsonNode    *lf_event_stream_failure_record (const char              *request_id,
                                             const char              *function_arn,
                                             const char              *condition,
                                             int                      approximate_invoke_count,
                                             gboolean                 has_response,
                                             const char              *function_error,
                                             const LfStreamBatchInfo *batch,
                                             gint64                   time_ms);

/* {"errorMessage":…,"errorType":…,"stackTrace":[]} */
JsonNode    *lf_event_function_error_payload (const char *error_type, const char *message);
/* {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out
 * after 3.00 seconds"} */
JsonNode    *lf_event_timeout_payload      (const char *request_id, gint64 timeout_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfHttpPair, lf_http_pair_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfHttpRequest, lf_http_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfHttpResponse, lf_http_response_free)

G_END_DECLS
