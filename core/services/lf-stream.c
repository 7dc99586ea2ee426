/* lf-stream.c: Kinesis streams and DynamoDB tables' streams — shards, MD5 partition-key
 * hashing, sequence numbers, retention [KIN-1…8, DDB-1…3] — and their pollers
 * [STREAM-1…10].
 *
 * The store. A shard keeps its records in arrival order; a record's sequence number is
 * its position in the shard + 1. Reading does not remove a record [KIN-4]: each record
 * counts the mappings that have yet to pass it (`pending`), and it leaves memory once
 * every one has (or once it is older than the retention: then, if a mapping still had to
 * pass it, it is discarded `RetentionExpired` — one timer per shard, never one per record).
 * A record that no mapping will read stays until it expires. The depth gauge counts
 * records not yet passed.
 *
 * The pollers. One iterator ("lane") per shard, or per shard and partition-key lane when
 * ParallelizationFactor > 1 (a key always hashes to the same lane, so per-key order
 * holds [KIN-3]). A lane polls once per second (Kinesis) or 4 times per second
 * (DynamoDB) while idle, but only an empty lane's clock is kept, not its events: a record
 * arriving on an idle lane is read at the lane's next poll tick. While records are
 * available the lane reads batches back to back [KIN-2]. A failed batch blocks its lane
 * and is retried (1 s doubling to 30 s, `stream_retry_backoff`) until it succeeds, its
 * records expire or grow older than max_record_age, or max_retry_attempts runs out
 * [STREAM-1…4, STREAM-7]; throttles are retried without counting [STREAM-9]; bisection
 * [STREAM-5], partial batch responses [STREAM-6], tumbling windows [STREAM-8], filters
 * [ESM-8], batching windows and the 6 MB cap [ESM-3], enabling and disabling [ESM-5]
 * and the iterator age [STREAM-10].
 *
 * With several mappings on one stream each reads every record; a message's fate is then
 * the outcome of the last mapping to pass it. */
#include "lf-sim-private.h"

#include <string.h>

/* lcm (1…10): `hash % LANE_HASH_MOD % pf` picks the same lane for a key whatever the PF */
#define LANE_HASH_MOD 2520

/* ---- the store -------------------------------------------------------------------- */

typedef struct {
  LfTime  arrival;
  guint32 msg;
  guint16 hash;       /* MD5 of the partition key, mod LANE_HASH_MOD */
  guint16 pending;    /* mappings yet to pass it (at least 1 while it is unresolved) */
} LfStreamRec;

typedef struct {
  GArray  *recs;      /* LfStreamRec; recs[head] is at position base */
  guint    head;
  guint64  base;
  gboolean timer;     /* a retention check is pending */
  char    *id;        /* "shardId-000000000000" */
} LfShard;

typedef struct _LfStreamMap LfStreamMap;

/* The positions [lo, hi) of a shard the lanes before a ParallelizationFactor change had
 * passed (a bit each), when some lanes had read further than others. */
typedef struct {
  guint64  lo, hi;
  guint8  *bits;
} LfSkip;

typedef struct {
  LfRtNode  *node;
  gboolean   ddb;
  guint      nshards;
  LfShard   *shards;
  LfTime     retention;
  GPtrArray *maps;    /* LfStreamMap* reading this stream */
} LfStreamRt;

static inline guint64
shard_end (const LfShard *sh)
{
  return sh->base + (sh->recs->len - sh->head);
}

static inline LfStreamRec *
shard_at (LfShard *sh, guint64 pos)
{
  return &g_array_index (sh->recs, LfStreamRec, sh->head + (guint) (pos - sh->base));
}

static char *
sequence_string (guint shard, guint64 pos)
{
  return g_strdup_printf ("4959%04u%026" G_GUINT64_FORMAT, shard, pos + 1);
}

static void
stream_rt_free (gpointer data)
{
  LfStreamRt *s = data;

  for (guint i = 0; i < s->nshards; i++)
    {
      g_array_unref (s->shards[i].recs);
      g_free (s->shards[i].id);
    }
  g_free (s->shards);
  g_ptr_array_unref (s->maps);
  g_free (s);
}

/* KIN-6: the partition key's MD5 picks the shard (hash ranges split evenly). */
static guint64
key_hash (const char *key)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;
  guint64 hi = 0;

  g_checksum_update (sum, (const guchar *) key, -1);
  g_checksum_get_digest (sum, digest, &len);
  for (int i = 0; i < 8; i++)
    hi = (hi << 8) | digest[i];
  return hi;
}

/* ---- the pollers' types ------------------------------------------------------------ */

typedef enum { START_LATEST, START_TRIM_HORIZON, START_AT_TIMESTAMP } LfStart;

typedef struct {
  guint32  id;
  GArray  *pos;            /* guint64 positions in the shard, ascending */
  GArray  *msgs;           /* guint32, the same records */
  LfTime   last_arrival;   /* of the last record [STREAM-10] */
  LfTime   window;         /* the end of its records' tumbling window, 0: none */
  gint64   bytes;
  int      failures;       /* failed invocations so far (a bisected half inherits them) */
  int      retries;        /* retries spent (max_retry_attempts) */
  int      throttles;      /* consecutive throttles */
  gboolean invoked;        /* has run at least once (edges.batches) */
  gboolean final;          /* the tumbling window's closing invocation: no records; its
                            * last_arrival is the window's last record's [STREAM-8] */
  gboolean reread;         /* RBIF: re-read newer records at the next attempt */
} LfStreamBatch;

typedef struct {
  LfStreamMap *m;
  guint        shard, index;
  guint64      pos;          /* the next position to read */
  gint64       scan_hi;      /* the last position this lane read, −1 none */
  gint64       ckpt;         /* the last checkpointed position, −1 none */
  GQueue       todo;         /* LfStreamBatch*: the head is in flight or retried; bisected halves wait behind it */
  gboolean     busy;         /* an invocation in flight */
  gboolean     scheduled;
  LfTime       scheduled_at;
  guint64      gen;
  LfTime       next_tick;    /* the idle poll clock */
  LfTime       window_until; /* batching window open until, −1 none */
  gint64       window_count, window_bytes;
  gboolean     tw_active;    /* a tumbling window has had records */
  LfTime       tw_end;
  gint64       tw_state;     /* the aggregate: records processed in the window */
  gboolean     tw_early;     /* the state passed 1 MB: the window ends now [STREAM-8] */
  LfTime       tw_last;      /* the arrival of the window's last record read */
  LfTime       iterator_age; /* at the end of its last batch [STREAM-10], 0 none yet */
} LfLane;

struct _LfStreamMap {
  LfRtEdge    *edge;
  LfStreamRt  *s;
  LfRtNode    *fn;
  LfEsmConfig  cfg;
  guint        pf;
  gboolean     bisect;
  gint64       max_retry;    /* −1: infinite */
  LfTime       max_age;      /* < 0: infinite */
  LfTime       tumbling;     /* 0: none */
  LfTime       backoff;      /* the first retry's delay */
  LfTime       period;       /* idle poll */
  LfStart      start;
  LfTime       threshold;    /* AT_TIMESTAMP: records arriving earlier are not read */
  gboolean     started, denied;
  guint64     *start_pos;    /* per shard */
  LfLane      *lanes;        /* nshards × pf */
  gint64       running;
  guint        pf_next;      /* a live ParallelizationFactor waiting for the lanes, 0: none */
  LfSkip      *skip;         /* per shard, after a PF change; NULL before any */
  GPtrArray   *retired;      /* lane arrays a PF change replaced (stale events name them) */
};

static void lane_wake (LfSim *sim, LfLane *l, gint64 bytes);

/* Will mapping m read a record arriving at `arrival` (appended now)? */
static gboolean
map_covers (LfStreamMap *m, LfTime arrival)
{
  return (m->started || m->start != START_LATEST) && arrival >= m->threshold;
}

/* ---- the store: arrival, resolution, retention ------------------------------------- */

static void retention_due (gpointer ctx, gpointer a, gpointer b, guint64 tag);

static void
schedule_retention (LfSim *sim, LfStreamRt *s, guint idx)
{
  LfShard *sh = &s->shards[idx];

  if (sh->timer || shard_end (sh) == sh->base)
    return;
  sh->timer = TRUE;
  _lf_sim_at (sim, shard_at (sh, sh->base)->arrival + s->retention, retention_due, s, NULL, idx);
}

/* Drops the front records that every mapping has passed, and those past the retention:
 * unreadable now, discarded RetentionExpired if a mapping had yet to pass them [KIN-5]. */
static void
shard_trim (LfSim *sim, LfStreamRt *s, guint idx)
{
  LfShard *sh = &s->shards[idx];
  g_autoptr(GArray) expired = NULL;

  while (sh->head < sh->recs->len)
    {
      LfStreamRec *r = &g_array_index (sh->recs, LfStreamRec, sh->head);
      if (r->pending > 0)
        {
          if (sim->now - r->arrival < s->retention)
            break;
          if (expired == NULL)
            expired = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_val (expired, r->msg);
          _lf_stats_gauge (s->node, -1);
        }
      sh->head++;
      sh->base++;
    }
  if (sh->head == sh->recs->len)
    {
      g_array_set_size (sh->recs, 0);
      sh->head = 0;
    }
  else if (sh->head >= 1024 && sh->head * 2 >= sh->recs->len)
    {
      g_array_remove_range (sh->recs, 0, sh->head);
      sh->head = 0;
    }
  if (expired)
    _lf_sim_discard (sim, s->node->id, NULL, (const guint32 *) expired->data, expired->len,
                     "RetentionExpired");
}

static void
retention_due (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfSim *sim = ctx;
  LfStreamRt *s = a;

  s->shards[tag].timer = FALSE;
  shard_trim (sim, s, (guint) tag);
  schedule_retention (sim, s, (guint) tag);
}

/* Mapping m has passed the record at pos (processed, discarded or filtered). */
static void
resolve (LfSim *sim, LfStreamRt *s, LfShard *sh, guint64 pos, LfFate fate)
{
  LfStreamRec *r;

  if (pos < sh->base)
    return;                            /* expired meanwhile: already discarded */
  r = shard_at (sh, pos);
  g_assert (r->pending > 0);
  if (--r->pending == 0)
    {
      _lf_stats_gauge (s->node, -1);
      _lf_sim_set_fate (sim, r->msg, fate);
    }
  else
    _lf_sim_set_fate (sim, r->msg, LF_FATE_QUEUED);   /* another mapping still reads it */
}

static void
stream_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfStreamRt *s = node->impl;
  const LfMsg *m = _lf_sim_msg (sim, msg);
  g_autofree char *key = g_strdup_printf (s->ddb ? "item-%d" : "pk-%d", MAX (m->key, 0) + 1);
  guint64 hash = key_hash (key);
  guint idx = (guint) (((unsigned __int128) hash * s->nshards) >> 64);
  LfShard *sh = &s->shards[idx];
  guint64 pos = shard_end (sh);
  LfStreamRec rec = { sim->now, msg, (guint16) (hash % LANE_HASH_MOD), 0 };
  gint64 bytes = m->bytes;

  for (guint i = 0; i < s->maps->len; i++)
    if (map_covers (g_ptr_array_index (s->maps, i), rec.arrival))
      rec.pending++;
  if (rec.pending == 0)
    rec.pending = 1;                   /* nobody reads it: the retention ends it */
  g_array_append_val (sh->recs, rec);
  _lf_sim_set_fate (sim, msg, LF_FATE_QUEUED);
  _lf_stats_gauge (node, +1);
  if (_lf_sim_tracing (sim))
    {
      g_autofree char *sequence = sequence_string (idx, pos);
      LfRecord r;
      lf_record_init (&r, LF_REC_ENQUEUE, sim->now);
      r.node = node->id;
      r.msg = msg;
      r.shard = sh->id;
      r.partition_key = key;
      r.sequence = sequence;
      _lf_sim_emit (sim, &r);
    }
  schedule_retention (sim, s, idx);
  for (guint i = 0; i < s->maps->len; i++)
    {
      LfStreamMap *map = g_ptr_array_index (s->maps, i);
      if (map->started && map_covers (map, rec.arrival))
        lane_wake (sim, &map->lanes[idx * map->pf + rec.hash % map->pf], bytes);
    }
}

void
_lf_stream_init (LfSim    *sim,
                 LfRtNode *node)
{
  JsonObject *p = node->def->props;
  LfStreamRt *s = g_new0 (LfStreamRt, 1);

  s->node = node;
  s->ddb = node->type == LF_NODE_DYNAMODB_TABLE;
  s->nshards = (guint) MAX (1, lf_props_get_int (p, s->ddb ? "stream_shards" : "shards", 1));
  s->retention = s->ddb ? LF_DYNAMODB_STREAM_RETENTION
                        : lf_props_get_duration (p, "retention", LF_KINESIS_RETENTION_DEFAULT);
  s->shards = g_new0 (LfShard, s->nshards);
  for (guint i = 0; i < s->nshards; i++)
    {
      s->shards[i].recs = g_array_new (FALSE, FALSE, sizeof (LfStreamRec));
      s->shards[i].id = g_strdup_printf ("shardId-%012u", i);
    }
  s->maps = g_ptr_array_new ();
  node->impl = s;
  node->impl_free = stream_rt_free;
  node->accept = stream_accept;
}

/* End of run: the age of the oldest record not yet passed by every mapping. */
void
_lf_stream_finish (LfSim    *sim,
                   LfRtNode *node)
{
  LfStreamRt *s = node->impl;

  for (guint i = 0; i < s->nshards; i++)
    {
      LfShard *sh = &s->shards[i];
      for (guint j = sh->head; j < sh->recs->len; j++)
        {
          LfStreamRec *r = &g_array_index (sh->recs, LfStreamRec, j);
          if (r->pending > 0)
            {
              node->st.max_age_of_oldest = MAX (node->st.max_age_of_oldest, sim->now - r->arrival);
              break;
            }
        }
    }
}

/* ---- trace ------------------------------------------------------------------------ */

static void
emit_poll (LfSim *sim, LfLane *l, gint64 count)
{
  LfRecord rec;

  if (count <= 0 || !_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_POLL, sim->now);
  rec.edge = l->m->edge->id;
  rec.count = count;
  rec.shard = l->m->s->shards[l->shard].id;
  _lf_sim_emit (sim, &rec);
}

/* The lane's iterator moved past pos */
static void
checkpoint (LfSim *sim, LfLane *l, gint64 pos)
{
  LfRecord rec;
  g_autofree char *sequence = NULL;

  if (pos <= l->ckpt)
    return;
  l->ckpt = pos;
  if (!_lf_sim_tracing (sim))
    return;
  sequence = sequence_string (l->shard, (guint64) pos);
  lf_record_init (&rec, LF_REC_CHECKPOINT, sim->now);
  rec.edge = l->m->edge->id;
  rec.shard = l->m->s->shards[l->shard].id;
  rec.sequence = sequence;
  _lf_sim_emit (sim, &rec);
}

static void
emit_retry (LfSim *sim, LfLane *l, LfStreamBatch *b, LfTime due, const char *reason)
{
  LfRecord rec;

  if (!_lf_sim_tracing (sim))
    return;
  lf_record_init (&rec, LF_REC_RETRY, sim->now);
  rec.edge = l->m->edge->id;
  rec.batch = b->id;
  rec.msgs = (const guint32 *) b->msgs->data;
  rec.n_msgs = b->msgs->len;
  rec.due = due;
  rec.reason = reason;
  _lf_sim_emit (sim, &rec);
}

/* ---- batches ---------------------------------------------------------------------- */

static LfStreamBatch *
batch_new (LfSim *sim)
{
  LfStreamBatch *b = g_new0 (LfStreamBatch, 1);

  b->id = _lf_sim_new_batch (sim);
  b->pos = g_array_new (FALSE, FALSE, sizeof (guint64));
  b->msgs = g_array_new (FALSE, FALSE, sizeof (guint32));
  return b;
}

static void
batch_free (LfStreamBatch *b)
{
  g_array_unref (b->pos);
  g_array_unref (b->msgs);
  g_free (b);
}

static inline guint64
batch_pos (LfStreamBatch *b, guint i)
{
  return g_array_index (b->pos, guint64, i);
}

static void
batch_drop_front (LfStreamBatch *b, guint n)
{
  if (n == 0)
    return;
  g_array_remove_range (b->pos, 0, n);
  g_array_remove_range (b->msgs, 0, n);
}

/* Records that expired while the batch waited are gone (discarded by the store). */
static void
batch_drop_expired (LfStreamBatch *b, LfShard *sh)
{
  guint n = 0;

  while (n < b->pos->len && batch_pos (b, n) < sh->base)
    n++;
  batch_drop_front (b, n);
}

static void
lane_free_batches (LfLane *l)
{
  g_queue_clear_full (&l->todo, (GDestroyNotify) batch_free);
}

/* ---- lanes: scheduling ------------------------------------------------------------ */

static void lane_step (gpointer ctx, gpointer a, gpointer b, guint64 tag);

static void
lane_schedule (LfSim *sim, LfLane *l, LfTime t)
{
  l->scheduled = TRUE;
  l->scheduled_at = MAX (t, sim->now);
  _lf_sim_at (sim, l->scheduled_at, lane_step, l, NULL, ++l->gen);
}

static gboolean
map_active (LfStreamMap *m)
{
  return m->started && m->cfg.enabled && !m->denied;
}

/* The first idle poll at or after t */
static LfTime
lane_tick (LfLane *l, LfTime t)
{
  LfTime period = l->m->period;

  if (t <= l->next_tick)
    return l->next_tick;
  return l->next_tick + (t - l->next_tick + period - 1) / period * period;
}

/* A record for this lane arrived. */
static void
lane_wake (LfSim *sim, LfLane *l, gint64 bytes)
{
  LfTime t;

  if (!map_active (l->m) || l->busy || l->todo.length > 0)
    return;                            /* it reads again when its batch is done */
  if (l->window_until >= 0)
    {
      /* ESM-3: the batching window closes early when the batch is full */
      l->window_count++;
      l->window_bytes += bytes;
      if (l->window_count >= l->m->cfg.batch_size || l->window_bytes >= LF_ESM_BATCH_PAYLOAD_MAX)
        lane_schedule (sim, l, sim->now);
      return;
    }
  t = lane_tick (l, sim->now);
  if (!l->scheduled || l->scheduled_at > t)
    lane_schedule (sim, l, t);
}

/* Nothing to read: wait for the next record (or the tumbling window's end). */
static void
lane_park (LfSim *sim, LfLane *l)
{
  l->next_tick = sim->now + l->m->period;
  l->scheduled = FALSE;
  l->gen++;
  if (l->tw_active)
    lane_schedule (sim, l, l->tw_end);
}

static LfTime
retry_delay (LfStreamMap *m, int n)
{
  LfTime d = MAX (m->backoff, LF_MSEC (1)), cap = MAX (LF_STREAM_RETRY_BACKOFF_MAX, d);

  for (int i = 1; i < n && d < cap; i++)
    d *= 2;
  return MIN (d, cap);
}

/* STREAM-7: a retry comes no later than the moment its oldest record grows too old. */
static LfTime
retry_due (LfSim *sim, LfLane *l, LfStreamBatch *b, LfTime delay)
{
  LfStreamMap *m = l->m;
  LfShard *sh = &m->s->shards[l->shard];
  LfTime due = sim->now + delay;

  if (m->max_age >= 0 && b->pos->len > 0 && batch_pos (b, 0) >= sh->base)
    due = MIN (due, shard_at (sh, batch_pos (b, 0))->arrival + m->max_age);
  else if (m->max_age >= 0 && b->final)
    due = MIN (due, b->last_arrival + m->max_age);
  return MAX (due, sim->now);
}

/* ---- reading ---------------------------------------------------------------------- */

/* STREAM-8: the end of the tumbling window a record belongs to, 0 without windows. An
 * open window keeps the length it opened with; a live change of tumbling_window applies
 * from the next window on. */
static LfTime
window_of (LfLane *l, LfTime arrival)
{
  LfTime len = l->m->tumbling;

  if (l->tw_active && arrival < l->tw_end)
    return l->tw_end;
  if (len <= 0)
    return 0;
  return (arrival / len + 1) * len;
}

static gboolean
skipped (const LfSkip *k, guint64 pos)
{
  return pos >= k->lo && pos < k->hi && (k->bits[(pos - k->lo) / 8] >> ((pos - k->lo) % 8) & 1);
}

static gboolean
lane_owns (LfLane *l, const LfStreamRec *r, guint64 pos)
{
  return r->hash % l->m->pf == l->index && r->arrival >= l->m->threshold &&
         !(l->m->skip && skipped (&l->m->skip[l->shard], pos));
}

/* Reads this lane's records into b (a new batch when NULL) up to the batch size, the 6 MB
 * cap and the tumbling window's end; records no filter accepts are discarded Filtered
 * [ESM-8]. *n_read counts every record read. */
static LfStreamBatch *
read_into (LfSim *sim, LfLane *l, LfStreamBatch *b, gint64 *n_read)
{
  LfStreamMap *m = l->m;
  LfStreamRt *s = m->s;
  LfShard *sh = &s->shards[l->shard];
  guint64 p = MAX (l->pos, sh->base), end = shard_end (sh);
  g_autoptr(GArray) filtered = NULL;
  g_autoptr(GArray) filtered_pos = NULL;

  *n_read = 0;
  for (; p < end; p++)
    {
      LfStreamRec *r = shard_at (sh, p);
      LfTime window = window_of (l, r->arrival);
      gint64 bytes;
      if (!lane_owns (l, r, p))
        continue;
      if (b && (gint64) b->pos->len >= m->cfg.batch_size)
        break;
      if (b && b->pos->len > 0 && window != b->window)
        break;                         /* STREAM-8: a batch stays inside its window */
      bytes = _lf_sim_msg (sim, r->msg)->bytes;
      if (b && b->pos->len > 0 && b->bytes + bytes > LF_ESM_BATCH_PAYLOAD_MAX)
        break;                         /* ESM-3 */
      (*n_read)++;
      l->scan_hi = (gint64) p;
      if (!_lf_esm_filter_accepts (sim, m->edge, &m->cfg, r->msg))
        {
          if (filtered == NULL)
            {
              filtered = g_array_new (FALSE, FALSE, sizeof (guint32));
              filtered_pos = g_array_new (FALSE, FALSE, sizeof (guint64));
            }
          g_array_append_val (filtered, r->msg);
          g_array_append_val (filtered_pos, p);
          continue;
        }
      if (b == NULL)
        b = batch_new (sim);
      if (b->pos->len == 0)
        b->window = window;
      g_array_append_val (b->pos, p);
      g_array_append_val (b->msgs, r->msg);
      b->bytes += bytes;
      b->last_arrival = r->arrival;
      l->tw_last = r->arrival;
    }
  l->pos = p;
  emit_poll (sim, l, *n_read);
  if (filtered)
    {
      _lf_sim_discard (sim, s->node->id, m->edge->id, (const guint32 *) filtered->data,
                       filtered->len, "Filtered");
      for (guint i = 0; i < filtered_pos->len; i++)
        resolve (sim, s, sh, g_array_index (filtered_pos, guint64, i), LF_FATE_DISCARDED);
    }
  return b;
}

/* Counts (up to limit) this lane's records not read yet, without reading them. */
static gint64
lane_available (LfSim *sim, LfLane *l, gint64 limit, gint64 *bytes)
{
  LfShard *sh = &l->m->s->shards[l->shard];
  guint64 end = shard_end (sh);
  gint64 n = 0;

  *bytes = 0;
  for (guint64 p = MAX (l->pos, sh->base); p < end && n < limit; p++)
    {
      LfStreamRec *r = shard_at (sh, p);
      if (lane_owns (l, r, p))
        {
          n++;
          *bytes += _lf_sim_msg (sim, r->msg)->bytes;
        }
    }
  return n;
}

/* STREAM-8: the lane's window is over when its end has passed and no record of it is left,
 * or at once when its state has grown past 1 MB (the window is terminated early) */
static gboolean
window_final_due (LfSim *sim, LfLane *l)
{
  LfShard *sh = &l->m->s->shards[l->shard];
  guint64 end = shard_end (sh);

  if (l->tw_active && l->tw_early)
    return TRUE;
  if (!l->tw_active || sim->now < l->tw_end)
    return FALSE;
  for (guint64 p = MAX (l->pos, sh->base); p < end; p++)
    {
      LfStreamRec *r = shard_at (sh, p);
      if (lane_owns (l, r, p))
        return r->arrival >= l->tw_end;
    }
  return TRUE;
}

/* Has the lane's open tumbling window records it has not read yet? */
static gboolean
window_records_left (LfLane *l)
{
  LfShard *sh = &l->m->s->shards[l->shard];
  guint64 end = shard_end (sh);

  for (guint64 p = MAX (l->pos, sh->base); l->tw_active && p < end; p++)
    {
      LfStreamRec *r = shard_at (sh, p);
      if (lane_owns (l, r, p))
        return r->arrival < l->tw_end;
    }
  return FALSE;
}

/* ---- one batch's life ------------------------------------------------------------- */

static void attempt (LfSim *sim, LfLane *l);

/* Resolves the first n records of the head batch with fate; they leave it. */
static void
pass_front (LfSim *sim, LfLane *l, LfStreamBatch *b, guint n, LfFate fate)
{
  LfShard *sh = &l->m->s->shards[l->shard];

  for (guint i = 0; i < n; i++)
    resolve (sim, l->m->s, sh, batch_pos (b, i), fate);
  batch_drop_front (b, n);
}

/* The head batch is done with: the iterator moves on, the lane reads on. */
static void
finish_head (LfSim *sim, LfLane *l, gint64 last_pos)
{
  LfStreamBatch *b = g_queue_pop_head (&l->todo);

  batch_free (b);
  if (l->todo.length == 0)
    last_pos = MAX (last_pos, l->scan_hi);
  if (last_pos >= 0)
    checkpoint (sim, l, last_pos);
  shard_trim (sim, l->m->s, l->shard);
  lane_schedule (sim, l, sim->now);
}

/* KIN-7, STREAM-4: the records are given up; an on-failure record says so. */
static void
give_up (LfSim *sim, LfLane *l, LfStreamBatch *b, guint n, const char *condition)
{
  LfStreamMap *m = l->m;
  g_autoptr(GArray) msgs = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);

  g_array_append_vals (msgs, b->msgs->data, n);
  _lf_esm_send_failure_record (sim, m->edge, (const guint32 *) msgs->data, n, condition, b->failures);
  _lf_sim_discard (sim, m->s->node->id, m->edge->id, (const guint32 *) msgs->data, n, condition);
  pass_front (sim, l, b, n, LF_FATE_DISCARDED);
}

/* STREAM-7: before each attempt, records older than max_record_age are discarded. A retry
 * that ages records out (it was brought forward to the oldest one's limit, see retry_due)
 * also takes those that would be too old by the retry after it: they go together, in one
 * failure record, instead of one record and one attempt at a time. */
static gint64
age_out (LfSim *sim, LfLane *l, LfStreamBatch *b)
{
  LfStreamMap *m = l->m;
  LfShard *sh = &m->s->shards[l->shard];
  guint n = 0;
  gint64 last = -1;

  if (m->max_age < 0)
    return -1;
  while (n < b->pos->len && sim->now - shard_at (sh, batch_pos (b, n))->arrival >= m->max_age)
    n++;
  if (n == 0)
    return -1;
  if (b->failures > 0 && (m->max_retry < 0 || b->retries < m->max_retry))
    {
      LfTime next = sim->now + retry_delay (m, b->retries + 1);
      while (n < b->pos->len && next - shard_at (sh, batch_pos (b, n))->arrival >= m->max_age)
        n++;
    }
  last = (gint64) batch_pos (b, n - 1);
  give_up (sim, l, b, n, "RecordAgeExceeded");
  return last;
}

/* STREAM-8: the window is over; its state is dropped. A final invocation that is given up
 * (condition) has no records, so there is no on-failure record: a discard of none says so. */
static void
window_drop (LfSim *sim, LfLane *l, const char *condition)
{
  l->tw_active = FALSE;
  l->tw_state = 0;
  l->tw_early = FALSE;
  if (condition)
    _lf_sim_discard (sim, l->m->s->node->id, l->m->edge->id, NULL, 0, condition);
}

static void batch_done (LfSim *sim, LfInvocation *inv);

static void
throttled (LfSim *sim, LfLane *l, LfStreamBatch *b)
{
  LfTime due;

  /* STREAM-9: a throttle does not spend a retry */
  b->throttles++;
  due = retry_due (sim, l, b, retry_delay (l->m, b->throttles));
  emit_retry (sim, l, b, due, "throttle");
  lane_schedule (sim, l, due);
}

static void
attempt (LfSim *sim, LfLane *l)
{
  LfStreamMap *m = l->m;
  LfShard *sh = &m->s->shards[l->shard];
  LfStreamBatch *b = g_queue_peek_head (&l->todo);
  LfInvocation *inv;
  const char *reason = NULL;

  if (b->reread)
    {
      /* STREAM-6: the retry reads again from the checkpoint, so newer records join */
      gint64 n_read;
      b->reread = FALSE;
      read_into (sim, l, b, &n_read);
    }
  if (b->final)
    {
      /* like any batch, the final invocation ends when the window's records are too old
       * (all of them: its last record) or gone from the stream */
      const char *gone = sim->now - b->last_arrival >= m->s->retention ? "RetentionExpired" :
                         m->max_age >= 0 && sim->now - b->last_arrival >= m->max_age ? "RecordAgeExceeded" : NULL;
      if (gone)
        {
          window_drop (sim, l, gone);
          finish_head (sim, l, -1);
          return;
        }
    }
  else
    {
      gint64 last;
      batch_drop_expired (b, sh);
      last = age_out (sim, l, b);
      if (b->pos->len == 0)
        {
          finish_head (sim, l, last);
          return;
        }
      if (last >= 0)
        checkpoint (sim, l, last);
    }
  inv = _lf_function_invoke_batch (sim, m->fn, m->edge, (const guint32 *) b->msgs->data,
                                   b->msgs->len, b->failures + 1, b->id, m->s->shards[l->shard].id,
                                   batch_done, l, &reason);
  if (inv == NULL)
    {
      throttled (sim, l, b);
      return;
    }
  b->throttles = 0;
  if (!b->invoked && !b->final)
    m->edge->st.batches++;
  b->invoked = TRUE;
  l->busy = TRUE;
  m->running++;
  m->edge->st.max_concurrency = MAX (m->edge->st.max_concurrency, m->running);
}

/* STREAM-5: a failed batch is split in two halves, retried in order; the split is not a
 * retry, and each half starts with its parent's count of failed invocations. */
static void
bisect (LfSim *sim, LfLane *l, LfStreamBatch *b)
{
  LfShard *sh = &l->m->s->shards[l->shard];
  guint n1 = b->pos->len / 2;
  LfStreamBatch *half[2];
  gint64 sizes[2] = { n1, b->pos->len - n1 };

  for (guint h = 0; h < 2; h++)
    {
      guint from = h ? n1 : 0, n = (guint) sizes[h];
      half[h] = batch_new (sim);
      g_array_append_vals (half[h]->pos, &g_array_index (b->pos, guint64, from), n);
      g_array_append_vals (half[h]->msgs, &g_array_index (b->msgs, guint32, from), n);
      half[h]->window = b->window;
      half[h]->failures = b->failures;
      half[h]->retries = b->retries;
      half[h]->last_arrival = b->last_arrival;
      for (guint i = 0; i < n; i++)
        {
          guint64 p = batch_pos (half[h], i);
          if (p >= sh->base)
            {
              half[h]->bytes += _lf_sim_msg (sim, g_array_index (half[h]->msgs, guint32, i))->bytes;
              half[h]->last_arrival = shard_at (sh, p)->arrival;
            }
        }
    }
  if (_lf_sim_tracing (sim))
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_BISECT, sim->now);
      rec.edge = l->m->edge->id;
      rec.shard = sh->id;
      rec.batch = b->id;
      rec.sizes = sizes;
      rec.n_sizes = 2;
      _lf_sim_emit (sim, &rec);
    }
  batch_free (g_queue_pop_head (&l->todo));
  g_queue_push_head (&l->todo, half[1]);
  g_queue_push_head (&l->todo, half[0]);
  lane_schedule (sim, l, sim->now);
}

/* STREAM-1: the batch failed (or, with RBIF, its remaining records did). */
static void
batch_failed (LfSim *sim, LfLane *l, LfStreamBatch *b, gboolean partial)
{
  LfStreamMap *m = l->m;
  LfTime due;

  for (guint i = 0; i < b->msgs->len && !b->final; i++)
    _lf_sim_set_fate (sim, g_array_index (b->msgs, guint32, i), LF_FATE_QUEUED);
  if (m->bisect && !partial && !b->final && b->pos->len >= 2)
    {
      bisect (sim, l, b);
      return;
    }
  if (m->max_retry >= 0 && b->retries >= m->max_retry)
    {
      gint64 last = b->pos->len ? (gint64) batch_pos (b, b->pos->len - 1) : -1;
      if (b->final)
        window_drop (sim, l, "RetryAttemptsExhausted");
      else
        give_up (sim, l, b, b->pos->len, "RetryAttemptsExhausted");
      finish_head (sim, l, last);
      return;
    }
  b->retries++;
  /* STREAM-6: without bisection the retry re-reads from the checkpoint */
  if (partial && !m->bisect && l->todo.length == 1)
    b->reread = TRUE;
  due = retry_due (sim, l, b, retry_delay (m, b->retries));
  emit_retry (sim, l, b, due, "error");
  lane_schedule (sim, l, due);
}

static gboolean
in_array (GArray *a, guint32 msg)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, guint32, i) == msg)
      return TRUE;
  return FALSE;
}

static void
batch_done (LfSim *sim, LfInvocation *inv)
{
  LfLane *l = inv->owner;
  LfStreamMap *m = l->m;
  LfShard *sh = &m->s->shards[l->shard];
  LfStreamBatch *b = g_queue_peek_head (&l->todo);
  g_autoptr(GArray) failed = g_array_new (FALSE, FALSE, sizeof (guint32));
  LfBatchOutcome outcome;
  guint ok;

  l->busy = FALSE;
  m->running--;
  /* STREAM-10: the iterator age when processing finished */
  if (!b->final)
    {
      l->iterator_age = sim->now - b->last_arrival;
      m->edge->st.max_age_of_oldest = MAX (m->edge->st.max_age_of_oldest, l->iterator_age);
    }
  if (b->window == 0 && !b->final)
    inv->no_state = FALSE;              /* state matters only with a tumbling window */
  outcome = _lf_esm_classify (inv, m->cfg.rbif, failed);
  b->failures += outcome == LF_BATCH_SUCCEEDED ? 0 : 1;
  if (b->final)
    {
      if (outcome == LF_BATCH_FAILED)
        batch_failed (sim, l, b, FALSE);
      else
        {
          window_drop (sim, l, NULL);
          finish_head (sim, l, -1);
        }
      return;
    }
  batch_drop_expired (b, sh);
  ok = b->pos->len;
  if (outcome == LF_BATCH_FAILED)
    ok = 0;
  else if (outcome == LF_BATCH_PARTIAL)
    {
      /* STREAM-6: checkpoint before the lowest reported sequence number */
      for (ok = 0; ok < b->msgs->len && !in_array (failed, g_array_index (b->msgs, guint32, ok)); ok++)
        ;
    }
  if (b->window > 0)
    {
      /* STREAM-8: the function's state grows by state_bytes_per_record (a function prop,
       * 0 by default: the counting aggregate stays small); past 1 MB the window ends early
       * and the window's later records start a new state */
      l->tw_state += ok;
      if (ok > 0 && l->tw_state * lf_props_get_size (m->fn->def->props, "state_bytes_per_record", 0) >
                    LF_STREAM_WINDOW_STATE_MAX)
        l->tw_early = TRUE;
    }
  if (ok == b->pos->len)
    {
      gint64 last = ok ? (gint64) batch_pos (b, ok - 1) : -1;
      pass_front (sim, l, b, ok, LF_FATE_SUCCEEDED);
      finish_head (sim, l, last);
      return;
    }
  if (ok > 0)
    {
      gint64 last = (gint64) batch_pos (b, ok - 1);
      pass_front (sim, l, b, ok, LF_FATE_SUCCEEDED);
      checkpoint (sim, l, last);
    }
  batch_failed (sim, l, b, outcome == LF_BATCH_PARTIAL);
}

/* ---- the lane's loop -------------------------------------------------------------- */

static void map_kick (LfSim *sim, LfStreamMap *m);

/* a deny fault that kept the mapping from reading has ended: look again */
static void
denial_over (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfStreamMap *m = a;

  if (!m->denied)
    return;                 /* another lane's look already woke it */
  m->denied = FALSE;
  map_kick (ctx, m);
}

static void map_repartition (LfSim *sim, LfStreamMap *m);

static void
lane_run (LfSim *sim, LfLane *l)
{
  LfStreamMap *m = l->m;
  LfStreamBatch *b;
  gint64 n_read;

  if (l->busy || !map_active (m))
    return;
  if (!_lf_esm_can_read (sim, m->edge))
    {
      LfTime ends = _lf_esm_denial_ends (sim, m->edge);
      m->denied = TRUE;                 /* a problem state: it invokes nothing */
      if (ends != LF_TIME_NEVER)
        _lf_sim_at (sim, ends, denial_over, m, NULL, 0);   /* until a deny fault ends */
      return;
    }
  shard_trim (sim, m->s, l->shard);
  if (l->todo.length > 0)
    {
      attempt (sim, l);
      return;
    }
  if (window_final_due (sim, l))
    {
      /* STREAM-8: one more invocation, with the window's whole state and no records */
      b = batch_new (sim);
      b->final = TRUE;
      b->last_arrival = l->tw_last;
      g_queue_push_tail (&l->todo, b);
      attempt (sim, l);
      return;
    }
  if (m->pf_next > 0 && !window_records_left (l))
    {
      /* a new ParallelizationFactor waits for the lanes: this one reads nothing new (its
       * open tumbling window's final comes first) */
      l->window_until = -1;
      if (l->tw_active)
        lane_park (sim, l);
      else
        {
          l->scheduled = FALSE;
          l->gen++;
          map_repartition (sim, m);
        }
      return;
    }
  if (m->cfg.window > 0 && l->window_until < 0)
    {
      /* ESM-3: wait for the batching window unless the batch is full already */
      gint64 bytes, n = lane_available (sim, l, m->cfg.batch_size, &bytes);
      if (n == 0)
        {
          lane_park (sim, l);
          return;
        }
      if (n < m->cfg.batch_size && bytes < LF_ESM_BATCH_PAYLOAD_MAX)
        {
          l->window_count = n;
          l->window_bytes = bytes;
          l->window_until = sim->now + m->cfg.window;
          lane_schedule (sim, l, l->window_until);
          return;
        }
    }
  l->window_until = -1;
  b = read_into (sim, l, NULL, &n_read);
  if (b == NULL)
    {
      if (n_read > 0)
        checkpoint (sim, l, l->scan_hi);
      lane_park (sim, l);
      return;
    }
  if (b->window > 0 && !l->tw_active)
    {
      l->tw_active = TRUE;
      l->tw_end = b->window;
      l->tw_state = 0;
    }
  g_queue_push_tail (&l->todo, b);
  attempt (sim, l);
}

static void
lane_step (gpointer ctx, gpointer a, gpointer b, guint64 tag)
{
  LfLane *l = a;

  if (tag != l->gen)
    return;
  l->scheduled = FALSE;
  lane_run (ctx, l);
}

/* ---- the mapping ------------------------------------------------------------------ */

static void
map_free (LfStreamMap *m)
{
  guint n = m->s->nshards * m->pf;

  for (guint i = 0; i < n; i++)
    lane_free_batches (&m->lanes[i]);
  g_free (m->lanes);
  for (guint i = 0; m->skip && i < m->s->nshards; i++)
    g_free (m->skip[i].bits);
  g_free (m->skip);
  g_ptr_array_unref (m->retired);
  g_free (m->start_pos);
  g_free (m);
}

static LfLane *
lanes_new (LfStreamMap *m, guint pf)
{
  guint n = m->s->nshards * pf;
  LfLane *lanes = g_new0 (LfLane, n);

  for (guint i = 0; i < n; i++)
    {
      LfLane *l = &lanes[i];
      l->m = m;
      l->shard = i / pf;
      l->index = i % pf;
      l->scan_hi = -1;
      l->ckpt = -1;
      l->window_until = -1;
      g_queue_init (&l->todo);
    }
  return lanes;
}

/* KIN-3, lf_sim_set: a new ParallelizationFactor takes over once no lane has a batch in
 * flight or to retry, or a tumbling window open (meanwhile they read nothing new, like a
 * mapping that is Updating [ESM-5]). The new lanes of a shard start at its slowest old
 * lane's position and skip what the old lanes had passed: per-key order holds, and no
 * record is read twice. */
static void
map_repartition (LfSim *sim, LfStreamMap *m)
{
  guint n = m->s->nshards * m->pf;
  LfSkip *skip;
  LfLane *lanes;

  if (m->pf_next == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (m->lanes[i].busy || m->lanes[i].todo.length > 0 || m->lanes[i].tw_active)
      return;
  skip = g_new0 (LfSkip, m->s->nshards);
  lanes = lanes_new (m, m->pf_next);
  for (guint i = 0; i < m->s->nshards; i++)
    {
      LfShard *sh = &m->s->shards[i];
      LfLane *old = &m->lanes[i * m->pf];
      guint64 lo = G_MAXUINT64, hi = 0;
      for (guint k = 0; k < m->pf; k++)
        {
          lo = MIN (lo, MAX (old[k].pos, sh->base));
          hi = MAX (hi, old[k].pos);
        }
      hi = MAX (hi, lo);
      skip[i].lo = lo;
      skip[i].hi = hi;
      skip[i].bits = g_new0 (guint8, (hi - lo) / 8 + 1);
      for (guint64 p = lo; p < hi; p++)
        {
          LfStreamRec *r = shard_at (sh, p);
          if (p < old[r->hash % m->pf].pos || (m->skip && skipped (&m->skip[i], p)))
            skip[i].bits[(p - lo) / 8] |= (guint8) (1u << ((p - lo) % 8));
        }
      for (guint k = 0; k < m->pf_next; k++)
        {
          LfLane *l = &lanes[i * m->pf_next + k];
          l->pos = lo;
          l->ckpt = (gint64) lo - 1;
          l->next_tick = sim->now;
        }
    }
  for (guint i = 0; i < n; i++)
    m->lanes[i].gen++;                /* their pending steps are void */
  g_ptr_array_add (m->retired, m->lanes);
  for (guint i = 0; m->skip && i < m->s->nshards; i++)
    g_free (m->skip[i].bits);
  g_free (m->skip);
  m->skip = skip;
  m->lanes = lanes;
  m->pf = m->pf_next;
  m->pf_next = 0;
  if (m->started && map_active (m))
    for (guint i = 0; i < m->s->nshards * m->pf; i++)
      lane_schedule (sim, &m->lanes[i], sim->now);
}

static void
map_read_config (LfSim *sim, LfStreamMap *m)
{
  JsonObject *p = m->edge->def->props;
  LfTime age;

  _lf_esm_read_config (m->edge, &m->cfg);
  m->cfg.batch_size = MAX (1, m->cfg.batch_size);
  m->bisect = lf_props_get_bool (p, "bisect_on_error", FALSE);
  m->max_retry = lf_props_get_int (p, "max_retry_attempts", -1);
  m->tumbling = MAX (0, lf_props_get_duration (p, "tumbling_window", 0));
  age = lf_props_get_duration (p, "max_record_age", -1);
  m->max_age = age < 0 ? -1 : age;
  m->backoff = lf_props_get_duration (lf_scenario_get_settings (sim->scenario), "stream_retry_backoff",
                                      LF_STREAM_RETRY_BACKOFF_START);
}

/* The iterators are placed when the mapping first runs [KIN-4]. */
static void
map_start (LfSim *sim, LfStreamMap *m)
{
  m->started = TRUE;
  for (guint i = 0; i < m->s->nshards; i++)
    {
      LfShard *sh = &m->s->shards[i];
      m->start_pos[i] = m->start == START_LATEST ? shard_end (sh) : sh->base;
      for (guint k = 0; k < m->pf; k++)
        {
          LfLane *l = &m->lanes[i * m->pf + k];
          l->pos = m->start_pos[i];
          l->next_tick = sim->now;
        }
    }
}

static void
map_kick (LfSim *sim, LfStreamMap *m)
{
  guint n = m->s->nshards * m->pf;

  if (!m->started)
    map_start (sim, m);
  for (guint i = 0; i < n; i++)
    if (!m->lanes[i].busy)
      lane_schedule (sim, &m->lanes[i], sim->now);
}

void
_lf_stream_esm_init (LfSim    *sim,
                     LfRtEdge *edge)
{
  LfStreamMap *m = g_new0 (LfStreamMap, 1);
  JsonObject *p = edge->def->props;
  const char *start = lf_props_get_string (p, "starting_position", "LATEST");

  m->edge = edge;
  m->s = edge->from->impl;
  m->fn = edge->to;
  m->pf = (guint) CLAMP (lf_props_get_int (p, "parallelization_factor", 1), 1, LF_STREAM_PF_MAX);
  m->period = m->s->ddb ? LF_DYNAMODB_IDLE_POLL : LF_KINESIS_IDLE_POLL;
  m->start = g_str_equal (start, "TRIM_HORIZON") ? START_TRIM_HORIZON :
             g_str_equal (start, "AT_TIMESTAMP") ? START_AT_TIMESTAMP : START_LATEST;
  m->threshold = m->start == START_AT_TIMESTAMP ?
                 lf_props_get_duration (p, "starting_position_timestamp", 0) : G_MININT64;
  m->start_pos = g_new0 (guint64, m->s->nshards);
  m->lanes = lanes_new (m, m->pf);
  m->retired = g_ptr_array_new_with_free_func (g_free);
  map_read_config (sim, m);
  edge->impl = m;
  g_ptr_array_add (m->s->maps, m);
  _lf_sim_track (sim, m, (GDestroyNotify) map_free);
  if (m->cfg.enabled)
    map_kick (sim, m);
}

/* STREAM-10: IteratorAge as CloudWatch's Maximum over shards: the largest age of the last
 * record of each lane's last finished batch. 0 before any batch finished. */
LfTime
_lf_stream_esm_iterator_age (LfRtEdge *edge)
{
  LfStreamMap *m = edge->impl;
  LfTime age = 0;

  if (m == NULL)
    return 0;
  for (guint i = 0; i < m->s->nshards * m->pf; i++)
    age = MAX (age, m->lanes[i].iterator_age);
  return age;
}

/* After a live change: a mapping enabled again resumes from its checkpoint [ESM-5]; a
 * changed role or fault may have fixed a mapping that could not read. tumbling_window
 * applies from the next window [STREAM-8], parallelization_factor once the lanes are
 * idle (map_repartition) [KIN-3]. starting_position is read once, when the mapping
 * starts: AWS does not let it change after the mapping is created. */
void
_lf_stream_esm_update (LfSim    *sim,
                       LfRtEdge *edge)
{
  LfStreamMap *m = edge->impl;
  gboolean was_active = map_active (m);
  guint pf = (guint) CLAMP (lf_props_get_int (edge->def->props, "parallelization_factor", 1), 1, LF_STREAM_PF_MAX);

  map_read_config (sim, m);
  m->denied = FALSE;
  m->pf_next = pf != m->pf ? pf : 0;
  map_repartition (sim, m);             /* at once when every lane is idle */
  if (m->cfg.enabled && !was_active)
    map_kick (sim, m);
}

/* ---- inspection (lf-inspect.h): read-only, for the canvas --------------------------- */

void
_lf_stream_inspect (LfSim            *sim,
                    LfRtNode         *node,
                    LfStreamSnapshot *out)
{
  LfStreamRt *s = node->impl;

  out->ddb = s->ddb;
  out->n_shards_total = s->nshards;
  out->n_mappings = s->maps->len;
  out->pf = s->maps->len ? ((LfStreamMap *) g_ptr_array_index (s->maps, 0))->pf : 1;
  out->n_shards = MIN (s->nshards, LF_INSPECT_MAX_SHARDS);
  for (guint i = 0; i < out->n_shards; i++)
    {
      LfShard *sh = &s->shards[i];
      LfShardSnapshot *o = &out->shards[i];

      o->id = sh->id;
      o->first = (gint64) sh->base;
      o->end = (gint64) shard_end (sh);
      for (guint mi = 0; mi < s->maps->len; mi++)
        {
          LfStreamMap *m = g_ptr_array_index (s->maps, mi);
          for (guint k = 0; k < m->pf && o->n_iterators < LF_INSPECT_MAX_ITERATORS; k++)
            {
              LfLane *l = &m->lanes[i * m->pf + k];
              LfStreamBatch *b = g_queue_peek_head (&l->todo);
              LfStreamIterator *it = &o->iterators[o->n_iterators++];

              it->edge = m->edge->id;
              it->lane = k;
              it->checkpoint = l->ckpt;
              it->next = (gint64) l->pos;
              it->batch_first = it->batch_last = -1;
              it->retry_at = -1;
              it->in_flight = l->busy;
              it->waiting = l->todo.length > 0 ? l->todo.length - 1 : 0;
              if (b == NULL || b->final)
                continue;
              if (b->pos->len > 0)
                {
                  it->batch_first = (gint64) g_array_index (b->pos, guint64, 0);
                  it->batch_last = (gint64) g_array_index (b->pos, guint64, b->pos->len - 1);
                }
              it->batch_size = b->pos->len;
              it->retries = b->retries;
              it->failures = b->failures;
              it->blocked = !l->busy && (b->failures > 0 || b->throttles > 0);
              if (it->blocked)
                it->retry_at = l->scheduled ? l->scheduled_at : -1;
              if (b->failures > 0)
                o->blocked = TRUE;
            }
        }
    }
}
