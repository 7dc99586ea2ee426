/* lf-function.c: a Lambda function — admission [CONC-4], reserved and account
 * concurrency [CONC-1…3], scaling rate [CONC-5], execution environments and cold starts
 * (defaults.md), duration, timeout [LIM-1, SYNC-4] and injected faults. */
#include "lf-sim-private.h"

#include <math.h>

struct _LfFunctionRt {
  LfTime   timeout, cold_start;
  LfDist   duration;
  gint64   reserved;       /* −1: none */
  GArray  *idle;           /* LfTime each idle environment became idle, oldest first */
  gint64   environments;
  double   tokens;         /* current scaling model: new environments available */
  LfTime   tokens_at;
};

LfFunctionRt *
_lf_function_rt (LfRtNode *fn)
{
  g_assert (fn->type == LF_NODE_LAMBDA_FUNCTION);
  return fn->impl;
}

gint64
_lf_function_reserved (LfRtNode *fn)
{
  return _lf_function_rt (fn)->reserved;
}

LfTime
_lf_function_timeout (LfRtNode *fn)
{
  return _lf_function_rt (fn)->timeout;
}

gint64
_lf_async_depth (LfRtNode *fn)
{
  return fn->st.depth;   /* events in the internal queue, not running */
}

const char *
_lf_invoke_status_name (LfInvokeStatus status)
{
  static const char *names[] = { "ok", "error", "timeout", "partial" };
  return names[status];
}

static void
function_rt_free (gpointer data)
{
  LfFunctionRt *rt = data;

  g_array_unref (rt->idle);
  g_free (rt);
}

void
_lf_function_update_settings (LfSim    *sim,
                              LfRtNode *fn)
{
  LfFunctionRt *rt = fn->impl;
  JsonObject *p = fn->def->props;
  gint64 old_reserved = rt->reserved;

  rt->timeout = lf_props_get_duration (p, "timeout", LF_FUNCTION_TIMEOUT_DEFAULT);
  rt->cold_start = lf_props_get_duration (p, "cold_start", LF_COLD_START_DEFAULT);
  rt->reserved = lf_props_get_int (p, "reserved_concurrency", -1);
  rt->duration = lf_dist_constant (LF_FUNCTION_DURATION_DEFAULT);
  if (json_object_has_member (p, "duration"))
    {
      LfDist d;
      if (lf_dist_parse (json_object_get_member (p, "duration"), &d, NULL))
        rt->duration = d;
    }
  /* keep the account's sums right when reserved concurrency changes live */
  sim->reserved_total += MAX (rt->reserved, 0) - MAX (old_reserved, 0);
  if ((old_reserved < 0) != (rt->reserved < 0))
    sim->unreserved_running += rt->reserved < 0 ? fn->running : -fn->running;
}

void
_lf_function_init (LfSim    *sim,
                   LfRtNode *fn)
{
  LfFunctionRt *rt = g_new0 (LfFunctionRt, 1);

  rt->idle = g_array_new (FALSE, FALSE, sizeof (LfTime));
  rt->reserved = -1;
  rt->tokens = LF_SCALING_CURRENT_BUCKET;
  fn->impl = rt;
  fn->impl_free = function_rt_free;
  fn->accept = _lf_async_accept;
  _lf_function_update_settings (sim, fn);
}

/* ---- execution environments ------------------------------------------------------- */

static void
reap_idle (LfSim *sim, LfFunctionRt *rt)
{
  guint n = 0;

  while (n < rt->idle->len && g_array_index (rt->idle, LfTime, n) + sim->keep_warm <= sim->now)
    n++;
  if (n == 0)
    return;
  g_array_remove_range (rt->idle, 0, n);
  rt->environments -= n;
  sim->account_environments -= n;
}

static void
refill_tokens (LfSim *sim, LfFunctionRt *rt)
{
  double add = (double) (sim->now - rt->tokens_at) * LF_SCALING_CURRENT_REFILL_PER_S / 1e6;

  rt->tokens = MIN (LF_SCALING_CURRENT_BUCKET, rt->tokens + add);
  rt->tokens_at = sim->now;
}

/* CONC-5 classic: the regional cap as the function meets it */
static void
emit_scale (LfSim *sim, LfRtNode *fn, gint64 cap)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_SCALE, sim->now);
  rec.node = fn->id;
  rec.count = cap;
  _lf_sim_emit (sim, &rec);
}

/* CONC-5: may a new execution environment be created now? */
static gboolean
can_scale (LfSim *sim, LfRtNode *fn, LfFunctionRt *rt)
{
  if (!sim->classic_scaling)
    {
      refill_tokens (sim, rt);
      return rt->tokens >= 1.0;
    }
  else
    {
      gint64 cap = sim->classic_burst;
      if (sim->classic_since >= 0)
        cap += LF_SCALING_CLASSIC_STEP * ((sim->now - sim->classic_since) / LF_SCALING_CLASSIC_INTERVAL);
      if (cap != sim->classic_cap_seen && sim->classic_since >= 0)
        emit_scale (sim, fn, cap);
      sim->classic_cap_seen = cap;
      if (sim->account_running < cap)
        return TRUE;
      if (sim->classic_since < 0)
        {
          sim->classic_since = sim->now;
          emit_scale (sim, fn, cap);
        }
      return FALSE;
    }
}

/* CONC-4: the lease order, without provisioned concurrency. NULL when admitted. */
static const char *
refusal (LfSim *sim, LfRtNode *fn, LfFunctionRt *rt, gboolean *cold)
{
  if (rt->reserved >= 0 && fn->running >= rt->reserved)
    return "ReservedFunctionConcurrentInvocationLimitExceeded";
  if (rt->reserved < 0 && sim->reserved_total + sim->unreserved_running >= sim->account_concurrency)
    return "ConcurrentInvocationLimitExceeded";
  reap_idle (sim, rt);
  *cold = rt->idle->len == 0;
  if (*cold && !can_scale (sim, fn, rt))
    return "ConcurrentInvocationLimitExceeded";
  return NULL;
}

static void
take_environment (LfSim *sim, LfRtNode *fn, LfFunctionRt *rt, gboolean cold)
{
  if (cold)
    {
      rt->environments++;
      sim->account_environments++;
      if (!sim->classic_scaling)
        rt->tokens -= 1.0;
      fn->st.cold_starts++;
    }
  else
    g_array_set_size (rt->idle, rt->idle->len - 1);   /* the most recently used */
  fn->running++;
  sim->account_running++;
  if (rt->reserved < 0)
    sim->unreserved_running++;
  fn->st.max_concurrency = MAX (fn->st.max_concurrency, fn->running);
}

static void
release_environment (LfSim *sim, LfRtNode *fn, LfFunctionRt *rt)
{
  fn->running--;
  sim->account_running--;
  if (rt->reserved < 0)
    sim->unreserved_running--;
  g_array_append_val (rt->idle, sim->now);
}

/* ---- an invocation ---------------------------------------------------------------- */

void
_lf_invocation_free (LfInvocation *inv)
{
  g_array_unref (inv->msgs);
  g_clear_pointer (&inv->failed, g_array_unref);
  g_free (inv->error_message);
  g_free (inv);
}

static void
emit_throttle (LfSim *sim, LfRtNode *fn, guint32 request, const guint32 *msgs, guint n, const char *reason)
{
  LfRecord rec;

  fn->st.throttles++;
  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_THROTTLE, sim->now);
  rec.node = fn->id;
  rec.request = request;
  rec.msgs = msgs;
  rec.n_msgs = n;
  rec.reason = reason;
  _lf_sim_emit (sim, &rec);
}

/* Every active `partial` fault adds the records it matches (f fired already). */
static void
collect_partial_failures (LfSim *sim, LfRtNode *fn, LfInvocation *inv, LfRtFault *fired)
{
  const guint32 *msgs = (const guint32 *) inv->msgs->data;

  for (guint i = 0; i < inv->msgs->len; i++)
    for (guint j = 0; j < fn->faults->len; j++)
      {
        LfRtFault *f = g_ptr_array_index (fn->faults, j);
        if (f->kind == LF_FAULT_PARTIAL && (f == fired || _lf_sim_fault_active (sim, f, inv->attempt)) &&
            _lf_sim_fault_matches_msg (sim, f, msgs[i]))
          {
            g_array_append_val (inv->failed, msgs[i]);
            break;
          }
      }
}

static void
decide_outcome (LfSim *sim, LfRtNode *fn, LfFunctionRt *rt, LfInvocation *inv, LfTime *run)
{
  const guint32 *msgs = (const guint32 *) inv->msgs->data;
  guint n = inv->msgs->len;
  LfRtFault *f;
  LfTime d = lf_dist_sample (&rt->duration, &fn->rng);

  if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_SLOW, inv->attempt, msgs, n)))
    {
      double slowed = (double) d * lf_props_get_double (f->def, "factor", 2.0);
      d = slowed > (double) rt->timeout ? rt->timeout + 1 : (LfTime) llround (slowed);
    }
  inv->status = LF_STATUS_OK;
  if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_TIMEOUT, inv->attempt, msgs, n)))
    d = rt->timeout + 1;
  else if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_ERROR, inv->attempt, msgs, n)) ||
           (f = _lf_sim_fault_fires (sim, fn, LF_FAULT_POISON, inv->attempt, msgs, n)))
    {
      inv->status = LF_STATUS_ERROR;
      inv->error_type = _lf_sim_intern (sim, lf_props_get_string (f->def, "error_type", "Error"));
      inv->error_message = g_strdup (lf_props_get_string (f->def, "message", "Injected failure"));
    }
  else if (g_strcmp0 (inv->path, "esm") == 0 &&
           (f = _lf_sim_fault_fires (sim, fn, LF_FAULT_PARTIAL, inv->attempt, msgs, n)))
    {
      /* the function reports the matching records as failed items [ESM-6, ESM-7] */
      inv->status = LF_STATUS_PARTIAL;
      inv->identifier = _lf_sim_intern (sim, lf_props_get_string (f->def, "identifier", "valid"));
      inv->failed = g_array_new (FALSE, FALSE, sizeof (guint32));
      collect_partial_failures (sim, fn, inv, f);
    }
  else if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_NO_STATE, inv->attempt, msgs, n)))
    inv->no_state = TRUE;
  else if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_BAD_RESPONSE, inv->attempt, msgs, n)))
    inv->bad_response = TRUE;
  else if ((f = _lf_sim_fault_fires (sim, fn, LF_FAULT_LARGE_RESPONSE, inv->attempt, msgs, n)))
    inv->response_bytes = lf_props_get_size (f->def, "bytes", 2 * 1048576);
  inv->fault = f;
  if (d > rt->timeout)
    {
      /* SYNC-4: the handler is stopped at the configured timeout */
      d = rt->timeout;
      inv->status = LF_STATUS_TIMEOUT;
      inv->error_type = "Sandbox.Timedout";
      g_clear_pointer (&inv->error_message, g_free);
      inv->error_message = g_strdup_printf ("RequestId: r%u Error: Task timed out after %.2f seconds",
                                            inv->request, lf_time_to_seconds (rt->timeout));
    }
  *run = d;
}

static void
emit_start (LfSim *sim, LfInvocation *inv)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_INVOKE_START, sim->now);
  rec.node = inv->fn->id;
  rec.request = inv->request;
  rec.msgs = (const guint32 *) inv->msgs->data;
  rec.n_msgs = inv->msgs->len;
  rec.attempt = inv->attempt;
  rec.path = inv->path;
  rec.edge = inv->edge ? inv->edge->id : NULL;
  rec.batch = inv->batch;
  rec.shard = inv->shard;
  rec.cold = inv->cold;
  _lf_sim_emit (sim, &rec);
}

static void
emit_end (LfSim *sim, LfInvocation *inv)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_INVOKE_END, sim->now);
  rec.node = inv->fn->id;
  rec.request = inv->request;
  rec.status = _lf_invoke_status_name (inv->status);
  rec.error_type = inv->status == LF_STATUS_OK || inv->status == LF_STATUS_PARTIAL ? NULL : inv->error_type;
  if (inv->status == LF_STATUS_PARTIAL && inv->failed)
    {
      rec.msgs2 = (const guint32 *) inv->failed->data;
      rec.n_msgs2 = inv->failed->len;
    }
  _lf_sim_emit (sim, &rec);
}

/* A function's code writes to other services: `sends` edges, after a successful run. */
static void
run_sends (LfSim *sim, LfInvocation *inv)
{
  LfRtNode *fn = inv->fn;
  guint32 origin;

  if (inv->msgs->len == 0)
    return;                  /* a tumbling window's final call carries no records */
  origin = g_array_index (inv->msgs, guint32, 0);

  for (guint i = 0; i < fn->out->len; i++)
    {
      LfRtEdge *e = g_ptr_array_index (fn->out, i);
      gint64 n = e->type == LF_EDGE_SENDS ? lf_props_get_int (e->def->props, "per_invocation", 1) : 0;

      for (gint64 k = 0; k < n && e->to; k++)
        {
          guint32 child = _lf_sim_copy (sim, fn, origin, "sends");
          LfMsg *m = _lf_sim_msg (sim, child);
          m->hops = (guint16) MIN (_lf_sim_msg (sim, origin)->hops + 1, G_MAXUINT16);
          m->version = 0;          /* a new write, not the object it came from */
          if (!_lf_sim_role_allows (sim, fn, _lf_sim_write_action (e->to->type), e->to, e))
            {
              _lf_sim_discard (sim, fn->id, e->id, &child, 1, "AccessDenied");
              continue;
            }
          if (e->to->type == LF_NODE_LAMBDA_FUNCTION &&
              g_strcmp0 (lf_props_get_string (e->def->props, "invocation_type", "Event"), "RequestResponse") == 0)
            {
              _lf_sim_msg (sim, child)->holder = (guint16) (fn->index + 1);
              _lf_client_invoke_sync (sim, fn, e, child);     /* INV-1: the code waits */
            }
          else
            _lf_sim_deliver (sim, e->to, child, e, LF_ACCEPT_SENDS);
        }
    }
}

static void
invocation_end (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfInvocation *inv = a;
  LfRtNode *fn = inv->fn;
  LfFunctionRt *rt = fn->impl;

  inv->end = sim->now;
  release_environment (sim, fn, rt);
  fn->st.invocations++;
  if (inv->status == LF_STATUS_ERROR)
    fn->st.errors++;
  else if (inv->status == LF_STATUS_TIMEOUT)
    fn->st.timeouts++;
  g_array_append_val (fn->st.durations, (LfTime) { inv->end - inv->start });
  emit_end (sim, inv);
  if (inv->status == LF_STATUS_OK || inv->status == LF_STATUS_PARTIAL)
    run_sends (sim, inv);
  if (inv->done)
    inv->done (sim, inv);
  _lf_sim_untrack_free (sim, inv);
}

static LfInvocation *
invoke (LfSim          *sim,
        LfRtNode       *fn,
        const char     *path,
        LfRtEdge       *edge,
        const guint32  *msgs,
        guint           n,
        int             attempt,
        guint32         request,
        guint32         batch,
        const char     *shard,
        LfInvokeDone    done,
        gpointer        owner,
        const char    **reason)
{
  LfFunctionRt *rt = _lf_function_rt (fn);
  LfInvocation *inv;
  gboolean cold = FALSE;
  const char *why;
  LfTime run;

  if (request == 0)
    request = _lf_sim_new_request (sim);
  why = refusal (sim, fn, rt, &cold);
  if (why == NULL && _lf_sim_fault_fires (sim, fn, LF_FAULT_THROTTLE, attempt, msgs, n))
    why = "ConcurrentInvocationLimitExceeded";
  if (why != NULL)
    {
      emit_throttle (sim, fn, request, msgs, n, why);
      if (reason)
        *reason = why;
      return NULL;
    }
  inv = g_new0 (LfInvocation, 1);
  inv->request = request;
  inv->fn = fn;
  inv->path = path;
  inv->edge = edge;
  inv->msgs = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  g_array_append_vals (inv->msgs, msgs, n);
  inv->attempt = attempt;
  inv->batch = batch;
  inv->shard = shard;
  inv->cold = cold;
  inv->start = sim->now;
  inv->done = done;
  inv->owner = owner;
  take_environment (sim, fn, rt, cold);
  for (guint i = 0; i < n; i++)
    _lf_sim_set_fate (sim, msgs[i], LF_FATE_IN_FLIGHT);
  emit_start (sim, inv);
  decide_outcome (sim, fn, rt, inv, &run);
  _lf_sim_track (sim, inv, (GDestroyNotify) _lf_invocation_free);
  _lf_sim_at (sim, sim->now + (cold ? rt->cold_start : 0) + run, invocation_end, inv, NULL, 0);
  return inv;
}

LfInvocation *
_lf_function_invoke (LfSim          *sim,
                     LfRtNode       *fn,
                     const char     *path,
                     LfRtEdge       *edge,
                     const guint32  *msgs,
                     guint           n,
                     int             attempt,
                     guint32         request,
                     LfInvokeDone    done,
                     gpointer        owner,
                     const char    **reason)
{
  return invoke (sim, fn, path, edge, msgs, n, attempt, request, 0, NULL, done, owner, reason);
}

LfInvocation *
_lf_function_invoke_batch (LfSim          *sim,
                           LfRtNode       *fn,
                           LfRtEdge       *edge,
                           const guint32  *msgs,
                           guint           n,
                           int             attempt,
                           guint32         batch,
                           const char     *shard,
                           LfInvokeDone    done,
                           gpointer        owner,
                           const char    **reason)
{
  return invoke (sim, fn, "esm", edge, msgs, n, attempt, 0, batch, shard, done, owner, reason);
}
