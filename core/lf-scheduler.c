/* lf-scheduler.c: 4-ary heap on (time, seq); measured faster than a binary heap (DESIGN.md) */
#include "lf-scheduler.h"

#include <stdlib.h>
#include <string.h>

#define OFFSET    3   /* children of logical i sit at physical 4(i+1)…4(i+1)+3: one line */
#define SLOT_BITS 28
#define SLOT_MASK ((G_GUINT64_CONSTANT (1) << SLOT_BITS) - 1)
#define SEQ_LIMIT (G_GUINT64_CONSTANT (1) << (64 - SLOT_BITS))

void
lf_scheduler_init (LfScheduler *self)
{
  memset (self, 0, sizeof *self);
  self->next_seq = 1;
}

void
lf_scheduler_clear (LfScheduler *self)
{
  free (self->keys);
  g_free (self->vals);
  g_free (self->free_slots);
  lf_scheduler_init (self);
}

static inline unsigned __int128
key_of (const LfHeapKey *k)
{
  return ((unsigned __int128) k->time << 64) | k->tie;
}

static void
grow (LfScheduler *self)
{
  gsize cap = MAX (64, self->cap * 2);
  LfHeapKey *keys = NULL;

  if (cap > SLOT_MASK + 1 ||
      posix_memalign ((void **) &keys, 64, (cap + OFFSET + 1) * sizeof (LfHeapKey)) != 0)
    g_error ("the event list cannot hold %zu pending events", cap);
  if (self->keys)
    memcpy (keys, self->keys, (self->len + OFFSET) * sizeof (LfHeapKey));
  free (self->keys);
  self->keys = keys;
  self->vals = g_renew (LfHeapVal, self->vals, cap);
  self->free_slots = g_renew (guint32, self->free_slots, cap);
  self->cap = cap;
}

static int
cmp_keys (gconstpointer a, gconstpointer b)
{
  unsigned __int128 x = key_of (a), y = key_of (b);
  return x < y ? -1 : x > y;
}

/* Before seq would overflow its 36 bits: number the pending events 1…n in their order.
 * A sorted array is a valid heap. */
static void
renumber (LfScheduler *self)
{
  LfHeapKey *keys = self->keys + OFFSET;

  qsort (keys, self->len, sizeof (LfHeapKey), cmp_keys);
  for (gsize i = 0; i < self->len; i++)
    keys[i].tie = ((guint64) (i + 1) << SLOT_BITS) | (keys[i].tie & SLOT_MASK);
  self->next_seq = self->len + 1;
}

void
lf_scheduler_push (LfScheduler *self,
                   LfTime       time,
                   LfEventFunc  func,
                   gpointer     a,
                   gpointer     b,
                   guint64      tag)
{
  LfHeapKey *keys;
  LfHeapKey key;
  unsigned __int128 k;
  guint32 slot;
  gsize i;

  if (self->len == self->cap)
    grow (self);
  if (G_UNLIKELY (self->next_seq >= SEQ_LIMIT))
    renumber (self);
  /* with no free slot, the slots in use are exactly 0 … len − 1 */
  slot = self->n_free ? self->free_slots[--self->n_free] : (guint32) self->len;
  self->vals[slot] = (LfHeapVal) { func, a, b, tag };
  key.time = (guint64) MAX (time, 0);
  key.tie = (self->next_seq++ << SLOT_BITS) | slot;
  k = key_of (&key);
  keys = self->keys;
  i = self->len++;
  while (i > 0)
    {
      gsize parent = (i - 1) / 4;
      if (k >= key_of (&keys[parent + OFFSET]))
        break;
      keys[i + OFFSET] = keys[parent + OFFSET];
      i = parent;
    }
  keys[i + OFFSET] = key;
}

gboolean
lf_scheduler_pop (LfScheduler *self,
                  LfEvent     *out)
{
  LfHeapKey *keys = self->keys;
  LfHeapKey last;
  const LfHeapVal *val;
  unsigned __int128 lk;
  guint32 slot;
  gsize i = 0, n;

  if (self->len == 0)
    return FALSE;
  slot = (guint32) (keys[OFFSET].tie & SLOT_MASK);
  val = &self->vals[slot];
  *out = (LfEvent) { (LfTime) keys[OFFSET].time, keys[OFFSET].tie >> SLOT_BITS,
                     val->func, val->a, val->b, val->tag };
  self->free_slots[self->n_free++] = slot;
  n = --self->len;
  if (n == 0)
    {
      self->n_free = 0;
      return TRUE;
    }
  last = keys[n + OFFSET];
  lk = key_of (&last);
  for (;;)
    {
      gsize first = 4 * i + 1, best, end;
      unsigned __int128 bk;
      if (first >= n)
        break;
      best = first;
      bk = key_of (&keys[first + OFFSET]);
      end = MIN (first + 4, n);
      for (gsize c = first + 1; c < end; c++)
        {
          unsigned __int128 ck = key_of (&keys[c + OFFSET]);
          if (ck < bk)
            best = c, bk = ck;
        }
      if (bk >= lk)
        break;
      keys[i + OFFSET] = keys[best + OFFSET];
      i = best;
    }
  keys[i + OFFSET] = last;
  return TRUE;
}

/* ---- inspection: pending entries of one kind (read-only) ----------------------------- */

void
lf_scheduler_foreach (const LfScheduler     *self,
                      LfEventFunc            func,
                      LfSchedulerVisitFunc   visit,
                      gpointer               data)
{
  for (gsize i = 0; i < self->len; i++)
    {
      const LfHeapKey *k = &self->keys[i + 3];
      const LfHeapVal *v = &self->vals[k->tie & SLOT_MASK];

      if (func == NULL || v->func == func)
        visit ((LfTime) k->time, v->a, v->b, v->tag, data);
    }
}
