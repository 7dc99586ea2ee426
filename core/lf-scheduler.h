/* lf-scheduler.h: the event list, a 4-ary min-heap ordered by (time, seq)
 *
 * Ties are broken by the order of scheduling, so a scenario and a seed give the same
 * order of events every run (DESIGN.md). Cancelling is the owner's business: an entry
 * carries two pointers and a 64-bit tag the owner can compare against its own state. */
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
  LfEvent *heap;
  gsize    len;
  gsize    cap;
  guint64  next_seq;
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
  return self->len ? self->heap[0].time : LF_TIME_NEVER;
}

G_END_DECLS
