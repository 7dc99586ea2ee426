/* lf-trace.h: trace records (spec/cli.md, "Trace records"), written as JSON Lines on demand */
#pragma once

#include <glib.h>

#include "lf-time.h"

G_BEGIN_DECLS

typedef enum {
  LF_REC_PUBLISH,
  LF_REC_NOTIFY,
  LF_REC_COPY,
  LF_REC_ENQUEUE,
  LF_REC_POLL,
  LF_REC_INVOKE_START,
  LF_REC_INVOKE_END,
  LF_REC_THROTTLE,
  LF_REC_RETRY,
  LF_REC_DELETE,
  LF_REC_VISIBLE,
  LF_REC_REDRIVE,
  LF_REC_DLQ,
  LF_REC_DESTINATION,
  LF_REC_DISCARD,
  LF_REC_BISECT,
  LF_REC_CHECKPOINT,
  LF_REC_SCALE,
  LF_REC_HTTP,
  LF_REC_DENIED,
  LF_REC_FAULT,
  LF_N_RECORD_KINDS
} LfRecordKind;

/* One record. Absent fields are NULL, 0 (ids) or -1 (numbers); lf_record_init sets them so.
 * Message, request and batch ids are numbers here and strings in JSON ("m12", "r3", "b4"). */
typedef struct {
  LfTime        t;
  guint64       seq;
  LfRecordKind  kind;
  const char   *node;
  const char   *edge;
  guint32       msg;
  guint32       parent;
  const guint32 *msgs;        /* msgs */
  guint         n_msgs;
  const guint32 *msgs2;       /* failed (invoke.end), coalesced (S3 notify; written when non-NULL) */
  guint         n_msgs2;
  guint32       request;
  guint32       batch;
  int           attempt;
  int           cold;         /* -1, 0, 1 */
  gint64        count;        /* poll: count; scale: concurrency; visible: receive_count;
                                 destination: approximate_invoke_count; http: status */
  LfTime        due;
  const gint64 *sizes;        /* bisect */
  guint         n_sizes;
  const char   *workload;
  const char   *path;         /* "sync", "async", "esm" */
  const char   *status;
  const char   *reason;
  const char   *why;
  const char   *error_type;
  const char   *condition;
  const char   *group;
  const char   *shard;
  const char   *partition_key;
  const char   *sequence;
  const char   *action;
  const char   *resource;
  const char   *from;
  const char   *fault_kind;
} LfRecord;

void        lf_record_init         (LfRecord *rec, LfRecordKind kind, LfTime t);
const char *lf_record_kind_to_string (LfRecordKind kind);
/* Appends one JSON object (no newline) to out. */
void        lf_record_to_json      (const LfRecord *rec, GString *out);

typedef void (*LfTraceFunc) (const LfRecord *record, gpointer user_data);

G_END_DECLS
