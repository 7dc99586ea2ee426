/* lf-sim.c: one run — the clock, the event list, messages and their fates, workloads,
 * faults, roles and the trace. Each service's semantics live in core/services/. */
#include "lf-sim-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lf-error.h"

typedef struct {
  LfTraceFunc func;
  gpointer    data;
} LfSinkEntry;

typedef enum { ARRIVAL_CONSTANT, ARRIVAL_POISSON, ARRIVAL_BURST } LfArrival;

typedef struct {
  JsonObject *def;
  const char *id;
  guint       index;
  LfRtNode   *target;
  double      rate;
  LfTime      start, stop;
  gint64      count, sent, keys, bytes;
  LfArrival   arrival;
  LfRng       rng;
} LfWorkloadRt;

G_DEFINE_FINAL_TYPE (LfSim, lf_sim, G_TYPE_OBJECT)

static void build_runtime (LfSim *self);
static void clear_runtime (LfSim *self);

/* ---- messages and fates ---------------------------------------------------------- */

guint32
_lf_sim_new_msg (LfSim   *sim,
                 guint32  parent)
{
  LfMsg m = { 0 };

  if (parent)
    {
      const LfMsg *p = _lf_sim_msg (sim, parent);
      m = *p;
      m.is_record = FALSE;
      m.is_duplicate = FALSE;
      m.condition = NULL;
    }
  else
    m.key = -1;
  m.parent = parent;
  m.fate = LF_FATE_IN_FLIGHT;
  m.born = sim->now;
  g_array_append_val (sim->msgs, m);
  return sim->msgs->len;
}

void
_lf_sim_set_fate (LfSim   *sim,
                  guint32  msg,
                  LfFate   fate)
{
  _lf_sim_msg (sim, msg)->fate = fate;
}

guint32
_lf_sim_copy (LfSim      *sim,
              LfRtNode   *at,
              guint32     msg,
              const char *why)
{
  guint32 child = _lf_sim_new_msg (sim, msg);

  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_COPY, sim->now);
      rec.node = at->id;
      rec.msg = child;
      rec.parent = msg;
      rec.why = why;
      _lf_sim_emit (sim, &rec);
    }
  return child;
}

guint32
_lf_sim_notify (LfSim          *sim,
                LfRtEdge       *edge,
                guint32         parent,
                const guint32  *coalesced,
                guint           n)
{
  guint32 child = _lf_sim_new_msg (sim, parent);

  _lf_sim_set_fate (sim, parent, LF_FATE_FORWARDED);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_NOTIFY, sim->now);
      rec.edge = edge->id;
      rec.msg = child;
      rec.parent = parent;
      rec.msgs2 = coalesced;
      rec.n_msgs2 = n;
      _lf_sim_emit (sim, &rec);
    }
  return child;
}

void
_lf_sim_discard (LfSim          *sim,
                 const char     *node,
                 const char     *edge,
                 const guint32  *msgs,
                 guint           n,
                 const char     *reason)
{
  for (guint i = 0; i < n; i++)
    _lf_sim_set_fate (sim, msgs[i], LF_FATE_DISCARDED);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_DISCARD, sim->now);
      rec.node = node;
      rec.edge = edge;
      rec.msgs = msgs;
      rec.n_msgs = n;
      rec.reason = reason;
      _lf_sim_emit (sim, &rec);
    }
}

void
_lf_sim_deliver (LfSim       *sim,
                 LfRtNode    *to,
                 guint32      msg,
                 LfRtEdge    *via,
                 LfAcceptHow  how)
{
  LfMsg *m = _lf_sim_msg (sim, msg);

  g_assert (to->accept != NULL);
  m->sender = via && via->from ? (guint16) (via->from->index + 1) : m->holder;
  m->holder = (guint16) (to->index + 1);
  if (via && (how == LF_ACCEPT_DLQ ||
              (how == LF_ACCEPT_DESTINATION && via->type == LF_EDGE_ON_FAILURE)))
    {
      LfRtNode *from = via->from ? via->from : via->from_edge ? via->from_edge->to : NULL;
      to->st.dead_letters_in++;
      if (from)
        from->st.dead_letters_out++;
    }
  to->accept (sim, to, msg, via, how);
}

void
lf_sim_count_messages (LfSim           *self,
                       LfMessageCounts *counts)
{
  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < self->msgs->len; i++)
    {
      const LfMsg *m = &g_array_index (self->msgs, LfMsg, i);
      if (m->parent)
        counts->copies++;
      else
        counts->published++;
      if (m->fate < LF_N_FATES)
        counts->fates[m->fate]++;
      else
        counts->lost++;
    }
  counts->dlq = self->dlq_flows;
  counts->destination_success = self->dest_success_flows;
  counts->destination_failure = self->dest_failure_flows;
}

/* ---- trace ------------------------------------------------------------------------ */

void
_lf_sim_emit (LfSim    *sim,
              LfRecord *rec)
{
  rec->seq = ++sim->trace_seq;
  for (guint i = 0; i < sim->sinks->len; i++)
    {
      LfSinkEntry *s = &g_array_index (sim->sinks, LfSinkEntry, i);
      s->func (rec, s->data);
    }
  if (sim->trace_stream)
    {
      g_string_truncate (sim->line, 0);
      lf_record_to_json (rec, sim->line);
      g_string_append_c (sim->line, '\n');
      fwrite (sim->line->str, 1, sim->line->len, sim->trace_stream);
    }
}

void
lf_sim_add_trace_func (LfSim       *self,
                       LfTraceFunc  func,
                       gpointer     user_data)
{
  LfSinkEntry e = { func, user_data };

  g_return_if_fail (LF_IS_SIM (self));
  g_array_append_val (self->sinks, e);
}

void
lf_sim_remove_trace_func (LfSim       *self,
                          LfTraceFunc  func,
                          gpointer     user_data)
{
  g_return_if_fail (LF_IS_SIM (self));
  for (guint i = 0; i < self->sinks->len; i++)
    {
      LfSinkEntry *s = &g_array_index (self->sinks, LfSinkEntry, i);
      if (s->func == func && s->data == user_data)
        {
          g_array_remove_index (self->sinks, i);
          return;
        }
    }
}

void
lf_sim_set_trace_stream (LfSim *self,
                         FILE  *stream)
{
  g_return_if_fail (LF_IS_SIM (self));
  self->trace_stream = stream;
}

/* ---- small helpers ---------------------------------------------------------------- */

void
_lf_sim_at (LfSim       *sim,
            LfTime       t,
            LfEventFunc  func,
            gpointer     a,
            gpointer     b,
            guint64      tag)
{
  lf_scheduler_push (&sim->sched, MAX (t, sim->now), func, a, b, tag);
}

LfRtNode *
_lf_sim_node (LfSim      *sim,
              const char *id)
{
  return id ? g_hash_table_lookup (sim->node_by_id, id) : NULL;
}

LfRtEdge *
_lf_sim_first_out (LfRtNode   *node,
                   LfEdgeType  type)
{
  for (guint i = 0; i < node->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (node->out, i);
      if (e->type == type)
        return e;
    }
  return NULL;
}

const char *
_lf_sim_intern (LfSim      *sim,
                const char *s)
{
  return s ? g_string_chunk_insert_const (sim->strings, s) : NULL;
}

void
_lf_sim_track (LfSim          *sim,
               gpointer        object,
               GDestroyNotify  free_func)
{
  g_hash_table_insert (sim->live, object, free_func);
}

void
_lf_sim_untrack_free (LfSim    *sim,
                      gpointer  object)
{
  GDestroyNotify free_func = g_hash_table_lookup (sim->live, object);

  g_hash_table_remove (sim->live, object);
  if (free_func)
    free_func (object);
}

static void
free_live (LfSim *self)
{
  GHashTableIter iter;
  gpointer object, free_func;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &object, &free_func))
    ((GDestroyNotify) free_func) (object);
  g_hash_table_remove_all (self->live);
}

guint32
_lf_sim_new_request (LfSim *sim)
{
  return ++sim->next_request;
}

LfTime
_lf_sim_jitter (LfSim  *sim,
                LfTime  nominal)
{
  if (sim->jitter <= 0.0)
    return nominal;
  return nominal + (LfTime) llround ((double) nominal * sim->jitter * lf_rng_double (&sim->rng));
}

void
_lf_stats_gauge (LfRtNode *node,
                 gint64    delta)
{
  node->st.depth += delta;
  if (node->st.depth > node->st.max_depth)
    node->st.max_depth = node->st.depth;
}

static int
cmp_time (gconstpointer a, gconstpointer b)
{
  LfTime x = *(const LfTime *) a, y = *(const LfTime *) b;
  return x < y ? -1 : x > y;
}

gint64
_lf_stats_percentile (LfStats *st,
                      double   p)
{
  gsize n = st->durations ? st->durations->len : 0, rank;

  if (n == 0)
    return 0;
  g_array_sort (st->durations, cmp_time);
  rank = (gsize) ceil (p / 100.0 * (double) n);    /* nearest rank */
  rank = CLAMP (rank, 1, n);
  return g_array_index (st->durations, LfTime, rank - 1);
}

/* ---- faults ----------------------------------------------------------------------- */

static const char *fault_kind_names[LF_N_FAULT_KINDS] = {
  "error", "timeout", "throttle", "poison", "partial", "bad_response", "large_response",
  "no_state", "slow", "deny", "duplicate",
};

gboolean
_lf_sim_fault_active (LfSim *sim, LfRtFault *f, int attempt)
{
  if (sim->now < f->start || sim->now >= f->stop)
    return FALSE;
  if (attempt >= 1 && f->attempts->len > 0)
    {
      for (guint i = 0; i < f->attempts->len; i++)
        if (g_array_index (f->attempts, int, i) == attempt)
          return TRUE;
      return FALSE;
    }
  return TRUE;
}

gboolean
_lf_sim_fault_matches_msg (LfSim     *sim,
                           LfRtFault *fault,
                           guint32    msg)
{
  JsonObject *match;
  const LfMsg *m = _lf_sim_msg (sim, msg);
  const char *prefix = NULL;
  g_autofree char *name = NULL;

  if (!json_object_has_member (fault->def, "match"))
    return TRUE;
  match = json_object_get_object_member (fault->def, "match");
  if (match == NULL)
    return TRUE;
  if (json_object_has_member (match, "index"))
    return m->publish_index == (guint32) json_object_get_int_member (match, "index");
  if (json_object_has_member (match, "partition_key"))
    prefix = "partition_key", name = g_strdup_printf ("pk-%d", m->key + 1);
  else if (json_object_has_member (match, "message_group"))
    prefix = "message_group", name = g_strdup_printf ("group-%d", m->key + 1);
  else if (json_object_has_member (match, "key"))
    prefix = "key", name = g_strdup_printf ("object-%d", m->key + 1);
  else if (json_object_has_member (match, "item"))
    prefix = "item", name = g_strdup_printf ("item-%d", m->key + 1);
  if (prefix == NULL)
    return TRUE;
  return m->key >= 0 && g_strcmp0 (json_object_get_string_member_with_default (match, prefix, ""), name) == 0;
}

LfRtFault *
_lf_sim_fault_fires (LfSim          *sim,
                     LfRtNode       *node,
                     LfFaultKind     kind,
                     int             attempt,
                     const guint32  *msgs,
                     guint           n)
{
  for (guint i = 0; node->faults && i < node->faults->len; i++)
    {
      LfRtFault *f = g_ptr_array_index (node->faults, i);
      gboolean hit = (n == 0);

      if (f->kind != kind || !_lf_sim_fault_active (sim, f, attempt))
        continue;
      for (guint j = 0; j < n && !hit; j++)
        hit = _lf_sim_fault_matches_msg (sim, f, msgs[j]);
      if (!hit || !lf_rng_chance (&f->rng, f->probability))
        continue;
      if (_lf_sim_tracing (sim))
        {
          LfRecord rec;
          lf_record_init (&rec, LF_REC_FAULT, sim->now);
          rec.node = node->id;
          rec.fault_kind = f->kind_name;
          rec.msgs = msgs;
          rec.n_msgs = n;
          _lf_sim_emit (sim, &rec);
        }
      return f;
    }
  return NULL;
}

void
_lf_sim_maybe_duplicate (LfSim       *sim,
                         LfRtNode    *node,
                         guint32      msg,
                         LfRtEdge    *via,
                         LfAcceptHow  how)
{
  guint32 copy;

  if (node->faults == NULL || _lf_sim_msg (sim, msg)->is_duplicate ||
      !_lf_sim_fault_fires (sim, node, LF_FAULT_DUPLICATE, -1, &msg, 1))
    return;
  copy = _lf_sim_copy (sim, node, msg, "duplicate");
  _lf_sim_msg (sim, copy)->is_duplicate = TRUE;
  _lf_sim_deliver (sim, node, copy, via, how);
}

/* ---- roles [ASYNC-13, scenario-format.md "Roles"] ---------------------------------- */

const char *
_lf_sim_write_action (LfNodeType target)
{
  switch (target)
    {
    case LF_NODE_SQS_QUEUE: return "sqs:SendMessage";
    case LF_NODE_SNS_TOPIC: return "sns:Publish";
    case LF_NODE_LAMBDA_FUNCTION: return "lambda:InvokeFunction";
    case LF_NODE_EVENTBRIDGE_BUS: return "events:PutEvents";
    case LF_NODE_S3_BUCKET: return "s3:PutObject";
    case LF_NODE_KINESIS_STREAM: return "kinesis:PutRecord";
    case LF_NODE_DYNAMODB_TABLE: return "dynamodb:PutItem";
    default: return "execute-api:Invoke";
    }
}

static const struct {
  const char *policy;
  const char *actions;
} managed_policies[] = {
  { "AWSLambdaBasicExecutionRole", "logs:CreateLogGroup logs:CreateLogStream logs:PutLogEvents" },
  { "AWSLambdaSQSQueueExecutionRole", "sqs:ReceiveMessage sqs:DeleteMessage sqs:GetQueueAttributes" },
  { "AWSLambdaKinesisExecutionRole", "kinesis:GetRecords kinesis:GetShardIterator kinesis:DescribeStream "
    "kinesis:DescribeStreamSummary kinesis:ListShards kinesis:ListStreams kinesis:SubscribeToShard" },
  { "AWSLambdaDynamoDBExecutionRole", "dynamodb:GetRecords dynamodb:GetShardIterator "
    "dynamodb:DescribeStream dynamodb:ListStreams" },
  { "AWSLambdaVPCAccessExecutionRole", "" },
  { "AWSXRayDaemonWriteAccess", "" },
};

static gboolean
word_in (const char *list, const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (list, word); p; p = strstr (p + 1, word))
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return TRUE;
  return FALSE;
}

static gboolean
role_grants (LfRole *role, const char *action, const char *resource)
{
  for (guint i = 0; role->managed_policies && role->managed_policies[i]; i++)
    for (guint j = 0; j < G_N_ELEMENTS (managed_policies); j++)
      if (g_strcmp0 (role->managed_policies[i], managed_policies[j].policy) == 0 &&
          word_in (managed_policies[j].actions, action))
        return TRUE;
  for (guint i = 0; role->allow && i < role->allow->len; i++)
    {
      LfAllow *a = g_ptr_array_index (role->allow, i);
      if ((g_strcmp0 (a->action, action) == 0 || g_strcmp0 (a->action, "*") == 0) &&
          (g_strcmp0 (a->resource, "*") == 0 || g_strcmp0 (a->resource, resource) == 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
deny_fault_active (LfSim *sim, LfRtNode *fn, const char *action)
{
  for (guint i = 0; fn->faults && i < fn->faults->len; i++)
    {
      LfRtFault *f = g_ptr_array_index (fn->faults, i);
      if (f->kind == LF_FAULT_DENY && _lf_sim_fault_active (sim, f, -1) &&
          g_strcmp0 (json_object_get_string_member_with_default (f->def, "action", ""), action) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
_lf_sim_role_allows (LfSim      *sim,
                     LfRtNode   *fn,
                     const char *action,
                     LfRtNode   *resource,
                     LfRtEdge   *edge)
{
  const char *role_id = lf_props_get_string (fn->def->props, "role", NULL);
  LfRole *role = role_id ? lf_scenario_find_role (sim->scenario, role_id) : NULL;
  gboolean ok = TRUE;

  /* No named role: the automatic role grants exactly what the edges need. */
  if (role != NULL)
    ok = role_grants (role, action, resource ? resource->id : "*");
  if (ok && deny_fault_active (sim, fn, action))
    ok = FALSE;
  if (!ok && _lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_DENIED, sim->now);
      rec.node = fn->id;
      rec.edge = edge ? edge->id : NULL;
      rec.action = action;
      rec.resource = resource ? resource->id : "*";
      _lf_sim_emit (sim, &rec);
    }
  return ok;
}

/* ---- workloads -------------------------------------------------------------------- */

static gint64
workload_keys (LfWorkloadRt *w)
{
  JsonObject *d = w->def;

  switch (w->target->type)
    {
    case LF_NODE_S3_BUCKET: return lf_props_get_int (d, "object_keys", 1000);
    case LF_NODE_KINESIS_STREAM: return lf_props_get_int (d, "partition_keys", 100);
    case LF_NODE_SQS_QUEUE: return lf_props_get_int (d, "message_groups", 1);
    case LF_NODE_DYNAMODB_TABLE: return lf_props_get_int (d, "items", 100);
    default: return 0;
    }
}

static void workload_fire (gpointer ctx, gpointer a, gpointer b, guint64 tag);

/* The time to the next arrival; LF_TIME_NEVER when there is none (rate 0, or so small
 * that it would not come in this universe). */
static LfTime
workload_gap (LfWorkloadRt *w)
{
  double gap;

  if (w->rate <= 0.0)
    return LF_TIME_NEVER;
  if (w->arrival == ARRIVAL_POISSON)
    gap = -log (1.0 - lf_rng_double (&w->rng)) / w->rate * 1e6;
  else
    gap = 1e6 / w->rate;
  return gap >= (double) LF_HOUR (24 * 365 * 100) ? LF_TIME_NEVER : (LfTime) llround (gap);
}

static LfTime
after (LfTime t, LfTime gap)
{
  return gap == LF_TIME_NEVER || t > LF_TIME_NEVER - gap ? LF_TIME_NEVER : t + gap;
}

static void
workload_publish (LfSim *sim, LfWorkloadRt *w)
{
  guint32 id = _lf_sim_new_msg (sim, 0);
  LfMsg *m = _lf_sim_msg (sim, id);

  m->publish_index = ++sim->publishes;
  m->workload = w->index + 1;
  m->key = w->keys > 0 ? (gint32) (w->sent % w->keys) : -1;
  m->bytes = w->bytes;
  m->source = _lf_sim_intern (sim, lf_props_get_string (w->def, "source", "lambdaflow.workload"));
  m->detail_type = _lf_sim_intern (sim, lf_props_get_string (w->def, "detail_type", "Event"));
  w->sent++;
  sim->now = sim->now;   /* the publish happens now */
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_PUBLISH, sim->now);
      rec.node = w->target->id;
      rec.msg = id;
      rec.workload = w->id;
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_deliver (sim, w->target, id, NULL, LF_ACCEPT_PUBLISH);
}

static gboolean
workload_more (LfWorkloadRt *w, LfTime next)
{
  return (w->count < 0 || w->sent < w->count) && next < w->stop && next != LF_TIME_NEVER;
}

static void
workload_fire (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfWorkloadRt *w = a;
  LfTime next;

  if (w->arrival == ARRIVAL_BURST)
    {
      while (w->count < 0 ? w->sent < 1 : w->sent < w->count)
        workload_publish (sim, w);
      return;
    }
  workload_publish (sim, w);
  next = after (sim->now, workload_gap (w));
  if (workload_more (w, next))
    _lf_sim_at (sim, next, workload_fire, w, NULL, 0);
}

static void
workload_init (LfSim *sim, JsonObject *def, guint index)
{
  LfWorkloadRt *w = g_new0 (LfWorkloadRt, 1);
  const char *arrival = lf_props_get_string (def, "arrival", "constant");

  w->def = def;
  w->id = _lf_sim_intern (sim, lf_props_get_string (def, "id", "workload"));
  w->index = index;
  w->target = _lf_sim_node (sim, lf_props_get_string (def, "target", NULL));
  w->rate = lf_props_get_rate (def, "rate", 0.0);
  w->start = lf_props_get_duration (def, "start", 0);
  w->stop = lf_props_get_duration (def, "stop", LF_TIME_NEVER);
  w->count = lf_props_get_int (def, "count", -1);
  w->bytes = lf_props_get_size (def, "payload_bytes", 1024);
  w->arrival = g_str_equal (arrival, "poisson") ? ARRIVAL_POISSON :
               g_str_equal (arrival, "burst") ? ARRIVAL_BURST : ARRIVAL_CONSTANT;
  if (w->arrival != ARRIVAL_BURST && w->rate <= 0.0 && w->count > 0)
    w->arrival = ARRIVAL_BURST;   /* a count with no rate arrives at once */
  lf_rng_init (&w->rng, sim->seed, w->id);
  g_ptr_array_add (sim->workloads, w);
  if (w->target == NULL)
    return;
  w->keys = workload_keys (w);
  if (w->arrival == ARRIVAL_POISSON)
    w->start = after (w->start, workload_gap (w));
  if (w->arrival != ARRIVAL_BURST && w->rate <= 0.0)
    return;                           /* "0/s": no traffic */
  if (w->count != 0 && w->start < w->stop)
    _lf_sim_at (sim, w->start, workload_fire, w, NULL, 0);
}

/* ---- faults at load --------------------------------------------------------------- */

static void
fault_free (LfRtFault *f)
{
  g_array_unref (f->attempts);
  g_free (f);
}

static void
fault_init (LfSim *sim, JsonObject *def)
{
  LfRtFault *f = g_new0 (LfRtFault, 1);
  const char *kind = lf_props_get_string (def, "kind", "");
  JsonArray *attempts = json_object_has_member (def, "attempts") ?
                        json_object_get_array_member (def, "attempts") : NULL;

  f->def = def;
  f->id = _lf_sim_intern (sim, lf_props_get_string (def, "id", "fault"));
  f->kind = LF_N_FAULT_KINDS;
  for (guint i = 0; i < LF_N_FAULT_KINDS; i++)
    if (g_str_equal (kind, fault_kind_names[i]))
      f->kind = (LfFaultKind) i;
  f->kind_name = f->kind < LF_N_FAULT_KINDS ? fault_kind_names[f->kind] : "unknown";
  f->target = _lf_sim_node (sim, lf_props_get_string (def, "target", NULL));
  f->probability = lf_props_get_double (def, "probability", 1.0);
  f->start = lf_props_get_duration (def, "start", 0);
  f->stop = lf_props_get_duration (def, "stop", LF_TIME_NEVER);
  f->attempts = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; attempts && i < json_array_get_length (attempts); i++)
    {
      int a = (int) json_array_get_int_element (attempts, i);
      g_array_append_val (f->attempts, a);
    }
  lf_rng_init (&f->rng, sim->seed, f->id);
  g_ptr_array_add (sim->faults, f);
  if (f->target != NULL && f->kind < LF_N_FAULT_KINDS)
    {
      if (f->target->faults == NULL)
        f->target->faults = g_ptr_array_new ();
      g_ptr_array_add (f->target->faults, f);
    }
}

/* ---- runtime construction --------------------------------------------------------- */

static void
node_free (LfRtNode *node)
{
  if (node->impl_free && node->impl)
    node->impl_free (node->impl);
  g_clear_pointer (&node->out, g_ptr_array_unref);
  g_clear_pointer (&node->in, g_ptr_array_unref);
  g_clear_pointer (&node->faults, g_ptr_array_unref);
  g_clear_pointer (&node->st.durations, g_array_unref);
  g_free (node);
}

static void
edge_free (LfRtEdge *edge)
{
  g_clear_pointer (&edge->st.durations, g_array_unref);
  g_free (edge);
}

static void
read_settings (LfSim *sim)
{
  JsonObject *s = lf_scenario_get_settings (sim->scenario);
  const char *region;

  sim->account_concurrency = lf_props_get_int (s, "account_concurrency", LF_ACCOUNT_CONCURRENCY_DEFAULT);
  sim->classic_scaling = g_strcmp0 (lf_props_get_string (s, "scaling_model", "current"), "classic") == 0;
  sim->classic_sqs_scaling = g_strcmp0 (lf_props_get_string (s, "sqs_scaling_model", "current"), "classic") == 0;
  sim->recursion_guard = lf_props_get_bool (s, "recursion_guard", TRUE);
  sim->keep_warm = lf_props_get_duration (s, "keep_warm", LF_KEEP_WARM_DEFAULT);
  sim->jitter = lf_props_get_double (s, "jitter", 0.0);
  sim->async_payload_limit = lf_props_get_size (s, "async_payload_limit", LF_ASYNC_PAYLOAD_LIMIT);
  region = lf_props_get_string (s, "region", "us-east-1");
  sim->region = _lf_sim_intern (sim, region);
  /* CONC-5 classic burst by Region */
  if (g_str_equal (region, "us-east-1") || g_str_equal (region, "us-west-2") || g_str_equal (region, "eu-west-1"))
    sim->classic_burst = 3000;
  else if (g_str_equal (region, "ap-northeast-1") || g_str_equal (region, "eu-central-1") || g_str_equal (region, "us-east-2"))
    sim->classic_burst = 1000;
  else
    sim->classic_burst = 500;
}

static void
init_node (LfSim *sim, LfRtNode *node)
{
  switch (node->type)
    {
    case LF_NODE_LAMBDA_FUNCTION:
      _lf_function_init (sim, node);
      break;
    case LF_NODE_CLIENT:
      _lf_client_init (sim, node);
      break;
    case LF_NODE_API_GATEWAY:
    case LF_NODE_ALB:
      _lf_http_init (sim, node);
      break;
    case LF_NODE_SQS_QUEUE:
      _lf_sqs_init (sim, node);
      break;
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE:
      _lf_stream_init (sim, node);
      break;
    default:
      _lf_sources_init (sim, node);
      break;
    }
}

static void
build_runtime (LfSim *self)
{
  GPtrArray *nodes = lf_scenario_get_nodes (self->scenario);
  GPtrArray *edges = lf_scenario_get_edges (self->scenario);
  JsonArray *workload = lf_scenario_get_workload (self->scenario);
  JsonArray *faults = lf_scenario_get_faults (self->scenario);

  self->seed = lf_scenario_get_seed (self->scenario);
  lf_rng_init (&self->rng, self->seed, "sim");
  read_settings (self);
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *def = g_ptr_array_index (nodes, i);
      LfRtNode *n = g_new0 (LfRtNode, 1);
      n->sim = self;
      n->def = def;
      n->id = _lf_sim_intern (self, def->id);
      n->type = def->type;
      n->index = i;
      n->out = g_ptr_array_new ();
      n->in = g_ptr_array_new ();
      n->st.durations = g_array_new (FALSE, FALSE, sizeof (LfTime));
      lf_rng_init (&n->rng, self->seed, def->id);
      g_ptr_array_add (self->nodes, n);
      g_hash_table_insert (self->node_by_id, (gpointer) n->id, n);
    }
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *def = g_ptr_array_index (edges, i);
      LfRtEdge *e = g_new0 (LfRtEdge, 1);
      e->def = def;
      e->id = _lf_sim_intern (self, def->id);
      e->type = def->type;
      g_ptr_array_add (self->edges, e);
      g_hash_table_insert (self->edge_by_id, (gpointer) e->id, e);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (self->edges, i);
      e->from = _lf_sim_node (self, e->def->from);
      e->from_edge = e->from ? NULL : g_hash_table_lookup (self->edge_by_id, e->def->from);
      e->to = _lf_sim_node (self, e->def->to);
      if (e->from)
        g_ptr_array_add (e->from->out, e);
      if (e->to)
        g_ptr_array_add (e->to->in, e);
    }
  for (guint i = 0; i < json_array_get_length (faults); i++)
    fault_init (self, json_array_get_object_element (faults, i));
  for (guint i = 0; i < self->nodes->len; i++)
    init_node (self, g_ptr_array_index (self->nodes, i));
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (self->edges, i);
      if (e->type == LF_EDGE_EVENT_SOURCE_MAPPING)
        _lf_esm_init (self, e);
    }
  for (guint i = 0; i < json_array_get_length (workload); i++)
    workload_init (self, json_array_get_object_element (workload, i), i);
}

static void
clear_runtime (LfSim *self)
{
  lf_scheduler_clear (&self->sched);
  free_live (self);
  g_ptr_array_set_size (self->workloads, 0);
  g_ptr_array_set_size (self->faults, 0);
  g_ptr_array_set_size (self->nodes, 0);
  g_ptr_array_set_size (self->edges, 0);
  g_ptr_array_set_size (self->series, 0);
  g_hash_table_remove_all (self->node_by_id);
  g_hash_table_remove_all (self->edge_by_id);
  g_hash_table_remove_all (self->series_by_key);
  g_array_set_size (self->msgs, 0);
  self->now = 0;
  self->events = 0;
  self->trace_seq = 0;
  self->next_request = self->next_batch = self->publishes = 0;
  self->account_running = self->account_environments = 0;
  self->reserved_total = self->unreserved_running = 0;
  self->classic_since = -1;
  self->classic_cap_seen = 0;
  self->next_sample = 0;
  self->dlq_flows = self->dest_success_flows = self->dest_failure_flows = 0;
}

/* ---- series (charts) -------------------------------------------------------------- */

static void
take_samples (LfSim *self)
{
  /* Samples due before now are taken with the state they had then: no event ran since. */
  while (self->next_sample <= self->now && self->series_interval > 0)
    {
      for (guint i = 0; i < self->series->len; i++)
        {
          LfSeries *s = g_ptr_array_index (self->series, i);
          LfSample sample = { self->next_sample, s->source ? *s->source : s->compute (self, s, self->next_sample) };
          g_array_append_val (s->samples, sample);
        }
      self->next_sample += self->series_interval;
    }
}

static void
series_free (LfSeries *s)
{
  g_array_unref (s->samples);
  g_free (s);
}

static LfSeries *
add_series (LfSim *self, const char *id, const char *metric, gint64 *source)
{
  LfSeries *s = g_new0 (LfSeries, 1);

  s->name = metric;
  s->samples = g_array_new (FALSE, FALSE, sizeof (LfSample));
  s->source = source;
  g_ptr_array_add (self->series, s);
  g_hash_table_insert (self->series_by_key, g_strdup_printf ("%s\n%s", id, metric), s);
  return s;
}

static void
add_computed_series (LfSim *self, const char *id, const char *metric,
                     gint64 (*compute) (LfSim *, LfSeries *, LfTime), gpointer object)
{
  LfSeries *s = add_series (self, id, metric, NULL);

  s->compute = compute;
  s->object = object;
}

static gint64
compute_age_of_oldest (LfSim *self, LfSeries *s, LfTime t)
{
  return _lf_sqs_age_of_oldest (s->object, t);
}

static gboolean
reads_stream (LfRtEdge *e)
{
  return e->type == LF_EDGE_EVENT_SOURCE_MAPPING && e->from &&
         (e->from->type == LF_NODE_KINESIS_STREAM || e->from->type == LF_NODE_DYNAMODB_TABLE);
}

static gint64
compute_edge_iterator_age (LfSim *self, LfSeries *s, LfTime t)
{
  return _lf_stream_esm_iterator_age (s->object);
}

/* A function's IteratorAge: the largest of the stream mappings it is invoked by. */
static gint64
compute_function_iterator_age (LfSim *self, LfSeries *s, LfTime t)
{
  LfRtNode *fn = s->object;
  LfTime age = 0;

  for (guint i = 0; i < fn->in->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (fn->in, i);
      if (reads_stream (e))
        age = MAX (age, _lf_stream_esm_iterator_age (e));
    }
  return age;
}

static void
register_series (LfSim *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfRtNode *n = g_ptr_array_index (self->nodes, i);
      gboolean stream_fed = FALSE;

      if (n->type == LF_NODE_LAMBDA_FUNCTION)
        {
          add_series (self, n->id, "concurrency", &n->running);
          add_series (self, n->id, "invocations", (gint64 *) &n->st.invocations);
          add_series (self, n->id, "errors", (gint64 *) &n->st.errors);
          add_series (self, n->id, "throttles", (gint64 *) &n->st.throttles);
          for (guint j = 0; j < n->in->len; j++)
            stream_fed |= reads_stream (g_ptr_array_index (n->in, j));
          if (stream_fed)
            add_computed_series (self, n->id, "iterator_age", compute_function_iterator_age, n);
        }
      else
        add_series (self, n->id, "depth", &n->st.depth);
      if (n->type == LF_NODE_SQS_QUEUE)
        add_computed_series (self, n->id, "age_of_oldest", compute_age_of_oldest, n);
      if (n->type == LF_NODE_LAMBDA_FUNCTION || n->type == LF_NODE_SQS_QUEUE)
        add_series (self, n->id, "dlq", &n->st.dead_letters_out);
      for (guint j = 0; j < n->in->len; j++)
        {
          LfRtEdge *e = g_ptr_array_index (n->in, j);
          if (e->type == LF_EDGE_DLQ || e->type == LF_EDGE_REDRIVE || e->type == LF_EDGE_ON_FAILURE)
            {
              add_series (self, n->id, "dlq_received", &n->st.dead_letters_in);
              break;
            }
        }
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (self->edges, i);
      if (reads_stream (e))
        add_computed_series (self, e->id, "iterator_age", compute_edge_iterator_age, e);
    }
}

const GArray *
lf_sim_get_series (LfSim      *self,
                   const char *node_id,
                   const char *metric)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", node_id, metric);
  LfSeries *s = g_hash_table_lookup (self->series_by_key, key);

  return s ? s->samples : NULL;
}

void
lf_sim_set_series_interval (LfSim  *self,
                            LfTime  interval)
{
  self->series_interval = interval;
}

/* ---- public API ------------------------------------------------------------------- */

LfSim *
lf_sim_new (LfScenario  *scenario,
            GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *data = NULL;
  g_autoptr(LfScenario) copy = NULL;
  LfSim *self;
  gsize len;

  g_return_val_if_fail (LF_IS_SCENARIO (scenario), NULL);
  problems = lf_scenario_validate (scenario);
  if (lf_problems_have_errors (problems))
    {
      for (guint i = 0; i < problems->len; i++)
        {
          LfProblem *p = g_ptr_array_index (problems, i);
          if (p->severity == LF_SEVERITY_ERROR)
            {
              g_set_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO,
                           "%s: %s", p->path, p->message);
              break;
            }
        }
      return NULL;
    }
  data = lf_scenario_to_data (scenario, &len);
  copy = lf_scenario_load_from_data (data, (gssize) len, NULL, NULL, error);
  if (copy == NULL)
    return NULL;
  self = g_object_new (LF_TYPE_SIM, NULL);
  self->scenario = g_steal_pointer (&copy);
  build_runtime (self);
  register_series (self);
  return self;
}

LfScenario *
lf_sim_get_scenario (LfSim *self)
{
  return self->scenario;
}

LfTime
lf_sim_get_now (LfSim *self)
{
  return self->now;
}

guint64
lf_sim_get_events (LfSim *self)
{
  return self->events;
}

LfTime
lf_sim_next_event_time (LfSim *self)
{
  return lf_scheduler_peek_time (&self->sched);
}

static inline void
dispatch (LfSim *self, const LfEvent *ev)
{
  self->now = ev->time;
  if (self->series_interval > 0 && self->next_sample <= self->now)
    take_samples (self);
  self->events++;
  ev->func (self, ev->a, ev->b, ev->tag);
}

guint64
lf_sim_run_until (LfSim   *self,
                  LfTime   t,
                  guint64  max_events)
{
  guint64 done = 0;
  LfEvent ev;

  g_return_val_if_fail (LF_IS_SIM (self), 0);
  while (lf_scheduler_peek_time (&self->sched) <= t)
    {
      if (max_events && done >= max_events)
        return done;
      lf_scheduler_pop (&self->sched, &ev);
      dispatch (self, &ev);
      done++;
    }
  if (t > self->now)
    {
      self->now = t;
      take_samples (self);
    }
  return done;
}

gboolean
lf_sim_step (LfSim *self)
{
  LfEvent ev;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  if (!lf_scheduler_pop (&self->sched, &ev))
    return FALSE;
  dispatch (self, &ev);
  return TRUE;
}

void
lf_sim_reset (LfSim *self)
{
  g_return_if_fail (LF_IS_SIM (self));
  clear_runtime (self);
  g_string_chunk_clear (self->strings);
  build_runtime (self);
  register_series (self);
}

/* The JSON text a path holds now (NULL: unset), so that a refused change can be undone. */
static char *
current_text (LfSim *self, const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *id = dot ? g_strndup (path, (gsize) (dot - path)) : NULL;
  JsonObject *obj = NULL;
  JsonArray *lists[2] = { lf_scenario_get_workload (self->scenario), lf_scenario_get_faults (self->scenario) };
  LfNode *node;
  LfEdge *edge;

  if (dot == NULL)
    return NULL;                      /* seed, duration: not live */
  if (g_str_equal (id, "settings"))
    obj = lf_scenario_get_settings (self->scenario);
  else if ((node = lf_scenario_find_node (self->scenario, id)))
    obj = node->props;
  else if ((edge = lf_scenario_find_edge (self->scenario, id)))
    obj = edge->props;
  for (guint l = 0; l < 2 && obj == NULL; l++)
    for (guint i = 0; i < json_array_get_length (lists[l]); i++)
      {
        JsonObject *o = json_array_get_object_element (lists[l], i);
        if (g_strcmp0 (json_object_get_string_member_with_default (o, "id", ""), id) == 0)
          obj = o;
      }
  if (obj == NULL || !json_object_has_member (obj, dot + 1))
    return NULL;
  return json_to_string (json_object_get_member (obj, dot + 1), FALSE);
}

gboolean
lf_sim_set (LfSim       *self,
            const char  *path,
            const char  *value,
            GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *old = NULL;

  g_return_val_if_fail (LF_IS_SIM (self), FALSE);
  old = current_text (self, path);
  if (!lf_scenario_set (self->scenario, path, value, error))
    return FALSE;
  problems = lf_scenario_validate (self->scenario);
  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_ERROR)
        {
          g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "%s: %s", p->path, p->message);
          /* refused: the run goes on with what it had */
          lf_scenario_set (self->scenario, path, old ? old : "null", NULL);
          return FALSE;
        }
    }
  /* Props are read when used, so most changes take effect at once; settings, fault
   * windows and probabilities, functions, SQS queues and event source mappings are
   * re-read here.
   * A workload's rate, count and stop, and a fault's kind, target and attempts, keep the
   * values the run started with until a reset. */
  read_settings (self);
  for (guint i = 0; i < self->faults->len; i++)
    {
      LfRtFault *f = g_ptr_array_index (self->faults, i);
      f->probability = lf_props_get_double (f->def, "probability", 1.0);
      f->start = lf_props_get_duration (f->def, "start", 0);
      f->stop = lf_props_get_duration (f->def, "stop", LF_TIME_NEVER);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfRtNode *n = g_ptr_array_index (self->nodes, i);
      if (n->type == LF_NODE_LAMBDA_FUNCTION)
        _lf_function_update_settings (self, n);
      else if (n->type == LF_NODE_SQS_QUEUE && n->impl)
        _lf_sqs_update (self, n);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (self->edges, i);
      if (e->type == LF_EDGE_EVENT_SOURCE_MAPPING)
        _lf_esm_update (self, e);
    }
  return TRUE;
}

gint64
lf_sim_node_depth (LfSim      *self,
                   const char *node_id)
{
  LfRtNode *n = _lf_sim_node (self, node_id);

  if (n == NULL)
    return 0;
  return n->type == LF_NODE_LAMBDA_FUNCTION ? _lf_async_depth (n) : n->st.depth;
}

gint64
lf_sim_node_running (LfSim      *self,
                     const char *node_id)
{
  LfRtNode *n = _lf_sim_node (self, node_id);
  return n ? n->running : 0;
}

static void
lf_sim_finalize (GObject *object)
{
  LfSim *self = (LfSim *) object;

  clear_runtime (self);
  g_ptr_array_unref (self->workloads);
  g_ptr_array_unref (self->faults);
  g_ptr_array_unref (self->nodes);
  g_ptr_array_unref (self->edges);
  g_ptr_array_unref (self->series);
  g_hash_table_unref (self->node_by_id);
  g_hash_table_unref (self->edge_by_id);
  g_hash_table_unref (self->series_by_key);
  g_array_unref (self->msgs);
  g_array_unref (self->sinks);
  g_hash_table_unref (self->live);
  g_string_free (self->line, TRUE);
  g_string_chunk_free (self->strings);
  g_clear_object (&self->scenario);
  G_OBJECT_CLASS (lf_sim_parent_class)->finalize (object);
}

static void
lf_sim_class_init (LfSimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_sim_finalize;
}

static void
lf_sim_init (LfSim *self)
{
  lf_scheduler_init (&self->sched);
  self->msgs = g_array_new (FALSE, FALSE, sizeof (LfMsg));
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->workloads = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->node_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->edge_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->series_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sinks = g_array_new (FALSE, FALSE, sizeof (LfSinkEntry));
  self->line = g_string_sized_new (256);
  self->strings = g_string_chunk_new (4096);
  self->live = g_hash_table_new (NULL, NULL);
  self->series_interval = LF_SEC (1);
  self->classic_since = -1;
}
