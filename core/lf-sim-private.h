/* lf-sim-private.h: what the services of core/services/ share with lf-sim.c */
#pragma once

#include "lf-sim.h"
#include "lf-inspect.h"
#include "lf-aws-limits.h"
#include "lf-rng.h"
#include "lf-scheduler.h"

G_BEGIN_DECLS

typedef struct _LfRtNode LfRtNode;
typedef struct _LfRtEdge LfRtEdge;
typedef struct _LfRtFault LfRtFault;
typedef struct _LfInvocation LfInvocation;
typedef struct _LfFunctionRt LfFunctionRt;

/* One message: a root (publish) or a copy (with parent). Index in sim->msgs is id − 1. */
typedef struct {
  guint32     parent;
  guint32     publish_index;  /* which publish of the run it descends from (1-based) */
  gint32      key;            /* object/partition/group/item number (0-based), −1 none */
  guint16     workload;       /* workload index + 1 of its root, 0 none */
  guint16     hops;           /* function invocations along its ancestry [ASYNC-15] */
  guint8      fate;           /* LfFate */
  guint8      is_record;      /* an invocation record (destination) */
  guint8      is_duplicate;   /* made by a `duplicate` fault: never duplicated again */
  guint16     holder;         /* index + 1 of the node that took it last */
  guint16     sender;         /* index + 1 of the node that handed it there */
  guint32     version;        /* S3 object version, 0 none */
  gint64      bytes;
  LfTime      born;
  const char *detail_type;    /* EventBridge: interned */
  const char *source;         /* EventBridge: interned */
  const char *condition;      /* invocation records: interned */
} LfMsg;

typedef struct {
  guint64 invocations, errors, timeouts, throttles, cold_starts;
  gint64  max_concurrency;
  GArray *durations;           /* LfTime of each completed invocation */
  guint64 dead_letter_errors, destination_delivery_failures;
  gint64  depth, max_depth;    /* queues and stores */
  LfTime  max_age_of_oldest;
  gint64  dead_letters_out;    /* sent by this node's failures to a DLQ or on-failure destination */
  gint64  dead_letters_in;     /* landed here as a DLQ or on-failure destination */
  guint64 http[6];             /* 1xx..5xx answers, index status / 100 */
  guint64 batches;             /* edges */
} LfStats;

typedef struct _LfSeries LfSeries;
struct _LfSeries {
  const char *name;
  GArray     *samples;         /* LfSample */
  gint64     *source;          /* the gauge it samples, or NULL: */
  gint64    (*compute) (LfSim *sim, LfSeries *s, LfTime t);   /* a value worked out at sample time t */
  gpointer    object;          /* the LfRtNode or LfRtEdge compute looks at */
};

struct _LfRtEdge {
  LfEdge     *def;
  const char *id;
  LfEdgeType  type;
  LfRtNode   *from;            /* NULL when from names an edge */
  LfRtEdge   *from_edge;       /* on_failure from an ESM edge */
  LfRtNode   *to;
  LfStats     st;
  gpointer    impl;            /* pollers (event source mappings) */
};

typedef enum {
  LF_ACCEPT_PUBLISH,           /* a workload item */
  LF_ACCEPT_NOTIFY,            /* from S3, SNS or EventBridge */
  LF_ACCEPT_SENDS,             /* from a function's code */
  LF_ACCEPT_DLQ,
  LF_ACCEPT_DESTINATION,
  LF_ACCEPT_INVOKE,            /* a client's invoke edge */
} LfAcceptHow;

struct _LfRtNode {
  LfSim       *sim;
  LfNode      *def;
  const char  *id;
  LfNodeType   type;
  guint        index;
  GPtrArray   *out;            /* LfRtEdge*: edges from this node */
  GPtrArray   *in;             /* LfRtEdge*: edges to this node */
  GPtrArray   *faults;         /* LfRtFault* whose target is this node */
  LfRng        rng;
  LfStats      st;
  gint64       running;        /* functions: invocations in progress */
  gpointer     impl;           /* the service's own state */
  GDestroyNotify impl_free;
  /* Takes a message arriving at this node. */
  void       (*accept) (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how);
};

typedef enum {
  LF_FAULT_ERROR, LF_FAULT_TIMEOUT, LF_FAULT_THROTTLE, LF_FAULT_POISON, LF_FAULT_PARTIAL,
  LF_FAULT_BAD_RESPONSE, LF_FAULT_LARGE_RESPONSE, LF_FAULT_NO_STATE, LF_FAULT_SLOW,
  LF_FAULT_DENY, LF_FAULT_DUPLICATE, LF_N_FAULT_KINDS
} LfFaultKind;

struct _LfRtFault {
  JsonObject  *def;
  const char  *id;
  LfFaultKind  kind;
  const char  *kind_name;
  LfRtNode    *target;
  double       probability;
  LfTime       start, stop;
  GArray      *attempts;       /* int, empty: every attempt */
  LfRng        rng;
};

typedef enum {
  LF_STATUS_OK,
  LF_STATUS_ERROR,
  LF_STATUS_TIMEOUT,
  LF_STATUS_PARTIAL,
} LfInvokeStatus;

typedef void (*LfInvokeDone) (LfSim *sim, LfInvocation *inv);

struct _LfInvocation {
  guint32        request;
  LfRtNode      *fn;
  const char    *path;         /* "sync", "async", "esm" */
  LfRtEdge      *edge;         /* trigger or ESM edge, may be NULL */
  GArray        *msgs;         /* guint32 */
  int            attempt;
  guint32        batch;
  const char    *shard;        /* streams: the shard's id */
  gboolean       cold;
  LfTime         start, end;
  LfInvokeStatus status;
  const char    *error_type;
  char          *error_message;
  gboolean       bad_response;
  gint64         response_bytes;
  LfRtFault     *fault;        /* the fault that decided the outcome, if any */
  /* a `partial` fault: the records the function reports as failed, and how it names them
   * ("valid", "empty", "null", "wrong_key", "unknown" — ESM-7) */
  GArray        *failed;       /* guint32 msgs, NULL when none */
  const char    *identifier;
  gboolean       no_state;     /* a tumbling-window function returned no state [STREAM-8] */
  LfInvokeDone   done;
  gpointer       owner;
};

struct _LfSim {
  GObject       parent_instance;
  LfScenario   *scenario;
  guint64       seed;
  LfTime        now;
  guint64       events;
  LfScheduler   sched;
  GArray       *msgs;          /* LfMsg */
  guint32       next_request, next_batch;
  guint32       publishes;
  GPtrArray    *nodes;         /* LfRtNode* in scenario order */
  GPtrArray    *edges;         /* LfRtEdge* */
  GPtrArray    *faults;        /* LfRtFault* */
  GHashTable   *node_by_id, *edge_by_id;
  GPtrArray    *workloads;     /* LfWorkloadRt* */
  GStringChunk *strings;
  GHashTable   *live;          /* runtime objects pending in the event list → free func */
  /* settings */
  gint64        account_concurrency;
  gboolean      classic_scaling, classic_sqs_scaling, recursion_guard;
  gint64        async_payload_limit;   /* bytes [LIM-3] */
  LfTime        keep_warm;
  double        jitter;
  const char   *region;
  gint64        classic_burst;
  gint64        account_running, account_environments;
  gint64        reserved_total;      /* Σ reserved concurrency [CONC-4] */
  gint64        unreserved_running;  /* running invocations of unreserved functions */
  LfTime        classic_since; /* classic scaling: when the burst was first exhausted */
  gint64        classic_cap_seen;
  LfRng         rng;
  /* trace */
  GArray       *sinks;         /* LfSinkEntry */
  FILE         *trace_stream;
  GString      *line;
  guint64       trace_seq;
  /* series */
  LfTime        series_interval, next_sample;
  GPtrArray    *series;        /* LfSeries*, with node */
  GHashTable   *series_by_key;
  guint64       dlq_flows, dest_success_flows, dest_failure_flows;
};

/* lf-sim.c */
static inline gboolean
_lf_sim_tracing (LfSim *sim)
{
  return sim->sinks->len > 0 || sim->trace_stream != NULL;
}
void      _lf_sim_emit        (LfSim *sim, LfRecord *rec);
void      _lf_sim_at          (LfSim *sim, LfTime t, LfEventFunc func, gpointer a, gpointer b, guint64 tag);
guint32   _lf_sim_new_msg     (LfSim *sim, guint32 parent);
static inline LfMsg *
_lf_sim_msg (LfSim *sim, guint32 id)
{
  return &g_array_index (sim->msgs, LfMsg, id - 1);
}
void      _lf_sim_set_fate    (LfSim *sim, guint32 msg, LfFate fate);
/* A copy of msg made at node (record `copy` with why), returned in flight. */
guint32   _lf_sim_copy        (LfSim *sim, LfRtNode *at, guint32 msg, const char *why);
/* A child handed on by an edge (record `notify`); the parent's fate becomes forwarded. */
guint32   _lf_sim_notify      (LfSim *sim, LfRtEdge *edge, guint32 parent, const guint32 *coalesced, guint n);
void      _lf_sim_discard     (LfSim *sim, const char *node, const char *edge, const guint32 *msgs, guint n, const char *reason);
void      _lf_sim_deliver     (LfSim *sim, LfRtNode *to, guint32 msg, LfRtEdge *via, LfAcceptHow how);
LfRtNode *_lf_sim_node        (LfSim *sim, const char *id);
LfRtEdge *_lf_sim_first_out   (LfRtNode *node, LfEdgeType type);
const char *_lf_sim_intern    (LfSim *sim, const char *s);
guint32   _lf_sim_new_request (LfSim *sim);
/* Objects that pending events point at are tracked, so a reset or the end of a run frees them. */
void      _lf_sim_track       (LfSim *sim, gpointer object, GDestroyNotify free_func);
void      _lf_sim_untrack_free (LfSim *sim, gpointer object);
LfTime    _lf_sim_jitter      (LfSim *sim, LfTime nominal);
/* Faults active now at node that match kind (and the attempt, when ≥ 1), drawing on each
 * fault's probability; the first that fires is returned and a `fault` record written. */
LfRtFault *_lf_sim_fault_fires (LfSim *sim, LfRtNode *node, LfFaultKind kind, int attempt,
                                const guint32 *msgs, guint n);
/* A `duplicate` fault at node: delivers a copy of msg there too [S3-2, ASYNC-8, ESM-4]. */
void      _lf_sim_maybe_duplicate (LfSim *sim, LfRtNode *node, guint32 msg, LfRtEdge *via, LfAcceptHow how);
/* Active now (time window) and for this attempt (≥ 1; −1: any)? Probability not drawn. */
gboolean  _lf_sim_fault_active (LfSim *sim, LfRtFault *fault, int attempt);
gboolean  _lf_sim_fault_matches_msg (LfSim *sim, LfRtFault *fault, guint32 msg);
/* Whether a function's execution role allows action on resource now (records `denied`). */
gboolean  _lf_sim_role_allows (LfSim *sim, LfRtNode *fn, const char *action, LfRtNode *resource, LfRtEdge *edge);
const char *_lf_sim_write_action (LfNodeType target);
gint64    _lf_stats_percentile (LfStats *st, double p);
void      _lf_stats_gauge     (LfRtNode *node, gint64 delta);

/* services/lf-function.c */
void      _lf_function_init   (LfSim *sim, LfRtNode *node);
/* Admits an invocation or refuses it (throttle record, returns NULL, *reason set). */
LfInvocation *_lf_function_invoke (LfSim *sim, LfRtNode *fn, const char *path, LfRtEdge *edge,
                                   const guint32 *msgs, guint n, int attempt, guint32 request,
                                   LfInvokeDone done, gpointer owner, const char **reason);
/* The same for an event source mapping's batch (path "esm"): invoke.start names them. */
LfInvocation *_lf_function_invoke_batch (LfSim *sim, LfRtNode *fn, LfRtEdge *edge,
                                         const guint32 *msgs, guint n, int attempt,
                                         guint32 batch, const char *shard,
                                         LfInvokeDone done, gpointer owner, const char **reason);
LfFunctionRt *_lf_function_rt (LfRtNode *fn);
gint64    _lf_function_reserved (LfRtNode *fn);   /* −1: none */
LfTime    _lf_function_timeout  (LfRtNode *fn);
void      _lf_invocation_free (LfInvocation *inv);
const char *_lf_invoke_status_name (LfInvokeStatus status);
void      _lf_function_update_settings (LfSim *sim, LfRtNode *fn);

/* services/lf-async.c: the function's internal event queue [ASYNC-*] */
void      _lf_async_accept    (LfSim *sim, LfRtNode *fn, guint32 msg, LfRtEdge *via, LfAcceptHow how);
gint64    _lf_async_depth     (LfRtNode *fn);
/* lf-inspect.h: the events waiting in fn's async queue, soonest due first (read-only) */
void      _lf_async_inspect   (LfSim *sim, LfRtNode *fn, LfFunctionSnapshot *out);

/* services/lf-esm.c: what every event source mapping shares [ESM-1…8] */
typedef struct {
  gint64      batch_size;
  LfTime      window;           /* MaximumBatchingWindowInSeconds */
  gboolean    enabled;
  gboolean    rbif;             /* FunctionResponseTypes: ReportBatchItemFailures */
  JsonArray  *filters;          /* FilterCriteria patterns, may be NULL */
} LfEsmConfig;

typedef enum {
  LF_BATCH_SUCCEEDED,           /* delete / checkpoint everything */
  LF_BATCH_FAILED,              /* the whole batch failed */
  LF_BATCH_PARTIAL,             /* only `failed` failed */
} LfBatchOutcome;

void      _lf_esm_read_config (LfRtEdge *edge, LfEsmConfig *cfg);
/* The function's role may read the source (managed policy or explicit allow). When it
 * may not, a `denied` record is written once and the mapping stays in a problem state. */
gboolean  _lf_esm_can_read    (LfSim *sim, LfRtEdge *edge);
/* ESM-8: does the message pass the filters (any of them; none ⇒ all pass)? */
gboolean  _lf_esm_filter_accepts (LfSim *sim, LfRtEdge *edge, const LfEsmConfig *cfg, guint32 msg);
/* ESM-6/7: how a finished batch invocation is taken. `failed` (out) gets the failed msgs
 * for LF_BATCH_PARTIAL. A thrown error or timeout is a complete failure whatever RBIF says;
 * without RBIF a partial response is ignored. */
LfBatchOutcome _lf_esm_classify (LfInvocation *inv, gboolean rbif, GArray *failed);
/* EventBridge-style pattern matching (shared with the EventBridge bus) */
gboolean  _lf_pattern_match   (JsonObject *pattern, JsonObject *event);
guint32   _lf_sim_new_batch   (LfSim *sim);
void      _lf_esm_init        (LfSim *sim, LfRtEdge *edge);
void      _lf_esm_update      (LfSim *sim, LfRtEdge *edge);   /* after a live change */
void      _lf_esm_record_scale (LfSim *sim, LfRtEdge *edge, gint64 concurrency);
LfTime    _lf_esm_denial_ends (LfSim *sim, LfRtEdge *edge);
/* KIN-7/KIN-8: an on-failure record for msgs of an ESM batch, sent along the on_failure
 * edge whose `from` is the ESM edge (if any) with the function's role: a `destination`
 * record (from = the ESM edge id), or a FIFO target / denied write discarded as
 * DestinationDeliveryFailure (counted on the function). */
void      _lf_esm_send_failure_record (LfSim *sim, LfRtEdge *esm, const guint32 *msgs, guint n,
                                       const char *condition, gint64 approximate_invoke_count);

/* services/lf-sqs.c: SQS queues (store) and their pollers [SQS-*, FIFO-*] */
void      _lf_sqs_init        (LfSim *sim, LfRtNode *node);
void      _lf_sqs_esm_init    (LfSim *sim, LfRtEdge *edge);
void      _lf_sqs_esm_update  (LfSim *sim, LfRtEdge *edge);
void      _lf_sqs_finish      (LfSim *sim, LfRtNode *node);
void      _lf_sqs_counts      (LfRtNode *node, gint64 *visible, gint64 *in_flight);
LfTime    _lf_sqs_age_of_oldest (LfRtNode *node, LfTime t);   /* at t, with the state of now */
void      _lf_sqs_update      (LfSim *sim, LfRtNode *node);
guint     _lf_sqs_dedup_size  (LfRtNode *node);
/* lf-inspect.h: the queue's messages by state and group (read-only) */
void      _lf_sqs_inspect     (LfSim *sim, LfRtNode *node, LfQueueSnapshot *out);
/* services/lf-stream.c: Kinesis streams and DynamoDB tables (store) and their pollers
 * [KIN-*, DDB-*, STREAM-*] */
void      _lf_stream_init     (LfSim *sim, LfRtNode *node);
void      _lf_stream_esm_init (LfSim *sim, LfRtEdge *edge);
void      _lf_stream_esm_update (LfSim *sim, LfRtEdge *edge);
void      _lf_stream_finish   (LfSim *sim, LfRtNode *node);
LfTime    _lf_stream_esm_iterator_age (LfRtEdge *edge);
/* lf-inspect.h: shards, records and iterators (read-only) */
void      _lf_stream_inspect  (LfSim *sim, LfRtNode *node, LfStreamSnapshot *out);

/* services/lf-client.c and services/lf-http.c */
void      _lf_client_init     (LfSim *sim, LfRtNode *node);
/* A synchronous Invoke by caller (a client, or a function's code through `sends`) with the
 * SDK's retries of the caller's retry_mode (standard when it has none) [SYNC-1]. */
void      _lf_client_invoke_sync (LfSim *sim, LfRtNode *caller, LfRtEdge *edge, guint32 msg);
void      _lf_http_init       (LfSim *sim, LfRtNode *node);
/* services/lf-sources.c: S3, SNS and EventBridge */
void      _lf_sources_init    (LfSim *sim, LfRtNode *node);

G_END_DECLS
