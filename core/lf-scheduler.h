/* lf-scheduler.h: the event list, a 4-ary min-heap ordered by (time, seq)
 *
 * Ties are broken by the order of scheduling, so a scenario and a seed give the same
 * order of events every run (DESIGN.md). Cancelling is the owner's business: an entry
 * carries two pointers and a 64-bit tag the owner can compare against its own state.
 *
 * Layout: the heap holds 16-byte keys (time, then seq and the payload's slot packed in one
 * word: seq in the high 36 bits orders ties, the slot in the low 28 bits finds the
 * payload), in a 64-byte-aligned array shifted so that the four children of a node share
 * one cache line. Payloads stay put in a slab. Sift-down thus reads one line a level and
 * moves 16 bytes (tests/bench/bench-scheduler). Seqs are renumbered, order kept, before
 * they would overflow. */
#pragma once

#include <glib.h>

#include "lf-time.h"

G_BEGIN_DECLS

typedef void (*LfEventFunc) (gpointer ctx, gpointer a, gpointer b, guint64 tag);

typedef struct {
  LfTime      time;
  guint64     seq;
  LfEventFunc func;
  gpointer    a;
  gpointer    b;
  guint64     tag;
} LfEvent;

typedef struct {
  guint64 tie;        /* low half of the 128-bit key: seq << 28 | slot */
  guint64 time;       /* high half: time ≥ 0 */
} LfHeapKey;

typedef struct {
  LfEventFunc func;
  gpointer    a;
  gpointer    b;
  guint64     tag;
} LfHeapVal;

typedef struct {
  LfHeapKey *keys;    /* physical index = logical index + 3 */
  LfHeapVal *vals;    /* by slot */
  guint32   *free_slots;
  gsize      n_free;
  gsize      len;
  gsize      cap;
  guint64    next_seq;
} LfScheduler;

void     lf_scheduler_init    (LfScheduler *self);
void     lf_scheduler_clear   (LfScheduler *self);
void     lf_scheduler_push    (LfScheduler *self, LfTime time, LfEventFunc func,
                               gpointer a, gpointer b, guint64 tag);
gboolean lf_scheduler_pop     (LfScheduler *self, LfEvent *out);
static inline gsize
lf_scheduler_size (const LfScheduler *self)
{
  return self->len;
}
/* The time of the next event, or LF_TIME_NEVER when empty. */
static inline LfTime
lf_scheduler_peek_time (const LfScheduler *self)
{
  return self->len ? (LfTime) self->keys[3].time : LF_TIME_NEVER;
}

/* Visits every pending entry whose func is `func` (NULL: all), in no particular order,
 * without changing the heap: for inspection (lf-inspect.h). */
typedef void (*LfSchedulerVisitFunc) (LfTime time, gpointer a, gpointer b, guint64 tag, gpointer data);
void     lf_scheduler_foreach (const LfScheduler *self, LfEventFunc func,
                               LfSchedulerVisitFunc visit, gpointer data);

G_END_DECLS
