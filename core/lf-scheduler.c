/* lf-scheduler.c: 4-ary heap on (time, seq); measured faster than a binary heap (DESIGN.md) */
#include "lf-scheduler.h"

#include <string.h>

void
lf_scheduler_init (LfScheduler *self)
{
  memset (self, 0, sizeof *self);
  self->next_seq = 1;
}

void
lf_scheduler_clear (LfScheduler *self)
{
  g_free (self->heap);
  lf_scheduler_init (self);
}

static inline gboolean
event_less (const LfEvent *x, const LfEvent *y)
{
  return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

void
lf_scheduler_push (LfScheduler *self,
                   LfTime       time,
                   LfEventFunc  func,
                   gpointer     a,
                   gpointer     b,
                   guint64      tag)
{
  LfEvent ev = { time, self->next_seq++, func, a, b, tag };
  gsize i;

  if (self->len == self->cap)
    {
      self->cap = MAX (64, self->cap * 2);
      self->heap = g_renew (LfEvent, self->heap, self->cap);
    }
  i = self->len++;
  while (i > 0)
    {
      gsize parent = (i - 1) / 4;
      if (!event_less (&ev, &self->heap[parent]))
        break;
      self->heap[i] = self->heap[parent];
      i = parent;
    }
  self->heap[i] = ev;
}

gboolean
lf_scheduler_pop (LfScheduler *self,
                  LfEvent     *out)
{
  LfEvent last;
  gsize i = 0, n;

  if (self->len == 0)
    return FALSE;
  *out = self->heap[0];
  n = --self->len;
  if (n == 0)
    return TRUE;
  last = self->heap[n];
  for (;;)
    {
      gsize first = 4 * i + 1, best, end;
      if (first >= n)
        break;
      best = first;
      end = MIN (first + 4, n);
      for (gsize c = first + 1; c < end; c++)
        if (event_less (&self->heap[c], &self->heap[best]))
          best = c;
      if (!event_less (&self->heap[best], &last))
        break;
      self->heap[i] = self->heap[best];
      i = best;
    }
  self->heap[i] = last;
  return TRUE;
}
