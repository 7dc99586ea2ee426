/* lf-async.c: a function's internal event queue for asynchronous invocation —
 * 202 and queueing [ASYNC-1], retries after 60 s and 120 s from the end of the failed
 * attempt [ASYNC-2, -3], MaximumRetryAttempts and MaximumEventAge [ASYNC-4, -6], the
 * look-ahead [ASYNC-7], throttle backoff that spends no retries [ASYNC-5], zero reserved
 * concurrency [ASYNC-9], destinations [ASYNC-10…12], the DLQ [ASYNC-13] and the
 * recursion guard [ASYNC-15]. */
#include "lf-sim-private.h"

#include <math.h>

typedef struct {
  LfRtNode       *fn;
  LfRtEdge       *via;          /* the trigger edge, if any */
  guint32         msg;
  guint32         request;
  LfTime          enqueued;
  int             retries;       /* retries after function errors so far */
  int             throttles;     /* consecutive throttles */
  int             invokes;       /* attempts that ran */
  LfInvokeStatus  last_status;
  const char     *last_error_type;
  guint64         generation;
} LfAsyncEvent;

static void attempt (gpointer ctx, gpointer a, gpointer b, guint64 tag);

static LfTime
max_event_age (LfRtNode *fn)
{
  return lf_props_get_duration (fn->def->props, "max_event_age", LF_ASYNC_MAX_EVENT_AGE_DEFAULT);
}

static int
max_retry_attempts (LfRtNode *fn)
{
  return (int) lf_props_get_int (fn->def->props, "max_retry_attempts", LF_ASYNC_MAX_RETRY_DEFAULT);
}

static void
set_waiting (LfRtNode *fn, gint64 delta)
{
  _lf_stats_gauge (fn, delta);
}

/* ---- where failed and succeeded events go ----------------------------------------- */

static gboolean
is_fifo (LfRtNode *node)
{
  return (node->type == LF_NODE_SQS_QUEUE || node->type == LF_NODE_SNS_TOPIC) &&
         lf_props_get_bool (node->def->props, "fifo", FALSE);
}

/* ASYNC-10…12: an invocation record, a new message, sent to a destination. */
static void
send_record (LfSim *sim, LfAsyncEvent *ev, LfRtEdge *dest, const char *condition)
{
  gboolean success = g_str_equal (condition, "Success");
  LfRtNode *fn = ev->fn, *to = dest->to;
  guint32 record = _lf_sim_new_msg (sim, ev->msg);
  LfMsg *m = _lf_sim_msg (sim, record);

  m->is_record = TRUE;
  m->condition = condition;
  m->source = "lambda";
  m->detail_type = success ? "Lambda Function Invocation Result - Success"
                           : "Lambda Function Invocation Result - Failure";
  if (is_fifo (to) || !_lf_sim_role_allows (sim, fn, _lf_sim_write_action (to->type), to, dest))
    {
      /* ASYNC-10: the record is lost; say it was made, then why it went */
      fn->st.destination_delivery_failures++;
      if (_lf_sim_tracing (sim))
        {
          LfRecord rec;
          lf_record_init (&rec, LF_REC_COPY, sim->now);
          rec.node = fn->id;
          rec.msg = record;
          rec.parent = ev->msg;
          rec.why = "destination";
          _lf_sim_emit (sim, &rec);
        }
      _lf_sim_discard (sim, fn->id, dest->id, &record, 1, "DestinationDeliveryFailure");
      return;
    }
  if (success)
    sim->dest_success_flows++;
  else
    sim->dest_failure_flows++;
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_DESTINATION, sim->now);
      rec.node = to->id;
      rec.msg = record;
      rec.msgs = &ev->msg;
      rec.n_msgs = 1;
      rec.condition = condition;
      rec.count = ev->invokes;
      rec.from = fn->id;
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_deliver (sim, to, record, dest, LF_ACCEPT_DESTINATION);
}

/* ASYNC-13: the DLQ gets the event itself (the same message). FALSE when refused. */
static gboolean
send_to_dlq (LfSim *sim, LfAsyncEvent *ev, LfRtEdge *dlq)
{
  LfRtNode *fn = ev->fn;

  if (is_fifo (dlq->to) || !_lf_sim_role_allows (sim, fn, _lf_sim_write_action (dlq->to->type), dlq->to, dlq))
    {
      fn->st.dead_letter_errors++;
      return FALSE;
    }
  sim->dlq_flows++;
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_DLQ, sim->now);
      rec.node = dlq->to->id;
      rec.msg = ev->msg;
      rec.from = fn->id;
      _lf_sim_emit (sim, &rec);
    }
  _lf_sim_deliver (sim, dlq->to, ev->msg, dlq, LF_ACCEPT_DLQ);
  return TRUE;
}

static void
event_free (LfAsyncEvent *ev)
{
  g_free (ev);
}

static void
finish (LfSim *sim, LfAsyncEvent *ev)
{
  _lf_sim_untrack_free (sim, ev);
}

/* ASYNC-6: the event fails for good: DLQ and on-failure destination, else discarded. */
static void
fail (LfSim *sim, LfAsyncEvent *ev, const char *condition)
{
  LfRtNode *fn = ev->fn;
  LfRtEdge *dlq = _lf_sim_first_out (fn, LF_EDGE_DLQ);
  LfRtEdge *dest = _lf_sim_first_out (fn, LF_EDGE_ON_FAILURE);
  gboolean in_dlq = FALSE;
  guint32 msg = ev->msg;

  if (dest && dest->to)
    send_record (sim, ev, dest, condition);
  if (dlq && dlq->to)
    in_dlq = send_to_dlq (sim, ev, dlq);
  if (!in_dlq)
    _lf_sim_discard (sim, fn->id, NULL, &msg, 1,
                     dlq && dlq->to ? "DeadLetterError" : condition);
  finish (sim, ev);
}

static void
succeed (LfSim *sim, LfAsyncEvent *ev)
{
  LfRtEdge *dest = _lf_sim_first_out (ev->fn, LF_EDGE_ON_SUCCESS);

  _lf_sim_set_fate (sim, ev->msg, LF_FATE_SUCCEEDED);
  if (dest && dest->to)
    send_record (sim, ev, dest, "Success");
  finish (sim, ev);
}

/* ---- retries ---------------------------------------------------------------------- */

static void
emit_retry (LfSim *sim, LfAsyncEvent *ev, LfTime due, const char *reason)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_RETRY, sim->now);
  rec.node = ev->fn->id;
  rec.request = ev->request;
  rec.msgs = &ev->msg;
  rec.n_msgs = 1;
  rec.due = due;
  rec.reason = reason;
  _lf_sim_emit (sim, &rec);
}

static void
requeue (LfSim *sim, LfAsyncEvent *ev, LfTime due, const char *reason)
{
  emit_retry (sim, ev, due, reason);
  _lf_sim_set_fate (sim, ev->msg, LF_FATE_QUEUED);
  set_waiting (ev->fn, +1);
  _lf_sim_at (sim, due, attempt, ev, NULL, ++ev->generation);
}

/* ASYNC-5: throttled — back off min(2^n, 300) s without spending a retry; the event
 * expires at its maximum age if the next try would come later. */
static void
throttled (LfSim *sim, LfAsyncEvent *ev)
{
  LfTime delay, due, deadline = ev->enqueued + max_event_age (ev->fn);

  ev->throttles++;
  delay = ev->throttles > 9 ? LF_ASYNC_THROTTLE_BACKOFF_MAX
                            : MIN (LF_SEC (1) << (ev->throttles - 1), LF_ASYNC_THROTTLE_BACKOFF_MAX);
  due = sim->now + _lf_sim_jitter (sim, delay);
  if (due > deadline)
    {
      /* ASYNC-7: the look-ahead fails it now rather than waiting for the age to run out */
      fail (sim, ev, "EventAgeExceeded");
      return;
    }
  requeue (sim, ev, due, "throttle");
}

/* ASYNC-2/3/4/7: after a function error or timeout. */
static void
errored (LfSim *sim, LfAsyncEvent *ev)
{
  LfRtNode *fn = ev->fn;
  double age_s = lf_time_to_seconds (sim->now - ev->enqueued);
  LfTime wait = _lf_sim_jitter (sim, LF_ASYNC_RETRY_BASE * (ev->retries + 1));

  if (ev->retries >= max_retry_attempts (fn))
    {
      fail (sim, ev, "RetriesExhausted");
      return;
    }
  /* look-ahead: retry only if ceil(age) + (retries + 1) × 60 s ≤ max age (with the wait
   * actually drawn when jitter is on) */
  if (LF_SEC ((gint64) ceil (age_s - 1e-9)) + wait > max_event_age (fn))
    {
      fail (sim, ev, "EventAgeExceeded");
      return;
    }
  ev->retries++;
  requeue (sim, ev, sim->now + wait, "error");
}

static void
attempt_done (LfSim *sim, LfInvocation *inv)
{
  LfAsyncEvent *ev = inv->owner;

  ev->last_status = inv->status;
  ev->last_error_type = inv->error_type;
  if (inv->status == LF_STATUS_OK)
    succeed (sim, ev);
  else
    errored (sim, ev);
}

static void
attempt (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfAsyncEvent *ev = a;
  const char *reason = NULL;
  LfInvocation *inv;

  if (tag != ev->generation)
    return;
  set_waiting (ev->fn, -1);
  inv = _lf_function_invoke (sim, ev->fn, "async", ev->via, &ev->msg, 1, ev->invokes + 1,
                             ev->request, attempt_done, ev, &reason);
  if (inv == NULL)
    {
      throttled (sim, ev);
      return;
    }
  ev->invokes++;
  ev->throttles = 0;
}

/* ---- the way in ------------------------------------------------------------------- */

/* LIM-3: 1 MB, "256KB" as older docs say, or whatever size the scenario sets */
static gint64
payload_limit (LfSim *sim)
{
  return sim->async_payload_limit;
}

void
_lf_async_accept (LfSim       *sim,
                  LfRtNode    *fn,
                  guint32      msg,
                  LfRtEdge    *via,
                  LfAcceptHow  how)
{
  LfAsyncEvent *ev;
  LfMsg *m = _lf_sim_msg (sim, msg);

  /* LIM-3, ASYNC-1: a payload Lambda cannot queue is refused to the caller (413) */
  if (m->bytes > payload_limit (sim))
    {
      _lf_sim_discard (sim, fn->id, via ? via->id : NULL, &msg, 1, "Rejected");
      return;
    }
  ev = g_new0 (LfAsyncEvent, 1);
  ev->fn = fn;
  ev->via = via;
  ev->msg = msg;
  ev->request = _lf_sim_new_request (sim);
  ev->enqueued = sim->now;
  _lf_sim_track (sim, ev, (GDestroyNotify) event_free);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_ENQUEUE, sim->now);
      rec.node = fn->id;
      rec.msg = msg;
      _lf_sim_emit (sim, &rec);
    }
  /* ASYNC-9: reserved concurrency 0 sends events straight to the DLQ / on-failure */
  if (_lf_function_reserved (fn) == 0)
    {
      fail (sim, ev, "ZeroReservedConcurrency");
      return;
    }
  /* ASYNC-15: more than 16 invocations along one chain */
  if (sim->recursion_guard && m->hops >= LF_RECURSION_LIMIT)
    {
      fail (sim, ev, "RecursionDetected");
      return;
    }
  _lf_sim_set_fate (sim, msg, LF_FATE_QUEUED);
  set_waiting (fn, +1);
  _lf_sim_at (sim, sim->now, attempt, ev, NULL, ev->generation);
  _lf_sim_maybe_duplicate (sim, fn, msg, via, how);
}

/* ---- inspection (lf-inspect.h): read-only, for the canvas --------------------------- *
 * A waiting event is an `attempt` pending in the event list with the event's generation;
 * its time is when the event is tried next. */

typedef struct {
  LfRtNode           *fn;
  LfFunctionSnapshot *out;
} LfAsyncInspect;

static void
inspect_attempt (LfTime time, gpointer a, gpointer b, guint64 tag, gpointer data)
{
  LfAsyncInspect *in = data;
  LfFunctionSnapshot *out = in->out;
  LfAsyncEvent *ev = a;
  LfAsyncWait w;
  guint at;

  if (ev->fn != in->fn || tag != ev->generation)
    return;
  out->waiting++;
  if (ev->throttles > 0)
    out->backing_off++;
  else if (ev->retries > 0)
    out->retrying++;
  w = (LfAsyncWait) { ev->msg, ev->enqueued, time, ev->retries, ev->throttles };
  /* the soonest first; ties by message, so the order does not depend on the heap's */
  for (at = out->n_waiting; at > 0; at--)
    {
      const LfAsyncWait *p = &out->waits[at - 1];
      if (p->due < w.due || (p->due == w.due && p->msg < w.msg))
        break;
    }
  if (at == LF_INSPECT_MAX_WAITING)
    return;
  if (out->n_waiting < LF_INSPECT_MAX_WAITING)
    out->n_waiting++;
  for (guint i = out->n_waiting - 1; i > at; i--)
    out->waits[i] = out->waits[i - 1];
  out->waits[at] = w;
}

void
_lf_async_inspect (LfSim              *sim,
                   LfRtNode           *fn,
                   LfFunctionSnapshot *out)
{
  LfAsyncInspect in = { fn, out };

  lf_scheduler_foreach (&sim->sched, attempt, inspect_attempt, &in);
}
