/* lf-sources.c: services that hold or hand on messages — S3 notifications [S3-1…5],
 * SNS fan-out [SNS-1], EventBridge rules [EB-1], SQS queues, Kinesis streams and
 * DynamoDB tables as data stores. Their pollers (event source mappings) read the stores. */
#include "lf-sim-private.h"

#include <string.h>

/* ---- SQS queues ------------------------------------------------------------------- */

typedef struct {
  guint32 msg;
  LfTime  sent;
} LfQueueEntry;

typedef struct {
  GQueue   entries;     /* LfQueueEntry* */
  gboolean fifo;
} LfQueueRt;

static void
queue_rt_free (gpointer data)
{
  LfQueueRt *q = data;

  g_queue_clear_full (&q->entries, g_free);
  g_free (q);
}

static void
queue_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfQueueRt *q = node->impl;
  LfQueueEntry *e = g_new0 (LfQueueEntry, 1);
  g_autofree char *group = NULL;
  const LfMsg *m = _lf_sim_msg (sim, msg);

  e->msg = msg;
  e->sent = sim->now;
  g_queue_push_tail (&q->entries, e);
  _lf_sim_set_fate (sim, msg, LF_FATE_QUEUED);
  _lf_stats_gauge (node, +1);
  if (q->fifo)
    group = g_strdup_printf ("group-%d", MAX (m->key, 0) + 1);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_ENQUEUE, sim->now);
      rec.node = node->id;
      rec.msg = msg;
      rec.group = group;
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_maybe_duplicate (sim, node, msg, via, how);
}

/* ---- Kinesis streams and DynamoDB tables ------------------------------------------ */

typedef struct {
  guint    shards;
  guint64 *next_sequence;   /* per shard */
  GArray  *records;         /* guint32 msg ids, in arrival order (all shards) */
} LfStreamRt;

static void
stream_rt_free (gpointer data)
{
  LfStreamRt *s = data;

  g_free (s->next_sequence);
  g_array_unref (s->records);
  g_free (s);
}

/* KIN-6: the partition key's MD5 picks the shard (hash ranges split evenly). */
static guint
shard_for_key (const char *key, guint shards)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;
  guint64 hi = 0;

  g_checksum_update (sum, (const guchar *) key, -1);
  g_checksum_get_digest (sum, digest, &len);
  for (int i = 0; i < 8; i++)
    hi = (hi << 8) | digest[i];
  return (guint) (((unsigned __int128) hi * shards) >> 64);
}

static void
stream_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfStreamRt *s = node->impl;
  const LfMsg *m = _lf_sim_msg (sim, msg);
  gboolean ddb = node->type == LF_NODE_DYNAMODB_TABLE;
  g_autofree char *key = g_strdup_printf (ddb ? "item-%d" : "pk-%d", MAX (m->key, 0) + 1);
  guint shard = shard_for_key (key, s->shards);
  guint64 seq = ++s->next_sequence[shard];

  g_array_append_val (s->records, msg);
  _lf_sim_set_fate (sim, msg, LF_FATE_QUEUED);
  _lf_stats_gauge (node, +1);
  if (_lf_sim_tracing (sim))
    {
      g_autofree char *shard_id = g_strdup_printf ("shardId-%012u", shard);
      g_autofree char *sequence = g_strdup_printf ("4959%04u%026" G_GUINT64_FORMAT, shard, seq);
      LfRecord rec;
      lf_record_init (&rec, LF_REC_ENQUEUE, sim->now);
      rec.node = node->id;
      rec.msg = msg;
      rec.shard = shard_id;
      rec.partition_key = key;
      rec.sequence = sequence;
      _lf_sim_emit (sim, &rec);
    }
}

/* ---- SNS topics [SNS-1] ----------------------------------------------------------- */

static void
fan_out (LfSim *sim, LfRtNode *node, guint32 msg, LfEdgeType type, const char *nobody)
{
  guint n = 0;

  for (guint i = 0; i < node->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (node->out, i);
      if (e->type == type && e->to)
        {
          guint32 child = _lf_sim_notify (sim, e, msg, NULL, 0);
          _lf_sim_deliver (sim, e->to, child, e, LF_ACCEPT_NOTIFY);
          n++;
        }
    }
  if (n == 0)
    _lf_sim_discard (sim, node->id, NULL, &msg, 1, nobody);
}

static void
topic_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  fan_out (sim, node, msg, LF_EDGE_SUBSCRIPTION, "NoSubscribers");
  _lf_sim_maybe_duplicate (sim, node, msg, via, how);
}

/* ---- EventBridge [EB-1]: rules with simple patterns -------------------------------- */

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
        {
          JsonNode *but = json_object_get_member (o, "anything-but");
          return value != NULL && !match_value (but, value);
        }
      return FALSE;
    }
  if (value == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (cond) && JSON_NODE_HOLDS_VALUE (value))
    {
      if (json_node_get_value_type (cond) == G_TYPE_STRING)
        return s && g_str_equal (s, json_node_get_string (cond));
      return json_node_get_double (cond) == json_node_get_double (value);
    }
  return FALSE;
}

/* A pattern leaf is an array of alternatives (or one literal for anything-but). */
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

static gboolean
match_object (JsonObject *pattern, JsonObject *event)
{
  g_autoptr(GList) keys = json_object_get_members (pattern);

  for (GList *l = keys; l; l = l->next)
    {
      JsonNode *p = json_object_get_member (pattern, l->data);
      JsonNode *v = event ? json_object_get_member (event, l->data) : NULL;
      if (JSON_NODE_HOLDS_OBJECT (p))
        {
          if (v == NULL || !JSON_NODE_HOLDS_OBJECT (v) ||
              !match_object (json_node_get_object (p), json_node_get_object (v)))
            return FALSE;
        }
      else if (!match_value (p, v))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
event_of (LfSim *sim, const LfMsg *m)
{
  JsonObject *ev = json_object_new ();
  JsonObject *detail = json_object_new ();

  json_object_set_string_member (ev, "source", m->source ? m->source : "lambdaflow.workload");
  json_object_set_string_member (ev, "detail-type", m->detail_type ? m->detail_type : "Event");
  json_object_set_string_member (ev, "region", sim->region);
  if (m->is_record)
    {
      JsonObject *ctx = json_object_new ();
      json_object_set_string_member (ctx, "condition", m->condition);
      json_object_set_object_member (detail, "requestContext", ctx);
    }
  json_object_set_object_member (ev, "detail", detail);
  return ev;
}

static void
bus_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  g_autoptr(JsonObject) event = event_of (sim, _lf_sim_msg (sim, msg));
  guint n = 0;

  for (guint i = 0; i < node->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (node->out, i);
      JsonObject *pattern;
      guint32 child;
      if (e->type != LF_EDGE_RULE || e->to == NULL)
        continue;
      pattern = json_object_has_member (e->def->props, "pattern") ?
                json_object_get_object_member (e->def->props, "pattern") : NULL;
      if (pattern && !match_object (pattern, event))
        continue;
      child = _lf_sim_notify (sim, e, msg, NULL, 0);
      _lf_sim_deliver (sim, e->to, child, e, LF_ACCEPT_NOTIFY);
      n++;
    }
  if (n == 0)
    _lf_sim_discard (sim, node->id, NULL, &msg, 1, "NoMatchingRule");
}

/* ---- S3 buckets [S3-1…5] ---------------------------------------------------------- */

typedef struct {
  LfRtEdge *edge;
  GArray   *msgs;         /* the PUTs this notification carries (S3-4 coalescing) */
  LfTime    first;
  gint32    key;
} LfS3Pending;

typedef struct {
  GHashTable *versions;   /* key number → latest version */
  GHashTable *pending;    /* "edge\nkey" → LfS3Pending* not yet notified (coalescing) */
} LfS3Rt;

static void
pending_free (LfS3Pending *p)
{
  g_array_unref (p->msgs);
  g_free (p);
}

static void
s3_rt_free (gpointer data)
{
  LfS3Rt *s3 = data;

  g_hash_table_unref (s3->versions);
  g_hash_table_unref (s3->pending);
  g_free (s3);
}

/* S3-5: does a notification's `events` list take ObjectCreated:Put? */
static gboolean
edge_wants_put (LfRtEdge *e)
{
  JsonArray *events = json_object_has_member (e->def->props, "events") ?
                      json_object_get_array_member (e->def->props, "events") : NULL;

  if (events == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      const char *ev = json_array_get_string_element (events, i);
      if (g_strcmp0 (ev, "s3:ObjectCreated:*") == 0 || g_strcmp0 (ev, "s3:ObjectCreated:Put") == 0 ||
          g_strcmp0 (ev, "s3:*") == 0 || g_strcmp0 (ev, "*") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
s3_notify (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfS3Pending *p = a;
  LfRtNode *bucket = p->edge->from;
  LfS3Rt *s3 = bucket->impl;
  guint32 first = g_array_index (p->msgs, guint32, 0), child;
  g_autofree char *key = NULL;

  for (guint i = 1; i < p->msgs->len; i++)
    _lf_sim_set_fate (sim, g_array_index (p->msgs, guint32, i), LF_FATE_FORWARDED);
  child = _lf_sim_notify (sim, p->edge, first, (const guint32 *) p->msgs->data + 1, p->msgs->len - 1);
  key = g_strdup_printf ("%s\n%d", p->edge->id, p->key);
  if (g_hash_table_lookup (s3->pending, key) == p)
    g_hash_table_remove (s3->pending, key);     /* later PUTs start a new notification */
  _lf_sim_deliver (sim, p->edge->to, child, p->edge, LF_ACCEPT_NOTIFY);
  _lf_sim_untrack_free (sim, p);
}

static LfTime
notification_delay (LfRtNode *bucket)
{
  LfDist d = { LF_DIST_LOGNORMAL, LF_S3_NOTIFY_MEDIAN, LF_S3_NOTIFY_P99 };

  if (json_object_has_member (bucket->def->props, "notification_delay"))
    lf_dist_parse (json_object_get_member (bucket->def->props, "notification_delay"), &d, NULL);
  return lf_dist_sample (&d, &bucket->rng);
}

static void
s3_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfS3Rt *s3 = node->impl;
  LfMsg *m = _lf_sim_msg (sim, msg);
  gboolean versioning = lf_props_get_bool (node->def->props, "versioning", FALSE);
  gboolean coalesce = !versioning && lf_props_get_bool (node->def->props, "legacy_coalescing", FALSE);
  LfTime window = lf_props_get_duration (node->def->props, "coalescing_window", LF_S3_COALESCING_WINDOW);
  guint n = 0;

  if (versioning)
    {
      guint v = GPOINTER_TO_UINT (g_hash_table_lookup (s3->versions, GINT_TO_POINTER (m->key))) + 1;
      g_hash_table_insert (s3->versions, GINT_TO_POINTER (m->key), GUINT_TO_POINTER (v));
      m->version = v;
    }
  for (guint i = 0; i < node->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (node->out, i);
      g_autofree char *key = NULL;
      LfS3Pending *p;
      if (e->type != LF_EDGE_NOTIFICATION || e->to == NULL || !edge_wants_put (e))
        continue;
      n++;
      key = g_strdup_printf ("%s\n%d", e->id, m->key);
      p = coalesce ? g_hash_table_lookup (s3->pending, key) : NULL;
      if (p && sim->now - p->first <= window)
        {
          g_array_append_val (p->msgs, msg);     /* S3-4: one notification for both */
          continue;
        }
      p = g_new0 (LfS3Pending, 1);
      p->edge = e;
      p->key = m->key;
      p->first = sim->now;
      p->msgs = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val (p->msgs, msg);
      _lf_sim_track (sim, p, (GDestroyNotify) pending_free);
      if (coalesce)
        g_hash_table_insert (s3->pending, g_steal_pointer (&key), p);
      /* with coalescing the notification waits for the window to close, so that
       * PUTs inside it can join */
      _lf_sim_at (sim, sim->now + (coalesce ? MAX (notification_delay (node), window)
                                            : notification_delay (node)),
                  s3_notify, p, NULL, 0);
    }
  /* the object is stored; with no notification that is where its story ends */
  if (n == 0)
    _lf_sim_set_fate (sim, msg, LF_FATE_SUCCEEDED);
  _lf_sim_maybe_duplicate (sim, node, msg, via, how);
}

/* ---- wiring ----------------------------------------------------------------------- */

gint64
_lf_sources_depth (LfRtNode *node)
{
  return node->st.depth;
}

void
_lf_sources_finish (LfSim *sim, LfRtNode *node)
{
  if (node->type == LF_NODE_SQS_QUEUE)
    {
      LfQueueRt *q = node->impl;
      LfQueueEntry *oldest = g_queue_peek_head (&q->entries);
      if (oldest)
        node->st.max_age_of_oldest = MAX (node->st.max_age_of_oldest, sim->now - oldest->sent);
    }
}

void
_lf_sources_init (LfSim    *sim,
                  LfRtNode *node)
{
  JsonObject *p = node->def->props;

  switch (node->type)
    {
    case LF_NODE_SQS_QUEUE:
      {
        LfQueueRt *q = g_new0 (LfQueueRt, 1);
        g_queue_init (&q->entries);
        q->fifo = lf_props_get_bool (p, "fifo", FALSE);
        node->impl = q;
        node->impl_free = queue_rt_free;
        node->accept = queue_accept;
      }
      break;
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE:
      {
        LfStreamRt *s = g_new0 (LfStreamRt, 1);
        s->shards = (guint) MAX (1, lf_props_get_int (p, node->type == LF_NODE_KINESIS_STREAM ?
                                                      "shards" : "stream_shards", 1));
        s->next_sequence = g_new0 (guint64, s->shards);
        s->records = g_array_new (FALSE, FALSE, sizeof (guint32));
        node->impl = s;
        node->impl_free = stream_rt_free;
        node->accept = stream_accept;
      }
      break;
    case LF_NODE_SNS_TOPIC:
      node->accept = topic_accept;
      break;
    case LF_NODE_EVENTBRIDGE_BUS:
      node->accept = bus_accept;
      break;
    case LF_NODE_S3_BUCKET:
      {
        LfS3Rt *s3 = g_new0 (LfS3Rt, 1);
        s3->versions = g_hash_table_new (NULL, NULL);
        s3->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        node->impl = s3;
        node->impl_free = s3_rt_free;
        node->accept = s3_accept;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}
