/* lf-sqs.c: SQS queues and the Lambda pollers that read them.
 *
 * The store: visible and in-flight messages, receive counts, visibility timeouts,
 * retention, redrive to a DLQ queue on the receive after max_receive_count [SQS-11], FIFO
 * message groups with one in-flight batch each and 5-minute deduplication [FIFO-2, FIFO-6];
 * a FIFO batch may mix groups, as ReceiveMessage serves them [FIFO-3].
 * The poller: long polling and batching windows [SQS-3, ESM-3], delete on success, the
 * whole batch back after the VT on error [SQS-1, SQS-9], partial batch responses [SQS-12,
 * FIFO-5], throttles that burn receives [SQS-10], scaling 5 → +300/min → 1,250 (current)
 * or +60/min → 1,000 (classic) [SQS-5], MaximumConcurrency without throttling [SQS-6]. */
#include "lf-sim-private.h"

#include <string.h>

/* ---- a ring of entries ------------------------------------------------------------ */

typedef struct {
  guint32 msg;
  guint32 receives;       /* ApproximateReceiveCount */
  guint32 flight;         /* in flight: its record in the queue's flights + 1, 0 otherwise */
  LfTime  sent;           /* the enqueue time retention counts from [SQS-11] */
  LfTime  visible_at;     /* when the last receive's visibility timeout ends */
  LfTime  arrived;        /* when it came to this queue (the age of the oldest message) */
} LfSqsEntry;

typedef struct {
  LfSqsEntry *buf;
  gsize       head, len, cap;
} LfRing;

static void
ring_grow (LfRing *r)
{
  gsize cap = MAX (16, r->cap * 2);
  LfSqsEntry *buf = g_new (LfSqsEntry, cap);

  for (gsize i = 0; i < r->len; i++)
    buf[i] = r->buf[(r->head + i) % r->cap];
  g_free (r->buf);
  r->buf = buf;
  r->head = 0;
  r->cap = cap;
}

static void
ring_push_tail (LfRing *r, const LfSqsEntry *e)
{
  if (r->len == r->cap)
    ring_grow (r);
  r->buf[(r->head + r->len++) % r->cap] = *e;
}

static void
ring_push_head (LfRing *r, const LfSqsEntry *e)
{
  if (r->len == r->cap)
    ring_grow (r);
  r->head = (r->head + r->cap - 1) % r->cap;
  r->buf[r->head] = *e;
  r->len++;
}

static LfSqsEntry *
ring_peek (LfRing *r)
{
  return r->len ? &r->buf[r->head] : NULL;
}

static LfSqsEntry
ring_pop (LfRing *r)
{
  LfSqsEntry e = r->buf[r->head];

  r->head = (r->head + 1) % r->cap;
  r->len--;
  return e;
}

/* ---- the oldest visible message of a standard queue --------------------------------- */

/* A sliding-window minimum over the ready ring (pushed at its tail, popped at its head):
 * the candidates for the oldest, ascending by time sent. New messages arrive in order, so
 * each is only appended; one back after a visibility timeout drops the newer ones behind
 * it. The head is the oldest visible message at any time, in O(1) amortised. */
typedef struct {
  LfTime  sent;
  guint32 msg;
} LfMinEntry;

typedef struct {
  LfMinEntry *buf;
  gsize       head, len, cap;
} LfMinQueue;

static void
minq_push (LfMinQueue *m, const LfSqsEntry *e)
{
  while (m->len > 0 && m->buf[(m->head + m->len - 1) % m->cap].sent > e->sent)
    m->len--;
  if (m->len == m->cap)
    {
      gsize cap = MAX (16, m->cap * 2);
      LfMinEntry *buf = g_new (LfMinEntry, cap);
      for (gsize i = 0; i < m->len; i++)
        buf[i] = m->buf[(m->head + i) % m->cap];
      g_free (m->buf);
      m->buf = buf;
      m->head = 0;
      m->cap = cap;
    }
  m->buf[(m->head + m->len++) % m->cap] = (LfMinEntry) { e->sent, e->msg };
}

/* e left the head of the ring */
static void
minq_popped (LfMinQueue *m, const LfSqsEntry *e)
{
  if (m->len > 0 && m->buf[m->head].msg == e->msg && m->buf[m->head].sent == e->sent)
    {
      m->head = (m->head + 1) % m->cap;
      m->len--;
    }
}

/* ---- the queue -------------------------------------------------------------------- */

typedef struct _LfSqsPoller LfSqsPoller;

typedef struct {
  LfRing   ready;         /* visible messages, in order */
  gboolean busy;          /* a batch of this group is in flight [FIFO-2] */
  gboolean listed;        /* in the queue's ready_groups */
  gpointer pending;       /* the LfSqsReturn that keeps it busy after its batch, or NULL */
} LfSqsGroup;

/* A message in flight, from its receive until its batch or return lets go of it [SQS-11].
 * Its entry is copied between batches and returns (entry.flight names this record); the
 * record stays until then even when the message expired meanwhile (slot FLIGHT_GONE). */
typedef struct {
  guint32 msg;
  guint32 slot;           /* in the queue's flight_order; FLIGHT_GONE: expired; free: next free + 1 */
  LfTime  sent, arrived;
} LfSqsFlight;

#define FLIGHT_GONE G_MAXUINT32

typedef struct {
  LfTime  sent;           /* the order: enqueue time, then id */
  guint32 msg;
  guint32 index;          /* in the queue's flights */
} LfSqsFlightKey;

typedef struct {
  LfRtNode   *node;
  gboolean    fifo;
  LfTime      visibility, retention;
  LfRtEdge   *redrive;
  gint64      max_receive;
  LfRing      ready;      /* standard queues */
  GPtrArray  *groups;     /* FIFO: LfSqsGroup* by group number */
  GQueue      ready_groups; /* FIFO: group numbers + 1 with visible messages and no batch out */
  gint64      visible, in_flight;
  LfMinQueue  oldest;     /* standard: the oldest of ready (see LfMinQueue) */
  GHashTable *out;        /* GArray* of LfSqsEntry in flight (batches, returns) → uses */
  GPtrArray  *pollers;    /* LfSqsPoller* */
  GHashTable *dedup;      /* FIFO: deduplication id (the original message) → its LfSqsDedup */
  GQueue      dedup_order; /* LfSqsDedup*, oldest first: pruned after 5 minutes [FIFO-6] */
  LfTime      sweep_at;   /* the retention sweep pending, LF_TIME_NEVER: none */
  guint64     sweep_gen;
  LfTime      carry_sent; /* a redrive sets the enqueue time the DLQ keeps, −1: now */
  gboolean    wake_pending;
  GArray     *flights;    /* LfSqsFlight records, reused through flight_free */
  guint32     flight_free; /* the first free record + 1, 0: none */
  GArray     *flight_order; /* LfSqsFlightKey, a binary heap of those in flight: the next to expire first */
  LfTime      flight_at;  /* the in-flight expiry pending, LF_TIME_NEVER: none */
  guint64     flight_gen;
} LfSqsQueue;

typedef struct {
  guint32 id;
  LfTime  sent;
} LfSqsDedup;

static void wake_pollers (LfSim *sim, LfSqsQueue *q);

static void
group_free (LfSqsGroup *g)
{
  g_free (g->ready.buf);
  g_free (g);
}

static void
queue_free (gpointer data)
{
  LfSqsQueue *q = data;

  g_free (q->ready.buf);
  g_free (q->oldest.buf);
  g_ptr_array_unref (q->groups);
  g_queue_clear (&q->ready_groups);
  g_ptr_array_unref (q->pollers);
  g_hash_table_unref (q->dedup);
  g_hash_table_unref (q->out);
  g_queue_clear_full (&q->dedup_order, g_free);
  g_array_unref (q->flight_order);
  g_array_unref (q->flights);
  g_free (q);
}

static LfSqsGroup *
group_of (LfSqsQueue *q, gint32 key)
{
  guint g = (guint) MAX (key, 0);

  while (q->groups->len <= g)
    g_ptr_array_add (q->groups, g_new0 (LfSqsGroup, 1));
  return g_ptr_array_index (q->groups, g);
}

static void
list_group (LfSqsQueue *q, guint g)
{
  LfSqsGroup *grp = g_ptr_array_index (q->groups, g);

  if (!grp->busy && !grp->listed && grp->ready.len > 0)
    {
      grp->listed = TRUE;
      g_queue_push_tail (&q->ready_groups, GUINT_TO_POINTER (g + 1));
    }
}

static void
emit_simple (LfSim *sim, LfRecordKind kind, LfRtNode *node, guint32 msg, gint64 count, const char *from)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, kind, sim->now);
  rec.node = node->id;
  rec.msg = msg;
  rec.count = count;
  rec.from = from;
  _lf_sim_emit (sim, &rec);
}

/* ---- what the queue holds -------------------------------------------------------- */

/* The age of the oldest message (report: max_age_of_oldest_s): CloudWatch's
 * ApproximateAgeOfOldestMessage is the age of "the oldest non-deleted message", visible or
 * in flight, counted from its arrival in this queue. A message only grows older while the
 * queue holds it, so the maximum is exact when each message's age is taken as it leaves
 * (deleted, redriven, expired, dropped) or is received, and those still held are looked at
 * when the report is made (_lf_sqs_finish). */
static void
note_age (LfSim *sim, LfSqsQueue *q, const LfSqsEntry *e)
{
  q->node->st.max_age_of_oldest = MAX (q->node->st.max_age_of_oldest, sim->now - e->arrived);
}

static LfSqsFlight *
flight_rec (LfSqsQueue *q, guint32 index)
{
  return &g_array_index (q->flights, LfSqsFlight, index);
}

/* flight_order: a binary heap by (enqueue time, id); each record knows its slot */
static gboolean
flight_before (const LfSqsFlightKey *x, const LfSqsFlightKey *y)
{
  return x->sent != y->sent ? x->sent < y->sent : x->msg < y->msg;
}

static void
flight_put (LfSqsQueue *q, guint32 slot, const LfSqsFlightKey *k)
{
  g_array_index (q->flight_order, LfSqsFlightKey, slot) = *k;
  flight_rec (q, k->index)->slot = slot;
}

static void
flight_sift (LfSqsQueue *q, guint32 slot)
{
  LfSqsFlightKey *heap = (LfSqsFlightKey *) (gpointer) q->flight_order->data;
  LfSqsFlightKey k = heap[slot];
  guint32 len = q->flight_order->len;

  while (slot > 0 && flight_before (&k, &heap[(slot - 1) / 2]))
    {
      flight_put (q, slot, &heap[(slot - 1) / 2]);
      slot = (slot - 1) / 2;
    }
  for (;;)
    {
      guint32 child = 2 * slot + 1;
      if (child >= len)
        break;
      if (child + 1 < len && flight_before (&heap[child + 1], &heap[child]))
        child++;
      if (!flight_before (&heap[child], &k))
        break;
      flight_put (q, slot, &heap[child]);
      slot = child;
    }
  flight_put (q, slot, &k);
}

/* Off the heap: it left flight, or it expired (its record stays until its entry lets go) */
static void
flight_unqueue (LfSqsQueue *q, guint32 index)
{
  guint32 slot = flight_rec (q, index)->slot, last = q->flight_order->len - 1;

  flight_rec (q, index)->slot = FLIGHT_GONE;
  if (slot != last)
    {
      flight_put (q, slot, &g_array_index (q->flight_order, LfSqsFlightKey, last));
      g_array_set_size (q->flight_order, last);
      flight_sift (q, slot);
    }
  else
    g_array_set_size (q->flight_order, last);
}

/* The entry lets go of its record */
static void
flight_release (LfSqsQueue *q, LfSqsEntry *e)
{
  LfSqsFlight *f = flight_rec (q, e->flight - 1);

  if (f->slot != FLIGHT_GONE)
    flight_unqueue (q, e->flight - 1);
  f->slot = q->flight_free;
  f->msg = 0;
  q->flight_free = e->flight;
  e->flight = 0;
}

/* The message leaves the queue for good: deleted, redriven, expired or dropped. */
static void
leave_queue (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  note_age (sim, q, e);
  _lf_stats_gauge (q->node, -1);
  if (e->flight)
    flight_release (q, e);
}

static void schedule_flight (LfSim *sim, LfSqsQueue *q, LfTime when);

/* Received: its retention now runs out in flight unless it comes back first [SQS-11] */
static void
flight_enter (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  LfSqsFlightKey k = { e->sent, e->msg, 0 };
  LfSqsFlight *f;

  if (q->flight_free)
    {
      k.index = q->flight_free - 1;
      q->flight_free = flight_rec (q, k.index)->slot;
    }
  else
    {
      k.index = q->flights->len;
      g_array_set_size (q->flights, k.index + 1);
    }
  f = flight_rec (q, k.index);
  f->msg = e->msg;
  f->sent = e->sent;
  f->arrived = e->arrived;
  e->flight = k.index + 1;
  g_array_append_val (q->flight_order, k);
  flight_sift (q, q->flight_order->len - 1);
  schedule_flight (sim, q, e->sent + q->retention);
}

/* An entry of a batch or a return: FALSE once its retention ran out in flight */
static gboolean
flight_alive (LfSqsQueue *q, const LfSqsEntry *e)
{
  return e->flight != 0 && flight_rec (q, e->flight - 1)->slot != FLIGHT_GONE;
}

/* A message becomes visible: new, or back after its visibility timeout. */
static void
make_visible (LfSim *sim, LfSqsQueue *q, const LfSqsEntry *e, gboolean at_head)
{
  const LfMsg *m = _lf_sim_msg (sim, e->msg);

  _lf_sim_set_fate (sim, e->msg, LF_FATE_QUEUED);
  q->visible++;
  if (q->fifo)
    {
      LfSqsGroup *g = group_of (q, m->key);
      if (at_head)
        ring_push_head (&g->ready, e);
      else
        ring_push_tail (&g->ready, e);
      list_group (q, (guint) MAX (m->key, 0));
    }
  else
    {
      ring_push_tail (&q->ready, e);
      minq_push (&q->oldest, e);
    }
}

static void schedule_sweep (LfSim *sim, LfSqsQueue *q, LfTime when);

static void
queue_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfSqsQueue *q = node->impl;
  LfMsg *m = _lf_sim_msg (sim, msg);
  LfSqsEntry e = { msg, 0, 0, q->carry_sent >= 0 ? q->carry_sent : sim->now, -1, sim->now };
  g_autofree char *group = NULL;

  q->carry_sent = -1;
  if (q->fifo)
    {
      /* FIFO-6: a copy of a message sent within 5 minutes is deduplicated; ids older
       * than that are forgotten, so the table holds 5 minutes of sends at most */
      guint32 dedup_id = m->is_duplicate && m->parent ? m->parent : msg;
      LfSqsDedup *d;
      while ((d = g_queue_peek_head (&q->dedup_order)) && sim->now - d->sent >= LF_SQS_FIFO_DEDUP_INTERVAL)
        {
          if (g_hash_table_lookup (q->dedup, GUINT_TO_POINTER (d->id)) == d)
            g_hash_table_remove (q->dedup, GUINT_TO_POINTER (d->id));
          g_free (g_queue_pop_head (&q->dedup_order));
        }
      if (g_hash_table_contains (q->dedup, GUINT_TO_POINTER (dedup_id)))
        {
          _lf_sim_discard (sim, node->id, NULL, &msg, 1, "Deduplicated");
          return;
        }
      d = g_new (LfSqsDedup, 1);
      d->id = dedup_id;
      d->sent = sim->now;
      g_queue_push_tail (&q->dedup_order, d);
      g_hash_table_insert (q->dedup, GUINT_TO_POINTER (dedup_id), d);
      group = g_strdup_printf ("group-%d", MAX (m->key, 0) + 1);
    }
  _lf_stats_gauge (node, +1);
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_ENQUEUE, sim->now);
      rec.node = node->id;
      rec.msg = msg;
      rec.group = group;
      _lf_sim_emit (sim, &rec);
    }
  make_visible (sim, q, &e, FALSE);
  schedule_sweep (sim, q, MAX (e.sent + q->retention, sim->now));
  _lf_sim_maybe_duplicate (sim, node, msg, via, how);
  wake_pollers (sim, q);
}

/* ---- leaving the queue ------------------------------------------------------------ */

static void
delete_entry (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  leave_queue (sim, q, e);
  _lf_sim_set_fate (sim, e->msg, LF_FATE_SUCCEEDED);
  emit_simple (sim, LF_REC_DELETE, q->node, e->msg, -1, NULL);
}

/* SQS-11: moved to the DLQ queue; it keeps its id. A standard DLQ keeps the original
 * enqueue time, so retention counts from the first enqueue; a FIFO DLQ resets it. The age
 * of the DLQ's oldest message counts from the move in both (SQS Developer Guide,
 * "Setting-up dead-letter queue retention"). */
static void
redrive_entry (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  LfSqsQueue *dlq = q->redrive->to->impl;

  dlq->carry_sent = dlq->fifo ? -1 : e->sent;
  leave_queue (sim, q, e);
  sim->dlq_flows++;
  emit_simple (sim, LF_REC_REDRIVE, q->redrive->to, e->msg, -1, q->node->id);
  _lf_sim_deliver (sim, q->redrive->to, e->msg, q->redrive, LF_ACCEPT_DLQ);
}

static gboolean
expired (LfSim *sim, LfSqsQueue *q, const LfSqsEntry *e)
{
  return sim->now - e->sent >= q->retention;
}

static void
expire_entry (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  leave_queue (sim, q, e);
  _lf_sim_discard (sim, q->node->id, NULL, &e->msg, 1, "RetentionExpired");
}

/* SQS-11: messages older than the retention period go, visible ones swept here */
static void
sweep (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfSqsQueue *q = a;
  LfTime next = LF_TIME_NEVER;

  if (tag != q->sweep_gen)
    return;                            /* an earlier sweep was asked for since */
  q->sweep_at = LF_TIME_NEVER;
  if (q->fifo)
    {
      for (guint g = 0; g < q->groups->len; g++)
        {
          LfSqsGroup *grp = g_ptr_array_index (q->groups, g);
          while (grp->ready.len && expired (sim, q, ring_peek (&grp->ready)))
            {
              LfSqsEntry e = ring_pop (&grp->ready);
              q->visible--;
              expire_entry (sim, q, &e);
            }
          if (grp->ready.len)
            next = MIN (next, ring_peek (&grp->ready)->sent + q->retention);
        }
    }
  else
    {
      LfRing keep = { 0 };
      while (q->ready.len)
        {
          LfSqsEntry e = ring_pop (&q->ready);
          if (expired (sim, q, &e))
            {
              q->visible--;
              expire_entry (sim, q, &e);
            }
          else
            {
              ring_push_tail (&keep, &e);
              next = MIN (next, e.sent + q->retention);
            }
        }
      g_free (q->ready.buf);
      q->ready = keep;
      q->oldest.len = q->oldest.head = 0;
      for (gsize i = 0; i < keep.len; i++)
        minq_push (&q->oldest, &keep.buf[i]);
    }
  if (next != LF_TIME_NEVER)
    schedule_sweep (sim, q, MAX (next, sim->now + LF_SEC (1)));   /* a sweep walks the queue */
}

static void
schedule_sweep (LfSim *sim, LfSqsQueue *q, LfTime when)
{
  if (q->sweep_at <= when)
    return;
  q->sweep_at = when;
  _lf_sim_at (sim, when, sweep, q, NULL, ++q->sweep_gen);
}

/* ---- pollers ---------------------------------------------------------------------- */

typedef struct {
  LfSqsPoller *p;
  GArray      *entries;   /* LfSqsEntry, in flight */
  guint32      batch;
  int          throttles;
  gint64       bytes;
  GArray      *groups;    /* FIFO: the groups it holds busy (gint), in the order taken; NULL otherwise */
  gint         group;     /* FIFO: the group it is taking from now, −1: none */
  guint        taken;     /* FIFO: entries taken from that group */
  gboolean     open;      /* still collecting in its batching window */
} LfSqsBatch;

struct _LfSqsPoller {
  LfRtEdge    *edge;
  LfSqsQueue  *q;
  LfRtNode    *fn;
  LfEsmConfig  cfg;
  gint64       cap;          /* concurrent batches allowed now */
  gint64       active;       /* batches collecting or out */
  LfTime       scale_since;  /* when the backlog began, −1: none */
  LfTime       tick_at;      /* the scale tick pending, −1: none */
  gboolean     pump_pending;
  gboolean     denied;
  LfSqsBatch  *open;         /* the batch collecting in its window */
  guint64      generation;
};

static void pump (LfSim *sim, LfSqsPoller *p);

/* In-flight entries are found through q->out for the age of the oldest message. An
 * array may be listed twice at once (a throttled batch hands its own to a return). */
static void
out_add (LfSqsQueue *q, GArray *entries)
{
  gpointer n = g_hash_table_lookup (q->out, entries);
  g_hash_table_insert (q->out, entries, GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
}

static void
out_remove (LfSqsQueue *q, GArray *entries)
{
  gint n = GPOINTER_TO_INT (g_hash_table_lookup (q->out, entries)) - 1;

  if (n > 0)
    g_hash_table_insert (q->out, entries, GINT_TO_POINTER (n));
  else
    g_hash_table_remove (q->out, entries);
}

static void
batch_free (LfSqsBatch *b)
{
  g_array_unref (b->entries);
  if (b->groups)
    g_array_unref (b->groups);
  g_free (b);
}

static gint64
max_concurrency (LfSqsPoller *p)
{
  return lf_props_get_int (p->edge->def->props, "maximum_concurrency", -1);
}

/* SQS-5: cap = min(MAX, 5 + RATE × ⌊t/60 s⌋) while a backlog remains; FIFO-4: groups
 * bound a FIFO mapping instead. SQS-6: MaximumConcurrency caps either. */
static gint64
scaled_cap (LfSim *sim, LfSqsPoller *p)
{
  gint64 mc = max_concurrency (p), cap;

  if (p->q->fifo)
    cap = G_MAXINT32;
  else
    {
      gint64 step = sim->classic_sqs_scaling ? LF_SQS_SCALE_CLASSIC_STEP : LF_SQS_SCALE_CURRENT_STEP;
      gint64 max = sim->classic_sqs_scaling ? LF_SQS_SCALE_CLASSIC_MAX : LF_SQS_SCALE_CURRENT_MAX;
      gint64 minutes = p->scale_since < 0 ? 0 : (sim->now - p->scale_since) / LF_MINUTE (1);
      cap = MIN (max, LF_SQS_SCALE_START + step * minutes);
    }
  return mc > 0 ? MIN (cap, mc) : cap;
}

static void
scale_tick (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfSqsPoller *p = a;

  p->tick_at = -1;
  if (tag != p->generation || p->scale_since < 0)
    return;
  pump (sim, p);
}

static void
update_scale (LfSim *sim, LfSqsPoller *p, gboolean backlog)
{
  gint64 cap;

  if (backlog && p->scale_since < 0)
    p->scale_since = sim->now;
  else if (!backlog && p->scale_since >= 0)
    p->scale_since = -1;
  cap = scaled_cap (sim, p);
  if (cap != p->cap)
    {
      p->cap = cap;
      if (!p->q->fifo)
        _lf_esm_record_scale (sim, p->edge, cap);
    }
  if (p->scale_since >= 0 && !p->q->fifo)
    {
      LfTime next = p->scale_since + ((sim->now - p->scale_since) / LF_MINUTE (1) + 1) * LF_MINUTE (1);
      if (next != p->tick_at)
        {
          p->tick_at = next;
          _lf_sim_at (sim, next, scale_tick, p, NULL, ++p->generation);
        }
    }
}

static gboolean
has_visible (LfSqsQueue *q)
{
  return q->fifo ? q->ready_groups.length > 0 : q->ready.len > 0;
}

/* SQS-4: the effective visibility timeout */
static LfTime
effective_vt (LfSqsPoller *p)
{
  LfTime vt = p->q->visibility, timeout = _lf_function_timeout (p->fn);

  if (p->cfg.window > 0 && p->cfg.window + timeout > vt)
    vt = p->cfg.window + timeout + LF_SEC (30);
  return vt;
}

static void
emit_poll (LfSim *sim, LfSqsPoller *p, gint64 count)
{
  LfRecord rec;

  if (count == 0 || !_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_POLL, sim->now);
  rec.edge = p->edge->id;
  rec.count = count;
  _lf_sim_emit (sim, &rec);
}

static void unblock_group (LfSqsQueue *q, gint group);

/* FIFO: b lets go of the group it took from when it took nothing from it (all expired,
 * redriven or filtered on the way, or its head would pass 6 MB) */
static void
leave_group (LfSqsQueue *q, LfSqsBatch *b)
{
  if (b->group >= 0 && b->taken == 0)
    {
      g_array_set_size (b->groups, b->groups->len - 1);
      unblock_group (q, b->group);
    }
  b->group = -1;
  b->taken = 0;
}

/* FIFO-3: the group to take from next. ReceiveMessage returns as many messages of one
 * group as it can, then others: the current group until it has no ready message, then the
 * next available one (visible messages, no batch out, no return pending) in ready_groups'
 * order. Every group taken from is busy until the batch ends [FIFO-2]. NULL: none. */
static LfRing *
fifo_ring (LfSim *sim, LfSqsQueue *q, LfSqsBatch *b)
{
  if (b->group >= 0)
    {
      LfSqsGroup *g = g_ptr_array_index (q->groups, b->group);
      if (g->ready.len > 0)
        return &g->ready;
      leave_group (q, b);
    }
  while (q->ready_groups.length > 0)
    {
      gint group = GPOINTER_TO_INT (g_queue_peek_head (&q->ready_groups)) - 1;
      LfSqsGroup *g = g_ptr_array_index (q->groups, group);
      if (g->ready.len > 0 && b->entries->len > 0 &&
          b->bytes + _lf_sim_msg (sim, ring_peek (&g->ready)->msg)->bytes > LF_ESM_BATCH_PAYLOAD_MAX)
        return NULL;                     /* ESM-3: it stays first in line for the next batch */
      g_queue_pop_head (&q->ready_groups);
      g->listed = FALSE;
      if (g->ready.len == 0)
        continue;                        /* emptied by the retention sweep */
      g->busy = TRUE;
      b->group = group;
      b->taken = 0;
      g_array_append_val (b->groups, group);
      return &g->ready;
    }
  return NULL;
}

/* One receive: takes visible messages into b up to its batch size, moving those past
 * max_receive_count to the DLQ and dropping filtered and expired ones. */
static gint64
receive_into (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b)
{
  LfSqsQueue *q = p->q;
  gint64 got = 0;

  while ((gint64) b->entries->len < p->cfg.batch_size && b->bytes < LF_ESM_BATCH_PAYLOAD_MAX)
    {
      LfSqsEntry *head;
      LfRing *ring;
      LfSqsEntry e;

      ring = q->fifo ? fifo_ring (sim, q, b) : &q->ready;
      if (ring == NULL || ring->len == 0)
        break;
      head = ring_peek (ring);
      if (b->entries->len > 0 &&
          b->bytes + _lf_sim_msg (sim, head->msg)->bytes > LF_ESM_BATCH_PAYLOAD_MAX)
        break;                             /* ESM-3: the batch would pass 6 MB */
      e = ring_pop (ring);
      q->visible--;
      if (!q->fifo)
        minq_popped (&q->oldest, &e);
      if (expired (sim, q, &e))
        {
          expire_entry (sim, q, &e);
          continue;
        }
      if (q->redrive && q->redrive->to && e.receives >= (guint32) q->max_receive)
        {
          redrive_entry (sim, q, &e);
          continue;
        }
      /* ASYNC-15: Lambda → SQS → the same Lambda more than 16 times is stopped */
      if (sim->recursion_guard && _lf_sim_msg (sim, e.msg)->hops >= LF_RECURSION_LIMIT)
        {
          if (q->redrive && q->redrive->to)
            redrive_entry (sim, q, &e);
          else
            {
              leave_queue (sim, q, &e);
              _lf_sim_discard (sim, q->node->id, p->edge->id, &e.msg, 1, "RecursionDetected");
            }
          continue;
        }
      if (!_lf_esm_filter_accepts (sim, p->edge, &p->cfg, e.msg))
        {
          /* ESM-8: Lambda deletes a message that matches no filter */
          leave_queue (sim, q, &e);
          _lf_sim_discard (sim, q->node->id, p->edge->id, &e.msg, 1, "Filtered");
          continue;
        }
      note_age (sim, q, &e);
      e.receives++;
      e.visible_at = sim->now + effective_vt (p);   /* the VT as it is at this receive */
      q->in_flight++;
      flight_enter (sim, q, &e);
      _lf_sim_set_fate (sim, e.msg, LF_FATE_IN_FLIGHT);
      b->bytes += _lf_sim_msg (sim, e.msg)->bytes;
      g_array_append_val (b->entries, e);
      b->taken++;
      got++;
    }
  if (q->fifo)
    leave_group (q, b);
  emit_poll (sim, p, got);
  return got;
}

static void dispatch (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b);

static void
pump_due (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSqsPoller *p = a;

  p->pump_pending = FALSE;
  pump (ctx, p);
}

/* the end of a batch: its slot frees, the next receive may start — from an event at this
 * instant, never by recursion (a throttled batch that gives up at once would otherwise
 * recurse once per batch in the queue) */
static void
finish_batch (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b)
{
  p->active--;
  out_remove (p->q, b->entries);
  _lf_sim_untrack_free (sim, b);
  if (!p->pump_pending)
    {
      p->pump_pending = TRUE;
      _lf_sim_at (sim, sim->now, pump_due, p, NULL, 0);
    }
}

static void
unblock_group (LfSqsQueue *q, gint group)
{
  LfSqsGroup *g;

  if (group < 0)
    return;
  g = g_ptr_array_index (q->groups, group);
  g->busy = FALSE;
  list_group (q, (guint) group);
}

typedef struct {
  LfSqsQueue *q;
  GArray     *entries;
  gint        group;      /* FIFO: the group it keeps busy, −1: none (or no longer) */
} LfSqsReturn;

static void
return_free (LfSqsReturn *r)
{
  g_array_unref (r->entries);
  g_free (r);
}

/* SQS-11: SQS deletes a message when its retention period ends, in flight too: the queue
 * no longer holds it. Its batch or return keeps the entry, gone (flight_alive): when the
 * batch ends it is neither deleted nor returned nor redriven. FIFO-2: a group whose
 * failed batch has ended and whose returning messages have all expired is free again. */
static void
expire_in_flight (LfSim *sim, LfSqsQueue *q, guint32 index)
{
  LfSqsFlight *f = flight_rec (q, index);
  LfSqsEntry e = { 0 };
  LfSqsGroup *grp;
  LfSqsReturn *r;

  e.msg = f->msg;
  e.sent = f->sent;
  e.arrived = f->arrived;
  flight_unqueue (q, index);           /* the record waits for its entry's owner */
  q->in_flight--;
  expire_entry (sim, q, &e);
  if (!q->fifo)
    return;
  grp = group_of (q, _lf_sim_msg (sim, e.msg)->key);
  r = grp->pending;
  if (r == NULL)
    return;
  for (guint i = 0; i < r->entries->len; i++)
    if (flight_alive (q, &g_array_index (r->entries, LfSqsEntry, i)))
      return;
  grp->pending = NULL;
  unblock_group (q, r->group);
  r->group = -1;                       /* its timeout's end finds nothing to do */
  wake_pollers (sim, q);
}

static void
flight_due (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfSqsQueue *q = a;

  if (tag != q->flight_gen)
    return;                            /* an earlier expiry was asked for since */
  q->flight_at = LF_TIME_NEVER;
  while (q->flight_order->len > 0)
    {
      LfSqsFlightKey k = g_array_index (q->flight_order, LfSqsFlightKey, 0);
      if (k.sent + q->retention > sim->now)
        {
          schedule_flight (sim, q, k.sent + q->retention);
          break;
        }
      expire_in_flight (sim, q, k.index);
    }
}

static void
schedule_flight (LfSim *sim, LfSqsQueue *q, LfTime when)
{
  when = MAX (when, sim->now);
  if (q->flight_at <= when)
    return;
  q->flight_at = when;
  _lf_sim_at (sim, when, flight_due, q, NULL, ++q->flight_gen);
}

/* An entry out of the queue, looked at by its batch or return: TRUE when its retention
 * has run out (now or before); the caller then drops it, and it lets go of its record */
static gboolean
gone (LfSim *sim, LfSqsQueue *q, LfSqsEntry *e)
{
  if (flight_alive (q, e))
    {
      if (!expired (sim, q, e))
        return FALSE;
      expire_in_flight (sim, q, e->flight - 1);   /* due at this instant, before its event ran */
    }
  if (e->flight)
    flight_release (q, e);
  return TRUE;
}

/* SQS-1/9/10: after the visibility timeout the messages are visible again; those whose
 * retention ran out meanwhile are gone already [SQS-11]. */
static void
return_due (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfSqsReturn *r = a;
  LfSqsQueue *q = r->q;

  if (r->group >= 0)
    ((LfSqsGroup *) g_ptr_array_index (q->groups, r->group))->pending = NULL;
  /* FIFO: back at the head of their group, in order */
  for (guint i = r->entries->len; i > 0; i--)
    {
      LfSqsEntry *e = &g_array_index (r->entries, LfSqsEntry, q->fifo ? i - 1 : r->entries->len - i);
      if (gone (sim, q, e))
        continue;
      q->in_flight--;
      flight_release (q, e);
      emit_simple (sim, LF_REC_VISIBLE, q->node, e->msg, e->receives, NULL);
      make_visible (sim, q, e, q->fifo);
      schedule_sweep (sim, q, e->sent + q->retention);
    }
  unblock_group (q, r->group);
  out_remove (q, r->entries);
  _lf_sim_untrack_free (sim, r);
  wake_pollers (sim, q);
}

static void
return_later (LfSim *sim, LfSqsPoller *p, GArray *entries, gint group)
{
  LfSqsReturn *r;
  LfTime due = 0;

  if (entries->len == 0)
    {
      unblock_group (p->q, group);
      g_array_unref (entries);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    due = MAX (due, g_array_index (entries, LfSqsEntry, i).visible_at);
  r = g_new0 (LfSqsReturn, 1);
  r->q = p->q;
  r->entries = entries;
  r->group = group;
  out_add (r->q, entries);
  if (group >= 0)
    ((LfSqsGroup *) g_ptr_array_index (p->q->groups, group))->pending = r;
  _lf_sim_track (sim, r, (GDestroyNotify) return_free);
  _lf_sim_at (sim, due, return_due, r, NULL, 0);
}

static gint
group_index (LfSim *sim, const LfSqsEntry *e)
{
  return MAX (_lf_sim_msg (sim, e->msg)->key, 0);
}

/* The end of b's hold on its groups, with `back` (b's entries that return, in b's order;
 * taken): a standard queue returns them together; a FIFO queue returns each group's own in
 * order and keeps that group busy until they are visible again, and frees the groups
 * nothing returns for at once [FIFO-2, FIFO-3]. */
static void
return_groups (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b, GArray *back)
{
  if (b->groups == NULL)
    {
      return_later (sim, p, back, -1);
      return;
    }
  for (guint i = 0; i < b->groups->len; i++)
    {
      gint group = g_array_index (b->groups, gint, i);
      GArray *mine = g_array_new (FALSE, FALSE, sizeof (LfSqsEntry));
      for (guint j = 0; j < back->len; j++)
        if (group_index (sim, &g_array_index (back, LfSqsEntry, j)) == group)
          g_array_append_val (mine, g_array_index (back, LfSqsEntry, j));
      return_later (sim, p, mine, group);
    }
  g_array_set_size (b->groups, 0);
  g_array_unref (back);
}

/* Drops the entries of b whose retention ran out while it waited (a batching window, a
 * throttle's backoff): an invocation carries only messages the queue still holds. */
static void
drop_gone (LfSim *sim, LfSqsQueue *q, LfSqsBatch *b)
{
  for (guint i = 0; i < b->entries->len;)
    {
      LfSqsEntry *e = &g_array_index (b->entries, LfSqsEntry, i);
      if (gone (sim, q, e))
        {
          b->bytes -= _lf_sim_msg (sim, e->msg)->bytes;
          g_array_remove_index (b->entries, i);
        }
      else
        i++;
    }
}

static gboolean
in_list (GArray *msgs, guint32 msg)
{
  for (guint i = 0; i < msgs->len; i++)
    if (g_array_index (msgs, guint32, i) == msg)
      return TRUE;
  return FALSE;
}

static gboolean
in_groups (GArray *groups, gint group)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_array_index (groups, gint, i) == group)
      return TRUE;
  return FALSE;
}

static void
batch_done (LfSim *sim, LfInvocation *inv)
{
  LfSqsBatch *b = inv->owner;
  LfSqsPoller *p = b->p;
  LfSqsQueue *q = p->q;
  g_autoptr(GArray) failed = g_array_new (FALSE, FALSE, sizeof (guint32));
  LfBatchOutcome outcome;

  inv->no_state = FALSE;                   /* STREAM-8 is for streams' tumbling windows */
  outcome = _lf_esm_classify (inv, p->cfg.rbif, failed);
  GArray *back = g_array_new (FALSE, FALSE, sizeof (LfSqsEntry));
  g_autoptr(GArray) failing_groups = g_array_new (FALSE, FALSE, sizeof (gint));

  for (guint i = 0; i < b->entries->len; i++)
    {
      LfSqsEntry *e = &g_array_index (b->entries, LfSqsEntry, i);
      gint group = q->fifo ? group_index (sim, e) : -1;
      gboolean failing;
      /* FIFO-5: after the first failure in a group, the rest of that group is
       * unprocessed; the other groups of a mixed batch are not [FIFO-3] */
      failing = outcome == LF_BATCH_FAILED ||
                (outcome == LF_BATCH_PARTIAL &&
                 (in_list (failed, e->msg) || (q->fifo && in_groups (failing_groups, group))));
      if (failing && q->fifo && !in_groups (failing_groups, group))
        g_array_append_val (failing_groups, group);
      if (gone (sim, q, e))
        continue;                          /* SQS-11: expired in flight, its fate is the discard */
      if (failing)
        {
          _lf_sim_set_fate (sim, e->msg, LF_FATE_IN_FLIGHT);
          g_array_append_val (back, *e);
        }
      else
        {
          q->in_flight--;
          delete_entry (sim, q, e);
        }
    }
  /* FIFO-2: each group stays busy until what failed of it is back (or has expired) */
  return_groups (sim, p, b, back);
  finish_batch (sim, p, b);
}

static void
emit_retry (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b, LfTime due)
{
  LfRecord rec;
  g_autofree guint32 *msgs = NULL;

  if (!_lf_sim_tracing (sim))
    return;
  msgs = g_new (guint32, b->entries->len);
  for (guint i = 0; i < b->entries->len; i++)
    msgs[i] = g_array_index (b->entries, LfSqsEntry, i).msg;
  lf_record_init (&rec, LF_REC_RETRY, sim->now);
  rec.edge = p->edge->id;
  rec.batch = b->batch;
  rec.msgs = msgs;
  rec.n_msgs = b->entries->len;
  rec.due = due;
  rec.reason = "throttle";
  _lf_sim_emit (sim, &rec);
}

static void
retry_dispatch (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  dispatch (ctx, ((LfSqsBatch *) a)->p, a);
}

/* SQS-10: a throttled batch is retried with backoff until its messages' visibility
 * timeout runs out; then they return to the queue, their receive counts raised. */
static void
throttled (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b)
{
  LfTime deadline = LF_TIME_NEVER, due;

  for (guint i = 0; i < b->entries->len; i++)
    deadline = MIN (deadline, g_array_index (b->entries, LfSqsEntry, i).visible_at);
  due = sim->now + MIN (LF_SEC (1) << MIN (b->throttles, 20), LF_SEC (60));
  b->throttles++;
  /* SQS-9/10: Lambda backs off and gives the mapping less concurrency: start over at 5 */
  if (p->scale_since >= 0)
    {
      p->scale_since = sim->now;
      update_scale (sim, p, TRUE);
    }
  if (due < deadline)
    {
      emit_retry (sim, p, b, due);
      _lf_sim_at (sim, due, retry_dispatch, b, NULL, 0);
      return;
    }
  return_groups (sim, p, b, g_array_ref (b->entries));
  finish_batch (sim, p, b);
}

static void
dispatch (LfSim *sim, LfSqsPoller *p, LfSqsBatch *b)
{
  g_autofree guint32 *msgs = g_new (guint32, b->entries->len);
  guint32 attempt = 0;

  b->open = FALSE;
  if (p->open == b)
    p->open = NULL;
  drop_gone (sim, p->q, b);
  if (b->entries->len == 0)
    {
      /* SQS-11: all expired while it waited: nothing to invoke */
      return_groups (sim, p, b, g_array_ref (b->entries));
      finish_batch (sim, p, b);
      return;
    }
  for (guint i = 0; i < b->entries->len; i++)
    {
      LfSqsEntry *e = &g_array_index (b->entries, LfSqsEntry, i);
      msgs[i] = e->msg;
      attempt = MAX (attempt, e->receives);
    }
  if (b->throttles == 0)
    p->edge->st.batches++;
  if (_lf_function_invoke_batch (sim, p->fn, p->edge, msgs, b->entries->len, (int) attempt,
                                 b->batch, NULL, batch_done, b, NULL) == NULL)
    {
      throttled (sim, p, b);
      return;
    }
  /* the mapping's own concurrency (report: edges.max_concurrency) */
  p->edge->st.max_concurrency = MAX (p->edge->st.max_concurrency, p->active);
}

/* The window of batch `tag` ends; it may have left already, full (the poller is `a`). */
static void
window_closes (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSqsPoller *p = a;

  if (p->open && p->open->batch == tag)
    dispatch (ctx, p, p->open);
}

static gboolean
batch_full (LfSqsPoller *p, LfSqsBatch *b)
{
  return (gint64) b->entries->len >= p->cfg.batch_size || b->bytes >= LF_ESM_BATCH_PAYLOAD_MAX;
}

static void
denial_over (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSqsPoller *p = a;

  p->denied = FALSE;
  pump (ctx, p);
}

static gboolean
may_poll (LfSim *sim, LfSqsPoller *p)
{
  if (!p->cfg.enabled || p->denied)
    return FALSE;
  if (!_lf_esm_can_read (sim, p->edge))
    {
      LfTime ends = _lf_esm_denial_ends (sim, p->edge);
      p->denied = TRUE;     /* a problem state: invokes nothing until the role changes */
      if (ends != LF_TIME_NEVER)
        _lf_sim_at (sim, ends, denial_over, p, NULL, 0);     /* or a deny fault ends */
      return FALSE;
    }
  return TRUE;
}

/* Starts batches while slots and visible messages remain; feeds an open window. */
static void
pump (LfSim *sim, LfSqsPoller *p)
{
  if (!may_poll (sim, p))
    return;
  if (p->open)
    {
      drop_gone (sim, p->q, p->open);
      receive_into (sim, p, p->open);
      if (batch_full (p, p->open))
        dispatch (sim, p, p->open);
    }
  update_scale (sim, p, has_visible (p->q));
  while (p->open == NULL && p->active < p->cap && has_visible (p->q))
    {
      LfSqsBatch *b = g_new0 (LfSqsBatch, 1);
      b->p = p;
      b->entries = g_array_new (FALSE, FALSE, sizeof (LfSqsEntry));
      b->batch = _lf_sim_new_batch (sim);
      b->group = -1;
      if (p->q->fifo)
        b->groups = g_array_new (FALSE, FALSE, sizeof (gint));
      _lf_sim_track (sim, b, (GDestroyNotify) batch_free);
      out_add (p->q, b->entries);
      p->active++;
      if (receive_into (sim, p, b) == 0)
        {
          return_groups (sim, p, b, g_array_ref (b->entries));
          finish_batch (sim, p, b);
          return;
        }
      if (p->cfg.window > 0 && !p->q->fifo && !batch_full (p, b))   /* SQS-3: not for FIFO */
        {
          /* ESM-3: wait for the window, the batch size or 6 MB, whichever comes first */
          b->open = TRUE;
          p->open = b;
          _lf_sim_at (sim, sim->now + p->cfg.window, window_closes, p, NULL, b->batch);
        }
      else
        dispatch (sim, p, b);
    }
  /* SQS-5: scale up while messages remain after the polls, back to 5 when none do */
  update_scale (sim, p, has_visible (p->q));
}

static void
wake_due (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSqsQueue *q = a;

  q->wake_pending = FALSE;
  for (guint i = 0; i < q->pollers->len; i++)
    pump (ctx, g_ptr_array_index (q->pollers, i));
}

/* Pollers look once everything sent at this instant has landed: messages sent together
 * can be received together. */
static void
wake_pollers (LfSim *sim, LfSqsQueue *q)
{
  if (q->wake_pending || q->pollers->len == 0)
    return;
  q->wake_pending = TRUE;
  _lf_sim_at (sim, sim->now, wake_due, q, NULL, 0);
}

static void
poller_start (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  pump (ctx, a);
}

void
_lf_sqs_esm_init (LfSim    *sim,
                  LfRtEdge *edge)
{
  LfSqsPoller *p = g_new0 (LfSqsPoller, 1);

  p->edge = edge;
  p->q = edge->from->impl;
  p->fn = edge->to;
  p->scale_since = -1;
  p->tick_at = -1;
  _lf_esm_read_config (edge, &p->cfg);
  p->cap = scaled_cap (sim, p);
  edge->impl = p;
  g_ptr_array_add (p->q->pollers, p);
  _lf_sim_track (sim, p, g_free);
  _lf_sim_at (sim, 0, poller_start, p, NULL, 0);
}

void
_lf_sqs_esm_update (LfSim    *sim,
                    LfRtEdge *edge)
{
  LfSqsPoller *p = edge->impl;

  _lf_esm_read_config (edge, &p->cfg);
  p->denied = FALSE;                 /* a changed role or fault may have fixed it */
  p->cap = scaled_cap (sim, p);
  pump (sim, p);
}

/* ---- the queue's life ------------------------------------------------------------- */

void
_lf_sqs_init (LfSim    *sim,
              LfRtNode *node)
{
  LfSqsQueue *q = g_new0 (LfSqsQueue, 1);
  JsonObject *p = node->def->props;

  q->node = node;
  q->fifo = lf_props_get_bool (p, "fifo", FALSE);
  q->visibility = lf_props_get_duration (p, "visibility_timeout", LF_SQS_VISIBILITY_DEFAULT);
  q->retention = lf_props_get_duration (p, "retention", LF_SQS_RETENTION_DEFAULT);
  q->redrive = _lf_sim_first_out (node, LF_EDGE_REDRIVE);
  q->max_receive = q->redrive ? lf_props_get_int (q->redrive->def->props, "max_receive_count",
                                                  LF_SQS_MAX_RECEIVE_DEFAULT) : G_MAXINT32;
  q->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_queue_init (&q->ready_groups);
  q->pollers = g_ptr_array_new ();
  q->out = g_hash_table_new (NULL, NULL);
  q->dedup = g_hash_table_new (NULL, NULL);
  g_queue_init (&q->dedup_order);
  q->sweep_at = LF_TIME_NEVER;
  q->carry_sent = -1;
  q->flights = g_array_new (FALSE, FALSE, sizeof (LfSqsFlight));
  q->flight_order = g_array_new (FALSE, FALSE, sizeof (LfSqsFlightKey));
  q->flight_at = LF_TIME_NEVER;
  node->impl = q;
  node->impl_free = queue_free;
  node->accept = queue_accept;
}

/* A live change [lf_sim_set]: the visibility timeout applies to receives from now on (a
 * message in flight keeps the one it was received with), the retention to every message
 * from now on (a sweep looks at once), max_receive_count to the next receives [SQS-4,
 * SQS-11]. */
void
_lf_sqs_update (LfSim    *sim,
                LfRtNode *node)
{
  LfSqsQueue *q = node->impl;
  JsonObject *p = node->def->props;
  LfTime retention = lf_props_get_duration (p, "retention", LF_SQS_RETENTION_DEFAULT);

  q->visibility = lf_props_get_duration (p, "visibility_timeout", LF_SQS_VISIBILITY_DEFAULT);
  q->max_receive = q->redrive ? lf_props_get_int (q->redrive->def->props, "max_receive_count",
                                                  LF_SQS_MAX_RECEIVE_DEFAULT) : G_MAXINT32;
  if (retention != q->retention)
    {
      q->retention = retention;
      schedule_sweep (sim, q, sim->now);
      if (q->flight_order->len > 0)
        schedule_flight (sim, q, sim->now);   /* earlier or later: it looks again */
    }
  for (guint i = 0; i < q->pollers->len; i++)
    pump (sim, g_ptr_array_index (q->pollers, i));   /* e.g. a lower max_receive_count */
}

/* FIFO-6: how many deduplication ids the queue remembers */
guint
_lf_sqs_dedup_size (LfRtNode *node)
{
  LfSqsQueue *q = node->impl;

  return g_hash_table_size (q->dedup);
}

void
_lf_sqs_counts (LfRtNode *node,
                gint64   *visible,
                gint64   *in_flight)
{
  LfSqsQueue *q = node->impl;

  *visible = q->visible;
  *in_flight = q->in_flight;
}

/* ApproximateAgeOfOldestMessage: the age of the oldest message not yet deleted, visible or
 * in flight (0 when none). A standard queue keeps its oldest visible one at hand (see
 * LfMinQueue); FIFO groups keep returned messages at their head, so each group's head is
 * its oldest. In-flight messages are walked (at most the pollers' batches). */
LfTime
_lf_sqs_age_of_oldest (LfRtNode *node,
                       LfTime    t)
{
  LfSqsQueue *q = node->impl;
  LfTime oldest = LF_TIME_NEVER;

  if (q == NULL)
    return 0;
  if (q->fifo)
    {
      for (guint g = 0; g < q->groups->len; g++)
        {
          LfSqsGroup *grp = g_ptr_array_index (q->groups, g);
          if (grp->ready.len)
            oldest = MIN (oldest, ring_peek (&grp->ready)->sent);
        }
    }
  else if (q->oldest.len > 0)
    oldest = q->oldest.buf[q->oldest.head].sent;
  {
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init (&it, q->out);
    while (g_hash_table_iter_next (&it, &key, NULL))
      {
        GArray *entries = key;
        for (guint i = 0; i < entries->len; i++)
          oldest = MIN (oldest, g_array_index (entries, LfSqsEntry, i).sent);
      }
  }
  return oldest == LF_TIME_NEVER ? 0 : MAX (0, t - oldest);
}

void
_lf_sqs_finish (LfSim    *sim,
                LfRtNode *node)
{
  LfSqsQueue *q = node->impl;
  LfTime oldest = LF_TIME_NEVER;

  if (q->fifo)
    for (guint g = 0; g < q->groups->len; g++)
      {
        LfSqsGroup *grp = g_ptr_array_index (q->groups, g);
        if (grp->ready.len)
          oldest = MIN (oldest, ring_peek (&grp->ready)->arrived);
      }
  else
    for (gsize i = 0; i < q->ready.len; i++)
      oldest = MIN (oldest, q->ready.buf[(q->ready.head + i) % q->ready.cap].arrived);
  for (guint i = 0; i < q->flight_order->len; i++)   /* in flight: held too */
    oldest = MIN (oldest, flight_rec (q, g_array_index (q->flight_order, LfSqsFlightKey, i).index)->arrived);
  if (oldest != LF_TIME_NEVER)
    node->st.max_age_of_oldest = MAX (node->st.max_age_of_oldest, sim->now - oldest);
}

/* ---- inspection (lf-inspect.h): read-only, for the canvas --------------------------- *
 * Messages out of the queue live in batches and returns, which the sim tracks; the queue
 * keeps only their count, so they are found among the sim's live objects. */

static LfQueueLane *
inspect_lane (LfQueueSnapshot *out, gint32 group)
{
  for (guint i = 0; i < out->n_lanes; i++)
    if (out->lanes[i].group == group)
      return &out->lanes[i];
  return NULL;
}

/* Out-of-queue cells are kept in message order (the live objects come in no particular
 * order), the first LF_INSPECT_MAX_CELLS of them. */
static void
inspect_out_entries (LfSqsQueue *q, LfQueueSnapshot *out, gint32 group, GArray *entries, LfCellState state, LfTime due)
{
  LfQueueLane *lane = inspect_lane (out, out->fifo ? group : -1);
  guint alive = 0;

  for (guint i = 0; i < entries->len; i++)
    alive += flight_alive (q, &g_array_index (entries, LfSqsEntry, i));
  if (alive == 0)
    return;                            /* all expired in flight [SQS-11]: nothing held */
  if (state == LF_CELL_RETURNING && out->fifo)
    out->n_failed++;
  if (lane == NULL)
    return;
  lane->in_flight += alive;
  if (state == LF_CELL_RETURNING)
    {
      lane->head_failed = TRUE;
      lane->due = lane->due < 0 ? due : MIN (lane->due, due);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const LfSqsEntry *e = &g_array_index (entries, LfSqsEntry, i);
      guint at = lane->n_cells;
      if (!flight_alive (q, e))
        continue;
      while (at > 0 && lane->cells[at - 1].msg > e->msg)
        at--;
      if (at == LF_INSPECT_MAX_CELLS)
        continue;
      if (lane->n_cells < LF_INSPECT_MAX_CELLS)
        lane->n_cells++;
      memmove (&lane->cells[at + 1], &lane->cells[at], (lane->n_cells - 1 - at) * sizeof (LfQueueCell));
      lane->cells[at] = (LfQueueCell) { e->msg, e->receives, state, due };
    }
}

static void
inspect_ready (LfQueueLane *lane, LfRing *ring)
{
  lane->visible += ring->len;
  for (gsize i = 0; i < ring->len && lane->n_cells < LF_INSPECT_MAX_CELLS; i++)
    {
      const LfSqsEntry *e = &ring->buf[(ring->head + i) % ring->cap];
      lane->cells[lane->n_cells++] = (LfQueueCell) { e->msg, e->receives, LF_CELL_VISIBLE, -1 };
    }
}

typedef struct {
  LfSqsQueue      *q;
  LfQueueSnapshot *out;
} LfSqsInspect;

static void
inspect_return_due (LfTime time, gpointer a, gpointer b, guint64 tag, gpointer data)
{
  LfSqsInspect *in = data;
  LfSqsReturn *r = a;

  if (r->q == in->q)
    inspect_out_entries (in->q, in->out, r->group, r->entries, LF_CELL_RETURNING, time);
}

void
_lf_sqs_inspect (LfSim           *sim,
                 LfRtNode        *node,
                 LfQueueSnapshot *out)
{
  LfSqsQueue *q = node->impl;
  LfSqsInspect in = { q, out };
  GHashTableIter iter;
  gpointer object, free_func;

  out->fifo = q->fifo;
  out->visible = q->visible;
  out->in_flight = q->in_flight;
  out->delayed = 0;
  if (!q->fifo)
    {
      out->n_lanes = 1;
      out->lanes[0].group = -1;
      out->lanes[0].due = -1;
    }
  else
    for (guint g = 0; g < q->groups->len; g++)
      {
        LfSqsGroup *grp = g_ptr_array_index (q->groups, g);
        LfQueueLane *lane;
        if (grp->ready.len == 0 && !grp->busy)
          continue;
        out->n_groups++;
        out->n_blocked += grp->busy;
        if (out->n_lanes == LF_INSPECT_MAX_LANES)
          continue;
        lane = &out->lanes[out->n_lanes++];
        lane->group = (gint32) g;
        lane->blocked = grp->busy;
        lane->due = -1;
      }
  /* out of the queue first: in a batch (in flight), or waiting for the timeout */
  g_hash_table_iter_init (&iter, sim->live);
  while (g_hash_table_iter_next (&iter, &object, &free_func))
    if (free_func == (gpointer) batch_free && ((LfSqsBatch *) object)->p->q == q)
      {
        LfSqsBatch *b = object;
        if (b->groups == NULL)
          inspect_out_entries (q, out, -1, b->entries, LF_CELL_IN_FLIGHT, -1);
        else
          for (guint i = 0; i < b->groups->len; i++)
            {
              /* FIFO-3: a mixed batch is in flight in each of its groups */
              gint group = g_array_index (b->groups, gint, i);
              g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (LfSqsEntry));
              for (guint j = 0; j < b->entries->len; j++)
                if (group_index (sim, &g_array_index (b->entries, LfSqsEntry, j)) == group)
                  g_array_append_val (mine, g_array_index (b->entries, LfSqsEntry, j));
              inspect_out_entries (q, out, group, mine, LF_CELL_IN_FLIGHT, -1);
            }
      }
  lf_scheduler_foreach (&sim->sched, return_due, inspect_return_due, &in);
  /* then what is visible, in order */
  if (!q->fifo)
    inspect_ready (&out->lanes[0], &q->ready);
  else
    for (guint i = 0; i < out->n_lanes; i++)
      inspect_ready (&out->lanes[i], &((LfSqsGroup *) g_ptr_array_index (q->groups, out->lanes[i].group))->ready);
  for (guint i = 0; i < out->n_lanes; i++)
    {
      LfQueueLane *lane = &out->lanes[i];
      lane->head_receives = lane->n_cells ? lane->cells[0].receives : 0;
    }
}
