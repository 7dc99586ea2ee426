/* lf-trace.c: JSON Lines form of trace records; field order is fixed (spec/cli.md) */
#include "lf-trace.h"

#include <string.h>

static const char *kind_names[LF_N_RECORD_KINDS] = {
  "publish", "notify", "copy", "enqueue", "poll", "invoke.start", "invoke.end",
  "throttle", "retry", "delete", "visible", "redrive", "dlq", "destination",
  "discard", "bisect", "checkpoint", "scale", "http", "denied", "fault",
};

const char *
lf_record_kind_to_string (LfRecordKind kind)
{
  g_return_val_if_fail (kind < LF_N_RECORD_KINDS, "unknown");
  return kind_names[kind];
}

void
lf_record_init (LfRecord     *rec,
                LfRecordKind  kind,
                LfTime        t)
{
  memset (rec, 0, sizeof *rec);
  rec->kind = kind;
  rec->t = t;
  rec->attempt = -1;
  rec->cold = -1;
  rec->count = -1;
  rec->due = -1;
}

static void
append_string (GString *out, const char *key, const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, ",\"%s\":\"", key);
  for (const char *p = value; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_c (out, '\\'), g_string_append_c (out, (char) c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_id (GString *out, const char *key, char prefix, guint32 id)
{
  if (id != 0)
    g_string_append_printf (out, ",\"%s\":\"%c%u\"", key, prefix, id);
}

static void
append_int (GString *out, const char *key, gint64 value)
{
  if (value >= 0)
    g_string_append_printf (out, ",\"%s\":%" G_GINT64_FORMAT, key, value);
}

static void
append_ids (GString *out, const char *key, const guint32 *ids, guint n, gboolean always)
{
  if (n == 0 && !always)
    return;
  g_string_append_printf (out, ",\"%s\":[", key);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s\"m%u\"", i ? "," : "", ids[i]);
  g_string_append_c (out, ']');
}

static const char *
count_key (LfRecordKind kind)
{
  switch (kind)
    {
    case LF_REC_SCALE: return "concurrency";
    case LF_REC_VISIBLE: return "receive_count";
    case LF_REC_DESTINATION: return "approximate_invoke_count";
    case LF_REC_HTTP: return "status";
    default: return "count";
    }
}

void
lf_record_to_json (const LfRecord *rec,
                   GString        *out)
{
  g_string_append_printf (out, "{\"t\":%" G_GINT64_FORMAT ",\"seq\":%" G_GUINT64_FORMAT,
                          rec->t, rec->seq);
  append_string (out, "kind", kind_names[rec->kind]);
  append_string (out, "node", rec->node);
  append_string (out, "edge", rec->edge);
  append_id (out, "msg", 'm', rec->msg);
  append_id (out, "parent", 'm', rec->parent);
  append_string (out, "workload", rec->workload);
  append_ids (out, "msgs", rec->msgs, rec->n_msgs, rec->kind == LF_REC_INVOKE_START ||
              rec->kind == LF_REC_DISCARD || rec->kind == LF_REC_DESTINATION);
  /* S3 notifications always say what they coalesced [S3-4], even nothing */
  append_ids (out, rec->kind == LF_REC_NOTIFY ? "coalesced" : "failed", rec->msgs2,
              rec->n_msgs2, rec->msgs2 != NULL);
  append_id (out, "request", 'r', rec->request);
  append_string (out, "path", rec->path);
  append_string (out, "group", rec->group);
  append_string (out, "shard", rec->shard);
  append_string (out, "partition_key", rec->partition_key);
  append_string (out, "sequence", rec->sequence);
  append_id (out, "batch", 'b', rec->batch);
  append_int (out, "attempt", rec->attempt);
  if (rec->cold >= 0)
    g_string_append_printf (out, ",\"cold\":%s", rec->cold ? "true" : "false");
  append_string (out, "status", rec->status);
  append_string (out, "error_type", rec->error_type);
  append_string (out, "condition", rec->condition);
  append_int (out, count_key (rec->kind), rec->count);
  append_int (out, "due", rec->due);
  append_string (out, "reason", rec->reason);
  append_string (out, "why", rec->why);
  append_string (out, "from", rec->from);
  append_string (out, "action", rec->action);
  append_string (out, "resource", rec->resource);
  /* a fault record's kind of fault: "kind" names the record itself */
  append_string (out, "fault", rec->fault_kind);
  if (rec->n_sizes)
    {
      g_string_append (out, ",\"sizes\":[");
      for (guint i = 0; i < rec->n_sizes; i++)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", rec->sizes[i]);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}
