/* lf-client.c: a caller of the Lambda API — synchronous invokes with the SDK's retries
 * (standard 3 attempts, legacy 5, none) and asynchronous `Event` invokes [SYNC-1, INV-1]. */
#include "lf-sim-private.h"

typedef struct {
  LfRtNode *client;       /* a client node, or a function whose code calls */
  LfRtEdge *edge;
  guint32   msg;
  guint32   request;      /* the current attempt's request id */
  int       attempt;
} LfSyncCall;

static int
max_attempts (LfRtNode *client)
{
  const char *mode = lf_props_get_string (client->def->props, "retry_mode", "standard");

  if (g_str_equal (mode, "legacy"))
    return LF_SDK_LEGACY_ATTEMPTS;
  if (g_str_equal (mode, "none"))
    return 1;
  return LF_SDK_STANDARD_ATTEMPTS;
}

static void call_attempt (gpointer ctx, gpointer a, gpointer b, guint64 tag);

static void
call_done (LfSim *sim, LfInvocation *inv)
{
  LfSyncCall *call = inv->owner;

  /* SYNC-2: a function error is HTTP 200 with X-Amz-Function-Error: the SDK does not retry;
   * LIM-2: a response over 6 MB is an error too */
  if (inv->status == LF_STATUS_OK && !inv->bad_response && inv->response_bytes <= LF_SYNC_PAYLOAD_LIMIT)
    _lf_sim_set_fate (sim, call->msg, LF_FATE_SUCCEEDED);
  else
    _lf_sim_discard (sim, call->client->id, call->edge->id, &call->msg, 1, "Rejected");
  _lf_sim_untrack_free (sim, call);
}

/* defaults.md "SDK retries": delay before attempt n+1 = U(0,1) × min(20 s, 2^(n−1) s) */
static void
call_throttled (LfSim *sim, LfSyncCall *call)
{
  LfTime cap, due;

  if (call->attempt >= max_attempts (call->client))
    {
      _lf_sim_discard (sim, call->client->id, call->edge->id, &call->msg, 1, "Rejected");
      _lf_sim_untrack_free (sim, call);
      return;
    }
  cap = MIN (LF_SDK_BACKOFF_CAP, LF_SEC (1) << MIN (call->attempt - 1, 20));
  due = sim->now + (LfTime) (lf_rng_double (&call->client->rng) * (double) cap);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_RETRY, sim->now);
      rec.node = call->client->id;
      rec.request = call->request;
      rec.msgs = &call->msg;
      rec.n_msgs = 1;
      rec.due = due;
      rec.reason = "throttle";
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_set_fate (sim, call->msg, LF_FATE_IN_FLIGHT);
  _lf_sim_at (sim, due, call_attempt, call, NULL, 0);
}

static void
call_attempt (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfSyncCall *call = a;

  call->attempt++;
  call->request = _lf_sim_new_request (sim);      /* each SDK attempt is a new Invoke */
  if (_lf_function_invoke (sim, call->edge->to, "sync", call->edge, &call->msg, 1,
                           call->attempt, call->request, call_done, call, NULL) == NULL)
    call_throttled (sim, call);
}

void
_lf_client_invoke_sync (LfSim *sim, LfRtNode *client, LfRtEdge *edge, guint32 msg)
{
  LfSyncCall *call;

  /* LIM-2: a request over 6 MB is refused with 413 and not retried */
  if (_lf_sim_msg (sim, msg)->bytes > LF_SYNC_PAYLOAD_LIMIT)
    {
      _lf_sim_discard (sim, client->id, edge->id, &msg, 1, "Rejected");
      return;
    }
  call = g_new0 (LfSyncCall, 1);
  call->client = client;
  call->edge = edge;
  call->msg = msg;
  _lf_sim_track (sim, call, g_free);
  call_attempt (sim, call, NULL, 0);
}

static void
client_accept (LfSim       *sim,
               LfRtNode    *client,
               guint32      msg,
               LfRtEdge    *via,
               LfAcceptHow  how)
{
  guint n = 0;

  for (guint i = 0; i < client->out->len; i++)
    n += ((LfRtEdge *) g_ptr_array_index (client->out, i))->type == LF_EDGE_INVOKE;
  if (n == 0)
    {
      _lf_sim_discard (sim, client->id, NULL, &msg, 1, "NoTarget");
      return;
    }
  for (guint i = 0; i < client->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (client->out, i);
      guint32 m = msg;
      if (e->type != LF_EDGE_INVOKE || e->to == NULL)
        continue;
      if (n > 1)
        m = _lf_sim_copy (sim, client, msg, "fanout");
      if (g_strcmp0 (lf_props_get_string (e->def->props, "invocation_type", "RequestResponse"), "Event") == 0)
        _lf_sim_deliver (sim, e->to, m, e, LF_ACCEPT_INVOKE);
      else
        _lf_client_invoke_sync (sim, client, e, m);
    }
  if (n > 1)
    _lf_sim_set_fate (sim, msg, LF_FATE_FORWARDED);
}

void
_lf_client_init (LfSim    *sim,
                 LfRtNode *node)
{
  node->accept = client_accept;
}
