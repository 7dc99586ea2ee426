/* lf-stream.c: Kinesis streams and DynamoDB tables' streams — shards, MD5 partition-key
 * hashing, sequence numbers, retention [KIN-1…8, DDB-1…3] — and their pollers
 * [STREAM-1…10]. */
#include "lf-sim-private.h"

/* ---- Kinesis streams and DynamoDB tables ------------------------------------------ */

typedef struct {
  guint    shards;
  guint64 *next_sequence;   /* per shard */
  GArray  *records;         /* guint32 msg ids, in arrival order (all shards) */
} LfStreamRt;

static void
stream_rt_free (gpointer data)
{
  LfStreamRt *s = data;

  g_free (s->next_sequence);
  g_array_unref (s->records);
  g_free (s);
}

/* KIN-6: the partition key's MD5 picks the shard (hash ranges split evenly). */
static guint
shard_for_key (const char *key, guint shards)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;
  guint64 hi = 0;

  g_checksum_update (sum, (const guchar *) key, -1);
  g_checksum_get_digest (sum, digest, &len);
  for (int i = 0; i < 8; i++)
    hi = (hi << 8) | digest[i];
  return (guint) (((unsigned __int128) hi * shards) >> 64);
}

static void
stream_accept (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how)
{
  LfStreamRt *s = node->impl;
  const LfMsg *m = _lf_sim_msg (sim, msg);
  gboolean ddb = node->type == LF_NODE_DYNAMODB_TABLE;
  g_autofree char *key = g_strdup_printf (ddb ? "item-%d" : "pk-%d", MAX (m->key, 0) + 1);
  guint shard = shard_for_key (key, s->shards);
  guint64 seq = ++s->next_sequence[shard];

  g_array_append_val (s->records, msg);
  _lf_sim_set_fate (sim, msg, LF_FATE_QUEUED);
  _lf_stats_gauge (node, +1);
  if (_lf_sim_tracing (sim))
    {
      g_autofree char *shard_id = g_strdup_printf ("shardId-%012u", shard);
      g_autofree char *sequence = g_strdup_printf ("4959%04u%026" G_GUINT64_FORMAT, shard, seq);
      LfRecord rec;
      lf_record_init (&rec, LF_REC_ENQUEUE, sim->now);
      rec.node = node->id;
      rec.msg = msg;
      rec.shard = shard_id;
      rec.partition_key = key;
      rec.sequence = sequence;
      _lf_sim_emit (sim, &rec);
    }
}

void
_lf_stream_init (LfSim    *sim,
                 LfRtNode *node)
{
  JsonObject *p = node->def->props;
  LfStreamRt *s = g_new0 (LfStreamRt, 1);

  s->shards = (guint) MAX (1, lf_props_get_int (p, node->type == LF_NODE_KINESIS_STREAM ?
                                                "shards" : "stream_shards", 1));
  s->next_sequence = g_new0 (guint64, s->shards);
  s->records = g_array_new (FALSE, FALSE, sizeof (guint32));
  node->impl = s;
  node->impl_free = stream_rt_free;
  node->accept = stream_accept;
}

void
_lf_stream_finish (LfSim    *sim,
                   LfRtNode *node)
{
}

/* The pollers: not yet — records stay in the stream. */
void
_lf_stream_esm_init (LfSim    *sim,
                     LfRtEdge *edge)
{
}

void
_lf_stream_esm_update (LfSim    *sim,
                       LfRtEdge *edge)
{
}
