/* lf-sources.c: services that hand messages on — S3 notifications [S3-1…5], SNS fan-out
 * [SNS-1] and EventBridge rules [EB-1]. Queues and streams are in lf-sqs.c and lf-stream.c. */
#include "lf-sim-private.h"

#include <string.h>

/* ---- SNS topics [SNS-1] ----------------------------------------------------------- */

static const guint32 nothing_coalesced[1] = { 0 };

static void
fan_out (LfSim *sim, LfRtNode *node, guint32 msg, LfEdgeType type, const char *nobody)
{
  guint n = 0;

  for (guint i = 0; i < node->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (node->out, i);
      if (e->type == type && e->to)
        {
          guint32 child = _lf_sim_notify (sim, e, msg, nothing_coalesced, 0);
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
      if (pattern && !_lf_pattern_match (pattern, event))
        continue;
      child = _lf_sim_notify (sim, e, msg, nothing_coalesced, 0);
      _lf_sim_deliver (sim, e->to, child, e, LF_ACCEPT_NOTIFY);
      n++;
    }
  if (n == 0)
    _lf_sim_discard (sim, node->id, NULL, &msg, 1, "Filtered");   /* no rule matched */
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
  /* S3-4: only PUTs of the workload's named objects can coalesce; a record or a function's
   * write is an object of its own */
  gboolean coalesce = !versioning && m->parent == 0 && m->key >= 0 &&
                      lf_props_get_bool (node->def->props, "legacy_coalescing", FALSE);
  LfTime window = lf_props_get_duration (node->def->props, "coalescing_window", LF_S3_COALESCING_WINDOW);
  guint n = 0;

  if (versioning && !m->is_duplicate)      /* a duplicate is the same write, delivered twice */
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

void
_lf_sources_init (LfSim    *sim,
                  LfRtNode *node)
{
  switch (node->type)
    {
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
