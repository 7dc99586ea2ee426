/* lf-events.c: AWS-shaped Lambda event payloads and the HTTP request/response mappings.
 *
 * Sample identifiers come from the AWS documentation's example events; everything that
 * must differ between events (request ids, receipt handles, trace ids) is derived from the
 * caller's values with SHA-1/SHA-256, so the same input gives the same bytes every run. */
#include "lf-events.h"

#include <string.h>

#include "lf-aws-limits.h"
#include "lf-error.h"

#define SAMPLE_REQUEST_ID   "c6af9ac6-7b61-11e6-9a41-93e812345678"
#define SAMPLE_SOURCE_IP    "203.0.113.10"
#define SAMPLE_USER_AGENT   "curl/8.5.0"
#define APIGW_API_ID        "a1b2c3d4e5"
#define APIGW_HOST          APIGW_API_ID ".execute-api." LF_EVENTS_REGION ".amazonaws.com"
#define ALB_HOST            "lambda-flow-alb-123456789." LF_EVENTS_REGION ".elb.amazonaws.com"
#define ALB_TARGET_GROUP    "arn:aws:elasticloadbalancing:" LF_EVENTS_REGION ":" \
                            LF_EVENTS_ACCOUNT_ID ":targetgroup/lambda-flow/0123456789abcdef"
#define APIGW_INTERNAL_ERROR "{\"message\": \"Internal server error\"}"
#define APIGW_TIMED_OUT      "{\"message\": \"Endpoint request timed out\"}"
#define S3_SEQUENCER_BASE    G_GUINT64_CONSTANT (0x0066D4F0A0000000)

/* ---- small JSON helpers ---- */

static void
set_str (JsonObject *obj,
         const char *name,
         const char *value)
{
  if (value == NULL)
    json_object_set_null_member (obj, name);
  else
    json_object_set_string_member (obj, name, value);
}

static void
set_take_str (JsonObject *obj,
              const char *name,
              char       *value)
{
  set_str (obj, name, value);
  g_free (value);
}

static JsonObject *
add_object (JsonObject *parent,
            const char *name)
{
  JsonObject *child = json_object_new ();

  json_object_set_object_member (parent, name, child);
  return child;
}

static JsonNode *
node_take_object (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, obj);
  return node;
}

static JsonNode *
copy_or_null (JsonNode *node)
{
  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static JsonNode *
records_of_one (JsonObject *record)
{
  g_autoptr(JsonNode) node = node_take_object (record);

  return lf_event_records (&node, 1);
}

JsonNode *
lf_event_records (JsonNode * const *records,
                  guint             n_records)
{
  JsonObject *obj = json_object_new ();
  JsonArray *array = json_array_sized_new (n_records);

  for (guint i = 0; i < n_records; i++)
    json_array_add_element (array, json_node_copy (records[i]));
  json_object_set_array_member (obj, "Records", array);
  return node_take_object (obj);
}

/* ---- time and identifiers ---- */

static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

gint64
lf_events_time_ms (gint64 sim_time_us)
{
  return LF_EVENTS_EPOCH_MS + sim_time_us / 1000;
}

static GDateTime *
date_time_from_ms (gint64  time_ms,
                   int    *ms)
{
  gint64 secs = time_ms / 1000;

  *ms = (int) (time_ms % 1000);
  if (*ms < 0)
    {
      *ms += 1000;
      secs--;
    }
  return g_date_time_new_from_unix_utc (secs);
}

char *
lf_events_format_time (gint64 time_ms)
{
  int ms;
  g_autoptr(GDateTime) dt = date_time_from_ms (time_ms, &ms);
  g_autofree char *base = NULL;

  g_return_val_if_fail (dt != NULL, NULL);
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, ms);
}

char *
lf_events_format_time_seconds (gint64 time_ms)
{
  int ms;
  g_autoptr(GDateTime) dt = date_time_from_ms (time_ms, &ms);

  g_return_val_if_fail (dt != NULL, NULL);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* Month names are written by hand: %b would follow the locale. */
char *
lf_events_format_clf_time (gint64 time_ms)
{
  int ms;
  g_autoptr(GDateTime) dt = date_time_from_ms (time_ms, &ms);

  g_return_val_if_fail (dt != NULL, NULL);
  return g_strdup_printf ("%02d/%s/%04d:%02d:%02d:%02d +0000",
                          g_date_time_get_day_of_month (dt),
                          month_names[g_date_time_get_month (dt) - 1],
                          g_date_time_get_year (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
}

static gint64
parse_time_ms (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (dt == NULL)
    return LF_EVENTS_EPOCH_MS;
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

char *
lf_event_uuid (const char *seed)
{
  g_autofree char *h = g_compute_checksum_for_string (G_CHECKSUM_SHA1, seed, -1);

  /* Version 5 (name-based, SHA-1) and the RFC 4122 variant. */
  h[12] = '5';
  h[16] = "89ab"[g_ascii_xdigit_value (h[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

/* The first n (≤ 64) hex digits of SHA-256 (seed). */
static char *
hex_digest (const char *seed,
            gsize       n,
            gboolean    upper)
{
  g_autofree char *h = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  h[MIN (n, strlen (h))] = '\0';
  return upper ? g_ascii_strup (h, -1) : g_strdup (h);
}

static char *
base64_of (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static char *
make_arn (const char *service,
          const char *region,
          const char *resource)
{
  return g_strdup_printf ("arn:aws:%s:%s:%s:%s", service,
                          region != NULL ? region : LF_EVENTS_REGION,
                          LF_EVENTS_ACCOUNT_ID, resource);
}

/* Field n (from 0) of an ARN split on ':', or fallback when absent or empty. */
static char *
arn_field (const char *arn,
           guint       n,
           const char *fallback)
{
  g_auto(GStrv) parts = arn != NULL ? g_strsplit (arn, ":", -1) : NULL;

  if (parts == NULL || g_strv_length (parts) <= n || parts[n][0] == '\0')
    return g_strdup (fallback);
  return g_strdup (parts[n]);
}

static char *
arn_region (const char *arn)
{
  return arn_field (arn, 3, LF_EVENTS_REGION);
}

/* ---- S3 [S3-1, S3-3] ---- */

char *
lf_s3_key_encode (const char *key)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (key != NULL, NULL);
  for (const guchar *p = (const guchar *) key; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-_.*/", *p) != NULL)
        g_string_append_c (out, (char) *p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

char *
lf_s3_sequencer (guint64 n)
{
  return g_strdup_printf ("%018" G_GINT64_MODIFIER "X", S3_SEQUENCER_BASE + n);
}

/* Right-pad the shorter with '0' and compare lexicographically [S3-3]. */
int
lf_s3_sequencer_compare (const char *a,
                         const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);

  for (gsize i = 0; i < MAX (la, lb); i++)
    {
      char ca = i < la ? g_ascii_toupper (a[i]) : '0';
      char cb = i < lb ? g_ascii_toupper (b[i]) : '0';

      if (ca != cb)
        return ca < cb ? -1 : 1;
    }
  return 0;
}

static JsonObject *
s3_object (const char *key,
           gint64      size,
           const char *etag,
           const char *version_id,
           const char *sequencer)
{
  JsonObject *obj = json_object_new ();

  set_take_str (obj, "key", lf_s3_key_encode (key));
  if (size >= 0)
    {
      json_object_set_int_member (obj, "size", size);
      set_str (obj, "eTag", etag);
    }
  if (version_id != NULL)
    set_str (obj, "versionId", version_id);
  if (sequencer != NULL)
    set_str (obj, "sequencer", sequencer);
  return obj;
}

static JsonObject *
s3_entity (const char *bucket,
           JsonObject *object)
{
  JsonObject *s3 = json_object_new ();
  JsonObject *b;

  set_str (s3, "s3SchemaVersion", "1.0");
  set_str (s3, "configurationId", "lambda-flow-notification");
  b = add_object (s3, "bucket");
  set_str (b, "name", bucket);
  set_str (add_object (b, "ownerIdentity"), "principalId", "A3NL1KOZZKExample");
  set_take_str (b, "arn", g_strdup_printf ("arn:aws:s3:::%s", bucket));
  json_object_set_object_member (s3, "object", object);
  return s3;
}

static void
s3_request_fields (JsonObject *rec,
                   const char *seed)
{
  JsonObject *resp;

  set_str (add_object (rec, "userIdentity"), "principalId", "AWS:AIDAINPONIXQXHT3IKHL2");
  set_str (add_object (rec, "requestParameters"), "sourceIPAddress", SAMPLE_SOURCE_IP);
  resp = add_object (rec, "responseElements");
  set_take_str (resp, "x-amz-request-id", hex_digest (seed, 16, TRUE));
  set_take_str (resp, "x-amz-id-2", base64_of (seed));
}

JsonNode *
lf_event_s3 (const char *bucket,
             const char *key,
             gint64      size,
             const char *etag,
             const char *version_id,
             const char *sequencer,
             const char *event_name,
             gint64      time_ms,
             const char *region)
{
  JsonObject *rec = json_object_new ();
  g_autofree char *seed = g_strdup_printf ("s3/%s/%s/%s/%" G_GINT64_FORMAT, bucket, key,
                                           sequencer ? sequencer : "", time_ms);

  g_return_val_if_fail (bucket != NULL && key != NULL && event_name != NULL, NULL);
  if (g_str_has_prefix (event_name, "s3:"))
    event_name += 3;
  set_str (rec, "eventVersion", "2.1");
  set_str (rec, "eventSource", "aws:s3");
  set_str (rec, "awsRegion", region != NULL ? region : LF_EVENTS_REGION);
  set_take_str (rec, "eventTime", lf_events_format_time (time_ms));
  set_str (rec, "eventName", event_name);
  s3_request_fields (rec, seed);
  json_object_set_object_member (rec, "s3",
                                 s3_entity (bucket, s3_object (key, size, etag,
                                                               version_id, sequencer)));
  return records_of_one (rec);
}

/* ---- SNS and EventBridge [SNS-1, EB-1] ---- */

static JsonObject *
sns_message (const char *topic_arn,
             const char *subscription_arn,
             const char *message_id,
             const char *subject,
             const char *message,
             gint64      time_ms)
{
  JsonObject *sns = json_object_new ();
  g_autofree char *region = arn_region (topic_arn);

  set_str (sns, "Type", "Notification");
  set_str (sns, "MessageId", message_id);
  set_str (sns, "TopicArn", topic_arn);
  set_str (sns, "Subject", subject);
  set_str (sns, "Message", message);
  set_take_str (sns, "Timestamp", lf_events_format_time (time_ms));
  set_str (sns, "SignatureVersion", "1");
  set_take_str (sns, "Signature", base64_of (message_id));
  set_take_str (sns, "SigningCertUrl", g_strdup_printf (
    "https://sns.%s.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
    region));
  set_take_str (sns, "UnsubscribeUrl", g_strdup_printf (
    "https://sns.%s.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=%s",
    region, subscription_arn));
  add_object (sns, "MessageAttributes");
  return sns;
}

JsonNode *
lf_event_sns (const char *topic_arn,
              const char *message_id,
              const char *subject,
              const char *message,
              gint64      time_ms)
{
  JsonObject *rec = json_object_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *subscription = NULL;

  g_return_val_if_fail (topic_arn != NULL && message_id != NULL, NULL);
  uuid = lf_event_uuid (topic_arn);
  subscription = g_strdup_printf ("%s:%s", topic_arn, uuid);
  set_str (rec, "EventVersion", "1.0");
  set_str (rec, "EventSubscriptionArn", subscription);
  set_str (rec, "EventSource", "aws:sns");
  json_object_set_object_member (rec, "Sns",
                                 sns_message (topic_arn, subscription, message_id, subject,
                                              message != NULL ? message : "", time_ms));
  return records_of_one (rec);
}

JsonNode *
lf_event_eventbridge (const char *id,
                      const char *source,
                      const char *detail_type,
                      JsonNode   *detail,
                      const char *region,
                      gint64      time_ms)
{
  JsonObject *ev = json_object_new ();
  g_autofree char *seed = g_strdup_printf ("eventbridge/%s/%s/%" G_GINT64_FORMAT,
                                           source, detail_type, time_ms);

  g_return_val_if_fail (source != NULL && detail_type != NULL, NULL);
  set_str (ev, "version", "0");
  set_take_str (ev, "id", id != NULL ? g_strdup (id) : lf_event_uuid (seed));
  set_str (ev, "detail-type", detail_type);
  set_str (ev, "source", source);
  set_str (ev, "account", LF_EVENTS_ACCOUNT_ID);
  set_take_str (ev, "time", lf_events_format_time_seconds (time_ms));
  set_str (ev, "region", region != NULL ? region : LF_EVENTS_REGION);
  json_object_set_array_member (ev, "resources", json_array_new ());
  if (detail != NULL)
    json_object_set_member (ev, "detail", json_node_copy (detail));
  else
    add_object (ev, "detail");
  return node_take_object (ev);
}

/* ---- SQS [SQS-1, FIFO-6] ---- */

static void
set_int_text (JsonObject *obj,
              const char *name,
              gint64      value)
{
  set_take_str (obj, name, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static JsonObject *
sqs_attributes (const LfSqsRecordInfo *info)
{
  JsonObject *attrs = json_object_new ();
  gboolean fifo = info->group_id != NULL;

  set_int_text (attrs, "ApproximateReceiveCount", info->receive_count);
  set_int_text (attrs, "SentTimestamp", info->sent_ms);
  if (fifo)
    {
      set_str (attrs, "SequenceNumber", info->sequence_number);
      set_str (attrs, "MessageGroupId", info->group_id);
    }
  set_str (attrs, "SenderId", "AIDAIENQZJOLO23YVJ4VO");
  if (fifo)
    set_str (attrs, "MessageDeduplicationId", info->deduplication_id);
  set_int_text (attrs, "ApproximateFirstReceiveTimestamp", info->first_receive_ms);
  return attrs;
}

static char *
sqs_receipt_handle (const LfSqsRecordInfo *info)
{
  g_autofree char *seed = g_strdup_printf ("%s/%s/%d", info->queue_arn, info->message_id,
                                           info->receive_count);
  g_autofree char *digest = hex_digest (seed, 64, FALSE);
  g_autofree char *encoded = base64_of (digest);

  return g_strconcat ("AQEB", encoded, NULL);
}

JsonNode *
lf_event_sqs_record (const LfSqsRecordInfo *info)
{
  JsonObject *rec = json_object_new ();
  const char *body;

  g_return_val_if_fail (info != NULL && info->message_id != NULL, NULL);
  body = info->body != NULL ? info->body : "";
  set_str (rec, "messageId", info->message_id);
  set_take_str (rec, "receiptHandle", sqs_receipt_handle (info));
  set_str (rec, "body", body);
  json_object_set_object_member (rec, "attributes", sqs_attributes (info));
  add_object (rec, "messageAttributes");
  set_take_str (rec, "md5OfBody", g_compute_checksum_for_string (G_CHECKSUM_MD5, body, -1));
  set_str (rec, "eventSource", "aws:sqs");
  set_str (rec, "eventSourceARN", info->queue_arn);
  set_take_str (rec, "awsRegion", arn_region (info->queue_arn));
  return node_take_object (rec);
}

/* ---- Kinesis [KIN-1] ---- */

static JsonObject *
kinesis_payload (const LfKinesisRecordInfo *info)
{
  JsonObject *k = json_object_new ();
  const char *data = info->data != NULL ? info->data : "";
  gsize len = info->data_len < 0 ? strlen (data) : (gsize) info->data_len;

  set_str (k, "kinesisSchemaVersion", "1.0");
  set_str (k, "partitionKey", info->partition_key);
  set_str (k, "sequenceNumber", info->sequence_number);
  set_take_str (k, "data", g_base64_encode ((const guchar *) data, len));
  json_object_set_double_member (k, "approximateArrivalTimestamp", info->arrival_ms / 1000.0);
  return k;
}

JsonNode *
lf_event_kinesis_record (const LfKinesisRecordInfo *info)
{
  JsonObject *rec = json_object_new ();

  g_return_val_if_fail (info != NULL && info->shard_id != NULL, NULL);
  json_object_set_object_member (rec, "kinesis", kinesis_payload (info));
  set_str (rec, "eventSource", "aws:kinesis");
  set_str (rec, "eventVersion", "1.0");
  set_take_str (rec, "eventID", g_strdup_printf ("%s:%s", info->shard_id,
                                                 info->sequence_number));
  set_str (rec, "eventName", "aws:kinesis:record");
  set_str (rec, "invokeIdentityArn",
           "arn:aws:iam::" LF_EVENTS_ACCOUNT_ID ":role/lambda-flow-role");
  set_take_str (rec, "awsRegion", arn_region (info->stream_arn));
  set_str (rec, "eventSourceARN", info->stream_arn);
  return node_take_object (rec);
}

/* ---- DynamoDB Streams [DDB-2] ---- */

static void
set_scalar_value (JsonObject *av,
                  JsonNode   *plain)
{
  GType type = json_node_get_value_type (plain);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (type == G_TYPE_STRING)
    set_str (av, "S", json_node_get_string (plain));
  else if (type == G_TYPE_BOOLEAN)
    json_object_set_boolean_member (av, "BOOL", json_node_get_boolean (plain));
  else if (type == G_TYPE_INT64)
    set_int_text (av, "N", json_node_get_int (plain));
  else
    set_str (av, "N", g_ascii_dtostr (buf, sizeof buf, json_node_get_double (plain)));
}

JsonNode *
lf_event_dynamodb_value (JsonNode *plain)
{
  JsonObject *av = json_object_new ();
  JsonArray *list;

  if (plain == NULL || JSON_NODE_HOLDS_NULL (plain))
    json_object_set_boolean_member (av, "NULL", TRUE);
  else if (JSON_NODE_HOLDS_OBJECT (plain))
    json_object_set_member (av, "M", lf_event_dynamodb_item (plain));
  else if (JSON_NODE_HOLDS_ARRAY (plain))
    {
      list = json_array_new ();
      for (guint i = 0; i < json_array_get_length (json_node_get_array (plain)); i++)
        json_array_add_element (list, lf_event_dynamodb_value (
          json_array_get_element (json_node_get_array (plain), i)));
      json_object_set_array_member (av, "L", list);
    }
  else
    set_scalar_value (av, plain);
  return node_take_object (av);
}

JsonNode *
lf_event_dynamodb_item (JsonNode *plain_object)
{
  JsonObject *item = json_object_new ();
  JsonObject *src;
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (plain_object != NULL && JSON_NODE_HOLDS_OBJECT (plain_object), NULL);
  src = json_node_get_object (plain_object);
  names = json_object_get_members (src);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (item, l->data,
                            lf_event_dynamodb_value (json_object_get_member (src, l->data)));
  return node_take_object (item);
}

static gint64 ddb_value_size (JsonNode *plain);

/* DynamoDB's item size: attribute names plus values; a number takes about one byte per two
 * digits plus one. The DDB-2 example ({"Id":101} keys, {"Message":"New item!","Id":101}
 * image) gives its SizeBytes, 26. */
static gint64
ddb_object_size (JsonObject *obj)
{
  g_autoptr(GList) names = json_object_get_members (obj);
  gint64 size = 0;

  for (GList *l = names; l != NULL; l = l->next)
    size += strlen (l->data) + ddb_value_size (json_object_get_member (obj, l->data));
  return size;
}

static gint64
ddb_number_size (JsonNode *plain)
{
  g_autofree char *text = json_to_string (plain, FALSE);
  gint64 digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;
  return (digits + 1) / 2 + 1;
}

static gint64
ddb_value_size (JsonNode *plain)
{
  JsonArray *array;
  gint64 size = 3;

  if (JSON_NODE_HOLDS_OBJECT (plain))
    return size + ddb_object_size (json_node_get_object (plain));
  if (JSON_NODE_HOLDS_ARRAY (plain))
    {
      array = json_node_get_array (plain);
      for (guint i = 0; i < json_array_get_length (array); i++)
        size += ddb_value_size (json_array_get_element (array, i));
      return size;
    }
  if (JSON_NODE_HOLDS_NULL (plain) || json_node_get_value_type (plain) == G_TYPE_BOOLEAN)
    return 1;
  if (json_node_get_value_type (plain) == G_TYPE_STRING)
    return strlen (json_node_get_string (plain));
  return ddb_number_size (plain);
}

static gint64
ddb_add_image (JsonObject *ddb,
               const char *name,
               JsonNode   *plain,
               gboolean    wanted)
{
  if (plain == NULL || !wanted || !JSON_NODE_HOLDS_OBJECT (plain))
    return 0;
  json_object_set_member (ddb, name, lf_event_dynamodb_item (plain));
  return ddb_object_size (json_node_get_object (plain));
}

static JsonObject *
ddb_payload (const LfDynamodbRecordInfo *info)
{
  JsonObject *ddb = json_object_new ();
  const char *view = info->stream_view_type ? info->stream_view_type : "NEW_AND_OLD_IMAGES";
  gint64 size;

  json_object_set_int_member (ddb, "ApproximateCreationDateTime", info->time_ms / 1000);
  size = ddb_add_image (ddb, "Keys", info->keys, TRUE);
  size += ddb_add_image (ddb, "NewImage", info->new_image,
                         g_str_has_prefix (view, "NEW_"));
  size += ddb_add_image (ddb, "OldImage", info->old_image,
                         strstr (view, "OLD_IMAGE") != NULL);
  set_str (ddb, "SequenceNumber", info->sequence_number);
  json_object_set_int_member (ddb, "SizeBytes", size);
  set_str (ddb, "StreamViewType", view);
  return ddb;
}

JsonNode *
lf_event_dynamodb_record (const LfDynamodbRecordInfo *info)
{
  JsonObject *rec = json_object_new ();

  g_return_val_if_fail (info != NULL && info->event_name != NULL, NULL);
  set_str (rec, "eventID", info->event_id);
  set_str (rec, "eventName", info->event_name);
  set_str (rec, "eventVersion", "1.0");
  set_str (rec, "eventSource", "aws:dynamodb");
  set_take_str (rec, "awsRegion", arn_region (info->stream_arn));
  json_object_set_object_member (rec, "dynamodb", ddb_payload (info));
  set_str (rec, "eventSourceARN", info->stream_arn);
  return node_take_object (rec);
}

/* ---- HTTP requests ---- */

LfHttpPair *
lf_http_pair_new (const char *name,
                  const char *value)
{
  LfHttpPair *pair = g_new0 (LfHttpPair, 1);

  pair->name = g_strdup (name);
  pair->value = g_strdup (value != NULL ? value : "");
  return pair;
}

void
lf_http_pair_free (LfHttpPair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->name);
  g_free (pair->value);
  g_free (pair);
}

static GPtrArray *
pair_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lf_http_pair_free);
}

/* The last value of a name (case-insensitive), or NULL. */
static const char *
pairs_lookup (GPtrArray  *pairs,
              const char *name)
{
  for (guint i = pairs->len; i > 0; i--)
    {
      LfHttpPair *pair = g_ptr_array_index (pairs, i - 1);

      if (g_ascii_strcasecmp (pair->name, name) == 0)
        return pair->value;
    }
  return NULL;
}

LfHttpRequest *
lf_http_request_new (const char *method,
                     const char *path)
{
  LfHttpRequest *req = g_new0 (LfHttpRequest, 1);
  const char *query;

  path = path != NULL && *path != '\0' ? path : "/";
  query = strchr (path, '?');
  req->method = g_strdup (method != NULL ? method : "GET");
  req->path = query != NULL ? g_strndup (path, query - path) : g_strdup (path);
  req->query = pair_array_new ();
  req->headers = pair_array_new ();
  if (query != NULL)
    lf_http_request_parse_query (req, query + 1);
  return req;
}

void
lf_http_request_free (LfHttpRequest *req)
{
  if (req == NULL)
    return;
  g_free (req->method);
  g_free (req->path);
  g_ptr_array_unref (req->query);
  g_ptr_array_unref (req->headers);
  g_free (req->body);
  g_free (req->content_type);
  g_free (req);
}

void
lf_http_request_add_query (LfHttpRequest *req,
                           const char    *name,
                           const char    *value)
{
  g_ptr_array_add (req->query, lf_http_pair_new (name, value));
}

void
lf_http_request_parse_query (LfHttpRequest *req,
                             const char    *raw_query)
{
  g_auto(GStrv) parts = g_strsplit (raw_query != NULL ? raw_query : "", "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');

      if (parts[i][0] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      lf_http_request_add_query (req, parts[i], eq != NULL ? eq + 1 : "");
    }
}

void
lf_http_request_add_header (LfHttpRequest *req,
                            const char    *name,
                            const char    *value)
{
  g_ptr_array_add (req->headers, lf_http_pair_new (name, value));
}

void
lf_http_request_set_body (LfHttpRequest *req,
                          const char    *body,
                          const char    *content_type)
{
  g_free (req->body);
  req->body = g_strdup (body);
  g_free (req->content_type);
  req->content_type = g_strdup (content_type);
}

gint64
lf_http_request_body_size (const LfHttpRequest *req)
{
  if (req->body_bytes > 0)
    return req->body_bytes;
  return req->body != NULL ? (gint64) strlen (req->body) : 0;
}

static const char *
request_content_type (const LfHttpRequest *req)
{
  if (req->content_type != NULL && *req->content_type != '\0')
    return req->content_type;
  return pairs_lookup (req->headers, "content-type");
}

/* ---- parsing the scenario's request object ---- */

static const char * const request_members[] = {
  "method", "path", "query", "headers", "body", "content_type", "body_bytes", NULL,
};

static gboolean
json_opt_string (JsonObject  *obj,
                 const char  *name,
                 const char **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "request.%s: expected a string", name);
  return FALSE;
}

static gboolean
json_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
json_read_pair (JsonNode   *element,
                GPtrArray  *out)
{
  JsonArray *pair;

  if (element == NULL || !JSON_NODE_HOLDS_ARRAY (element))
    return FALSE;
  pair = json_node_get_array (element);
  if (json_array_get_length (pair) != 2 || !json_is_string (json_array_get_element (pair, 0))
      || !json_is_string (json_array_get_element (pair, 1)))
    return FALSE;
  g_ptr_array_add (out, lf_http_pair_new (json_array_get_string_element (pair, 0),
                                          json_array_get_string_element (pair, 1)));
  return TRUE;
}

static gboolean
json_read_pairs (JsonObject  *obj,
                 const char  *name,
                 GPtrArray   *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "request.%s: expected an array of [name, value] pairs", name);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!json_read_pair (json_array_get_element (array, i), out))
      {
        g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                     "request.%s[%u]: expected a [name, value] pair of strings", name, i);
        return FALSE;
      }
  return TRUE;
}

static gboolean
json_read_body (JsonObject     *obj,
                LfHttpRequest  *req,
                GError        **error)
{
  const char *body, *content_type;
  JsonNode *bytes = json_object_get_member (obj, "body_bytes");

  if (!json_opt_string (obj, "body", &body, error)
      || !json_opt_string (obj, "content_type", &content_type, error))
    return FALSE;
  lf_http_request_set_body (req, body, content_type);
  if (bytes == NULL || JSON_NODE_HOLDS_NULL (bytes))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (bytes) && json_node_get_value_type (bytes) == G_TYPE_INT64
      && json_node_get_int (bytes) >= 0)
    {
      req->body_bytes = json_node_get_int (bytes);
      return TRUE;
    }
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "request.body_bytes: expected an integer ≥ 0");
  return FALSE;
}

static gboolean
json_check_members (JsonObject  *obj,
                    GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (obj);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (request_members, l->data))
      {
        g_autofree char *allowed = g_strjoinv (", ", (char **) request_members);

        g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                     "request.%s: unknown member; allowed: %s", (char *) l->data, allowed);
        return FALSE;
      }
  return TRUE;
}

LfHttpRequest *
lf_http_request_from_json (JsonObject  *obj,
                           GError     **error)
{
  g_autoptr(LfHttpRequest) req = NULL;
  const char *method, *path;

  g_return_val_if_fail (obj != NULL, NULL);
  if (!json_check_members (obj, error)
      || !json_opt_string (obj, "method", &method, error)
      || !json_opt_string (obj, "path", &path, error))
    return NULL;
  req = lf_http_request_new (method, path);
  if (!json_read_pairs (obj, "query", req->query, error)
      || !json_read_pairs (obj, "headers", req->headers, error)
      || !json_read_body (obj, req, error))
    return NULL;
  return g_steal_pointer (&req);
}

/* ---- request → event [APIGW-1, APIGW-5, ALB-1, ALB-2] ---- */

typedef enum {
  MAP_LAST,     /* {"k": "last value"} */
  MAP_MULTI,    /* {"k": ["v1", "v2"]} */
  MAP_JOINED,   /* {"k": "v1,v2"} */
} MapMode;

typedef enum {
  BODY_ABSENT_NULL,
  BODY_ABSENT_OMIT,
  BODY_ABSENT_EMPTY,
} BodyAbsent;

static void
map_add (JsonObject *map,
         const char *name,
         const char *value,
         MapMode     mode)
{
  JsonNode *old = json_object_get_member (map, name);
  JsonArray *values;

  if (old == NULL && mode == MAP_MULTI)
    {
      values = json_array_new ();
      json_array_add_string_element (values, value);
      json_object_set_array_member (map, name, values);
    }
  else if (mode == MAP_MULTI)
    json_array_add_string_element (json_node_get_array (old), value);
  else if (old == NULL || mode == MAP_LAST)
    set_str (map, name, value);
  else
    set_take_str (map, name, g_strconcat (json_node_get_string (old), ",", value, NULL));
}

static char *
query_decode (const char *raw)
{
  char *decoded = g_uri_unescape_string (raw, NULL);

  return decoded != NULL ? decoded : g_strdup (raw);
}

static JsonObject *
pairs_to_map (GPtrArray *pairs,
              MapMode    mode,
              gboolean   decode)
{
  JsonObject *map = json_object_new ();

  for (guint i = 0; i < pairs->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (pairs, i);
      g_autofree char *name = decode ? query_decode (pair->name) : g_strdup (pair->name);
      g_autofree char *value = decode ? query_decode (pair->value) : g_strdup (pair->value);

      map_add (map, name, value, mode);
    }
  return map;
}

/* queryStringParameters of REST: null when there is no query [APIGW-1] */
static void
set_query_or_null (JsonObject *ev,
                   const char *name,
                   GPtrArray  *query,
                   MapMode     mode)
{
  if (query->len == 0)
    json_object_set_null_member (ev, name);
  else
    json_object_set_object_member (ev, name, pairs_to_map (query, mode, TRUE));
}

static char *
trace_id (const char *seed,
          gint64      time_ms)
{
  g_autofree char *digest = hex_digest (seed, 24, FALSE);

  return g_strdup_printf ("Root=1-%08x-%s", (guint) (time_ms / 1000), digest);
}

static void
pairs_add_missing (GPtrArray  *pairs,
                   const char *name,
                   const char *value,
                   gboolean    lowercase)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (pairs_lookup (pairs, name) == NULL)
    g_ptr_array_add (pairs, lf_http_pair_new (lowercase ? lower : name, value));
}

/* The headers as the function sees them: the client's, then what the proxy adds. */
static GPtrArray *
event_headers (const LfHttpRequest *req,
               const char          *host,
               const char          *seed,
               gint64               time_ms,
               gboolean             lowercase)
{
  GPtrArray *out = pair_array_new ();
  g_autofree char *trace = trace_id (seed, time_ms);

  for (guint i = 0; i < req->headers->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (req->headers, i);
      g_autofree char *lower = g_ascii_strdown (pair->name, -1);

      g_ptr_array_add (out, lf_http_pair_new (lowercase ? lower : pair->name, pair->value));
    }
  if (req->content_type != NULL)
    pairs_add_missing (out, "Content-Type", req->content_type, lowercase);
  pairs_add_missing (out, "Host", host, lowercase);
  pairs_add_missing (out, "X-Amzn-Trace-Id", trace, lowercase);
  pairs_add_missing (out, "X-Forwarded-For", SAMPLE_SOURCE_IP, lowercase);
  pairs_add_missing (out, "X-Forwarded-Port", "443", lowercase);
  pairs_add_missing (out, "X-Forwarded-Proto", "https", lowercase);
  return out;
}

static gboolean
content_type_is_text (const char *content_type)
{
  static const char * const text_types[] = {
    "application/json", "application/javascript", "application/xml", NULL,
  };
  g_autofree char *base = NULL;

  if (content_type == NULL || *content_type == '\0')
    return TRUE;
  base = g_ascii_strdown (content_type, strcspn (content_type, ";"));
  g_strstrip (base);
  return g_str_has_prefix (base, "text/") || g_strv_contains (text_types, base);
}

/* ALB-1: text bodies as-is, everything else base64. */
static void
set_request_body (JsonObject          *ev,
                  const LfHttpRequest *req,
                  gboolean             binary_ok,
                  BodyAbsent           absent)
{
  gboolean binary = binary_ok && req->body != NULL && *req->body != '\0'
                    && !content_type_is_text (request_content_type (req));

  if (req->body == NULL && absent == BODY_ABSENT_NULL)
    json_object_set_null_member (ev, "body");
  else if (req->body == NULL && absent == BODY_ABSENT_EMPTY)
    set_str (ev, "body", "");
  else if (binary)
    set_take_str (ev, "body", base64_of (req->body));
  else if (req->body != NULL)
    set_str (ev, "body", req->body);
  json_object_set_boolean_member (ev, "isBase64Encoded", binary);
}

static char *
request_seed (const char          *request_id,
              const LfHttpRequest *req,
              gint64               time_ms)
{
  if (request_id != NULL)
    return g_strdup (request_id);
  return g_strdup_printf ("http/%s/%s/%" G_GINT64_FORMAT, req->method, req->path, time_ms);
}

static JsonObject *
rest_identity (const char *user_agent)
{
  static const char * const nulls[] = {
    "cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "accessKey",
    "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "user", NULL,
  };
  JsonObject *identity = json_object_new ();

  for (guint i = 0; nulls[i] != NULL; i++)
    json_object_set_null_member (identity, nulls[i]);
  set_str (identity, "sourceIp", SAMPLE_SOURCE_IP);
  set_str (identity, "userAgent", user_agent);
  return identity;
}

static JsonObject *
rest_context (const LfHttpRequest *req,
              const char          *resource,
              const char          *request_id,
              gint64               time_ms)
{
  JsonObject *ctx = json_object_new ();
  const char *ua = pairs_lookup (req->headers, "user-agent");

  set_str (ctx, "accountId", LF_EVENTS_ACCOUNT_ID);
  set_str (ctx, "apiId", APIGW_API_ID);
  set_str (ctx, "domainName", APIGW_HOST);
  set_str (ctx, "domainPrefix", APIGW_API_ID);
  set_take_str (ctx, "extendedRequestId", hex_digest (request_id, 16, FALSE));
  set_str (ctx, "httpMethod", req->method);
  json_object_set_object_member (ctx, "identity", rest_identity (ua != NULL ? ua : ""));
  set_take_str (ctx, "path", g_strconcat ("/prod", req->path, NULL));
  set_str (ctx, "protocol", "HTTP/1.1");
  set_str (ctx, "requestId", request_id);
  set_take_str (ctx, "requestTime", lf_events_format_clf_time (time_ms));
  json_object_set_int_member (ctx, "requestTimeEpoch", time_ms);
  set_str (ctx, "resourceId", "abc123");
  set_str (ctx, "resourcePath", resource);
  set_str (ctx, "stage", "prod");
  return ctx;
}

/* A proxy resource "/{proxy+}" catches every path but "/". */
static void
set_rest_resource (JsonObject          *ev,
                   const LfHttpRequest *req)
{
  gboolean root = strcmp (req->path, "/") == 0;

  set_str (ev, "resource", root ? "/" : "/{proxy+}");
  set_str (ev, "path", req->path);
  set_str (ev, "httpMethod", req->method);
}

JsonNode *
lf_event_apigw_rest (const LfHttpRequest *req,
                     const char          *request_id,
                     gint64               time_ms)
{
  JsonObject *ev = json_object_new ();
  g_autofree char *rid = request_seed (request_id, req, time_ms);
  g_autoptr(GPtrArray) headers = event_headers (req, APIGW_HOST, rid, time_ms, FALSE);
  gboolean root = strcmp (req->path, "/") == 0;

  set_rest_resource (ev, req);
  json_object_set_object_member (ev, "headers", pairs_to_map (headers, MAP_LAST, FALSE));
  json_object_set_object_member (ev, "multiValueHeaders",
                                 pairs_to_map (headers, MAP_MULTI, FALSE));
  set_query_or_null (ev, "queryStringParameters", req->query, MAP_LAST);
  set_query_or_null (ev, "multiValueQueryStringParameters", req->query, MAP_MULTI);
  if (root)
    json_object_set_null_member (ev, "pathParameters");
  else
    set_str (add_object (ev, "pathParameters"), "proxy", req->path + 1);
  json_object_set_null_member (ev, "stageVariables");
  json_object_set_object_member (ev, "requestContext",
                                 rest_context (req, root ? "/" : "/{proxy+}", rid, time_ms));
  set_request_body (ev, req, FALSE, BODY_ABSENT_NULL);
  return node_take_object (ev);
}

/* HTTP API 2.0: cookie headers become the cookies array [APIGW-5]. */
static JsonArray *
take_cookies (GPtrArray *headers)
{
  JsonArray *cookies = json_array_new ();
  guint i = 0;

  while (i < headers->len)
    {
      LfHttpPair *pair = g_ptr_array_index (headers, i);
      g_auto(GStrv) parts = NULL;

      if (g_ascii_strcasecmp (pair->name, "cookie") != 0)
        {
          i++;
          continue;
        }
      parts = g_strsplit (pair->value, ";", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        if (*g_strstrip (parts[j]) != '\0')
          json_array_add_string_element (cookies, parts[j]);
      g_ptr_array_remove_index (headers, i);
    }
  return cookies;
}

static char *
raw_query_string (GPtrArray *query)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < query->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (query, i);

      g_string_append_printf (out, "%s%s=%s", i > 0 ? "&" : "", pair->name, pair->value);
    }
  return g_string_free (out, FALSE);
}

static JsonObject *
http_context (const LfHttpRequest *req,
              const char          *request_id,
              gint64               time_ms)
{
  JsonObject *ctx = json_object_new ();
  JsonObject *http;
  const char *ua = pairs_lookup (req->headers, "user-agent");

  set_str (ctx, "accountId", LF_EVENTS_ACCOUNT_ID);
  set_str (ctx, "apiId", APIGW_API_ID);
  set_str (ctx, "domainName", APIGW_HOST);
  set_str (ctx, "domainPrefix", APIGW_API_ID);
  http = add_object (ctx, "http");
  set_str (http, "method", req->method);
  set_str (http, "path", req->path);
  set_str (http, "protocol", "HTTP/1.1");
  set_str (http, "sourceIp", SAMPLE_SOURCE_IP);
  set_str (http, "userAgent", ua != NULL ? ua : "");
  set_str (ctx, "requestId", request_id);
  set_str (ctx, "routeKey", "$default");
  set_str (ctx, "stage", "$default");
  set_take_str (ctx, "time", lf_events_format_clf_time (time_ms));
  json_object_set_int_member (ctx, "timeEpoch", time_ms);
  return ctx;
}

JsonNode *
lf_event_apigw_http (const LfHttpRequest *req,
                     const char          *request_id,
                     gint64               time_ms)
{
  JsonObject *ev = json_object_new ();
  g_autofree char *rid = request_seed (request_id, req, time_ms);
  g_autoptr(GPtrArray) headers = event_headers (req, APIGW_HOST, rid, time_ms, TRUE);
  JsonArray *cookies = take_cookies (headers);

  set_str (ev, "version", "2.0");
  set_str (ev, "routeKey", "$default");
  set_str (ev, "rawPath", req->path);
  set_take_str (ev, "rawQueryString", raw_query_string (req->query));
  if (json_array_get_length (cookies) > 0)
    json_object_set_array_member (ev, "cookies", cookies);
  else
    json_array_unref (cookies);
  json_object_set_object_member (ev, "headers", pairs_to_map (headers, MAP_JOINED, FALSE));
  if (req->query->len > 0)
    json_object_set_object_member (ev, "queryStringParameters",
                                   pairs_to_map (req->query, MAP_JOINED, TRUE));
  json_object_set_object_member (ev, "requestContext", http_context (req, rid, time_ms));
  set_request_body (ev, req, TRUE, BODY_ABSENT_OMIT);
  return node_take_object (ev);
}

/* ALB-2: one form or the other, never both; query values are not decoded. */
JsonNode *
lf_event_alb (const LfHttpRequest *req,
              gboolean             multi_value,
              const char          *target_group_arn,
              const char          *request_id,
              gint64               time_ms)
{
  JsonObject *ev = json_object_new ();
  g_autofree char *seed = request_seed (request_id, req, time_ms);
  g_autoptr(GPtrArray) headers = event_headers (req, ALB_HOST, seed, time_ms, TRUE);
  MapMode mode = multi_value ? MAP_MULTI : MAP_LAST;
  JsonObject *elb = add_object (add_object (ev, "requestContext"), "elb");

  set_str (elb, "targetGroupArn", target_group_arn != NULL ? target_group_arn : ALB_TARGET_GROUP);
  set_str (ev, "httpMethod", req->method);
  set_str (ev, "path", req->path);
  json_object_set_object_member (ev, multi_value ? "multiValueQueryStringParameters"
                                                 : "queryStringParameters",
                                 pairs_to_map (req->query, mode, FALSE));
  json_object_set_object_member (ev, multi_value ? "multiValueHeaders" : "headers",
                                 pairs_to_map (headers, mode, FALSE));
  set_request_body (ev, req, TRUE, BODY_ABSENT_EMPTY);
  return node_take_object (ev);
}

/* ---- HTTP responses ---- */

LfHttpResponse *
lf_http_response_new (int status)
{
  LfHttpResponse *resp = g_new0 (LfHttpResponse, 1);

  resp->status = status;
  resp->headers = pair_array_new ();
  return resp;
}

void
lf_http_response_free (LfHttpResponse *resp)
{
  if (resp == NULL)
    return;
  g_ptr_array_unref (resp->headers);
  g_free (resp->body);
  g_free (resp);
}

void
lf_http_response_add_header (LfHttpResponse *resp,
                             const char     *name,
                             const char     *value)
{
  g_ptr_array_add (resp->headers, lf_http_pair_new (name, value));
}

const char *
lf_http_response_get_header (const LfHttpResponse *resp,
                             const char           *name)
{
  for (guint i = 0; i < resp->headers->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (resp->headers, i);

      if (g_ascii_strcasecmp (pair->name, name) == 0)
        return pair->value;
    }
  return NULL;
}

guint
lf_http_response_count_header (const LfHttpResponse *resp,
                               const char           *name)
{
  guint n = 0;

  for (guint i = 0; i < resp->headers->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (resp->headers, i);

      n += g_ascii_strcasecmp (pair->name, name) == 0 ? 1 : 0;
    }
  return n;
}

GBytes *
lf_http_response_get_body_bytes (const LfHttpResponse *resp)
{
  guchar *data;
  gsize len;

  if (resp->body == NULL)
    return g_bytes_new (NULL, 0);
  if (!resp->body_is_base64)
    return g_bytes_new (resp->body, strlen (resp->body));
  data = g_base64_decode (resp->body, &len);
  return g_bytes_new_take (data, len);
}

static gboolean
response_has_pair (const LfHttpResponse *resp,
                   const char           *name,
                   const char           *value)
{
  for (guint i = 0; i < resp->headers->len; i++)
    {
      LfHttpPair *pair = g_ptr_array_index (resp->headers, i);

      if (g_ascii_strcasecmp (pair->name, name) == 0 && strcmp (pair->value, value) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- reading what the function returned ---- */

/* A header value must be a scalar; null is skipped (*out stays NULL). */
static gboolean
scalar_text (JsonNode  *node,
             char     **out)
{
  GType type;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  *out = NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    *out = g_strdup (json_node_get_string (node));
  else if (type == G_TYPE_BOOLEAN)
    *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
  return TRUE;
}

/* Absent or null is fine (*out = NULL); anything but an object is malformed. */
static gboolean
optional_object (JsonObject  *obj,
                 const char  *name,
                 JsonObject **out)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
add_value_header (LfHttpResponse *resp,
                  const char     *name,
                  JsonNode       *value,
                  gboolean        skip_duplicates)
{
  g_autofree char *text = NULL;

  if (!scalar_text (value, &text))
    return FALSE;
  if (text != NULL && !(skip_duplicates && response_has_pair (resp, name, text)))
    lf_http_response_add_header (resp, name, text);
  return TRUE;
}

/* "headers": {"name": "value"}; skip_duplicates drops a pair already emitted from
 * multiValueHeaders [APIGW-2]. */
static gboolean
read_single_headers (LfHttpResponse *resp,
                     JsonObject     *obj,
                     gboolean        skip_duplicates)
{
  JsonObject *headers;
  g_autoptr(GList) names = NULL;

  if (!optional_object (obj, "headers", &headers))
    return FALSE;
  names = headers != NULL ? json_object_get_members (headers) : NULL;
  for (GList *l = names; l != NULL; l = l->next)
    if (!add_value_header (resp, l->data, json_object_get_member (headers, l->data),
                           skip_duplicates))
      return FALSE;
  return TRUE;
}

static gboolean
add_array_headers (LfHttpResponse *resp,
                   const char     *name,
                   JsonNode       *values)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_NULL (values))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (values))
    return FALSE;
  array = json_node_get_array (values);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!add_value_header (resp, name, json_array_get_element (array, i), FALSE))
      return FALSE;
  return TRUE;
}

/* "multiValueHeaders": {"Set-cookie": ["a=1", "b=2"]} → one header per value. */
static gboolean
read_multi_headers (LfHttpResponse *resp,
                    JsonObject     *obj)
{
  JsonObject *headers;
  g_autoptr(GList) names = NULL;

  if (!optional_object (obj, "multiValueHeaders", &headers))
    return FALSE;
  names = headers != NULL ? json_object_get_members (headers) : NULL;
  for (GList *l = names; l != NULL; l = l->next)
    if (!add_array_headers (resp, l->data, json_object_get_member (headers, l->data)))
      return FALSE;
  return TRUE;
}

/* "body" must be a string (or absent/null); "isBase64Encoded" a boolean. */
static gboolean
read_body (LfHttpResponse *resp,
           JsonObject     *obj)
{
  JsonNode *body = json_object_get_member (obj, "body");
  JsonNode *b64 = json_object_get_member (obj, "isBase64Encoded");

  if (body != NULL && !JSON_NODE_HOLDS_NULL (body) && !json_is_string (body))
    return FALSE;
  if (b64 != NULL && !JSON_NODE_HOLDS_NULL (b64)
      && !(JSON_NODE_HOLDS_VALUE (b64) && json_node_get_value_type (b64) == G_TYPE_BOOLEAN))
    return FALSE;
  resp->body = json_is_string (body) ? g_strdup (json_node_get_string (body)) : NULL;
  resp->body_is_base64 = b64 != NULL && JSON_NODE_HOLDS_VALUE (b64)
                         && json_node_get_boolean (b64);
  return TRUE;
}

/* A well-formed response starts with an integer statusCode (100–599). */
static LfHttpResponse *
response_with_status (JsonNode *result)
{
  JsonNode *code;
  gint64 status;

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return NULL;
  code = json_object_get_member (json_node_get_object (result), "statusCode");
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code)
      || json_node_get_value_type (code) != G_TYPE_INT64)
    return NULL;
  status = json_node_get_int (code);
  if (status < 100 || status > 599)
    return NULL;
  return lf_http_response_new ((int) status);
}

/* ---- API Gateway [APIGW-2, APIGW-3, APIGW-5] ---- */

static LfHttpResponse *
apigw_error (int         status,
             const char *body)
{
  LfHttpResponse *resp = lf_http_response_new (status);

  lf_http_response_add_header (resp, "Content-Type", "application/json");
  if (status == 500 || status == 502)
    lf_http_response_add_header (resp, "x-amzn-ErrorType", "InternalServerErrorException");
  resp->body = g_strdup (body);
  return resp;
}

LfHttpResponse *
lf_http_gateway_timeout_response (void)
{
  return apigw_error (504, APIGW_TIMED_OUT);
}

/* Payload 1.0: multiValueHeaders first, then headers not already emitted. */
static LfHttpResponse *
apigw_v1_response (JsonNode *result)
{
  g_autoptr(LfHttpResponse) resp = response_with_status (result);
  JsonObject *obj;

  if (resp == NULL)
    return NULL;
  obj = json_node_get_object (result);
  if (!read_multi_headers (resp, obj) || !read_single_headers (resp, obj, TRUE)
      || !read_body (resp, obj))
    return NULL;
  return g_steal_pointer (&resp);
}

static gboolean
read_cookies (LfHttpResponse *resp,
              JsonObject     *obj)
{
  JsonNode *cookies = json_object_get_member (obj, "cookies");

  if (cookies == NULL)
    return TRUE;
  return add_array_headers (resp, "set-cookie", cookies);
}

/* Payload 2.0 without statusCode: 200, application/json, the JSON itself [APIGW-5]. */
static LfHttpResponse *
apigw_v2_implicit (JsonNode *result)
{
  LfHttpResponse *resp = lf_http_response_new (200);
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);

  lf_http_response_add_header (resp, "content-type", "application/json");
  resp->body = json_to_string (result != NULL ? result : null, FALSE);
  return resp;
}

static LfHttpResponse *
apigw_v2_response (JsonNode *result)
{
  g_autoptr(LfHttpResponse) resp = NULL;
  JsonObject *obj;

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result)
      || !json_object_has_member (json_node_get_object (result), "statusCode"))
    return apigw_v2_implicit (result);
  resp = response_with_status (result);
  if (resp == NULL)
    return NULL;
  obj = json_node_get_object (result);
  if (!read_single_headers (resp, obj, FALSE) || !read_cookies (resp, obj)
      || !read_body (resp, obj))
    return NULL;
  return g_steal_pointer (&resp);
}

/* APIGW-3: a refused invoke is 500, a failed or malformed one 502, never retried. */
LfHttpResponse *
lf_http_apigw_response (gboolean     http_api,
                        LfFnOutcome  outcome,
                        JsonNode    *fn_result)
{
  LfHttpResponse *resp;

  if (outcome == LF_FN_THROTTLED || outcome == LF_FN_DENIED)
    return apigw_error (500, APIGW_INTERNAL_ERROR);
  if (outcome != LF_FN_OK)
    return apigw_error (502, APIGW_INTERNAL_ERROR);
  resp = http_api ? apigw_v2_response (fn_result) : apigw_v1_response (fn_result);
  return resp != NULL ? resp : apigw_error (502, APIGW_INTERNAL_ERROR);
}

/* ---- ALB [ALB-3, ALB-4] ---- */

static const char *
alb_reason (int status)
{
  switch (status)
    {
    case 400: return "Bad Request";
    case 413: return "Request Entity Too Large";
    case 502: return "Bad Gateway";
    case 503: return "Service Temporarily Unavailable";
    case 504: return "Gateway Time-out";
    default:  return "Error";
    }
}

LfHttpResponse *
lf_http_alb_error_response (int status)
{
  LfHttpResponse *resp = lf_http_response_new (status);
  const char *reason = alb_reason (status);

  lf_http_response_add_header (resp, "Server", "awselb/2.0");
  lf_http_response_add_header (resp, "Content-Type", "text/html");
  resp->body = g_strdup_printf ("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n"
                                "<center><h1>%d %s</h1></center>\r\n</body>\r\n</html>\r\n",
                                status, reason, status, reason);
  return resp;
}

LfHttpResponse *
lf_http_alb_no_targets_response (void)
{
  return lf_http_alb_error_response (503);
}

int
lf_http_alb_request_check (const LfHttpRequest *req)
{
  const char *upgrade = pairs_lookup (req->headers, "upgrade");

  if (upgrade != NULL && g_ascii_strcasecmp (upgrade, "websocket") == 0)
    return 400;
  if (lf_http_request_body_size (req) > LF_ALB_BODY_LIMIT)
    return 413;
  return 0;
}

/* Hop-by-hop headers are ignored and Content-Length is the ALB's own [ALB-3]. */
static void
alb_drop_hop_by_hop (LfHttpResponse *resp)
{
  static const char * const dropped[] = {
    "connection", "transfer-encoding", "content-length", NULL,
  };

  for (guint i = resp->headers->len; i > 0; i--)
    {
      LfHttpPair *pair = g_ptr_array_index (resp->headers, i - 1);
      g_autofree char *lower = g_ascii_strdown (pair->name, -1);

      if (g_strv_contains (dropped, lower))
        g_ptr_array_remove_index (resp->headers, i - 1);
    }
}

static gint64
alb_response_size (JsonNode *result,
                   gint64    response_bytes)
{
  g_autofree char *text = NULL;

  if (response_bytes > 0)
    return response_bytes;
  text = json_to_string (result, FALSE);
  return strlen (text);
}

static LfHttpResponse *
alb_proxy_response (JsonNode *result,
                    gboolean  multi_value)
{
  g_autoptr(LfHttpResponse) resp = response_with_status (result);
  JsonObject *obj;
  gboolean ok;

  if (resp == NULL)
    return NULL;
  obj = json_node_get_object (result);
  ok = multi_value ? read_multi_headers (resp, obj) : read_single_headers (resp, obj, FALSE);
  if (!ok || !read_body (resp, obj))
    return NULL;
  alb_drop_hop_by_hop (resp);
  return g_steal_pointer (&resp);
}

/* ALB-4: error, timeout, throttle, oversized or malformed responses are all 502. */
LfHttpResponse *
lf_http_alb_response (gboolean     multi_value,
                      LfFnOutcome  outcome,
                      JsonNode    *fn_result,
                      gint64       response_bytes)
{
  LfHttpResponse *resp;

  if (outcome != LF_FN_OK || fn_result == NULL
      || alb_response_size (fn_result, response_bytes) > LF_ALB_BODY_LIMIT)
    return lf_http_alb_error_response (502);
  resp = alb_proxy_response (fn_result, multi_value);
  return resp != NULL ? resp : lf_http_alb_error_response (502);
}

/* ---- invocation records [ASYNC-9, ASYNC-11, ASYNC-12, KIN-7, DDB-3] ---- */

/* The version a qualified ARN names ("…:function:f:7" → "7"); "$LATEST" otherwise. */
static char *
executed_version (const char *function_arn)
{
  g_autofree char *qualifier = arn_field (function_arn, 7, NULL);

  if (qualifier != NULL && qualifier[strspn (qualifier, "0123456789")] == '\0')
    return g_steal_pointer (&qualifier);
  return g_strdup ("$LATEST");
}

static JsonObject *
request_context (const char *request_id,
                 const char *function_arn,
                 const char *condition,
                 int         approximate_invoke_count)
{
  JsonObject *ctx = json_object_new ();

  set_str (ctx, "requestId", request_id);
  set_str (ctx, "functionArn", function_arn);
  set_str (ctx, "condition", condition);
  json_object_set_int_member (ctx, "approximateInvokeCount", approximate_invoke_count);
  return ctx;
}

static JsonObject *
response_context (const char *function_arn,
                  const char *function_error)
{
  JsonObject *ctx = json_object_new ();

  json_object_set_int_member (ctx, "statusCode", 200);
  set_take_str (ctx, "executedVersion", executed_version (function_arn));
  if (function_error != NULL)
    set_str (ctx, "functionError", function_error);
  return ctx;
}

JsonNode *
lf_event_invocation_record (const char *request_id,
                            const char *function_arn,
                            const char *condition,
                            int         approximate_invoke_count,
                            JsonNode   *request_payload,
                            gboolean    has_response,
                            const char *function_error,
                            JsonNode   *response_payload,
                            gint64      time_ms)
{
  JsonObject *rec = json_object_new ();

  g_return_val_if_fail (request_id != NULL && condition != NULL, NULL);
  set_str (rec, "version", "1.0");
  set_take_str (rec, "timestamp", lf_events_format_time (time_ms));
  json_object_set_object_member (rec, "requestContext",
                                 request_context (request_id, function_arn, condition,
                                                  approximate_invoke_count));
  json_object_set_member (rec, "requestPayload", copy_or_null (request_payload));
  if (has_response && strcmp (condition, "ZeroReservedConcurrency") != 0)
    {
      json_object_set_object_member (rec, "responseContext",
                                     response_context (function_arn, function_error));
      json_object_set_member (rec, "responsePayload", copy_or_null (response_payload));
    }
  return node_take_object (rec);
}

JsonNode *
lf_event_destination_eventbridge (JsonNode *record,
                                  gboolean  success)
{
  JsonObject *rec, *ctx;
  JsonNode *ctx_node;
  const char *arn;
  g_autofree char *seed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *region = NULL;
  JsonNode *event;

  g_return_val_if_fail (record != NULL && JSON_NODE_HOLDS_OBJECT (record), NULL);
  rec = json_node_get_object (record);
  ctx_node = json_object_get_member (rec, "requestContext");
  ctx = ctx_node != NULL && JSON_NODE_HOLDS_OBJECT (ctx_node)
        ? json_node_get_object (ctx_node) : NULL;
  arn = ctx != NULL ? json_object_get_string_member_with_default (ctx, "functionArn", NULL)
                    : NULL;
  seed = json_to_string (record, FALSE);
  id = lf_event_uuid (seed);
  region = arn_region (arn);
  event = lf_event_eventbridge (id, "lambda", success
                                ? "Lambda Function Invocation Result - Success"
                                : "Lambda Function Invocation Result - Failure",
                                record, region,
                                parse_time_ms (json_object_get_string_member_with_default (
                                  rec, "timestamp", NULL)));
  if (arn != NULL)
    json_array_add_string_element (json_object_get_array_member (
      json_node_get_object (event), "resources"), arn);
  return event;
}

static JsonObject *
stream_batch_info (const LfStreamBatchInfo *batch)
{
  JsonObject *info = json_object_new ();

  set_str (info, "shardId", batch->shard_id);
  set_str (info, "startSequenceNumber", batch->start_sequence_number);
  set_str (info, "endSequenceNumber", batch->end_sequence_number);
  set_take_str (info, "approximateArrivalOfFirstRecord",
                lf_events_format_time (batch->first_arrival_ms));
  set_take_str (info, "approximateArrivalOfLastRecord",
                lf_events_format_time (batch->last_arrival_ms));
  json_object_set_int_member (info, "batchSize", batch->batch_size);
  set_str (info, "streamArn", batch->stream_arn);
  return info;
}

JsonNode *
lf_event_stream_failure_record (const char              *request_id,
                                const char              *function_arn,
                                const char              *condition,
                                int                      approximate_invoke_count,
                                gboolean                 has_response,
                                const char              *function_error,
                                const LfStreamBatchInfo *batch,
                                gint64                   time_ms)
{
  JsonObject *rec = json_object_new ();

  g_return_val_if_fail (request_id != NULL && condition != NULL && batch != NULL, NULL);
  json_object_set_object_member (rec, "requestContext",
                                 request_context (request_id, function_arn, condition,
                                                  approximate_invoke_count));
  if (has_response)
    json_object_set_object_member (rec, "responseContext",
                                   response_context (function_arn, function_error));
  set_str (rec, "version", "1.0");
  set_take_str (rec, "timestamp", lf_events_format_time (time_ms));
  json_object_set_object_member (rec, batch->dynamodb ? "DDBStreamBatchInfo"
                                                      : "KinesisBatchInfo",
                                 stream_batch_info (batch));
  return node_take_object (rec);
}

/* ---- error payloads [SYNC-2, SYNC-4] ---- */

JsonNode *
lf_event_function_error_payload (const char *error_type,
                                 const char *message)
{
  JsonObject *obj = json_object_new ();

  set_str (obj, "errorMessage", message != NULL ? message : "");
  set_str (obj, "errorType", error_type != NULL ? error_type : "Error");
  json_object_set_array_member (obj, "stackTrace", json_array_new ());
  return node_take_object (obj);
}

JsonNode *
lf_event_timeout_payload (const char *request_id,
                          gint64      timeout_us)
{
  JsonObject *obj = json_object_new ();
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (seconds, sizeof seconds, "%.2f", timeout_us / 1e6);
  set_str (obj, "errorType", "Sandbox.Timedout");
  set_take_str (obj, "errorMessage",
                g_strdup_printf ("RequestId: %s Error: Task timed out after %s seconds",
                                 request_id, seconds));
  return node_take_object (obj);
}

/* ---- samples for `lambdaflow-sim event SOURCE` ---- */

typedef JsonNode *(*SampleFunc) (GHashTable *overrides, GError **error);

static const char *
ov (GHashTable *overrides,
    const char *key,
    const char *fallback)
{
  const char *value = overrides != NULL ? g_hash_table_lookup (overrides, key) : NULL;

  return value != NULL ? value : fallback;
}

static gboolean
ov_int (GHashTable  *overrides,
        const char  *key,
        gint64       fallback,
        gint64       min,
        gint64      *out,
        GError     **error)
{
  const char *text = ov (overrides, key, NULL);
  g_autoptr(GError) local = NULL;

  *out = fallback;
  if (text == NULL
      || g_ascii_string_to_signed (text, 10, min, G_MAXINT32, out, &local))
    return TRUE;
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "%s: “%s” is not an integer ≥ %" G_GINT64_FORMAT, key, text, min);
  return FALSE;
}

static gboolean
ov_choice (GHashTable         *overrides,
           const char         *key,
           const char * const *choices,
           const char        **out,
           GError            **error)
{
  g_autofree char *allowed = NULL;

  *out = ov (overrides, key, choices[0]);
  if (g_strv_contains (choices, *out))
    return TRUE;
  allowed = g_strjoinv (", ", (char **) choices);
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "%s: “%s” is not one of %s", key, *out, allowed);
  return FALSE;
}

static JsonNode *
wrap_record (JsonNode *record)
{
  g_autoptr(JsonNode) owned = record;

  return lf_event_records (&owned, 1);
}

static JsonNode *
sample_s3 (GHashTable  *o,
           GError     **error)
{
  g_autofree char *sequencer = lf_s3_sequencer (1);
  const char *event_name = ov (o, "event_name", "ObjectCreated:Put");
  gint64 size;

  if (!ov_int (o, "size", 1024, 0, &size, error))
    return NULL;
  if (strstr (event_name, "ObjectRemoved") != NULL)
    size = -1;
  return lf_event_s3 (ov (o, "bucket", "lambda-flow-bucket"), ov (o, "key", "HappyFace.jpg"),
                      size, ov (o, "etag", "0123456789abcdef0123456789abcdef"),
                      ov (o, "version_id", NULL), ov (o, "sequencer", sequencer),
                      event_name, LF_EVENTS_EPOCH_MS, ov (o, "region", LF_EVENTS_REGION));
}

static JsonNode *
sample_sns (GHashTable  *o,
            GError     **error G_GNUC_UNUSED)
{
  g_autofree char *arn = make_arn ("sns", ov (o, "region", NULL),
                                   ov (o, "topic", "lambda-flow-topic"));

  return lf_event_sns (arn, ov (o, "message_id", "95df01b4-ee98-5cb9-9903-4c221d41eb5e"),
                       ov (o, "subject", "example subject"),
                       ov (o, "message", "Hello from SNS!"), LF_EVENTS_EPOCH_MS);
}

static JsonNode *
sample_eventbridge (GHashTable  *o,
                    GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) detail = json_from_string (ov (o, "detail",
                                                     "{\"orderId\":\"1234\",\"amount\":42}"),
                                                 &local);

  if (detail == NULL)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "detail: %s",
                   local != NULL ? local->message : "empty JSON");
      return NULL;
    }
  return lf_event_eventbridge (ov (o, "id", "d1f6a5f2-47f8-4c4d-9c3e-0c6a6b1a2b3c"),
                               ov (o, "source", "com.example.orders"),
                               ov (o, "detail_type", "Order Placed"), detail,
                               ov (o, "region", NULL), LF_EVENTS_EPOCH_MS);
}

static JsonNode *
sample_sqs_queue (GHashTable  *o,
                  gboolean     fifo,
                  GError     **error)
{
  LfSqsRecordInfo info = { 0 };
  g_autofree char *arn = make_arn ("sqs", ov (o, "region", NULL),
                                   ov (o, "queue", fifo ? "lambda-flow-queue.fifo"
                                                        : "lambda-flow-queue"));
  g_autofree char *dedup = NULL;
  gint64 count;

  if (!ov_int (o, "receive_count", 1, 1, &count, error))
    return NULL;
  info.message_id = ov (o, "message_id", "059f36b4-87a3-44ab-83d2-661975830a7d");
  info.body = ov (o, "body", fifo ? "Hello from SQS FIFO!" : "Hello from SQS!");
  info.queue_arn = arn;
  info.receive_count = (int) count;
  info.sent_ms = info.first_receive_ms = LF_EVENTS_EPOCH_MS;
  if (fifo)
    {
      /* Content-based deduplication: the SHA-256 of the body. */
      dedup = g_compute_checksum_for_string (G_CHECKSUM_SHA256, info.body, -1);
      info.group_id = ov (o, "group", "group-1");
      info.deduplication_id = ov (o, "deduplication_id", dedup);
      info.sequence_number = ov (o, "sequence", "18849496460467696128");
    }
  return wrap_record (lf_event_sqs_record (&info));
}

static JsonNode *
sample_sqs (GHashTable  *o,
            GError     **error)
{
  return sample_sqs_queue (o, FALSE, error);
}

static JsonNode *
sample_sqs_fifo (GHashTable  *o,
                 GError     **error)
{
  return sample_sqs_queue (o, TRUE, error);
}

static JsonNode *
sample_kinesis (GHashTable  *o,
                GError     **error G_GNUC_UNUSED)
{
  g_autofree char *stream = g_strconcat ("stream/", ov (o, "stream", "lambda-flow-stream"),
                                         NULL);
  g_autofree char *arn = make_arn ("kinesis", ov (o, "region", NULL), stream);
  LfKinesisRecordInfo info = {
    .stream_arn = arn,
    .shard_id = ov (o, "shard", "shardId-000000000000"),
    .sequence_number = ov (o, "sequence",
                           "49590338271490256608559692538361571095921575989136588898"),
    .partition_key = ov (o, "partition_key", "pk-1"),
    .data = ov (o, "data", "Hello, this is a test."),
    .data_len = -1,
    .arrival_ms = LF_EVENTS_EPOCH_MS,
  };

  return wrap_record (lf_event_kinesis_record (&info));
}

/* {"Id": 101} or {"Id": "abc"}, plus "Message" when message is not NULL. */
static JsonNode *
sample_item (const char *id,
             const char *message)
{
  JsonObject *item = json_object_new ();
  gint64 number;

  if (g_ascii_string_to_signed (id, 10, G_MININT64, G_MAXINT64, &number, NULL))
    json_object_set_int_member (item, "Id", number);
  else
    set_str (item, "Id", id);
  if (message != NULL)
    set_str (item, "Message", message);
  return node_take_object (item);
}

static const char * const ddb_event_names[] = { "INSERT", "MODIFY", "REMOVE", NULL };
static const char * const ddb_view_types[] = {
  "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY", NULL,
};

static JsonNode *
sample_dynamodb (GHashTable  *o,
                 GError     **error)
{
  const char *id = ov (o, "id", "101");
  g_autofree char *table = g_strconcat ("table/", ov (o, "table", "lambda-flow-table"),
                                        "/stream/2026-01-01T00:00:00.000", NULL);
  g_autofree char *arn = make_arn ("dynamodb", ov (o, "region", NULL), table);
  g_autoptr(JsonNode) keys = sample_item (id, NULL);
  g_autoptr(JsonNode) new_image = sample_item (id, ov (o, "message", "New item!"));
  g_autoptr(JsonNode) old_image = sample_item (id, "Old item!");
  LfDynamodbRecordInfo info = { .stream_arn = arn, .keys = keys,
                                .time_ms = LF_EVENTS_EPOCH_MS };

  if (!ov_choice (o, "event_name", ddb_event_names, &info.event_name, error)
      || !ov_choice (o, "stream_view_type", ddb_view_types, &info.stream_view_type, error))
    return NULL;
  info.event_id = ov (o, "event_id", "c4ca4238a0b923820dcc509a6f75849b");
  info.sequence_number = ov (o, "sequence", "111");
  info.new_image = strcmp (info.event_name, "REMOVE") != 0 ? new_image : NULL;
  info.old_image = strcmp (info.event_name, "INSERT") != 0 ? old_image : NULL;
  return wrap_record (lf_event_dynamodb_record (&info));
}

/* GET /hello?name=lambda&name=flow with two cookie headers: shows how each source maps
 * repeated values [APIGW-1, APIGW-5, ALB-2]. */
static LfHttpRequest *
sample_request (GHashTable *o)
{
  LfHttpRequest *req = lf_http_request_new (ov (o, "method", "GET"), ov (o, "path", "/hello"));
  const char *query = ov (o, "query", NULL);

  if (query != NULL)
    g_ptr_array_set_size (req->query, 0);
  if (query != NULL || req->query->len == 0)
    lf_http_request_parse_query (req, query != NULL ? query : "name=lambda&name=flow");
  lf_http_request_add_header (req, "Accept", "*/*");
  lf_http_request_add_header (req, "User-Agent", SAMPLE_USER_AGENT);
  lf_http_request_add_header (req, "Cookie", "session=abc123");
  lf_http_request_add_header (req, "Cookie", "theme=dark");
  if (ov (o, "body", NULL) != NULL || ov (o, "content_type", NULL) != NULL)
    lf_http_request_set_body (req, ov (o, "body", NULL), ov (o, "content_type", "text/plain"));
  return req;
}

static JsonNode *
sample_apigw_rest (GHashTable  *o,
                   GError     **error G_GNUC_UNUSED)
{
  g_autoptr(LfHttpRequest) req = sample_request (o);

  return lf_event_apigw_rest (req, SAMPLE_REQUEST_ID, LF_EVENTS_EPOCH_MS);
}

static JsonNode *
sample_apigw_http (GHashTable  *o,
                   GError     **error G_GNUC_UNUSED)
{
  g_autoptr(LfHttpRequest) req = sample_request (o);

  return lf_event_apigw_http (req, SAMPLE_REQUEST_ID, LF_EVENTS_EPOCH_MS);
}

static JsonNode *
sample_alb (GHashTable  *o,
            GError     **error G_GNUC_UNUSED)
{
  g_autoptr(LfHttpRequest) req = sample_request (o);

  return lf_event_alb (req, FALSE, NULL, SAMPLE_REQUEST_ID, LF_EVENTS_EPOCH_MS);
}

static JsonNode *
sample_alb_multi_value (GHashTable  *o,
                        GError     **error G_GNUC_UNUSED)
{
  g_autoptr(LfHttpRequest) req = sample_request (o);

  return lf_event_alb (req, TRUE, NULL, SAMPLE_REQUEST_ID, LF_EVENTS_EPOCH_MS);
}

static const char * const s3_keys[] = {
  "bucket", "key", "size", "etag", "version_id", "sequencer", "event_name", "region", NULL,
};
static const char * const sns_keys[] = {
  "topic", "message", "subject", "message_id", "region", NULL,
};
static const char * const eventbridge_keys[] = {
  "source", "detail_type", "detail", "id", "region", NULL,
};
static const char * const sqs_keys[] = {
  "body", "queue", "message_id", "receive_count", "region", NULL,
};
static const char * const sqs_fifo_keys[] = {
  "body", "queue", "message_id", "receive_count", "region", "group", "deduplication_id",
  "sequence", NULL,
};
static const char * const kinesis_keys[] = {
  "data", "partition_key", "stream", "shard", "sequence", "region", NULL,
};
static const char * const dynamodb_keys[] = {
  "table", "event_name", "id", "message", "stream_view_type", "sequence", "event_id",
  "region", NULL,
};
static const char * const http_keys[] = {
  "method", "path", "query", "body", "content_type", NULL,
};

static const struct {
  const char         *source;
  const char * const *keys;
  SampleFunc          build;
} samples[] = {
  { "s3", s3_keys, sample_s3 },
  { "sns", sns_keys, sample_sns },
  { "eventbridge", eventbridge_keys, sample_eventbridge },
  { "sqs", sqs_keys, sample_sqs },
  { "sqs-fifo", sqs_fifo_keys, sample_sqs_fifo },
  { "kinesis", kinesis_keys, sample_kinesis },
  { "dynamodb", dynamodb_keys, sample_dynamodb },
  { "apigateway-rest", http_keys, sample_apigw_rest },
  { "apigateway-http", http_keys, sample_apigw_http },
  { "alb", http_keys, sample_alb },
  { "alb-multi-value", http_keys, sample_alb_multi_value },
};

static const char * const source_names[] = {
  "s3", "sns", "eventbridge", "sqs", "sqs-fifo", "kinesis", "dynamodb",
  "apigateway-rest", "apigateway-http", "alb", "alb-multi-value", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (samples) + 1 == G_N_ELEMENTS (source_names));

const char * const *
lf_event_sources (void)
{
  return source_names;
}

static int
sample_index (const char *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (g_strcmp0 (samples[i].source, source) == 0)
      return (int) i;
  return -1;
}

const char * const *
lf_event_sample_keys (const char *source)
{
  int i = sample_index (source);

  return i >= 0 ? samples[i].keys : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Reports the alphabetically first unknown key, so the message does not depend on hashing. */
static gboolean
check_override_keys (const char          *source,
                     const char * const  *allowed,
                     GHashTable          *overrides,
                     GError             **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autofree char *allowed_text = NULL;
  GHashTableIter iter;
  gpointer key;

  if (overrides == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, overrides);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (allowed, key))
      g_ptr_array_add (unknown, key);
  if (unknown->len == 0)
    return TRUE;
  g_ptr_array_sort (unknown, compare_strings);
  allowed_text = g_strjoinv (", ", (char **) allowed);
  g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
               "unknown key “%s” for event source “%s”; allowed keys: %s",
               (char *) g_ptr_array_index (unknown, 0), source, allowed_text);
  return FALSE;
}

JsonNode *
lf_event_sample (const char  *source,
                 GHashTable  *overrides,
                 GError     **error)
{
  int i = sample_index (source);
  g_autofree char *sources = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (i < 0)
    {
      sources = g_strjoinv (", ", (char **) source_names);
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "unknown event source “%s”; sources: %s", source ? source : "", sources);
      return NULL;
    }
  if (!check_override_keys (source, samples[i].keys, overrides, error))
    return NULL;
  return samples[i].build (overrides, error);
}
