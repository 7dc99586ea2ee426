/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-visual"

#include <math.h>
#include <string.h>

#include "lf-visual.h"

/* How tokens are derived from trace records (spec/cli.md):
 *
 *   notify (edge)              a token along the edge; a fan-out child leaves when its
 *                              parent's token arrives at the edge's source
 *   copy (node) + enqueue      a `sends` write (or a client's async invoke): a token along
 *                              the edge from the copying node to the enqueuing one
 *   invoke.start, sync/esm     a token along the record's edge (attempt > 1: a retry token)
 *   poll (edge)                a batch token along the ESM edge
 *   dlq, redrive               a DLQ token along the function's dlq / the queue's redrive edge
 *   destination                along the on_success (destination) or on_failure edge
 *   retry                      a token looping back on the function (or the ESM's target)
 *   throttle                   the message's token turns "throttled"; the node flashes
 *
 * A record that repeats what a recent token already shows (the enqueue after a notify)
 * makes no second token: the last RECENT tokens are searched for the same message.
 */

#define RECENT        64    /* tokens searched for a parent or a duplicate */
#define PENDING       64    /* copies remembered until their message lands somewhere */
#define MAX_LOOPS      6    /* retry loops drawn per node at once */

typedef struct {
  LfNodeState  pub;
  LfNodeType   type;
  GArray      *out;          /* int: indices of edges leaving this node */
  guint        loops;        /* retry loops in the ring */
} NodeRt;

typedef struct {
  LfEdgeState  pub;
  LfEdgeType   type;
  int          from;         /* node index, -1 when `from` is an ESM edge (on_failure) */
  int          from_edge;    /* that ESM edge's index, else -1 */
  int          to;
  double       level;        /* exponentially decaying message count, for `rate` */
  double       busy;         /* the same of token-travels, for the band decision */
  LfTime       level_t;
} EdgeRt;

typedef struct {
  guint32 msg;
  int     node;
} Pending;

/* The sim keeps its trace sinks for its whole life (core has no way to remove one), so
 * it is handed this cell, owned by the sim; a finalized visual only clears the pointer. */
typedef struct {
  LfVisual *visual;
} SinkCell;

struct _LfVisual
{
  GObject      parent_instance;

  /* Owned */
  LfScenario  *scenario;
  LfSim       *sim;
  GHashTable  *node_index;   /* id (borrowed from scenario) → index + 1 */
  GHashTable  *edge_index;
  NodeRt      *nodes;
  EdgeRt      *edges;
  LfToken     *ring;
  Pending      pending[PENDING];

  /* Borrowed (owned by sim) */
  SinkCell    *cell;

  guint        n_nodes;
  guint        n_edges;
  guint        capacity;
  guint        head;
  guint        len;
  guint        pending_pos;
  guint        band_threshold;
  guint64      dropped;
  LfTime       now;
  LfTime       last_record;
  LfTime       travel;
};

G_DEFINE_FINAL_TYPE (LfVisual, lf_visual, G_TYPE_OBJECT)

/* ---- model ------------------------------------------------------------------------ */

static void
lf_visual_index_model (LfVisual *self)
{
  GPtrArray *nodes = lf_scenario_get_nodes (self->scenario);
  GPtrArray *edges = lf_scenario_get_edges (self->scenario);

  self->n_nodes = nodes->len;
  self->n_edges = edges->len;
  self->nodes = g_new0 (NodeRt, MAX (self->n_nodes, 1));
  self->edges = g_new0 (EdgeRt, MAX (self->n_edges, 1));
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *n = g_ptr_array_index (nodes, i);
      g_hash_table_insert (self->node_index, n->id, GUINT_TO_POINTER (i + 1));
      self->nodes[i].type = n->type;
      self->nodes[i].out = g_array_new (FALSE, FALSE, sizeof (int));
    }
  for (guint i = 0; i < edges->len; i++)
    g_hash_table_insert (self->edge_index, ((LfEdge *) g_ptr_array_index (edges, i))->id,
                         GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *e = g_ptr_array_index (edges, i);
      EdgeRt *rt = &self->edges[i];
      int idx = (int) i;

      rt->type = e->type;
      rt->from = lf_visual_lookup_node (self, e->from);
      rt->from_edge = rt->from < 0 ? lf_visual_lookup_edge (self, e->from) : -1;
      rt->to = lf_visual_lookup_node (self, e->to);
      if (rt->from >= 0)
        g_array_append_val (self->nodes[rt->from].out, idx);
    }
}

static void
lf_visual_clear_state (LfVisual *self)
{
  for (guint i = 0; i < self->n_nodes; i++)
    {
      NodeRt *n = &self->nodes[i];
      memset (&n->pub, 0, sizeof n->pub);
      n->pub.concurrency = -1;
      n->pub.last_error = n->pub.last_throttle = LF_VISUAL_NEVER;
      n->pub.last_retry = n->pub.last_arrival = LF_VISUAL_NEVER;
      n->loops = 0;
    }
  for (guint i = 0; i < self->n_edges; i++)
    {
      EdgeRt *e = &self->edges[i];
      memset (&e->pub, 0, sizeof e->pub);
      e->pub.concurrency = -1;
      e->pub.last_active = LF_VISUAL_NEVER;
      e->level = e->busy = 0;
      e->level_t = 0;
    }
  memset (self->pending, 0, sizeof self->pending);
  self->head = self->len = 0;
  self->dropped = 0;
  self->now = self->last_record = 0;
}

static int
lf_visual_find_edge (LfVisual *self,
                     int       from,
                     int       to,
                     int       type)      /* an LfEdgeType, or -1 for any */
{
  GArray *out;

  if (from < 0 || to < 0)
    return -1;
  out = self->nodes[from].out;
  for (guint i = 0; i < out->len; i++)
    {
      int e = g_array_index (out, int, i);
      if (self->edges[e].to == to && (type < 0 || (int) self->edges[e].type == type))
        return e;
    }
  return -1;
}

/* ---- tokens ----------------------------------------------------------------------- */

static inline LfToken *
lf_visual_token_at (LfVisual *self,
                    guint     i)
{
  return &self->ring[(self->head + i) % self->capacity];
}

static double
lf_visual_rate_window (LfVisual *self)
{
  return lf_time_to_seconds (MAX (self->travel, LF_SEC (1)));
}

/* Brings an edge's decaying message count to time t. */
static void
lf_visual_decay (LfVisual *self,
                 EdgeRt   *e,
                 LfTime    t)
{
  double window = lf_visual_rate_window (self);

  if (t > e->level_t)
    {
      double k = exp (-lf_time_to_seconds (t - e->level_t) / window);
      e->level *= k;
      e->busy *= k;
      e->level_t = t;
    }
  e->pub.rate = e->level / window;
}

static void
lf_visual_update_band (LfVisual *self,
                       EdgeRt   *e)
{
  double expected = e->busy / lf_visual_rate_window (self) * lf_time_to_seconds (self->travel);
  double on = self->band_threshold;

  if (!e->pub.band)
    e->pub.band = expected > on || e->pub.in_flight >= on;
  else
    e->pub.band = expected > on / 2 || e->pub.in_flight >= on / 2 + 1;
}

static void
lf_visual_pop (LfVisual *self)
{
  LfToken *t = lf_visual_token_at (self, 0);

  if (t->edge >= 0)
    self->edges[t->edge].pub.in_flight--;
  else if (t->node >= 0)
    self->nodes[t->node].loops--;
  if (t->end > self->now)
    self->dropped++;
  self->head = (self->head + 1) % self->capacity;
  self->len--;
}

static LfToken *
lf_visual_push (LfVisual    *self,
                int          edge,
                int          node,
                guint32      msg,
                guint32      count,
                LfTime       start,
                LfTokenKind  kind)
{
  LfToken *t;

  if (self->len == self->capacity)
    lf_visual_pop (self);
  t = lf_visual_token_at (self, self->len++);
  *t = (LfToken) { edge, node, msg, MAX (count, 1), start, start + self->travel, kind, 0.f, 1.f };
  if (edge >= 0)
    self->edges[edge].pub.in_flight++;
  else
    self->nodes[node].loops++;
  return t;
}

/* The most recent token carrying msg to node (-1: to any node), within RECENT. */
static LfToken *
lf_visual_find_recent (LfVisual *self,
                       guint32   msg,
                       int       node)
{
  guint n = MIN (self->len, RECENT);

  if (msg == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      LfToken *t = lf_visual_token_at (self, self->len - 1 - i);
      if (t->msg == msg && (node < 0 || t->node == node) && t->edge >= 0)
        return t;
    }
  return NULL;
}

/* A token along an edge (from `from` to `to` of its length, at the same speed), unless
 * the edge is so busy that it is drawn as a band. Only tokens that reach the end count
 * toward the edge's message rate (an ESM's polls stop at its poller). */
static LfToken *
lf_visual_add_token_part (LfVisual    *self,
                          int          edge,
                          guint32      msg,
                          guint32      count,
                          LfTime       start,
                          LfTokenKind  kind,
                          float        from,
                          float        to)
{
  EdgeRt *e;
  LfToken *t;

  if (edge < 0 || self->capacity == 0)
    return NULL;
  e = &self->edges[edge];
  count = MAX (count, 1);
  lf_visual_decay (self, e, start);
  e->busy += to - from;
  if (to >= 1.f)
    {
      e->level += count;
      e->pub.messages += count;
    }
  e->pub.rate = e->level / lf_visual_rate_window (self);
  e->pub.last_active = start;
  lf_visual_update_band (self, e);
  if (e->to >= 0 && to >= 1.f)
    self->nodes[e->to].pub.last_arrival = start + self->travel;
  if (e->pub.band)
    return NULL;
  t = lf_visual_push (self, edge, e->to, msg, count, start, kind);
  t->from = from;
  t->to = to;
  t->end = t->start + MAX ((LfTime) (self->travel * (to - from)), 1);
  return t;
}

static LfToken *
lf_visual_add_token (LfVisual    *self,
                     int          edge,
                     guint32      msg,
                     guint32      count,
                     LfTime       start,
                     LfTokenKind  kind)
{
  return lf_visual_add_token_part (self, edge, msg, count, start, kind, 0.f, 1.f);
}

static void
lf_visual_add_loop (LfVisual *self,
                    int       node,
                    guint32   msg,
                    guint32   count,
                    LfTime    t)
{
  if (node < 0 || self->capacity == 0 || self->nodes[node].loops >= MAX_LOOPS)
    return;
  lf_visual_push (self, -1, node, msg, count, t, LF_TOKEN_RETRY);
}

static LfTokenKind
lf_visual_kind_for_edge (LfVisual *self,
                         int       edge,
                         LfTokenKind fallback)
{
  switch (self->edges[edge].type)
    {
    case LF_EDGE_DLQ:
    case LF_EDGE_REDRIVE:
      return LF_TOKEN_DLQ;
    case LF_EDGE_ON_SUCCESS:
      return LF_TOKEN_DESTINATION;
    case LF_EDGE_ON_FAILURE:
      return LF_TOKEN_FAILURE;
    default:
      return fallback;
    }
}

/* ---- pending copies --------------------------------------------------------------- */

static void
lf_visual_remember_copy (LfVisual *self,
                         guint32   msg,
                         int       node)
{
  self->pending[self->pending_pos] = (Pending) { msg, node };
  self->pending_pos = (self->pending_pos + 1) % PENDING;
}

/* The node that copied msg, forgetting it; -1 when unknown. */
static int
lf_visual_take_copy (LfVisual *self,
                     guint32   msg)
{
  for (guint i = 0; i < PENDING; i++)
    {
      Pending *p = &self->pending[(self->pending_pos + PENDING - 1 - i) % PENDING];
      if (p->msg == msg && msg != 0)
        {
          p->msg = 0;
          return p->node;
        }
    }
  return -1;
}

/* Moves the clock forward and lets arrived tokens go (the records' own times drive it
 * while a sim runs, so that a long run between frames keeps the ring current). */
static void
lf_visual_advance (LfVisual *self,
                   LfTime    now)
{
  self->now = now;
  while (self->len > 0 && lf_visual_token_at (self, 0)->end <= now)
    lf_visual_pop (self);
}

/* ---- records ---------------------------------------------------------------------- */

static void
on_notify (LfVisual       *self,
           const LfRecord *r)
{
  int edge = lf_visual_lookup_edge (self, r->edge);
  LfTime start = r->t;
  LfToken *parent;

  if (edge < 0)
    return;
  /* A fan-out child leaves when its parent's token reaches the fan-out node. */
  parent = lf_visual_find_recent (self, r->parent, self->edges[edge].from);
  if (parent != NULL)
    start = MAX (start, parent->end);
  lf_visual_add_token (self, edge, r->msg, 1, start, LF_TOKEN_NORMAL);
}

static void
on_enqueue (LfVisual       *self,
            int             node,
            const LfRecord *r)
{
  NodeRt *n = &self->nodes[node];
  int from;

  n->pub.received++;
  n->pub.depth++;
  if (lf_visual_find_recent (self, r->msg, node) != NULL)
    return;
  if ((from = lf_visual_take_copy (self, r->msg)) >= 0)
    {
      int edge = lf_visual_find_edge (self, from, node, -1);
      if (edge >= 0)
        lf_visual_add_token (self, edge, r->msg, 1, r->t,
                             lf_visual_kind_for_edge (self, edge, LF_TOKEN_NORMAL));
    }
}

static void
on_invoke_start (LfVisual       *self,
                 int             node,
                 const LfRecord *r)
{
  NodeRt *n = &self->nodes[node];
  guint32 msg = r->n_msgs > 0 ? r->msgs[0] : 0;
  LfTokenKind kind = r->attempt > 1 ? LF_TOKEN_RETRY : LF_TOKEN_NORMAL;
  int edge = lf_visual_lookup_edge (self, r->edge);

  n->pub.invocations++;
  n->pub.running++;
  if (g_strcmp0 (r->path, "async") == 0)
    {
      n->pub.depth = MAX (n->pub.depth - r->n_msgs, 0);
      return;   /* it arrived with its notify or enqueue; retries loop at `retry` */
    }
  if (edge < 0)
    {
      int from = lf_visual_take_copy (self, msg);
      edge = lf_visual_find_edge (self, from, node, -1);
    }
  if (edge < 0)
    return;
  if (g_strcmp0 (r->path, "esm") == 0)
    {
      /* Polls brought the records to the poller; the batch goes on from there. */
      lf_visual_add_token_part (self, edge, msg, r->n_msgs, r->t, kind, 0.5f, 1.f);
      return;
    }
  lf_visual_add_token (self, edge, msg, r->n_msgs, r->t, kind);
}

static void
on_throttle (LfVisual       *self,
             int             node,
             const LfRecord *r)
{
  NodeRt *n = &self->nodes[node];
  guint32 msg = r->n_msgs > 0 ? r->msgs[0] : 0;
  LfToken *t = lf_visual_find_recent (self, msg, node);
  int from;

  n->pub.throttles++;
  n->pub.last_throttle = r->t;
  if (t != NULL)
    t->kind = LF_TOKEN_THROTTLED;
  else if ((from = lf_visual_take_copy (self, msg)) >= 0)
    lf_visual_add_token (self, lf_visual_find_edge (self, from, node, -1), msg, r->n_msgs,
                         r->t, LF_TOKEN_THROTTLED);
}

static void
on_retry (LfVisual       *self,
          int             node,
          const LfRecord *r)
{
  int edge = lf_visual_lookup_edge (self, r->edge);

  if (node < 0 && edge >= 0)
    node = self->edges[edge].to;
  if (node < 0)
    return;
  self->nodes[node].pub.retries++;
  self->nodes[node].pub.last_retry = r->t;
  if (edge < 0 && self->nodes[node].type == LF_NODE_LAMBDA_FUNCTION)
    self->nodes[node].pub.depth += r->n_msgs;
  lf_visual_add_loop (self, node, r->n_msgs > 0 ? r->msgs[0] : 0, r->n_msgs, r->t);
}

/* dlq, redrive and destination: a token from `from` (a node, or an ESM edge for a
 * stream's on-failure destination) into the node. */
static void
on_moved (LfVisual       *self,
          int             node,
          const LfRecord *r)
{
  int from = lf_visual_lookup_node (self, r->from);
  int edge = -1;
  LfTokenKind kind = LF_TOKEN_NORMAL;

  if (r->kind == LF_REC_DLQ)
    edge = lf_visual_find_edge (self, from, node, LF_EDGE_DLQ), kind = LF_TOKEN_DLQ;
  else if (r->kind == LF_REC_REDRIVE)
    {
      edge = lf_visual_find_edge (self, from, node, LF_EDGE_REDRIVE), kind = LF_TOKEN_DLQ;
      if (from >= 0)
        {
          self->nodes[from].pub.depth = MAX (self->nodes[from].pub.depth - 1, 0);
          self->nodes[from].pub.in_flight = MAX (self->nodes[from].pub.in_flight - 1, 0);
        }
    }
  else if (from >= 0)
    {
      edge = lf_visual_find_edge (self, from, node, LF_EDGE_ON_SUCCESS);
      if (edge < 0 || g_strcmp0 (r->condition, "Success") != 0)
        edge = MAX (lf_visual_find_edge (self, from, node, LF_EDGE_ON_FAILURE), edge);
    }
  else
    {
      int esm = lf_visual_lookup_edge (self, r->from);
      for (guint i = 0; esm >= 0 && i < self->n_edges && edge < 0; i++)
        if (self->edges[i].from_edge == esm && self->edges[i].to == node)
          edge = (int) i;
    }
  if (edge >= 0)
    lf_visual_add_token (self, edge, r->msg, MAX (r->n_msgs, 1), r->t,
                         lf_visual_kind_for_edge (self, edge, kind));
}

static void
on_poll (LfVisual       *self,
         const LfRecord *r)
{
  int edge = lf_visual_lookup_edge (self, r->edge);

  if (edge < 0)
    return;
  if (self->edges[edge].from >= 0 && self->nodes[self->edges[edge].from].type == LF_NODE_SQS_QUEUE)
    self->nodes[self->edges[edge].from].pub.in_flight += MAX (r->count, 0);
  lf_visual_add_token_part (self, edge, 0, (guint32) CLAMP (r->count, 1, G_MAXUINT32), r->t,
                            LF_TOKEN_NORMAL, 0.f, 0.5f);
}

static void
on_node_record (LfVisual       *self,
                int             node,
                const LfRecord *r)
{
  LfNodeState *n = &self->nodes[node].pub;

  switch (r->kind)
    {
    case LF_REC_ENQUEUE:      on_enqueue (self, node, r); break;
    case LF_REC_INVOKE_START: on_invoke_start (self, node, r); break;
    case LF_REC_THROTTLE:     on_throttle (self, node, r); break;
    case LF_REC_RETRY:        on_retry (self, node, r); break;
    case LF_REC_DLQ:
    case LF_REC_REDRIVE:
    case LF_REC_DESTINATION:  on_moved (self, node, r); break;
    case LF_REC_COPY:         lf_visual_remember_copy (self, r->msg, node); break;
    case LF_REC_INVOKE_END:
      n->running = MAX (n->running - 1, 0);
      if (g_strcmp0 (r->status, "error") == 0 || g_strcmp0 (r->status, "timeout") == 0)
        n->errors++, n->last_error = r->t;
      break;
    case LF_REC_DELETE:
      n->depth = MAX (n->depth - 1, 0);
      n->in_flight = MAX (n->in_flight - 1, 0);
      break;
    case LF_REC_VISIBLE:
      n->in_flight = MAX (n->in_flight - 1, 0);
      break;
    case LF_REC_DISCARD:
      n->discards += MAX (r->n_msgs, 1);
      break;
    case LF_REC_SCALE:
      n->concurrency = r->count;
      break;
    case LF_REC_HTTP:
      if (r->count >= 500)
        n->last_error = r->t;
      break;
    case LF_REC_DENIED:
      n->last_error = r->t;
      break;
    default:
      break;
    }
}

static void
on_edge_record (LfVisual       *self,
                int             edge,
                const LfRecord *r)
{
  EdgeRt *e = &self->edges[edge];

  switch (r->kind)
    {
    case LF_REC_NOTIFY: on_notify (self, r); break;
    case LF_REC_POLL:   on_poll (self, r); break;
    case LF_REC_RETRY:  on_retry (self, -1, r); break;
    case LF_REC_SCALE:  e->pub.concurrency = r->count; break;
    case LF_REC_DISCARD:
      if (e->to >= 0)
        self->nodes[e->to].pub.discards += MAX (r->n_msgs, 1);
      break;
    case LF_REC_DENIED:
      if (e->to >= 0)
        self->nodes[e->to].pub.last_error = r->t;
      break;
    default:
      break;
    }
}

void
lf_visual_feed (LfVisual       *self,
                const LfRecord *record)
{
  int node;

  g_return_if_fail (LF_IS_VISUAL (self));
  g_return_if_fail (record != NULL);

  if (record->t < self->last_record)
    lf_visual_reset (self);
  self->last_record = record->t;
  if (record->t > self->now)
    lf_visual_advance (self, record->t);
  node = lf_visual_lookup_node (self, record->node);
  if (node >= 0)
    on_node_record (self, node, record);
  else if (record->edge != NULL && record->kind != LF_REC_INVOKE_START)
    {
      int edge = lf_visual_lookup_edge (self, record->edge);
      if (edge >= 0)
        on_edge_record (self, edge, record);
    }
}

static void
lf_visual_trace_cb (const LfRecord *record,
                    gpointer        user_data)
{
  SinkCell *cell = user_data;

  if (cell->visual != NULL)
    lf_visual_feed (cell->visual, record);
}

/* ---- clock ------------------------------------------------------------------------ */

void
lf_visual_set_now (LfVisual *self,
                   LfTime    now)
{
  g_return_if_fail (LF_IS_VISUAL (self));

  if (now < self->now)
    lf_visual_reset (self);
  lf_visual_advance (self, now);
  for (guint i = 0; i < self->n_edges; i++)
    {
      lf_visual_decay (self, &self->edges[i], now);
      lf_visual_update_band (self, &self->edges[i]);
    }
}

LfTime
lf_visual_get_now (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  return self->now;
}

void
lf_visual_sync (LfVisual *self)
{
  GPtrArray *nodes;

  g_return_if_fail (LF_IS_VISUAL (self));
  if (self->sim == NULL)
    return;
  lf_visual_set_now (self, lf_sim_get_now (self->sim));
  nodes = lf_scenario_get_nodes (self->scenario);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const char *id = ((LfNode *) g_ptr_array_index (nodes, i))->id;
      LfNodeState *n = &self->nodes[i].pub;
      LfNodeStats st;

      if (!lf_sim_get_node_stats (self->sim, id, &st))
        continue;
      n->invocations = st.invocations;
      n->errors = st.errors + st.timeouts;
      n->throttles = st.throttles;
      n->running = st.running;
      n->depth = st.depth;
      n->in_flight = st.in_flight;
    }
}

void
lf_visual_reset (LfVisual *self)
{
  g_return_if_fail (LF_IS_VISUAL (self));
  lf_visual_clear_state (self);
}

/* ---- settings --------------------------------------------------------------------- */

void
lf_visual_set_speed (LfVisual *self,
                     double    speed)
{
  g_return_if_fail (LF_IS_VISUAL (self));
  g_return_if_fail (speed > 0);
  lf_visual_set_travel_time (self, MAX (LF_VISUAL_MIN_TRAVEL,
                                        (LfTime) (LF_VISUAL_WALL_TRAVEL * speed)));
}

void
lf_visual_set_travel_time (LfVisual *self,
                           LfTime    travel)
{
  g_return_if_fail (LF_IS_VISUAL (self));
  g_return_if_fail (travel > 0);
  self->travel = travel;
}

LfTime
lf_visual_get_travel_time (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  return self->travel;
}

void
lf_visual_set_band_threshold (LfVisual *self,
                              guint     tokens)
{
  g_return_if_fail (LF_IS_VISUAL (self));
  self->band_threshold = MAX (tokens, 1);
}

guint
lf_visual_get_band_threshold (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  return self->band_threshold;
}

void
lf_visual_set_capacity (LfVisual *self,
                        guint     tokens)
{
  g_return_if_fail (LF_IS_VISUAL (self));

  while (self->len > 0)
    lf_visual_pop (self);
  g_free (self->ring);
  self->capacity = tokens;
  self->ring = g_new0 (LfToken, MAX (tokens, 1));
  self->head = 0;
}

/* ---- readers ---------------------------------------------------------------------- */

int
lf_visual_lookup_node (LfVisual   *self,
                       const char *id)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), -1);
  return id ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, id)) - 1 : -1;
}

int
lf_visual_lookup_edge (LfVisual   *self,
                       const char *id)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), -1);
  return id ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->edge_index, id)) - 1 : -1;
}

const LfNodeState *
lf_visual_get_node_state (LfVisual *self,
                          guint     index)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return &self->nodes[index].pub;
}

const LfEdgeState *
lf_visual_get_edge_state (LfVisual *self,
                          guint     index)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), NULL);
  g_return_val_if_fail (index < self->n_edges, NULL);
  return &self->edges[index].pub;
}

guint
lf_visual_get_n_tokens (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  return self->len;
}

const LfToken *
lf_visual_get_token (LfVisual *self,
                     guint     i)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), NULL);
  g_return_val_if_fail (i < self->len, NULL);
  return lf_visual_token_at (self, i);
}

guint
lf_visual_count_visible_tokens (LfVisual *self)
{
  guint n = 0;

  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  for (guint i = 0; i < self->len; i++)
    {
      const LfToken *t = lf_visual_token_at (self, i);
      if (t->start <= self->now && self->now < t->end &&
          (t->edge < 0 || !self->edges[t->edge].pub.band))
        n++;
    }
  return n;
}

guint64
lf_visual_get_n_dropped (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), 0);
  return self->dropped;
}

LfScenario *
lf_visual_get_scenario (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), NULL);
  return self->scenario;
}

/* ---- life ------------------------------------------------------------------------- */

void
lf_visual_attach (LfVisual *self,
                  LfSim    *sim)
{
  g_autofree char *key = NULL;

  g_return_if_fail (LF_IS_VISUAL (self));
  g_return_if_fail (LF_IS_SIM (sim));
  g_return_if_fail (self->sim == NULL);

  self->sim = g_object_ref (sim);
  self->cell = g_new0 (SinkCell, 1);
  self->cell->visual = self;
  /* Each attach gets its own key so that the sim frees every cell it was given. */
  key = g_strdup_printf ("lf-visual-sink-%p", (void *) self->cell);
  g_object_set_data_full (G_OBJECT (sim), key, self->cell, g_free);
  lf_sim_add_trace_func (sim, lf_visual_trace_cb, self->cell);
  lf_visual_set_now (self, lf_sim_get_now (sim));
}

LfVisual *
lf_visual_new (LfScenario *scenario)
{
  LfVisual *self;

  g_return_val_if_fail (LF_IS_SCENARIO (scenario), NULL);
  self = g_object_new (LF_TYPE_VISUAL, NULL);
  self->scenario = g_object_ref (scenario);
  lf_visual_index_model (self);
  lf_visual_clear_state (self);
  return self;
}

LfVisual *
lf_visual_new_for_sim (LfSim *sim)
{
  LfVisual *self;

  g_return_val_if_fail (LF_IS_SIM (sim), NULL);
  self = lf_visual_new (lf_sim_get_scenario (sim));
  lf_visual_attach (self, sim);
  return self;
}

static void
lf_visual_finalize (GObject *object)
{
  LfVisual *self = (LfVisual *) object;

  if (self->cell != NULL)
    self->cell->visual = NULL;
  for (guint i = 0; i < self->n_nodes; i++)
    g_array_unref (self->nodes[i].out);
  g_free (self->nodes);
  g_free (self->edges);
  g_free (self->ring);
  g_hash_table_unref (self->node_index);
  g_hash_table_unref (self->edge_index);
  g_clear_object (&self->sim);
  g_clear_object (&self->scenario);
  G_OBJECT_CLASS (lf_visual_parent_class)->finalize (object);
}

LfSim *
lf_visual_get_sim (LfVisual *self)
{
  g_return_val_if_fail (LF_IS_VISUAL (self), NULL);
  return self->sim;
}

static void
lf_visual_class_init (LfVisualClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_visual_finalize;
}

static void
lf_visual_init (LfVisual *self)
{
  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->edge_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->travel = MAX (LF_VISUAL_MIN_TRAVEL, LF_VISUAL_WALL_TRAVEL);
  self->band_threshold = LF_VISUAL_DEFAULT_BAND;
  self->capacity = LF_VISUAL_DEFAULT_CAPACITY;
  self->ring = g_new0 (LfToken, self->capacity);
}
