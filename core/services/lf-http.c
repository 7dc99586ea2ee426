/* lf-http.c: API Gateway (REST and HTTP APIs) and the Application Load Balancer as
 * synchronous callers of a function: the status the client gets [APIGW-3, APIGW-4,
 * APIGW-5, ALB-4]. API Gateway and the ALB never retry. */
#include "lf-sim-private.h"
#include "lf-events.h"
#include "lf-scenario.h"

typedef struct {
  LfRtNode *node;
  LfRtEdge *edge;
  guint32   msg;
  int       refs;       /* the invocation, and the integration-timeout timer */
  gboolean  answered;
} LfHttpCall;

static gboolean
is_alb (LfRtNode *node)
{
  return node->type == LF_NODE_ALB;
}

static void
answer (LfSim *sim, LfHttpCall *call, int status)
{
  LfRtNode *node = call->node;

  if (call->answered)
    return;
  call->answered = TRUE;
  node->st.http[CLAMP (status / 100, 0, 5)]++;
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_HTTP, sim->now);
      rec.node = node->id;
      rec.msg = call->msg;
      rec.count = status;
      _lf_sim_emit (sim, &rec);
    }
}

static void
unref_call (LfSim *sim, LfHttpCall *call)
{
  if (--call->refs == 0)
    _lf_sim_untrack_free (sim, call);
}

/* The status for a finished invocation. */
static gboolean
is_http_api (LfRtNode *node)
{
  return g_strcmp0 (lf_props_get_string (node->def->props, "api_type", "rest"), "http") == 0;
}

static int
status_for (LfHttpCall *call, LfInvocation *inv)
{
  if (inv->status != LF_STATUS_OK)
    return 502;                         /* APIGW-3, ALB-4: error, timeout */
  /* APIGW-5: an HTTP API takes valid JSON without statusCode as a 200 body;
   * REST (APIGW-2/3) and the ALB (ALB-4) answer a malformed response with 502 */
  if (inv->bad_response && !(call->node->type == LF_NODE_API_GATEWAY && is_http_api (call->node)))
    return 502;
  if (is_alb (call->node) && inv->response_bytes > LF_ALB_BODY_LIMIT)
    return 502;                         /* ALB-4: response over 1 MB */
  if (!is_alb (call->node) && inv->response_bytes > LF_SYNC_PAYLOAD_LIMIT)
    return 502;                         /* LIM-2: response over 6 MB */
  return 200;
}

static void
call_done (LfSim *sim, LfInvocation *inv)
{
  LfHttpCall *call = inv->owner;

  int status = status_for (call, inv);

  /* the caller's answer decides: a 5xx (502, or the 504 it already had) is an error */
  if (!call->answered)
    answer (sim, call, status);
  else
    status = 504;
  if (status < 500)
    _lf_sim_set_fate (sim, call->msg, LF_FATE_SUCCEEDED);
  else
    _lf_sim_discard (sim, call->node->id, call->edge->id, &call->msg, 1, "Rejected");
  unref_call (sim, call);
}

/* APIGW-4: at the integration timeout the client gets 504; the function runs on. */
static void
integration_timeout (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfHttpCall *call = a;

  answer (sim, call, 504);
  unref_call (sim, call);
}

static LfTime
integration_timeout_of (LfRtNode *node)
{
  gboolean http_api = is_http_api (node);
  LfTime t = lf_props_get_duration (node->def->props, "integration_timeout",
                                    http_api ? LF_APIGW_HTTP_TIMEOUT_MAX : LF_APIGW_REST_TIMEOUT_DEFAULT);
  return http_api ? MIN (t, LF_APIGW_HTTP_TIMEOUT_MAX) : t;
}

static void
refuse (LfSim *sim, LfRtNode *node, LfRtEdge *edge, guint32 msg, int status)
{
  LfHttpCall call = { node, edge, msg, 0, FALSE };

  answer (sim, &call, status);
  _lf_sim_discard (sim, node->id, edge ? edge->id : NULL, &msg, 1, "Rejected");
}

/* What the front answers before invoking, for the request a message's workload item
 * describes (0: forward it): the ALB refuses a WebSocket upgrade (400) and a body over
 * 1 MB (413) [ALB-4]; behind API Gateway, Lambda refuses a body over 6 MB, which the
 * client sees as 500 [LIM-2, APIGW-3]. Worked out once per workload item: the node's
 * impl maps workload index + 1 → status + 1. */
static int
request_status (LfSim *sim, LfRtNode *node, guint32 msg)
{
  const LfMsg *m = _lf_sim_msg (sim, msg);
  GHashTable *cache = node->impl;
  gpointer key = GUINT_TO_POINTER ((guint) m->workload);
  gpointer hit;
  int status = 0;

  if (m->workload == 0)
    return 0;
  if (cache == NULL)
    {
      node->impl = cache = g_hash_table_new (NULL, NULL);
      node->impl_free = (GDestroyNotify) g_hash_table_unref;
    }
  if ((hit = g_hash_table_lookup (cache, key)) != NULL)
    return GPOINTER_TO_INT (hit) - 1;
  {
    JsonArray *items = lf_scenario_get_workload (sim->scenario);
    JsonObject *w = m->workload <= json_array_get_length (items)
                    ? json_array_get_object_element (items, m->workload - 1) : NULL;
    if (w != NULL && json_object_has_member (w, "request") &&
        JSON_NODE_HOLDS_OBJECT (json_object_get_member (w, "request")))
      {
        g_autoptr(LfHttpRequest) req =
          lf_http_request_from_json (json_object_get_object_member (w, "request"), NULL);
        if (req != NULL && is_alb (node))
          status = lf_http_alb_request_check (req);
        else if (req != NULL && lf_http_request_body_size (req) > LF_SYNC_PAYLOAD_LIMIT)
          status = 500;
      }
  }
  g_hash_table_insert (cache, key, GINT_TO_POINTER (status + 1));
  return status;
}

static void
http_accept (LfSim       *sim,
             LfRtNode    *node,
             guint32      msg,
             LfRtEdge    *via,
             LfAcceptHow  how)
{
  LfRtEdge *edge = _lf_sim_first_out (node, LF_EDGE_INTEGRATION);
  LfHttpCall *call;

  if (edge == NULL || edge->to == NULL)
    {
      refuse (sim, node, NULL, msg, is_alb (node) ? 503 : 500);   /* ALB-4: no targets */
      return;
    }
  {
    int status = request_status (sim, node, msg);
    if (status == 0 && is_alb (node) && _lf_sim_msg (sim, msg)->bytes > LF_ALB_BODY_LIMIT)
      status = 413;                                               /* ALB-4 */
    if (status == 0 && !is_alb (node) && _lf_sim_msg (sim, msg)->bytes > LF_SYNC_PAYLOAD_LIMIT)
      status = 500;                                               /* LIM-2 413 → APIGW-3 500 */
    if (status != 0)
      {
        refuse (sim, node, edge, msg, status);
        return;
      }
  }
  call = g_new0 (LfHttpCall, 1);
  call->node = node;
  call->edge = edge;
  call->msg = msg;
  call->refs = 1;
  _lf_sim_track (sim, call, g_free);
  if (_lf_function_invoke (sim, edge->to, "sync", edge, &msg, 1, 1, 0, call_done, call, NULL) == NULL)
    {
      /* APIGW-3: Lambda refused the invoke → 500; ALB-4: throttled → 502 */
      answer (sim, call, is_alb (node) ? 502 : 500);
      _lf_sim_discard (sim, node->id, edge->id, &msg, 1, "Rejected");
      unref_call (sim, call);
      return;
    }
  if (!is_alb (node))
    {
      call->refs++;
      _lf_sim_at (sim, sim->now + integration_timeout_of (node), integration_timeout, call, NULL, 0);
    }
}

void
_lf_http_init (LfSim    *sim,
               LfRtNode *node)
{
  node->accept = http_accept;
}
