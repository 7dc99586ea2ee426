/* lf-inspect.c: what the app reads of a running simulation — node counters, a message's
 * lineage and fate, and the AWS-shaped event a function receives for it (lf-events.h). */
#include "lf-sim-private.h"

#include <string.h>

#include "lf-events.h"

gboolean
lf_sim_get_node_stats (LfSim       *self,
                       const char  *node_id,
                       LfNodeStats *out)
{
  LfRtNode *n;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  memset (out, 0, sizeof *out);
  if ((n = _lf_sim_node (self, node_id)) == NULL)
    return FALSE;
  out->type = n->type;
  out->invocations = (gint64) n->st.invocations;
  out->errors = (gint64) n->st.errors;
  out->timeouts = (gint64) n->st.timeouts;
  out->throttles = (gint64) n->st.throttles;
  out->cold_starts = (gint64) n->st.cold_starts;
  out->running = n->running;
  out->max_concurrency = n->st.max_concurrency;
  out->depth = n->st.depth;
  out->max_depth = n->st.max_depth;
  out->dead_letter_errors = (gint64) n->st.dead_letter_errors;
  out->destination_delivery_failures = (gint64) n->st.destination_delivery_failures;
  for (guint i = 0; i < G_N_ELEMENTS (out->http); i++)
    out->http[i] = (gint64) n->st.http[i];
  if (n->type == LF_NODE_SQS_QUEUE)
    _lf_sqs_counts (n, &out->visible, &out->in_flight);
  else
    out->visible = n->st.depth;
  return TRUE;
}

guint32
lf_sim_message_count (LfSim *self)
{
  return self->msgs->len;
}

static const LfMsg *
msg_or_null (LfSim *self, guint32 msg)
{
  return msg >= 1 && msg <= self->msgs->len ? _lf_sim_msg (self, msg) : NULL;
}

guint32
lf_sim_message_parent (LfSim   *self,
                       guint32  msg)
{
  const LfMsg *m = msg_or_null (self, msg);
  return m ? m->parent : 0;
}

LfFate
lf_sim_message_fate (LfSim   *self,
                     guint32  msg)
{
  const LfMsg *m = msg_or_null (self, msg);
  return m ? (LfFate) m->fate : LF_FATE_IN_FLIGHT;
}

LfTime
lf_sim_message_born (LfSim   *self,
                     guint32  msg)
{
  const LfMsg *m = msg_or_null (self, msg);
  return m ? m->born : -1;
}

/* ---- the event -------------------------------------------------------------------- */

static LfRtNode *
node_at (LfSim *self, guint16 index1)
{
  return index1 >= 1 && index1 <= self->nodes->len ? g_ptr_array_index (self->nodes, index1 - 1) : NULL;
}

static char *
arn (LfSim *self, const char *service, const char *kind, const char *id)
{
  return g_strdup_printf ("arn:aws:%s:%s:%s:%s%s", service, self->region, LF_EVENTS_ACCOUNT_ID, kind, id);
}

static JsonNode *
payload_of (LfSim *self, guint32 msg, const LfMsg *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("m%u", msg);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "publish");
  json_builder_add_int_value (b, m->publish_index);
  if (m->is_record)
    {
      json_builder_set_member_name (b, "condition");
      json_builder_add_string_value (b, m->condition);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
wrap (JsonNode *record)
{
  JsonNode *out = lf_event_records (&record, 1);
  json_node_unref (record);
  return out;
}

static JsonNode *
http_event (LfSim *self, LfRtNode *front, guint32 msg, gint64 t_ms)
{
  JsonObject *w = NULL;
  const LfMsg *m = _lf_sim_msg (self, msg);
  g_autoptr(LfHttpRequest) req = NULL;
  g_autofree char *request_id = g_strdup_printf ("r-m%u", msg);

  if (m->workload > 0)
    w = json_array_get_object_element (lf_scenario_get_workload (self->scenario), m->workload - 1);
  if (w && json_object_has_member (w, "request"))
    req = lf_http_request_from_json (json_object_get_object_member (w, "request"), NULL);
  if (req == NULL)
    req = lf_http_request_new ("GET", "/");
  if (front->type == LF_NODE_ALB)
    return lf_event_alb (req, lf_props_get_bool (front->def->props, "multi_value_headers", FALSE),
                         NULL, request_id, t_ms);
  if (g_strcmp0 (lf_props_get_string (front->def->props, "api_type", "rest"), "http") == 0)
    return lf_event_apigw_http (req, request_id, t_ms);
  return lf_event_apigw_rest (req, request_id, t_ms);
}

JsonNode *
lf_sim_message_event (LfSim   *self,
                      guint32  msg)
{
  const LfMsg *m = msg_or_null (self, msg);
  LfRtNode *holder, *from;
  g_autofree char *id = NULL, *body = NULL, *key = NULL, *source_arn = NULL;
  g_autoptr(JsonNode) payload = NULL;
  gint64 t_ms;

  g_return_val_if_fail (LF_IS_SIM (self), NULL);
  if (m == NULL)
    return NULL;
  holder = node_at (self, m->holder);
  from = holder && holder->type == LF_NODE_LAMBDA_FUNCTION ? node_at (self, m->sender) : holder;
  id = g_strdup_printf ("m%u", msg);
  t_ms = lf_events_time_ms (m->born);
  payload = payload_of (self, msg, m);
  body = json_to_string (payload, FALSE);
  switch (from ? from->type : LF_NODE_CLIENT)
    {
    case LF_NODE_S3_BUCKET:
      {
        g_autofree char *version = m->version ? g_strdup_printf ("v%u", m->version) : NULL;
        guint32 write = msg;
        g_autofree char *seq = NULL;
        /* S3-2/S3-3: a duplicate delivery is the same write: same version and sequencer */
        while (_lf_sim_msg (self, write)->is_duplicate && _lf_sim_msg (self, write)->parent)
          write = _lf_sim_msg (self, write)->parent;
        seq = lf_s3_sequencer ((guint64) write);
        key = g_strdup_printf ("object-%d", MAX (m->key, 0) + 1);
        g_autofree char *etag = g_strdup_printf ("%032x", write * 2654435761u);
        return lf_event_s3 (from->id, key, m->bytes, etag, version, seq, "ObjectCreated:Put", t_ms, self->region);
      }
    case LF_NODE_SNS_TOPIC:
      source_arn = arn (self, "sns", "", from->id);
      return lf_event_sns (source_arn, id, NULL, body, t_ms);
    case LF_NODE_EVENTBRIDGE_BUS:
      return lf_event_eventbridge (id, m->source, m->detail_type, payload, self->region, t_ms);
    case LF_NODE_SQS_QUEUE:
      {
        gboolean fifo = lf_props_get_bool (from->def->props, "fifo", FALSE);
        g_autofree char *group = fifo ? g_strdup_printf ("group-%d", MAX (m->key, 0) + 1) : NULL;
        g_autofree char *seq = fifo ? g_strdup_printf ("%020u", msg) : NULL;
        LfSqsRecordInfo info = { id, body, NULL, 1, t_ms, t_ms, group, fifo ? id : NULL, seq };
        source_arn = arn (self, "sqs", "", from->id);
        info.queue_arn = source_arn;
        return wrap (lf_event_sqs_record (&info));
      }
    case LF_NODE_KINESIS_STREAM:
      {
        g_autofree char *seq = g_strdup_printf ("4959%030u", msg);
        LfKinesisRecordInfo info = { NULL, "shardId-000000000000", seq, NULL, body, -1, t_ms };
        source_arn = arn (self, "kinesis", "stream/", from->id);
        key = g_strdup_printf ("pk-%d", MAX (m->key, 0) + 1);
        info.stream_arn = source_arn;
        info.partition_key = key;
        return wrap (lf_event_kinesis_record (&info));
      }
    case LF_NODE_DYNAMODB_TABLE:
      {
        g_autofree char *seq = g_strdup_printf ("%u00", msg);
        g_autoptr(JsonBuilder) kb = json_builder_new ();
        g_autoptr(JsonNode) keys = NULL;
        LfDynamodbRecordInfo info = { NULL, id, "INSERT", seq, NULL, NULL, NULL, NULL, t_ms };
        key = g_strdup_printf ("item-%d", MAX (m->key, 0) + 1);
        json_builder_begin_object (kb);
        json_builder_set_member_name (kb, "id");
        json_builder_add_string_value (kb, key);
        json_builder_end_object (kb);
        keys = json_builder_get_root (kb);
        source_arn = g_strdup_printf ("arn:aws:dynamodb:%s:%s:table/%s/stream/2026-01-01T00:00:00.000",
                                      self->region, LF_EVENTS_ACCOUNT_ID, from->id);
        info.stream_arn = source_arn;
        info.keys = keys;
        info.new_image = keys;
        return wrap (lf_event_dynamodb_record (&info));
      }
    case LF_NODE_API_GATEWAY:
    case LF_NODE_ALB:
      return http_event (self, from, msg, t_ms);
    default:
      return g_steal_pointer (&payload);
    }
}

/* ---- the machinery inside a node (lf-inspect.h) ---------------------------------------- */

gboolean
lf_sim_inspect_queue (LfSim           *self,
                      const char      *node_id,
                      LfQueueSnapshot *out)
{
  LfRtNode *n;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  memset (out, 0, sizeof *out);
  n = _lf_sim_node (self, node_id);
  if (n == NULL || n->type != LF_NODE_SQS_QUEUE || n->impl == NULL)
    return FALSE;
  _lf_sqs_inspect (self, n, out);
  return TRUE;
}

gboolean
lf_sim_inspect_stream (LfSim            *self,
                       const char       *node_id,
                       LfStreamSnapshot *out)
{
  LfRtNode *n;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  memset (out, 0, sizeof *out);
  n = _lf_sim_node (self, node_id);
  if (n == NULL || (n->type != LF_NODE_KINESIS_STREAM && n->type != LF_NODE_DYNAMODB_TABLE) ||
      n->impl == NULL)
    return FALSE;
  _lf_stream_inspect (self, n, out);
  return TRUE;
}

/* Executions: the invocations the sim tracks, kept oldest first (then by request). */
static void
add_execution (LfFunctionSnapshot *out, const LfInvocation *inv, LfTime cold_start, LfTime now)
{
  LfExecution x = { inv->msgs->len ? g_array_index (inv->msgs, guint32, 0) : 0, inv->path, inv->cold,
                    inv->start, inv->start + (inv->cold ? cold_start : 0), inv->request };
  guint at;

  out->running++;
  if (x.ready > now)
    out->cold_starting++;
  for (at = out->n_executions; at > 0; at--)
    {
      const LfExecution *p = &out->executions[at - 1];
      if (p->start < x.start || (p->start == x.start && p->request < x.request))
        break;
    }
  if (at == LF_INSPECT_MAX_EXECUTIONS)
    return;
  if (out->n_executions < LF_INSPECT_MAX_EXECUTIONS)
    out->n_executions++;
  memmove (&out->executions[at + 1], &out->executions[at], (out->n_executions - 1 - at) * sizeof x);
  out->executions[at] = x;
}

gboolean
lf_sim_inspect_function (LfSim              *self,
                         const char         *node_id,
                         LfFunctionSnapshot *out)
{
  LfRtNode *n;
  GHashTableIter iter;
  gpointer object, free_func;
  LfTime cold_start;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  memset (out, 0, sizeof *out);
  n = _lf_sim_node (self, node_id);
  if (n == NULL || n->type != LF_NODE_LAMBDA_FUNCTION || n->impl == NULL)
    return FALSE;
  out->reserved = _lf_function_reserved (n);
  _lf_async_inspect (self, n, out);
  cold_start = lf_props_get_duration (n->def->props, "cold_start", LF_COLD_START_DEFAULT);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &object, &free_func))
    if (free_func == (gpointer) (GDestroyNotify) _lf_invocation_free && ((LfInvocation *) object)->fn == n)
      add_execution (out, object, cold_start, self->now);
  return TRUE;
}
