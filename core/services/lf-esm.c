/* lf-esm.c: what every event source mapping shares — configuration, the execution role's
 * read permissions, filters [ESM-8], the partial-batch rules [ESM-6, ESM-7], on-failure
 * records for streams [KIN-7, KIN-8] and EventBridge-style patterns. */
#include "lf-sim-private.h"

#include <string.h>

void
_lf_esm_read_config (LfRtEdge    *edge,
                     LfEsmConfig *cfg)
{
  JsonObject *p = edge->def->props;
  gboolean sqs = edge->from && edge->from->type == LF_NODE_SQS_QUEUE;

  cfg->batch_size = lf_props_get_int (p, "batch_size", sqs ? LF_ESM_BATCH_SIZE_SQS_DEFAULT
                                                           : LF_ESM_BATCH_SIZE_STREAM_DEFAULT);
  cfg->window = lf_props_get_duration (p, "batching_window", 0);
  cfg->enabled = lf_props_get_bool (p, "enabled", TRUE);
  cfg->rbif = lf_props_get_bool (p, "report_batch_item_failures", FALSE);
  cfg->filters = json_object_has_member (p, "filters") ? json_object_get_array_member (p, "filters") : NULL;
}

guint32
_lf_sim_new_batch (LfSim *sim)
{
  return ++sim->next_batch;
}

void
_lf_esm_record_scale (LfSim    *sim,
                      LfRtEdge *edge,
                      gint64    concurrency)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_SCALE, sim->now);
  rec.edge = edge->id;
  rec.count = concurrency;
  _lf_sim_emit (sim, &rec);
}

/* ---- the execution role reads the source (scenario-format.md "Roles") -------------- */

static const char * const sqs_reads[] = { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", NULL };
static const char * const kinesis_reads[] = { "kinesis:GetRecords", "kinesis:GetShardIterator",
                                              "kinesis:DescribeStream", "kinesis:ListShards", NULL };
static const char * const dynamodb_reads[] = { "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                               "dynamodb:DescribeStream", "dynamodb:ListStreams", NULL };

gboolean
_lf_esm_can_read (LfSim    *sim,
                  LfRtEdge *edge)
{
  const char * const *actions;

  if (edge->from == NULL || edge->to == NULL)
    return FALSE;
  switch (edge->from->type)
    {
    case LF_NODE_SQS_QUEUE: actions = sqs_reads; break;
    case LF_NODE_KINESIS_STREAM: actions = kinesis_reads; break;
    case LF_NODE_DYNAMODB_TABLE: actions = dynamodb_reads; break;
    default: return FALSE;
    }
  for (guint i = 0; actions[i]; i++)
    if (!_lf_sim_role_allows (sim, edge->to, actions[i], edge->from, edge))
      return FALSE;
  return TRUE;
}

/* When the `deny` faults that keep the function's role from reading end (the earliest
 * stop still ahead), or LF_TIME_NEVER: a mapping denied by a fault looks again then. */
LfTime
_lf_esm_denial_ends (LfSim    *sim,
                     LfRtEdge *edge)
{
  LfRtNode *fn = edge->to;
  LfTime end = LF_TIME_NEVER;

  for (guint i = 0; fn && fn->faults && i < fn->faults->len; i++)
    {
      LfRtFault *f = g_ptr_array_index (fn->faults, i);
      if (f->kind == LF_FAULT_DENY && f->stop > sim->now && f->stop != LF_TIME_NEVER)
        end = MIN (end, f->stop);
    }
  return end;
}

/* ---- patterns (EventBridge syntax: lists of values, prefix, anything-but, exists) ---- */

static gboolean match_value (JsonNode *pattern, JsonNode *value);

static gboolean
match_one (JsonNode *cond, JsonNode *value)
{
  const char *s = value && JSON_NODE_HOLDS_VALUE (value) &&
                  json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value) : NULL;

  if (JSON_NODE_HOLDS_OBJECT (cond))
    {
      JsonObject *o = json_node_get_object (cond);
      if (json_object_has_member (o, "prefix"))
        return s && g_str_has_prefix (s, json_object_get_string_member (o, "prefix"));
      if (json_object_has_member (o, "exists"))
        return json_object_get_boolean_member (o, "exists") == (value != NULL);
      if (json_object_has_member (o, "anything-but"))
        return value != NULL && !match_value (json_object_get_member (o, "anything-but"), value);
      return FALSE;
    }
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (cond) || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (json_node_get_value_type (cond) == G_TYPE_STRING)
    return s && g_str_equal (s, json_node_get_string (cond));
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return FALSE;
  return json_node_get_double (cond) == json_node_get_double (value);
}

static gboolean
match_value (JsonNode *pattern, JsonNode *value)
{
  if (JSON_NODE_HOLDS_ARRAY (pattern))
    {
      JsonArray *alts = json_node_get_array (pattern);
      for (guint i = 0; i < json_array_get_length (alts); i++)
        if (match_one (json_array_get_element (alts, i), value))
          return TRUE;
      return FALSE;
    }
  return match_one (pattern, value);
}

gboolean
_lf_pattern_match (JsonObject *pattern,
                   JsonObject *event)
{
  g_autoptr(GList) keys = json_object_get_members (pattern);

  for (GList *l = keys; l; l = l->next)
    {
      JsonNode *p = json_object_get_member (pattern, l->data);
      JsonNode *v = event ? json_object_get_member (event, l->data) : NULL;
      if (JSON_NODE_HOLDS_OBJECT (p))
        {
          if (v == NULL || !JSON_NODE_HOLDS_OBJECT (v) ||
              !_lf_pattern_match (json_node_get_object (p), json_node_get_object (v)))
            return FALSE;
        }
      else if (!match_value (p, v))
        return FALSE;
    }
  return TRUE;
}

/* ---- filters [ESM-8] -------------------------------------------------------------- */

/* What a filter sees of a message: the data key is `body` (SQS), `data` (Kinesis) or
 * `dynamodb` (DynamoDB); our messages carry their workload, key and publish number. */
static JsonObject *
filter_view (LfSim *sim, LfRtNode *source, guint32 msg)
{
  const LfMsg *m = _lf_sim_msg (sim, msg);
  JsonObject *record = json_object_new ();
  JsonObject *data = json_object_new ();
  const char *workload = "";
  g_autofree char *key = NULL;

  if (m->workload > 0)
    workload = lf_props_get_string (json_array_get_object_element (lf_scenario_get_workload (sim->scenario),
                                                                   m->workload - 1), "id", "");
  json_object_set_string_member (data, "workload", workload);
  json_object_set_int_member (data, "index", m->publish_index);
  switch (source->type)
    {
    case LF_NODE_SQS_QUEUE:
      key = g_strdup_printf ("group-%d", m->key + 1);
      json_object_set_string_member (data, "group", key);
      json_object_set_object_member (record, "body", data);
      break;
    case LF_NODE_KINESIS_STREAM:
      key = g_strdup_printf ("pk-%d", m->key + 1);
      json_object_set_string_member (record, "partitionKey", key);
      json_object_set_object_member (record, "data", data);
      break;
    default:
      key = g_strdup_printf ("item-%d", m->key + 1);
      json_object_set_string_member (data, "item", key);
      json_object_set_string_member (record, "eventName", "INSERT");
      json_object_set_object_member (record, "dynamodb", data);
      break;
    }
  return record;
}

gboolean
_lf_esm_filter_accepts (LfSim             *sim,
                        LfRtEdge          *edge,
                        const LfEsmConfig *cfg,
                        guint32            msg)
{
  g_autoptr(JsonObject) view = NULL;
  guint n = cfg->filters ? json_array_get_length (cfg->filters) : 0;

  if (n == 0)
    return TRUE;
  view = filter_view (sim, edge->from, msg);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *f = json_array_get_element (cfg->filters, i);
      JsonObject *pattern = f && JSON_NODE_HOLDS_OBJECT (f) ? json_node_get_object (f) : NULL;
      /* a filter may be the pattern itself or {"pattern": …} as the API writes it */
      if (pattern && json_object_has_member (pattern, "pattern") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (pattern, "pattern")))
        pattern = json_object_get_object_member (pattern, "pattern");
      if (pattern && _lf_pattern_match (pattern, view))
        return TRUE;
    }
  return FALSE;
}

/* ---- partial batch responses [ESM-6, ESM-7] ---------------------------------------- */

LfBatchOutcome
_lf_esm_classify (LfInvocation *inv,
                  gboolean      rbif,
                  GArray       *failed)
{
  if (inv->status == LF_STATUS_ERROR || inv->status == LF_STATUS_TIMEOUT || inv->no_state)
    return LF_BATCH_FAILED;
  if (!rbif)
    return LF_BATCH_SUCCEEDED;             /* the response is ignored */
  if (inv->bad_response)
    return LF_BATCH_FAILED;                /* invalid JSON */
  if (inv->status != LF_STATUS_PARTIAL || inv->failed == NULL || inv->failed->len == 0)
    return LF_BATCH_SUCCEEDED;             /* {}, null, [], {"batchItemFailures": []} */
  if (g_strcmp0 (inv->identifier, "valid") != 0)
    return LF_BATCH_FAILED;                /* "", null, wrong key, an id not in the batch */
  if (failed)
    g_array_append_vals (failed, inv->failed->data, inv->failed->len);
  return LF_BATCH_PARTIAL;
}

/* ---- on-failure records for streams [KIN-7, KIN-8, DDB-3] ------------------------- */

static gboolean
destination_is_fifo (LfRtNode *node)
{
  return (node->type == LF_NODE_SQS_QUEUE || node->type == LF_NODE_SNS_TOPIC) &&
         lf_props_get_bool (node->def->props, "fifo", FALSE);
}

void
_lf_esm_send_failure_record (LfSim          *sim,
                             LfRtEdge       *esm,
                             const guint32  *msgs,
                             guint           n,
                             const char     *condition,
                             gint64          approximate_invoke_count)
{
  LfRtEdge *dest = NULL;
  LfRtNode *fn = esm->to, *to;
  guint32 record;
  LfMsg *m;

  for (guint i = 0; i < sim->edges->len && dest == NULL; i++)
    {
      LfRtEdge *e = g_ptr_array_index (sim->edges, i);
      if (e->type == LF_EDGE_ON_FAILURE && e->from_edge == esm && e->to != NULL)
        dest = e;
    }
  if (dest == NULL || fn == NULL || n == 0)
    return;
  to = dest->to;
  /* a new message that describes the batch; the records themselves are not in it */
  record = _lf_sim_new_msg (sim, msgs[0]);
  m = _lf_sim_msg (sim, record);
  m->is_record = TRUE;
  m->condition = condition;
  if (destination_is_fifo (to) ||
      !_lf_sim_role_allows (sim, fn, _lf_sim_write_action (to->type), to, dest))
    {
      fn->st.destination_delivery_failures++;
      _lf_sim_discard (sim, fn->id, dest->id, &record, 1, "DestinationDeliveryFailure");
      return;
    }
  sim->dest_failure_flows++;
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_DESTINATION, sim->now);
      rec.node = to->id;
      rec.msg = record;
      rec.msgs = msgs;
      rec.n_msgs = n;
      rec.condition = condition;
      rec.count = approximate_invoke_count;
      rec.from = esm->id;
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_deliver (sim, to, record, dest, LF_ACCEPT_DESTINATION);
}

/* ---- set-up ----------------------------------------------------------------------- */

void
_lf_esm_init (LfSim    *sim,
              LfRtEdge *edge)
{
  if (edge->from == NULL || edge->to == NULL)
    return;
  if (edge->from->type == LF_NODE_SQS_QUEUE)
    _lf_sqs_esm_init (sim, edge);
  else
    _lf_stream_esm_init (sim, edge);
}

void
_lf_esm_update (LfSim    *sim,
                LfRtEdge *edge)
{
  if (edge->from == NULL || edge->to == NULL || edge->impl == NULL)
    return;
  if (edge->from->type == LF_NODE_SQS_QUEUE)
    _lf_sqs_esm_update (sim, edge);
  else
    _lf_stream_esm_update (sim, edge);
}
