/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-visual.h: what the canvas shows of a running simulation, derived from its trace
 *
 * LfVisual is a GTK-free view-model. Attached to an LfSim it receives every trace record
 * (spec/cli.md) and keeps what a frame needs at the current simulated time: per-node live
 * counters, per-edge activity and the tokens travelling along edges. The painter reads it
 * once per frame; nothing here draws.
 *
 * Tokens live in simulated time. A token starts when its record happens (or, for a
 * fan-out child, when its parent's token arrives) and travels for the travel time:
 *
 *   travel = MAX (LF_VISUAL_MIN_TRAVEL, LF_VISUAL_WALL_TRAVEL × speed)
 *
 * so at any playback speed a token is on screen for about 0.6 s of wall time (0.2 s of
 * simulated time at the least). Tokens expire on arrival. Memory is bounded: tokens sit
 * in a ring of fixed capacity, and an edge that carries more than the band threshold is
 * reported as a flow band with a rate (messages per simulated second) instead.
 */
#pragma once

#include <glib-object.h>

#include "lf-scenario.h"
#include "lf-sim.h"
#include "lf-trace.h"

G_BEGIN_DECLS

#define LF_VISUAL_MIN_TRAVEL        LF_MSEC (200)
#define LF_VISUAL_WALL_TRAVEL       LF_MSEC (600)
#define LF_VISUAL_DEFAULT_CAPACITY  8192
#define LF_VISUAL_DEFAULT_BAND      24
#define LF_VISUAL_NEVER             G_MININT64   /* "no such event yet" in LfNodeState */

typedef enum {
  LF_TOKEN_NORMAL,
  LF_TOKEN_RETRY,        /* a retried attempt, or a retry looping back on its function */
  LF_TOKEN_FAILURE,      /* an on-failure destination record */
  LF_TOKEN_DLQ,          /* into a dead-letter queue (function DLQ or SQS redrive) */
  LF_TOKEN_DESTINATION,  /* an on-success destination record */
  LF_TOKEN_THROTTLED,    /* its invocation was refused with 429 */
  LF_N_TOKEN_KINDS
} LfTokenKind;

typedef struct {
  int          edge;     /* index into the scenario's edges, or -1: a retry loop on `node` */
  int          node;     /* the node it travels to (the loop's node for retries) */
  guint32      msg;      /* the first message it carries (0: a poll without ids) */
  guint32      count;    /* messages carried: > 1 for a batch */
  LfTime       start;    /* simulated time it leaves */
  LfTime       end;      /* simulated time it arrives and expires */
  LfTokenKind  kind;
  float        from;     /* where along the edge it leaves and arrives: 0…1. An ESM's */
  float        to;       /* polls stop at its poller (½), its batches leave from there */
} LfToken;

typedef struct {
  gint64  invocations;   /* invoke.start */
  gint64  errors;        /* failed invocations: function errors and timeouts */
  gint64  throttles;
  gint64  retries;       /* retry records at the node (or at an ESM into it) */
  gint64  discards;
  gint64  received;      /* messages landed here by enqueue, dlq, redrive or destination */
  gint64  running;       /* invocations running now */
  gint64  depth;         /* messages held now: queue depth, async-queue length, stream records */
  gint64  in_flight;     /* SQS: received by a poller, not yet deleted nor visible again */
  gint64  concurrency;   /* last `scale` record at the node, -1 when none */
  LfTime  last_error;
  LfTime  last_throttle;
  LfTime  last_retry;
  LfTime  last_arrival;
} LfNodeState;

typedef struct {
  gint64   messages;     /* messages carried so far */
  double   rate;         /* messages per simulated second, smoothed over the travel time */
  guint    in_flight;    /* tokens in the ring on this edge */
  gboolean band;         /* too busy for tokens: draw a flow band with `rate` */
  gint64   concurrency;  /* ESM: last `scale` record, -1 when none */
  LfTime   last_active;
} LfEdgeState;

#define LF_TYPE_VISUAL (lf_visual_get_type ())
G_DECLARE_FINAL_TYPE (LfVisual, lf_visual, LF, VISUAL, GObject)

LfVisual          *lf_visual_new               (LfScenario *scenario);
/* A visual of the sim's own scenario copy, attached to it. */
LfVisual          *lf_visual_new_for_sim       (LfSim *sim);
/* Receives the sim's trace from now on; lf_visual_sync reads its clock and gauges. */
void               lf_visual_attach            (LfVisual *self, LfSim *sim);
LfScenario        *lf_visual_get_scenario      (LfVisual *self);
/* The sim it is attached to, NULL when fed by hand (the painter inspects its queues,
 * streams and functions through it: lf-inspect.h). */
LfSim             *lf_visual_get_sim           (LfVisual *self);

/* One trace record (the sink calls this; tests feed synthetic records). */
void               lf_visual_feed              (LfVisual *self, const LfRecord *record);
/* Moves the clock (expiring arrived tokens). A clock that goes back resets the visual. */
void               lf_visual_set_now           (LfVisual *self, LfTime now);
LfTime             lf_visual_get_now           (LfVisual *self);
/* Attached: set_now (the sim's clock) and take the counters and gauges from the sim's
 * own node stats (lf_sim_get_node_stats), which are exact; records only estimate them. */
void               lf_visual_sync              (LfVisual *self);
void               lf_visual_reset             (LfVisual *self);

void               lf_visual_set_speed         (LfVisual *self, double speed);
void               lf_visual_set_travel_time   (LfVisual *self, LfTime travel);
LfTime             lf_visual_get_travel_time   (LfVisual *self);
void               lf_visual_set_band_threshold (LfVisual *self, guint tokens);
guint              lf_visual_get_band_threshold (LfVisual *self);
/* Drops the tokens in flight. */
void               lf_visual_set_capacity      (LfVisual *self, guint tokens);

int                lf_visual_lookup_node       (LfVisual *self, const char *id);   /* -1 if none */
int                lf_visual_lookup_edge       (LfVisual *self, const char *id);
const LfNodeState *lf_visual_get_node_state    (LfVisual *self, guint index);
const LfEdgeState *lf_visual_get_edge_state    (LfVisual *self, guint index);

/* Tokens in the ring, oldest first; some may not have started or already arrived. */
guint              lf_visual_get_n_tokens      (LfVisual *self);
const LfToken     *lf_visual_get_token         (LfVisual *self, guint i);
/* Tokens travelling at `now` (started, not arrived), on edges not drawn as bands. */
guint              lf_visual_count_visible_tokens (LfVisual *self);
/* Tokens the ring had to drop to stay within its capacity. */
guint64            lf_visual_get_n_dropped     (LfVisual *self);

/* How far a token has travelled at `now`: 0 at start, 1 on arrival, < 0 before it starts
 * (its place on the edge is from + progress × (to − from)). */
static inline double
lf_token_progress (const LfToken *token,
                   LfTime         now)
{
  if (now < token->start)
    return -1.0;
  if (token->end <= token->start)
    return 1.0;
  return (double) (now - token->start) / (double) (token->end - token->start);
}

G_END_DECLS
